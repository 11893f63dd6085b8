//! When the session file changed on disk while the workshop had it open (a `git pull`, a
//! merge, a hand edit), the runner hands over the version it last knew and the one there now.
//! The workshop's changes are merged with them field by field, as `gapwalk merge` would, and the
//! result replaces the session as one undoable change: nobody's work is written over. Conflicts
//! are recorded in the session for the room to settle. A change of the model; no I/O here.

use super::model::Model;
use crate::recovery::edit_towards;
use crate::review::merge;
use crate::session::Session;

impl Model {
    /// Merges the version found on disk into the session; `Ok` says how it went, `Err` why
    /// that version cannot take the work (it must then be left alone).
    pub(super) fn absorb_disk_change(
        &mut self,
        base: Session,
        theirs: Session,
    ) -> Result<String, String> {
        match merge(&base, &self.session, &theirs, &self.catalogue) {
            Ok(merged) => {
                let edit = edit_towards(&self.session, &merged.session, &self.catalogue);
                self.apply_edit(edit);
                let message = if merged.conflicts == 0 {
                    "file changed on disk: merged with your work".to_string()
                } else {
                    format!(
                        "file changed on disk: merged; {} conflict(s) to settle (≠)",
                        merged.conflicts
                    )
                };
                self.message = Some(message.clone());
                Ok(message)
            }
            Err(e) => Err(format!(
                "the file changed on disk and cannot be merged with your work ({e}); nothing was written over it"
            )),
        }
    }
}
