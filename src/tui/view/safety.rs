//! Drawing the questions asked when a session opens: open in another gapwalk, and a recovery
//! copy on offer. Reads the popups only; every text from a file goes through `fit`/`one_line`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::centred;
use super::fit;
use crate::sanitise::one_line;
use crate::tui::action::Command;
use crate::tui::draw::open;
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::rescue::RescuePopup;
use crate::tui::safety_popup::{
    LOCKED_CHOICES, LockedPopup, RECOVERY_CHOICES, RecoveryPopup, UNLOCKABLE_CHOICES,
    UnlockablePopup,
};
use crate::tui::theme::Theme;

fn choices<'a>(options: &[&str], width: usize, theme: &Theme) -> Vec<Line<'a>> {
    options
        .iter()
        .enumerate()
        .map(|(i, o)| Line::styled(fit(&format!(" {}  {o}", i + 1), width), theme.label()))
        .collect()
}

pub fn locked(popup: &LockedPopup, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let area = centred(screen, 76, 12);
    let inner = open(frame, theme, area, " Open in another gapwalk ".into());
    let [text, options] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
    let message = format!(
        "{}\n\nOnly one gapwalk may change a session at a time.",
        one_line(&popup.message)
    );
    frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), text);
    let width = options.width as usize;
    let mut lines = vec![Line::raw("")];
    lines.extend(choices(&LOCKED_CHOICES, width, theme));
    frame.render_widget(Paragraph::new(lines), options);
}

pub fn unlockable(popup: &UnlockablePopup, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let area = centred(screen, 80, 13);
    let inner = open(frame, theme, area, " No lock can be taken here ".into());
    let [text, options] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(4)]).areas(inner);
    let message = format!(
        "{}\n\nWithout a lock, two gapwalks could change this session at once without knowing. It is open read-only unless you choose otherwise.",
        one_line(&popup.message)
    );
    frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), text);
    let width = options.width as usize;
    let mut lines = vec![Line::raw("")];
    lines.extend(choices(&UNLOCKABLE_CHOICES, width, theme));
    frame.render_widget(Paragraph::new(lines), options);
}

pub fn recovery(
    popup: &RecoveryPopup,
    keymap: &Keymap,
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
) {
    let height = if popup.looking {
        screen.height.saturating_sub(4).max(12)
    } else {
        15
    };
    let area = centred(screen, 84, height);
    let inner = open(
        frame,
        theme,
        area,
        " Unsaved work was kept in a recovery copy ".into(),
    );
    let width = inner.width as usize;
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let head_text = format!(
        "An earlier gapwalk could not write this session to its file and kept the work in {}, {}",
        one_line(&popup.offer.copy.display().to_string()),
        one_line(&popup.offer.summary)
    );
    frame.render_widget(Paragraph::new(head_text).wrap(Wrap { trim: true }), head);
    if popup.looking {
        let lines: Vec<Line> = popup
            .offer
            .differences
            .iter()
            .skip(popup.scroll as usize)
            .map(|d| Line::raw(format!("  {}", one_line(d))))
            .collect();
        // A difference names a field and both its values: wrapped, never cut.
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    } else {
        let mut lines = vec![Line::raw("")];
        lines.extend(choices(&RECOVERY_CHOICES, width, theme));
        frame.render_widget(Paragraph::new(lines), body);
    }
    let hint = match (&popup.hint, popup.looking) {
        (Some(h), _) => Line::styled(fit(h, width), theme.error()),
        (None, true) => Line::styled(
            fit(
                &format!(
                    "{}{} scroll · 1 use the copy · 2 keep the file · 3 or {} back",
                    keymap.hint(Mode::Dialog, Command::PreviousField),
                    keymap.hint(Mode::Dialog, Command::NextField),
                    keymap.hint(Mode::Dialog, Command::Cancel)
                ),
                width,
            ),
            theme.muted(),
        ),
        (None, false) => Line::styled(fit("digits choose", width), theme.muted()),
    };
    frame.render_widget(Paragraph::new(hint), foot);
}

/// The way out when the work exists only here: where to write it.
pub fn rescue(
    popup: &RescuePopup,
    keymap: &Keymap,
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
) {
    let area = centred(screen, 84, 14);
    let inner = open(
        frame,
        theme,
        area,
        " Your work is only in this screen ".into(),
    );
    let width = inner.width as usize;
    let [text, label, input, error, foot] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    let message = format!(
        "Nothing could take the changes: {}. Quitting now would lose them.",
        one_line(&popup.why)
    );
    frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), text);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(
                "Write them to this new file (on another disk, if this one is full):",
                width,
            ),
            theme.label(),
        )),
        label,
    );
    crate::tui::draw::draw_input(frame, theme, &popup.path, input);
    if let Some(e) = &popup.error {
        frame.render_widget(
            Paragraph::new(Line::styled(one_line(e).into_owned(), theme.error()))
                .wrap(Wrap { trim: true }),
            error,
        );
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(
                &format!(
                    "{} writes it and quits · {} goes back to the workshop",
                    keymap.hint(Mode::Text, Command::Confirm),
                    keymap.hint(Mode::Text, Command::Cancel)
                ),
                width,
            ),
            theme.muted(),
        )),
        foot,
    );
}
