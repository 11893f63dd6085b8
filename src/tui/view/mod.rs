//! Drawing. `render` only reads the app; layout is a pure function of the area. The base screen
//! is drawn first, then each popup from the bottom of the stack up (each a room drawing itself),
//! each clearing its area.

mod dashboard;
mod detail;
mod list;
mod status;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::app::{App, SaveStatus};
use super::popup::Context;
use super::theme::Theme;

pub use super::draw::{centred, clock, fit};
use crate::sanitise::one_line;

pub use super::layout::{Areas, MIN_HEIGHT, MIN_WIDTH, areas, layout};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "gapwalk needs {MIN_WIDTH}x{MIN_HEIGHT}; this terminal is {}x{}. Enlarge it.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let areas = areas(app, area);
    render_title(app, theme, frame, areas.title);
    if app.dashboard {
        let body = Rect {
            y: areas.list.y,
            height: areas.list.height,
            ..area
        };
        dashboard::render(app, theme, frame, body);
    } else {
        list::render(app, theme, frame, areas.list);
        detail::render(app, theme, frame, areas.detail);
    }
    status::render(app, theme, frame, areas.status);
    if let SaveStatus::Failed(e) = app.save_status() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("NOT SAVED · {}", one_line(e)),
                theme.error(),
            ))
            .wrap(ratatui::widgets::Wrap { trim: true }),
            areas.banner,
        );
    }
    let cx = Context {
        model: &app.model,
        keymap: &app.keymap,
        theme,
        presenter: app.presenter,
    };
    for popup in &app.popups {
        popup.room().render(&cx, frame, area);
    }
    sanitise_cells(frame.buffer_mut());
}

/// The last line of defence behind every view's own sanitising: no cell of a frame carries a
/// control character, an escape sequence's introducer or a bidi override to the terminal,
/// whatever text a view forgot to clean. A zero-width control character rides along in the
/// previous cell's symbol, so the whole symbol is cleaned, not just single-character cells.
pub fn sanitise_cells(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        if cell.symbol().chars().any(crate::sanitise::is_unsafe) {
            let clean: String = cell
                .symbol()
                .chars()
                .filter(|c| !crate::sanitise::is_unsafe(*c))
                .collect();
            cell.set_symbol(if clean.is_empty() { " " } else { &clean });
        }
    }
}

/// The title bar: the session's title and organisation, then the markers. The markers take
/// precedence: a long title is cut (with `…`) so that PRESENTER VIEW, the conflict count and
/// the filter always show, at 80 columns as on a wide screen.
fn render_title(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let meta = &app.session.meta;
    let mut markers = Vec::new();
    if app.presenter {
        markers.push(Span::styled("  PRESENTER VIEW", theme.accent()));
    }
    let conflicts = app.conflict_count();
    if conflicts > 0 {
        markers.push(Span::styled(
            format!("  ≠ {conflicts} merge conflict(s)"),
            theme.error(),
        ));
    }
    if *app.list.filter() != super::app::Filter::All {
        markers.push(Span::styled(
            format!("  [filter: {}]", one_line(&app.list.filter().label())),
            theme.accent(),
        ));
    }
    let brand = " gapwalk ";
    let marker_width: usize = markers.iter().map(|s| s.content.width()).sum();
    let room = (area.width as usize).saturating_sub(brand.width() + marker_width);
    let title = one_line(&meta.title).into_owned();
    let organisation = if meta.organisation.is_empty() {
        String::new()
    } else {
        format!(" · {}", one_line(&meta.organisation))
    };
    let mut spans = vec![Span::styled(brand, theme.title())];
    if title.width() + organisation.width() <= room {
        spans.push(Span::raw(title));
        spans.push(Span::styled(organisation, theme.muted()));
    } else if title.width() <= room {
        let left = room - title.width();
        spans.push(Span::raw(title));
        spans.push(Span::styled(fit(&organisation, left), theme.muted()));
    } else {
        spans.push(Span::raw(fit(&title, room)));
    }
    spans.extend(markers);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
