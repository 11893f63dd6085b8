//! Read-only mode: when another gapwalk holds the session, or it was opened with `--read-only`,
//! everything that would change the session or write its file is refused with a message, while
//! moving, searching, filtering, the dashboard and exports still work. Only `update` calls this.

use super::action::{Action, Command, Effect};
use super::app::App;

impl App {
    /// Answers, in read-only mode, an action that would change the session or write the file;
    /// `None` lets the action through.
    pub(super) fn refuse_when_read_only(&mut self, action: &Action) -> Option<Vec<Effect>> {
        self.model.read_only.as_ref()?;
        let Action::Command(command) = action else {
            return None;
        };
        let on_list = self.popups.is_empty();
        match command {
            // Leaving writes nothing: the file belongs to whoever holds it.
            Command::Quit if on_list => return Some(vec![Effect::Quit]),
            Command::Save | Command::Undo | Command::Redo => {}
            Command::Walk
            | Command::Edit
            | Command::ToggleFlag
            | Command::LogDecision
            | Command::EditMetadata
                if on_list => {}
            _ => return None,
        }
        self.model.refuse_edit();
        Some(Vec::new())
    }
}
