//! The control list: clause headings and one line per control with its state glyph. Only the
//! visible rows are laid out, so a 10,000-control catalogue draws as fast as 121.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::fit;
use crate::tui::app::{App, Row};
use crate::tui::theme::Theme;

pub use crate::tui::layout::list_offset as offset;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::RIGHT)
        .border_style(theme.border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let width = inner.width as usize;
    if app.list.rows().is_empty() {
        let text = format!(
            "No control matches the filter ({}). Press {} to change it.",
            app.list.filter().label(),
            app.keymap.hint(
                crate::tui::keymap::Mode::List,
                crate::tui::action::Command::OpenFilter
            )
        );
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let start = offset(app.list.cursor(), app.list.rows().len(), height);
    let mut lines = Vec::with_capacity(height);
    for (r, row) in app.list.rows().iter().enumerate().skip(start).take(height) {
        match *row {
            Row::Clause(ci) => {
                let clause = &app.catalogue.clauses[ci];
                let text = format!("{} {}", clause.id, clause.title);
                lines.push(Line::from(Span::styled(fit(&text, width), theme.heading())));
            }
            Row::Control(i) => {
                let control = &app.catalogue.controls[i];
                let (glyph, kind) = app.glyph(i);
                let recorded = app.session.assessment(&control.id, &app.catalogue);
                let flag = if recorded.is_some_and(|a| a.flagged) {
                    "⚑"
                } else {
                    " "
                };
                // The margin column carries a merge conflict, so rows without one look as before.
                let conflict = if recorded.is_some_and(|a| !a.conflicts.is_empty()) {
                    Span::styled("≠", theme.error())
                } else {
                    Span::raw(" ")
                };
                let id = fit(&control.id, 11);
                let title_width = width.saturating_sub(5 + 11);
                let mut line = Line::from(vec![
                    conflict,
                    Span::styled(glyph, theme.glyph(kind)),
                    Span::styled(flag, theme.accent()),
                    Span::raw(" "),
                    Span::raw(format!("{id:<11}")),
                    Span::raw(" "),
                    Span::raw(fit(&control.title, title_width)),
                ]);
                if r == app.list.cursor() {
                    line = line.style(theme.selected());
                }
                lines.push(line);
            }
        }
    }
    // Each line is already cut to the width, so it is set straight into the buffer: a
    // Paragraph would lay out every line again, a third of a 200x60 frame's time.
    let buffer = frame.buffer_mut();
    for (y, line) in (inner.y..inner.bottom()).zip(&lines) {
        buffer.set_line(inner.x, y, line, inner.width);
    }
}

#[cfg(test)]
mod tests {
    use super::offset;

    #[test]
    fn selection_stays_visible() {
        assert_eq!(offset(0, 100, 20), 0);
        assert_eq!(offset(50, 100, 20), 40);
        assert_eq!(offset(99, 100, 20), 80);
        assert_eq!(offset(3, 5, 20), 0);
    }
}
