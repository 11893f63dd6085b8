//! The popup stack's dispatch: the top popup takes the action as a room, and the app grants
//! what it asks of the list and the workshop.

use super::App;
use crate::tui::action::{Action, Command, Effect};
use crate::tui::popup::{InputMode, Popup, Request, Step};

/// The popup stack's dispatch: the top popup takes the action as a room, and the app carries
/// out what it asks of the list and the workshop.
impl App {
    /// What keys mean right now; the input layer asks before translating a key.
    pub fn input_mode(&self) -> InputMode {
        crate::tui::popup::input_mode(&self.popups)
    }

    pub(super) fn update_popup(&mut self, action: Action) -> Vec<Effect> {
        // Saving and undo work from anywhere.
        match action {
            Action::Command(Command::Save) => return self.request_save(),
            Action::Command(Command::Help)
                if !matches!(self.popups.last(), Some(Popup::Help(_))) =>
            {
                self.popups.push(Popup::help());
                return Vec::new();
            }
            // Outside a text box, undo and redo take back session changes, as on the list; in
            // a text box they belong to the box. Who attended is asked of a meeting as it ends:
            // that question says why it takes back nothing.
            Action::Command(c @ (Command::Undo | Command::Redo))
                if self.input_mode() != InputMode::Text
                    && !matches!(self.popups.last(), Some(Popup::Attendance(_))) =>
            {
                self.undo_or_redo(c == Command::Undo);
                crate::tui::popup::refresh_forms(&mut self.popups, &self.model);
                return Vec::new();
            }
            _ => {}
        }
        let Some(mut popup) = self.popups.pop() else {
            return Vec::new();
        };
        // The list follows the popup: the walk's control stays selected while it asks.
        if let Some(i) = popup.room().selection()
            && self.selected() != Some(i)
        {
            self.select_control(i);
        }
        let generation = self.model.generation();
        let outcome = popup.room_mut().update(&mut self.model, action);
        if self.model.generation() != generation {
            self.rebuild_rows();
        }
        let mut effects = outcome.effects;
        let mut opened = Vec::new();
        for request in outcome.requests {
            match request {
                // Quitting may open a popup (where to write the work): it goes on top.
                Request::Quit => {
                    let before = self.popups.len();
                    effects.extend(self.end_meeting());
                    opened.extend(self.popups.split_off(before));
                }
                request => self.grant(request),
            }
        }
        match outcome.step {
            Step::Stay => self.popups.push(popup),
            Step::Close => {}
            Step::Open(next) => {
                let next = Popup::from_room(next);
                self.popups.push(popup);
                self.popups.push(next);
            }
        }
        self.popups.extend(opened);
        effects
    }

    /// Carries out what a popup asked of the list.
    fn grant(&mut self, request: Request) {
        match request {
            Request::Reveal(index) => self.list.reveal(&mut self.model, index),
            Request::Filter(filter) => {
                self.model.message = Some(format!("showing {}", filter.label()));
                self.list.set_filter(&mut self.model, filter);
            }
            Request::Select(index) => self.select_control(index),
            Request::WalkTo(index) => {
                let Some(Popup::Walk(walk)) = self.popups.last_mut() else {
                    return;
                };
                let generation = self.model.generation();
                let requests = walk.jumped_to(&mut self.model, index);
                if self.model.generation() != generation {
                    self.rebuild_rows();
                }
                for request in requests {
                    self.grant(request);
                }
            }
            Request::WithdrawRecoveryOffer => {
                self.popups.retain(|p| !matches!(p, Popup::Recovery(_)));
            }
            // `update_popup` quits itself: the effects are its to return.
            Request::Quit => {}
        }
    }
}
