//! The vocabulary of the workshop screen: every command a key can trigger, with the name a keymap
//! file uses and the one-line description the help overlay shows.

use std::path::PathBuf;
use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

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
}

impl Command {
    pub const ALL: [Command; 36] = [
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
            Command::ToggleFlag => "park for follow-up (flag)",
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
    Saved(Result<String, String>),
    Exported(Result<PathBuf, String>),
    /// Something the runner did that the user should read in the status bar.
    Notice(String),
    /// The file changed on disk since gapwalk last read or wrote it (a `git pull`, a merge,
    /// a hand edit): the version it last knew and the one there now, to merge with.
    DiskChanged {
        base: Box<crate::session::Session>,
        theirs: Box<crate::session::Session>,
    },
}

/// Work the runner performs for `update`, which does no I/O itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write the session (its canonical text is produced off the keystroke path).
    Save,
    Quit,
    Export(crate::tui::export_popup::ExportRequest),
    OpenSession(PathBuf),
    CreateSession {
        path: PathBuf,
        spec: Box<crate::cli::NewSession>,
    },
    /// The user kept the file: move the session's recovery copy out of the way.
    SetAsideRecovery,
    /// The version found on disk is merged into the session: a save may now write over it.
    DiskMerged,
    /// The version found on disk cannot take the workshop's work (the reason): keep the work
    /// in the recovery copy, and never write over that version.
    Recover(String),
}
