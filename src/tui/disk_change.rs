//! When the session file changed on disk while the workshop had it open (a `git pull`, a
//! merge, a hand edit), the runner hands over the version it last knew and the one there now.
//! The workshop's changes are merged with them field by field, as `gapwalk merge` would, and the
//! result replaces the session as one undoable change: nobody's work is written over. Conflicts
//! are recorded in the session for the room to settle. No I/O here.

use super::action::Effect;
use super::app::{App, SaveState};
use crate::recovery::edit_towards;
use crate::review::merge;
use crate::session::Session;

impl App {
    /// Merges the version found on disk; the effect tells the runner whether that version may
    /// now be written over (`DiskMerged`) or must be left alone (`Recover`).
    pub(super) fn absorb_disk_change(&mut self, base: Session, theirs: Session) -> Vec<Effect> {
        match merge(&base, &self.session, &theirs, &self.catalogue) {
            Ok(merged) => {
                let edit = edit_towards(&self.session, &merged.session, &self.catalogue);
                self.apply_edit(edit);
                // Even with nothing new here, the merged version must now go to disk.
                self.save = SaveState::Dirty(self.clock);
                self.message = Some(if merged.conflicts == 0 {
                    "file changed on disk: merged with your work".into()
                } else {
                    format!(
                        "file changed on disk: merged; {} conflict(s) to settle (≠)",
                        merged.conflicts
                    )
                });
                vec![Effect::DiskMerged]
            }
            Err(e) => vec![Effect::Recover(format!(
                "the file changed on disk and cannot be merged with your work ({e}); nothing was written over it"
            ))],
        }
    }
}
