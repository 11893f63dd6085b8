//! Drawing the conflict picker: each conflict of the control (or the session details) with
//! ours, theirs and the base, the selected one marked; digits pick a side.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{centred, fit};
use crate::sanitise::one_line;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::conflict::{ConflictTarget, ResolvePopup, conflict_label, is_internal, shown};
use crate::tui::draw::open;
use crate::tui::keymap::Mode;
use crate::tui::theme::Theme;

/// Lines each conflict takes: its field, ours, theirs, the base.
const BLOCK: usize = 4;

pub fn render(app: &App, popup: &ResolvePopup, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let conflicts = app.conflicts(popup.target);
    let wanted = (conflicts.len() * BLOCK + 3).min(u16::MAX as usize) as u16;
    let area = centred(
        screen,
        80,
        wanted.min(screen.height.saturating_sub(2)).max(6),
    );
    let title = match popup.target {
        ConflictTarget::Session => " Merge conflicts · session details ".to_string(),
        ConflictTarget::Control(i) => {
            let control = &app.catalogue.controls[i];
            format!(
                " Merge conflicts · {} {} ",
                one_line(&control.id),
                fit(&control.title, 40)
            )
        }
    };
    let inner = open(frame, theme, area, title);
    let [list, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let width = list.width as usize;
    let mut lines = Vec::new();
    for (k, c) in conflicts.iter().enumerate() {
        let chosen = k == popup.selected;
        let marker = if chosen { "▸ " } else { "  " };
        let heading = Line::from(vec![
            Span::styled(marker, theme.accent()),
            Span::styled(
                fit(&conflict_label(c), width.saturating_sub(2)),
                theme.label(),
            ),
        ]);
        lines.push(if chosen {
            heading.style(theme.selected())
        } else {
            heading
        });
        let hidden = app.presenter && is_internal(c);
        for (label, value) in [
            ("1 keep ours   ", &c.ours),
            ("2 take theirs ", &c.theirs),
            ("  base was    ", &c.base),
        ] {
            let value = if hidden {
                "(hidden in presenter view)".to_string()
            } else {
                shown(value)
            };
            lines.push(Line::from(vec![
                Span::raw("    "),
                Span::styled(label, theme.muted()),
                Span::raw(fit(&value, width.saturating_sub(18))),
            ]));
        }
    }
    let height = list.height as usize;
    let start = (popup.selected * BLOCK + BLOCK).saturating_sub(height);
    let visible: Vec<Line> = lines.into_iter().skip(start).take(height).collect();
    frame.render_widget(Paragraph::new(visible), list);
    let hint = format!(
        "1 keep ours · 2 take theirs · {} next · {} close, then {} undoes a pick",
        app.keymap.hint(Mode::Popup, Command::NextField),
        app.keymap.hint(Mode::Popup, Command::Cancel),
        app.keymap.hint(Mode::Workshop, Command::Undo)
    );
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&hint, footer.width as usize),
            theme.muted(),
        )),
        footer,
    );
}
