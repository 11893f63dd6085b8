//! The two questions gapwalk may ask when a session opens, before any work starts: the session
//! is open in another gapwalk (look at it read-only here, or quit), and a recovery copy newer
//! than the file is waiting (use it, keep the file, or look at the differences first). Each is a
//! popup that owns the keyboard until answered; answering changes state only through `update`
//! and asks the runner for any file work.

use super::action::{Action, Command, Effect};
use super::app::App;
use super::popup::InputMode;
use crate::recovery::Offer;

/// Another gapwalk holds the session; this one opened read-only.
#[derive(Debug, Clone)]
pub struct LockedPopup {
    /// Who holds it, from the lock file.
    pub message: String,
}

/// A recovery copy is offered; nothing is applied until the user picks.
#[derive(Debug, Clone)]
pub struct RecoveryPopup {
    pub offer: Offer,
    /// Showing the differences instead of the choices.
    pub looking: bool,
    pub scroll: u16,
    /// Shown after a key that is not an answer.
    pub hint: Option<String>,
}

pub const LOCKED_CHOICES: [&str; 2] = [
    "look at it read-only here (nothing can be changed or saved)",
    "quit",
];

pub const RECOVERY_CHOICES: [&str; 3] = [
    "use the recovery copy (one change: undo takes it back)",
    "keep the file as it is (the copy is set aside, not deleted)",
    "look at the differences first",
];

impl LockedPopup {
    pub fn input_mode(&self) -> InputMode {
        InputMode::Choice
    }
}

impl RecoveryPopup {
    pub fn new(offer: Offer) -> RecoveryPopup {
        RecoveryPopup {
            offer,
            looking: false,
            scroll: 0,
            hint: None,
        }
    }

    pub fn input_mode(&self) -> InputMode {
        InputMode::Choice
    }
}

impl App {
    /// Whether a recovery copy is still waiting for an answer (the runner keeps it until then).
    pub fn recovery_pending(&self) -> bool {
        self.popups
            .iter()
            .any(|p| matches!(p, super::popup::Popup::Recovery(_)))
    }

    /// Returns whether the popup stays open.
    pub(super) fn update_locked(&mut self, action: Action, effects: &mut Vec<Effect>) -> bool {
        match action {
            Action::Choose(0) | Action::Command(Command::Confirm) => {
                self.message = self.read_only.as_ref().map(|reason| {
                    format!("read-only ({reason}): look, filter and export; nothing is saved")
                });
                false
            }
            Action::Choose(1) | Action::Command(Command::Cancel) => {
                effects.push(Effect::Quit);
                false
            }
            _ => true,
        }
    }

    /// Returns whether the popup stays open.
    pub(super) fn update_recovery(
        &mut self,
        popup: &mut RecoveryPopup,
        action: Action,
        effects: &mut Vec<Effect>,
    ) -> bool {
        popup.hint = None;
        match action {
            Action::Choose(0) => {
                let edit = crate::recovery::edit_towards(
                    &self.session,
                    &popup.offer.session,
                    &self.catalogue,
                );
                self.apply_edit(edit);
                self.message = Some(format!(
                    "recovery copy applied ({} difference(s)); it is saved to the file next; u undoes it",
                    popup.offer.differences.len()
                ));
                false
            }
            Action::Choose(1) => {
                effects.push(self.set_aside_recovery());
                false
            }
            Action::Choose(2) => {
                popup.looking = !popup.looking;
                popup.scroll = 0;
                true
            }
            Action::Command(Command::SelectNext | Command::NextField) if popup.looking => {
                popup.scroll = popup.scroll.saturating_add(1);
                true
            }
            Action::Command(Command::SelectPrevious | Command::PreviousField) if popup.looking => {
                popup.scroll = popup.scroll.saturating_sub(1);
                true
            }
            Action::Command(Command::Cancel) if popup.looking => {
                popup.looking = false;
                true
            }
            Action::Command(_) | Action::Choose(_) | Action::Type(_) | Action::Paste(_) => {
                popup.hint = Some("choose 1, 2 or 3: the copy stays until you do".into());
                true
            }
            _ => true,
        }
    }
}
