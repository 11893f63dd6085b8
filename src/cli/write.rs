//! The one way `gapwalk set` and `gapwalk merge` write a session back: canonical text, saved
//! atomically. Both take the session's lock (`guard::lock_for_writing`) before they read it, so
//! the whole read-modify-write is theirs alone.

use std::path::Path;

use crate::persist::{self, PersistError};
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

/// Who a scripted change is recorded as: `--by`, else the session's facilitator, else `$USER`.
pub(crate) fn who(by: Option<&str>, session: &Session) -> String {
    by.map(str::to_string)
        .filter(|b| !b.trim().is_empty())
        .or_else(|| Some(session.meta.facilitator.clone()).filter(|f| !f.trim().is_empty()))
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "gapwalk".into())
}
