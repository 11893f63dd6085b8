//! Overlays are a stack; the top one owns the keyboard. Each popup is a room of its own: it
//! owns its state, takes actions in `Room::update` with the workshop's `Model` (never the whole
//! app) and answers with an `Outcome` (stay, close, open another; effects for the runner;
//! requests to the list it cannot touch), and draws itself in `Room::render`. This file holds
//! the vocabulary and the text-input helpers the rooms share; the app (`app.rs`) runs the
//! stack and grants the requests. Each popup lives in its own file under `popup/` or beside it
//! (`walk.rs` with `walk/`, `export_popup.rs`, `safety_popup.rs`, `rescue.rs`).

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

use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::{Action, Effect};
use super::export_popup::ExportPopup;
use super::keymap::{Keymap, Mode};
use super::model::Model;
use super::rows::Filter;
use super::safety_popup::{LockedPopup, RecoveryPopup};
use super::theme::Theme;
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

/// A popup that owns its update and its drawing.
pub trait Room {
    /// Takes one action. The model is the popup's to read and change (edits through
    /// `Model::commit` / `Model::apply_edit`, so undo and saving follow); anything else it wants
    /// goes in the outcome.
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome;
    /// Draws the popup over `screen` (the whole terminal), clearing the area it takes.
    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect);
    /// What the keyboard means while this popup is on top.
    fn input_mode(&self) -> InputMode;
    /// The control the list keeps selected under this popup while it takes keys, if any (the
    /// walk's control while one of its questions is open).
    fn selection(&self) -> Option<usize> {
        None
    }
}

/// What a popup may read while drawing.
pub struct Context<'a> {
    pub model: &'a Model,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
    /// Presenter view: what is internal stays hidden.
    pub presenter: bool,
}

/// What came of a popup's update.
#[must_use]
pub struct Outcome {
    pub step: Step,
    /// Work for the runner (saving, exporting), as `App::update` returns it.
    pub effects: Vec<Effect>,
    /// Changes to the list, which only the app makes.
    pub requests: Vec<Request>,
}

/// Where the popup stack goes next.
pub enum Step {
    Stay,
    Close,
    /// Keep this popup and open another on top of it.
    Open(Popup),
}

/// What a popup asks of the control list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Select this control (by catalogue index), leaving a filter that hides it.
    Reveal(usize),
    /// Select this control (by catalogue index) under the filter: when the filter hides it,
    /// the nearest control shown after it.
    Select(usize),
    /// Show what this filter keeps.
    Filter(Filter),
    /// The walk under this popup (the jump it opened) offers this control (by catalogue
    /// index) next.
    WalkTo(usize),
    /// Close the recovery offer: this workshop cannot save what it would take.
    WithdrawRecoveryOffer,
    /// Go on to the end of the meeting (its next question, if any, else save and quit).
    Quit,
}

impl Outcome {
    pub fn stay() -> Outcome {
        Outcome::step(Step::Stay)
    }

    pub fn close() -> Outcome {
        Outcome::step(Step::Close)
    }

    pub fn open(popup: Popup) -> Outcome {
        Outcome::step(Step::Open(popup))
    }

    fn step(step: Step) -> Outcome {
        Outcome {
            step,
            effects: Vec::new(),
            requests: Vec::new(),
        }
    }

    pub fn with_effect(mut self, effect: Effect) -> Outcome {
        self.effects.push(effect);
        self
    }

    pub fn asking(mut self, request: Request) -> Outcome {
        self.requests.push(request);
        self
    }
}

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

/// What the keyboard means while a popup is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    /// Only bound commands.
    Commands,
    /// Digits pick options.
    Choice,
    /// Keys type into a text field.
    Text,
    /// Digits pick options, and every other key arrives too, so that what is not an option
    /// can be refused visibly instead of dropped (the walk's choices and its card).
    Strict,
}

/// The control list's keys a popup names in its messages ("leave it (P)", "u undoes"): what
/// they tell a user to do happens on the list. Taken from the live keymap when the popup is
/// built, as its update sees no keymap.
#[derive(Debug, Clone)]
pub struct ListKeys {
    /// Turns presenter view on or off.
    pub presenter: String,
    /// Takes the last change back.
    pub undo: String,
}

impl ListKeys {
    pub fn new(keymap: &Keymap) -> ListKeys {
        ListKeys {
            presenter: keymap.hint(Mode::List, super::action::Command::TogglePresenter),
            undo: keymap.hint(Mode::List, super::action::Command::Undo),
        }
    }
}

/// A popup's own context, or the text field's while its keys type.
pub fn typing_or(own: Mode, input: InputMode) -> Mode {
    if input == InputMode::Text {
        Mode::Text
    } else {
        own
    }
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
