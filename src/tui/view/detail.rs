//! The detail pane, drawn: the text `tui::detail` builds, wrapped and scrolled, with a marker
//! on its last line when there is more below or above.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::detail::{fit_height, lines, text_area};
use crate::tui::keymap::Mode;
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let area = text_area(area);
    let Some(index) = app.selected() else {
        return;
    };
    if area.width == 0 || area.height == 0 {
        return;
    }
    let paragraph =
        Paragraph::new(lines(&app.model, &app.keymap, theme, index)).wrap(Wrap { trim: false });
    let (total, visible) = fit_height(&paragraph, area);
    let max = total.saturating_sub(visible);
    let scroll = (app.list.detail_scroll() as usize).min(max);
    let text = Rect {
        height: visible as u16,
        ..area
    };
    frame.render_widget(paragraph.scroll((scroll as u16, 0)), text);
    if max > 0 {
        let marker = if scroll < max {
            let key = app.keymap.hint(Mode::List, Command::ScrollDetailDown);
            format!("↓ {} more line(s) · {key} scrolls", max - scroll)
        } else {
            let key = app.keymap.hint(Mode::List, Command::ScrollDetailUp);
            format!("end · {key} scrolls back up")
        };
        let bottom = Rect {
            y: area.y + visible as u16,
            height: 1,
            ..area
        };
        frame.render_widget(
            Paragraph::new(Line::styled(
                super::fit(&marker, area.width as usize),
                theme.accent(),
            ))
            .right_aligned(),
            bottom,
        );
    }
}
