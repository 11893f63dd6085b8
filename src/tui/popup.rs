//! Overlays are a stack; the top one owns the keyboard. Each popup is a room of its own: it
//! owns its state, takes actions in `Room::update` with the workshop's `Model` (never the whole
//! app) and answers with an `Outcome` (stay, close, open another; effects for the runner;
//! requests to the list it cannot touch), and draws itself in `Room::render`. This file is the
//! registry: `Popup` names every room, so the app can keep them on one stack and tests can see
//! which is on top. The vocabulary the rooms share is `tui::room`, which names no room; the app
//! (`app.rs`) runs the stack and grants the requests. Each popup lives in its own file under
//! `popup/` or beside it (`walk.rs` with `walk/`, `export_popup.rs`, `safety_popup.rs`,
//! `rescue.rs`).

pub mod attendance;
pub mod decision;
pub mod decisions;
pub mod filter;
pub mod form;
pub mod help;
pub mod jump;
pub mod metadata;
pub mod park;
pub mod parking_lot;
pub mod resolve;

use std::any::Any;

use super::export_popup::ExportPopup;
use super::keymap::Keymap;
use super::model::Model;
use super::rows::Filter;
use super::safety_popup::{LockedPopup, RecoveryPopup};
use super::walk::WalkPopup;

pub use super::line_edit::{edit_field, input_text, line_input, paste_into, type_into};
pub use attendance::AttendancePopup;
pub use decision::DecisionPopup;
pub use decisions::DecisionLogPopup;
pub use filter::FilterPopup;
pub use form::FormPopup;
pub use help::HelpPopup;
pub use jump::JumpPopup;
pub use metadata::MetadataPopup;
pub use park::ParkPopup;
pub use parking_lot::ParkingLotPopup;
pub use resolve::ResolvePopup;

pub use super::room::{Context, InputMode, ListKeys, Outcome, Request, Room, Step, typing_or};

pub enum Popup {
    Help(HelpPopup),
    Jump(Box<JumpPopup>),
    Walk(Box<WalkPopup>),
    Form(Box<FormPopup>),
    Metadata(Box<MetadataPopup>),
    Filter(FilterPopup),
    Decision(Box<DecisionPopup>),
    Park(Box<ParkPopup>),
    DecisionLog(Box<DecisionLogPopup>),
    ParkingLot(Box<ParkingLotPopup>),
    Attendance(Box<AttendancePopup>),
    Export(Box<ExportPopup>),
    Resolve(ResolvePopup),
    Locked(Box<LockedPopup>),
    Recovery(Box<RecoveryPopup>),
    Rescue(Box<super::rescue::RescuePopup>),
    Unlockable(Box<super::safety_popup::UnlockablePopup>),
}

impl Popup {
    pub fn help() -> Popup {
        Popup::Help(HelpPopup::default())
    }

    pub fn jump(model: &Model) -> Popup {
        Popup::Jump(Box::new(JumpPopup::new(model)))
    }

    pub fn filter(model: &Model, filter: &Filter) -> Popup {
        Popup::Filter(FilterPopup::new(model, filter))
    }

    /// The decision log, on the selected control (if any).
    pub fn decision(model: &Model, selected: Option<usize>) -> Popup {
        let control = selected.map(|i| model.catalogue.controls[i].id.clone());
        Popup::Decision(Box::new(DecisionPopup::new(control)))
    }

    pub fn form(model: &Model, control: usize, keymap: &Keymap) -> Popup {
        Popup::Form(Box::new(FormPopup::new(model, control, keymap)))
    }

    pub fn metadata(keymap: &Keymap) -> Popup {
        Popup::Metadata(Box::new(MetadataPopup::new(keymap)))
    }

    pub fn export(model: &Model) -> Popup {
        Popup::Export(Box::new(ExportPopup::new(model)))
    }

    /// The popup as a room: each owns its update and its drawing.
    pub fn room(&self) -> &dyn Room {
        match self {
            Popup::Help(p) => p,
            Popup::Jump(p) => p.as_ref(),
            Popup::Filter(p) => p,
            Popup::Decision(p) => p.as_ref(),
            Popup::Resolve(p) => p,
            Popup::Park(p) => p.as_ref(),
            Popup::Form(p) => p.as_ref(),
            Popup::Metadata(p) => p.as_ref(),
            Popup::Locked(p) => p.as_ref(),
            Popup::Recovery(p) => p.as_ref(),
            Popup::Unlockable(p) => p.as_ref(),
            Popup::Rescue(p) => p.as_ref(),
            Popup::DecisionLog(p) => p.as_ref(),
            Popup::ParkingLot(p) => p.as_ref(),
            Popup::Attendance(p) => p.as_ref(),
            Popup::Export(p) => p.as_ref(),
            Popup::Walk(p) => p.as_ref(),
        }
    }

    pub fn room_mut(&mut self) -> &mut dyn Room {
        match self {
            Popup::Help(p) => p,
            Popup::Jump(p) => p.as_mut(),
            Popup::Filter(p) => p,
            Popup::Decision(p) => p.as_mut(),
            Popup::Resolve(p) => p,
            Popup::Park(p) => p.as_mut(),
            Popup::Form(p) => p.as_mut(),
            Popup::Metadata(p) => p.as_mut(),
            Popup::Locked(p) => p.as_mut(),
            Popup::Recovery(p) => p.as_mut(),
            Popup::Unlockable(p) => p.as_mut(),
            Popup::Rescue(p) => p.as_mut(),
            Popup::DecisionLog(p) => p.as_mut(),
            Popup::ParkingLot(p) => p.as_mut(),
            Popup::Attendance(p) => p.as_mut(),
            Popup::Export(p) => p.as_mut(),
            Popup::Walk(p) => p.as_mut(),
        }
    }

    /// Files a room another room opened (`Outcome::open`) under its kind. Every room type is
    /// a variant, so the last arm is never reached.
    pub fn from_room(room: Box<dyn Room>) -> Popup {
        let room: Box<dyn Any> = room;
        macro_rules! kinds {
            ($room:ident; $($variant:ident($kind:ty, $wrap:expr)),* $(,)?) => {{
                $(
                    let $room = match $room.downcast::<$kind>() {
                        Ok(popup) => return Popup::$variant($wrap(popup)),
                        Err(other) => other,
                    };
                )*
                unreachable!("a room with no Popup variant: {:?}", $room.type_id())
            }};
        }
        kinds!(room;
            Help(HelpPopup, |p: Box<HelpPopup>| *p),
            Jump(JumpPopup, |p| p),
            Walk(WalkPopup, |p| p),
            Form(FormPopup, |p| p),
            Metadata(MetadataPopup, |p| p),
            Filter(FilterPopup, |p: Box<FilterPopup>| *p),
            Decision(DecisionPopup, |p| p),
            Park(ParkPopup, |p| p),
            DecisionLog(DecisionLogPopup, |p| p),
            ParkingLot(ParkingLotPopup, |p| p),
            Attendance(AttendancePopup, |p| p),
            Export(ExportPopup, |p| p),
            Resolve(ResolvePopup, |p: Box<ResolvePopup>| *p),
            Locked(LockedPopup, |p| p),
            Recovery(RecoveryPopup, |p| p),
            Rescue(super::rescue::RescuePopup, |p| p),
            Unlockable(super::safety_popup::UnlockablePopup, |p| p),
        )
    }

    /// What keys mean while this popup is on top.
    pub fn input_mode(&self) -> InputMode {
        self.room().input_mode()
    }
}

/// What keys mean with `popups` open: the top one decides.
pub fn input_mode(popups: &[Popup]) -> InputMode {
    popups.last().map_or(InputMode::Commands, Popup::input_mode)
}

/// Open edit forms list one line per evidence pointer: after an undo the list may have changed
/// under them.
pub fn refresh_forms(popups: &mut [Popup], model: &Model) {
    for popup in popups {
        if let Popup::Form(form) = popup {
            form.refresh(model);
        }
    }
}
