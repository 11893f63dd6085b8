//! The vocabulary of the workshop screen: every command a key can trigger, with the name a keymap
//! file uses and the one-line description the help overlay shows; the actions `update` takes,
//! the effects it asks for, and `perform`, which carries an effect out.

use std::path::PathBuf;
use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

use super::export::ExportJob;
use super::save::{SaveReport, SaveRequest};
use crate::recovery::RecoveryStore;
use crate::session::Timestamp;

/// Commands a key can be bound to. Their names are the keymap file's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Command {
    Quit,
    Save,
    Undo,
    Redo,
    Help,
    SelectNext,
    SelectPrevious,
    PageDown,
    PageUp,
    SelectFirst,
    SelectLast,
    NextUnassessed,
    ScrollDetailDown,
    ScrollDetailUp,
    Walk,
    Edit,
    ToggleFlag,
    LogDecision,
    OpenJump,
    ToggleDashboard,
    OpenFilter,
    TogglePresenter,
    Export,
    EditMetadata,
    ResolveConflict,
    // Inside popups.
    Confirm,
    Cancel,
    Skip,
    Back,
    NextField,
    PreviousField,
    AcceptSuggestion,
    RemoveRecord,
    NextControl,
    PreviousControl,
    ToggleDepth,
    Park,
    /// The decision log, to read and search.
    ReadDecisions,
    /// Tick or untick the selected entry of a checklist (who attended).
    Toggle,
    // On the start screen.
    NewSession,
    OpenFile,
}

impl Command {
    pub const ALL: [Command; 41] = [
        Command::Quit,
        Command::Save,
        Command::Undo,
        Command::Redo,
        Command::Help,
        Command::SelectNext,
        Command::SelectPrevious,
        Command::PageDown,
        Command::PageUp,
        Command::SelectFirst,
        Command::SelectLast,
        Command::NextUnassessed,
        Command::ScrollDetailDown,
        Command::ScrollDetailUp,
        Command::Walk,
        Command::Edit,
        Command::ToggleFlag,
        Command::LogDecision,
        Command::OpenJump,
        Command::ToggleDashboard,
        Command::OpenFilter,
        Command::TogglePresenter,
        Command::Export,
        Command::EditMetadata,
        Command::ResolveConflict,
        Command::Confirm,
        Command::Cancel,
        Command::Skip,
        Command::Back,
        Command::NextField,
        Command::PreviousField,
        Command::AcceptSuggestion,
        Command::RemoveRecord,
        Command::NextControl,
        Command::PreviousControl,
        Command::ToggleDepth,
        Command::Park,
        Command::ReadDecisions,
        Command::Toggle,
        Command::NewSession,
        Command::OpenFile,
    ];

    /// The snake_case name used in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Save => "save",
            Command::Undo => "undo",
            Command::Redo => "redo",
            Command::Help => "help",
            Command::SelectNext => "select_next",
            Command::SelectPrevious => "select_previous",
            Command::PageDown => "page_down",
            Command::PageUp => "page_up",
            Command::SelectFirst => "select_first",
            Command::SelectLast => "select_last",
            Command::NextUnassessed => "next_unassessed",
            Command::ScrollDetailDown => "scroll_detail_down",
            Command::ScrollDetailUp => "scroll_detail_up",
            Command::Walk => "walk",
            Command::Edit => "edit",
            Command::ToggleFlag => "toggle_flag",
            Command::LogDecision => "log_decision",
            Command::OpenJump => "open_jump",
            Command::ToggleDashboard => "toggle_dashboard",
            Command::OpenFilter => "open_filter",
            Command::TogglePresenter => "toggle_presenter",
            Command::Export => "export",
            Command::EditMetadata => "edit_metadata",
            Command::ResolveConflict => "resolve_conflict",
            Command::Confirm => "confirm",
            Command::Cancel => "cancel",
            Command::Skip => "skip",
            Command::Back => "back",
            Command::NextField => "next_field",
            Command::PreviousField => "previous_field",
            Command::AcceptSuggestion => "accept_suggestion",
            Command::RemoveRecord => "remove_record",
            Command::NextControl => "next_control",
            Command::PreviousControl => "previous_control",
            Command::ToggleDepth => "toggle_depth",
            Command::Park => "park",
            Command::ReadDecisions => "read_decisions",
            Command::Toggle => "toggle",
            Command::NewSession => "new_session",
            Command::OpenFile => "open_file",
        }
    }

    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }

    /// What the command does, for the help overlay and footer hints.
    pub fn description(self) -> &'static str {
        match self {
            Command::Quit => "save and quit",
            Command::Save => "save now",
            Command::Undo => "undo the last change",
            Command::Redo => "redo what was undone",
            Command::Help => "show or hide this help",
            Command::SelectNext => "next control",
            Command::SelectPrevious => "previous control",
            Command::PageDown => "a page down",
            Command::PageUp => "a page up",
            Command::SelectFirst => "first control",
            Command::SelectLast => "last control",
            Command::NextUnassessed => "next unassessed control",
            Command::ScrollDetailDown => "scroll the detail pane down",
            Command::ScrollDetailUp => "scroll the detail pane up",
            Command::Walk => "guided walk from this control",
            Command::Edit => "edit every field of this control",
            Command::ToggleFlag => "park for follow-up (asks why), or unpark",
            Command::LogDecision => "add a decision-log entry",
            Command::OpenJump => "fuzzy jump to a control",
            Command::ToggleDashboard => "dashboard",
            Command::OpenFilter => "filter the list",
            Command::TogglePresenter => "presenter view (hide internal details)",
            Command::Export => "export the SoA or another view",
            Command::EditMetadata => "session details and participants",
            Command::ResolveConflict => "settle a merge conflict here: keep ours or take theirs",
            Command::Confirm => "confirm",
            Command::Cancel => "close / leave",
            Command::Skip => "skip this question",
            Command::Back => "previous question",
            Command::NextField => "next field",
            Command::PreviousField => "previous field",
            Command::AcceptSuggestion => "accept the suggested name",
            Command::RemoveRecord => {
                "remove the evidence, responsibility line, remediation or risk acceptance"
            }
            Command::NextControl => "walk: the card for the next control",
            Command::PreviousControl => "walk: the card for the previous control",
            Command::ToggleDepth => "walk: switch between the triage pass and the full record",
            Command::Park => "walk: park this control for follow-up, saying why",
            Command::ReadDecisions => "read and search the decision log",
            Command::Toggle => "tick or untick the selected entry (who attended)",
            Command::NewSession => "new session",
            Command::OpenFile => "open a session file by path",
        }
    }
}

/// Everything that can change the app: bound commands, raw input for text fields, and results
/// the runner feeds back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Command(Command),
    /// A digit picked an option in a choice.
    Choose(usize),
    /// A key typed into a text field.
    Type(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// A left click at a screen cell (column, row).
    Click(u16, u16),
    /// The wheel at a screen cell (column, row): positive scrolls down.
    Wheel(u16, u16, i8),
    /// Time since the app started; drives timers and autosave.
    Tick(Duration),
    /// What a save came to (the file may have changed on disk meanwhile: a `git pull`, a
    /// merge, a hand edit; the report then carries both versions to merge with).
    Saved(SaveReport),
    Exported(Result<PathBuf, String>),
    /// Something the runner did that the user should read in the status bar.
    Notice(String),
    /// Where the work that nothing else could take was written, or why it could not be.
    Rescued(Result<PathBuf, String>),
    /// The workshop must end with nobody to answer: SIGTERM, SIGHUP, a closed terminal or a
    /// dropped ssh connection. It ends the way `q` does, asking nothing.
    Terminate,
}

/// Work the runner performs for `update`, which does no I/O itself. Each carries everything
/// it needs, so `perform` can run it on any thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write the session, or keep it in the recovery copy.
    Save(Box<SaveRequest>),
    /// The workshop may end; `App::farewell` says what to print.
    Quit,
    Export(Box<ExportJob>),
    /// The user kept the file: move the session's recovery copy out of the way.
    SetAsideRecovery(SetAside),
    /// Write the work, which nothing else could take, to a new file.
    Rescue(Box<super::save::RescueJob>),
}

/// Moving a recovery copy aside, with what that needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub store: Option<RecoveryStore>,
    pub path: PathBuf,
    pub now: Timestamp,
}

impl SetAside {
    /// Moves the copy aside; the status message.
    pub fn run(&self) -> String {
        match self
            .store
            .as_ref()
            .map(|s| s.set_aside(&self.path, self.now))
        {
            Some(Ok(aside)) => format!(
                "kept the file; the recovery copy is set aside at {}",
                aside.display()
            ),
            Some(Err(e)) => format!("kept the file; the recovery copy could not be moved ({e})"),
            None => "kept the file".into(),
        }
    }
}

/// Performs an effect and says what came of it, as actions for `update`. The runner calls it
/// on a worker thread (or, on the way out, on its own); tests call it directly, with no
/// terminal. `Quit` is the runner's own business: it returns nothing.
pub fn perform(effect: Effect) -> Vec<Action> {
    match effect {
        Effect::Save(request) => vec![Action::Saved(request.run())],
        Effect::Export(job) => vec![Action::Exported(job.run())],
        Effect::SetAsideRecovery(aside) => vec![Action::Notice(aside.run())],
        Effect::Rescue(job) => vec![Action::Rescued(job.run())],
        Effect::Quit => Vec::new(),
    }
}
