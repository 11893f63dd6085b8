//! The shell's edges: the mouse over the control list, and read-only views of what `update`
//! keeps, for tests, benchmarks and the runner.

use super::{App, Filter, Row};
use crate::tui::keymap::Keymap;
use crate::tui::layout::{self, Hit, Screen};
use crate::tui::popup::Popup;

/// The control list under the mouse: the app knows the screen's layout, the list its rows.
impl App {
    /// What the layout reads of the workshop.
    pub(super) fn screen(&self) -> Screen<'_> {
        Screen {
            model: &self.model,
            keymap: &self.keymap,
            list: &self.list,
            size: self.size,
            dashboard: self.dashboard,
        }
    }

    /// A click on a list line selects it (a clause heading selects its first control).
    pub(super) fn click(&mut self, column: u16, row: u16) {
        if let Hit::ListRow(r) = layout::hit(&self.screen(), column, row) {
            self.list.click(&mut self.model, r);
        }
    }

    /// The wheel moves the selection over the list and scrolls the detail pane over it.
    pub(super) fn wheel(&mut self, column: u16, row: u16, delta: i8) {
        const STEP: u16 = 3;
        match layout::hit(&self.screen(), column, row) {
            Hit::ListRow(_) | Hit::List => self.move_cursor(isize::from(delta) * STEP as isize),
            Hit::Detail if delta > 0 => {
                let max = layout::detail_max_scroll(&self.screen());
                self.list.scroll_detail_down(STEP, max);
            }
            Hit::Detail => self.list.scroll_detail_up(STEP),
            Hit::Elsewhere => {}
        }
    }
}

/// What the shell shows, for tests, benchmarks and the runner's callers: read-only views of
/// the fields `update` keeps.
impl App {
    /// The popup stack, bottom first; the last one has the keyboard.
    pub fn popups(&self) -> &[Popup] {
        &self.popups
    }

    /// Opens a popup on top of the stack, as a key that opens it would.
    pub fn open_popup(&mut self, popup: Popup) {
        self.popups.push(popup);
    }

    /// The popup with the keyboard, to set up a state a test needs.
    pub fn top_popup_mut(&mut self) -> Option<&mut Popup> {
        self.popups.last_mut()
    }

    /// Takes the popup with the keyboard off the stack (a test puts it back with `open_popup`).
    pub fn take_top_popup(&mut self) -> Option<Popup> {
        self.popups.pop()
    }

    /// What the control list keeps.
    pub fn filter(&self) -> &Filter {
        self.list.filter()
    }

    /// Shows what a filter keeps, as the filter popup does (without its message).
    pub fn set_filter(&mut self, filter: Filter) {
        self.list.set_filter(&mut self.model, filter);
    }

    /// The control list's rows and the selected one.
    pub fn rows(&self) -> &[Row] {
        self.list.rows()
    }

    pub fn cursor(&self) -> usize {
        self.list.cursor()
    }

    /// The terminal's size, columns then lines.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn dashboard(&self) -> bool {
        self.dashboard
    }

    pub fn presenter(&self) -> bool {
        self.model.presenter
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Takes the keys a user's keymap file gives.
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
    }

    /// Lines the detail pane is scrolled down.
    pub fn detail_scroll(&self) -> u16 {
        self.list.detail_scroll()
    }
}
