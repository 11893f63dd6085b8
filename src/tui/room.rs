//! What every popup shares: the `Room` trait, what a room reads while drawing (`Context`),
//! what it answers (`Outcome`: stay, close, open another; effects for the runner; requests to
//! the list it cannot touch) and what the keyboard means while it is on top (`InputMode`).
//! Rooms import this module and the rooms they open, never the registry (`popup::Popup`) or
//! the app, so `src/tui`'s imports run one way: rooms, then the registry, then the app.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::{Action, Command, Effect};
use super::keymap::{Keymap, Mode};
use super::model::Model;
use super::rows::Filter;
use super::theme::Theme;

/// A popup that owns its update and its drawing.
pub trait Room: Any {
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
    /// Keep this popup and open another on top of it (the registry, `popup::Popup`, files it
    /// under its kind).
    Open(Box<dyn Room>),
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

    pub fn open(room: impl Room) -> Outcome {
        Outcome::open_boxed(Box::new(room))
    }

    pub fn open_boxed(room: Box<dyn Room>) -> Outcome {
        Outcome::step(Step::Open(room))
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
            presenter: keymap.hint(Mode::List, Command::TogglePresenter),
            undo: keymap.hint(Mode::List, Command::Undo),
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
