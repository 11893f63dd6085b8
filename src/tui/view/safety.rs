//! Drawing the questions asked when a session opens: open in another gapwalk, and a recovery
//! copy on offer. Reads the popups only; every text from a file goes through `fit`/`one_line`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::centred;
use super::fit;
use crate::sanitise::one_line;
use crate::tui::draw::open;
use crate::tui::safety_popup::{LOCKED_CHOICES, LockedPopup, RECOVERY_CHOICES, RecoveryPopup};
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

pub fn recovery(popup: &RecoveryPopup, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let height = if popup.looking {
        screen.height.saturating_sub(4).max(12)
    } else {
        13
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
        Constraint::Length(4),
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
            .map(|d| Line::raw(fit(&format!("  {d}"), width)))
            .collect();
        frame.render_widget(Paragraph::new(lines), body);
    } else {
        let mut lines = vec![Line::raw("")];
        lines.extend(choices(&RECOVERY_CHOICES, width, theme));
        frame.render_widget(Paragraph::new(lines), body);
    }
    let hint = match (&popup.hint, popup.looking) {
        (Some(h), _) => Line::styled(fit(h, width), theme.error()),
        (None, true) => Line::styled(
            fit(
                "↑↓ scroll · 1 use the copy · 2 keep the file · 3 or Esc back",
                width,
            ),
            theme.muted(),
        ),
        (None, false) => Line::styled(fit("digits choose", width), theme.muted()),
    };
    frame.render_widget(Paragraph::new(hint), foot);
}
