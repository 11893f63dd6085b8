//! Where each part of the workshop screen goes, and what the mouse points at: pure functions of
//! the terminal's size and the app's state, used by drawing and by `update` alike. Imports no
//! view.

use ratatui::layout::{Constraint, Layout, Rect};

use super::app::App;
use super::save::SaveStatus;

/// Below this the screen shows only a request to enlarge it.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// Where each part of the workshop screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub title: Rect,
    pub list: Rect,
    pub detail: Rect,
    /// Above the status bar, while something the user must read does not fit in it.
    pub banner: Rect,
    pub status: Rect,
}

/// The lines of the banner above the status bar: a failed save says in full where the work
/// went, which the status bar would cut off.
fn banner_height(app: &App) -> u16 {
    match app.save_status() {
        SaveStatus::Failed(_) if app.read_only.is_none() => 2,
        _ => 0,
    }
}

/// The layout for this app at this size: drawing and mouse hit-testing both use it.
pub fn areas(app: &App, area: Rect) -> Areas {
    layout(area, banner_height(app))
}

pub fn layout(area: Rect, banner: u16) -> Areas {
    let [title, body, banner, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(banner),
        Constraint::Length(1),
    ])
    .areas(area);
    let list_width = (area.width * 2 / 5).clamp(30, 56);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(body);
    Areas {
        title,
        list,
        detail,
        banner,
        status,
    }
}

/// How far the detail pane can scroll at the app's current size (for `update`'s clamp): its
/// text measured at the width it is drawn at. Styles do not change the wrapping.
pub fn detail_max_scroll(app: &App) -> u16 {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    super::detail::max_scroll(
        app,
        &super::theme::Theme { color: false },
        areas(app, area).detail,
    )
}

/// First row of the control list shown: the selection stays near the middle of the list.
pub fn list_offset(cursor: usize, rows: usize, height: usize) -> usize {
    cursor
        .saturating_sub(height / 2)
        .min(rows.saturating_sub(height))
}

/// What a screen cell shows, for the mouse: worked out from the same layout the drawing uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A line of the control list, as an index into `App::rows`.
    ListRow(usize),
    /// The list, below its last line.
    List,
    Detail,
    Elsewhere,
}

pub fn hit(app: &App, column: u16, row: u16) -> Hit {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    if app.dashboard || area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Hit::Elsewhere;
    }
    let areas = areas(app, area);
    let inside =
        |r: Rect| column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height;
    if inside(areas.detail) {
        return Hit::Detail;
    }
    if !inside(areas.list) {
        return Hit::Elsewhere;
    }
    let height = areas.list.height as usize;
    let index = list_offset(app.list.cursor(), app.list.rows().len(), height)
        + (row - areas.list.y) as usize;
    if index < app.list.rows().len() {
        Hit::ListRow(index)
    } else {
        Hit::List
    }
}
