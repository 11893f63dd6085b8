//! The one way `gapwalk set` and `gapwalk merge` write a session back: canonical text, saved
//! atomically. Both take the session's lock (`guard::lock_for_writing`) before they read it, so
//! the whole read-modify-write is theirs alone. `merge --out` elsewhere is an output like an
//! export's: never a session's sidecar, streamed into a device or a pipe, never replacing one.

use std::path::Path;

use crate::persist::{self, PersistError, SessionName};
use crate::session::Session;

/// Writes `session` to `path` in canonical form. `keep_backup` keeps the previous file as
/// `FILE.bak`; a merge driver writes into git's temporary file and must not leave one behind.
pub(crate) fn write_session(
    path: &Path,
    session: &Session,
    keep_backup: bool,
) -> Result<(), PersistError> {
    let text = persist::to_canonical(session)?;
    persist::write_atomic(path, text.as_bytes(), keep_backup)
}

/// Whether `out` names a regular file or nothing (following links): a place a session is
/// saved, which takes a lock. A device or a pipe is streamed into and needs none (its lock
/// file would go in a folder like `/dev`).
pub(crate) fn is_file_or_nothing(out: &Path) -> bool {
    match std::fs::metadata(out) {
        Ok(meta) => meta.is_file(),
        Err(_) => true,
    }
}

/// Writes a merged session to `--out`: refused when it is a sidecar (backup, lock, temporary
/// file) of any of `sessions`; otherwise written the way an export is.
pub(crate) fn write_session_output(
    out: &Path,
    session: &Session,
    sessions: &[&Path],
) -> Result<(), PersistError> {
    for s in sessions {
        if let Err(SessionName::Sidecar(e)) = persist::refuse_session_names(out, s) {
            return Err(e);
        }
    }
    let text = persist::to_canonical(session)?;
    persist::write_output(out, text.as_bytes())
}
