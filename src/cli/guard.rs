//! What headless commands do before touching a session file: a writer takes the session's lock
//! (and refuses, exit 2, while another gapwalk has the file open), and every command warns when
//! a recovery copy newer than the file is waiting. `fmt`, `set` and `merge` take the lock from
//! before they read the file to after they write it.

use std::path::Path;

use super::fail;
use crate::lock::{LockError, SessionLock};
use crate::persist::{self, Loaded};
use crate::recovery::RecoveryStore;

/// Takes the lock of a session a headless command is about to write. `Err` carries the exit
/// code after the message is printed; `Ok(None)` means locking is impossible here (a
/// read-only folder), which is only a warning: the write itself reports what fails.
pub fn lock_for_writing(file: &Path, command: &str) -> Result<Option<SessionLock>, u8> {
    match SessionLock::acquire(file, command) {
        Ok(lock) => {
            if let Some(previous) = &lock.taken_over {
                eprintln!(
                    "gapwalk: note: took over the lock of {previous}, which is no longer running"
                );
            }
            Ok(Some(lock))
        }
        Err(e @ LockError::Held { .. }) => Err(fail(format!(
            "{e}; nothing was written. Close the session there (or wait for that command to end) and run this again"
        ))),
        Err(e @ (LockError::Linked { .. } | LockError::Blocked { .. })) => {
            Err(fail(format!("{e}; nothing was written")))
        }
        Err(e @ LockError::Unavailable { .. }) => {
            eprintln!(
                "gapwalk: warning: {e}; another gapwalk writing this file at the same time would not be noticed"
            );
            Ok(None)
        }
    }
}

/// Takes the lock of a session a command will change, then loads it and prints its load
/// warnings: the first half of a read-modify-write (`set`, `approve`). `Err` carries the exit code after the message is printed. The lock
/// is held until the returned guard is dropped, after the write.
pub fn lock_and_load(file: &Path, command: &str) -> Result<(Option<SessionLock>, Loaded), u8> {
    let lock = lock_for_writing(file, command)?;
    let loaded = persist::load(file).map_err(fail)?;
    for w in &loaded.warnings {
        eprintln!("gapwalk: warning: {w}");
    }
    Ok((lock, loaded))
}

/// Warns on stderr when a recovery copy newer than the file exists: the file may lack work
/// that could not be saved to it.
pub fn warn_about_recovery(file: &Path) {
    if let Some(found) = RecoveryStore::user().and_then(|store| store.waiting_copy(file)) {
        eprintln!("gapwalk: warning: {}", found.warning(file));
    }
}
