//! Where each part of the workshop screen goes, and what the mouse points at: pure functions of
//! the terminal's size and what the screen shows, used by drawing and by `update` alike.
//! Imports no view, and not the app: the app hands over a `Screen`.

use ratatui::layout::{Constraint, Layout, Rect};

use super::keymap::Keymap;
use super::model::Model;
use super::rows::List;
use super::save::SaveStatus;

/// What the layout reads of the workshop: the model (a failed save takes a banner, the detail
/// pane shows the selected record), the keys the pane names, the list, the terminal's size
/// (columns, lines) and whether the dashboard covers the list.
pub struct Screen<'a> {
    pub model: &'a Model,
    pub keymap: &'a Keymap,
    pub list: &'a List,
    pub size: (u16, u16),
    pub dashboard: bool,
}

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
fn banner_height(model: &Model) -> u16 {
    match model.save_status() {
        SaveStatus::Failed(_) if model.read_only.is_none() => 2,
        _ => 0,
    }
}

/// The layout for this workshop at this size: drawing and mouse hit-testing both use it.
pub fn areas(model: &Model, area: Rect) -> Areas {
    layout(area, banner_height(model))
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
pub fn detail_max_scroll(screen: &Screen) -> u16 {
    let area = Rect::new(0, 0, screen.size.0, screen.size.1);
    super::detail::max_scroll(
        screen.model,
        screen.keymap,
        screen.list.selected(),
        &super::theme::Theme { color: false },
        areas(screen.model, area).detail,
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
    /// A line of the control list, as an index into its rows.
    ListRow(usize),
    /// The list, below its last line.
    List,
    Detail,
    Elsewhere,
}

pub fn hit(screen: &Screen, column: u16, row: u16) -> Hit {
    let area = Rect::new(0, 0, screen.size.0, screen.size.1);
    if screen.dashboard || area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Hit::Elsewhere;
    }
    let areas = areas(screen.model, area);
    let inside =
        |r: Rect| column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height;
    if inside(areas.detail) {
        return Hit::Detail;
    }
    if !inside(areas.list) {
        return Hit::Elsewhere;
    }
    let height = areas.list.height as usize;
    let rows = screen.list.rows().len();
    let index = list_offset(screen.list.cursor(), rows, height) + (row - areas.list.y) as usize;
    if index < rows {
        Hit::ListRow(index)
    } else {
        Hit::List
    }
}
