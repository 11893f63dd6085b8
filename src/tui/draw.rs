//! Drawing helpers every screen and popup shares: cutting text to a width, centring a box,
//! opening a cleared bordered box, drawing a one-line text input. They know nothing of the app,
//! so a popup can draw itself without reaching into the view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};
use ratatui_textarea::TextArea;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::Theme;
use crate::sanitise::one_line;

/// Cuts text to a display width, marking the cut with an ellipsis.
pub fn fit(text: &str, width: usize) -> String {
    // Only the start of a long text can show: a 10 MB value is not scanned to draw one row.
    let (head, cut) = match text.char_indices().nth(width.saturating_mul(4) + 64) {
        Some((at, _)) => (&text[..at], true),
        None => (text, false),
    };
    let text = one_line(head);
    if !cut && text.width() <= width {
        return text.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// A rectangle of at most `width` x `height` centred in `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// `mm:ss`, or `h:mm:ss` past an hour.
pub fn clock(d: std::time::Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

fn frame_block<'a>(theme: &Theme, title: String) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()))
}

/// Opens a cleared, bordered box and returns its inside.
pub fn open(frame: &mut Frame, theme: &Theme, area: Rect, title: String) -> Rect {
    frame.render_widget(Clear, area);
    let block = frame_block(theme, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

pub fn draw_input(frame: &mut Frame, theme: &Theme, input: &TextArea<'static>, area: Rect) {
    let mut input = input.clone();
    input.set_cursor_line_style(ratatui::style::Style::default());
    input.set_style(theme.selected());
    frame.render_widget(&input, area);
}

/// One row of a numbered pick list: the digit that picks it before the first nine rows, the
/// text cut to what is left of `width`, the row at `selected` highlighted.
pub fn numbered_row(
    theme: &Theme,
    k: usize,
    selected: usize,
    text: &str,
    width: usize,
) -> Line<'static> {
    let number = if k < 9 {
        format!("{} ", k + 1)
    } else {
        "  ".into()
    };
    let line = Line::from(vec![
        Span::styled(number, theme.label()),
        Span::raw(fit(text, width.saturating_sub(2))),
    ]);
    if k == selected {
        line.style(theme.selected())
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_measures_display_width() {
        assert_eq!(fit("漢字漢字", 5), "漢字…");
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("a\u{1b}[31mb", 10), "a[31mb");
        assert_eq!(fit("abcdef", 4), "abc…");
    }
}
