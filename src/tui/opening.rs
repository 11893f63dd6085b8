//! What happens between loading a session and the first frame: take the session's lock (or,
//! when another gapwalk holds it, open read-only and say who), and offer a recovery copy newer
//! than the file. Part of the runner: it does the file work and sets the app's starting state;
//! it never draws.

use super::app::App;
use super::popup::Popup;
use super::safety_popup::{LockedPopup, RecoveryPopup, UnlockablePopup};
use crate::lock::{LockError, SessionLock};
use crate::recovery::RecoveryStore;

/// Prepares the app for its session; the returned lock must live as long as the workshop.
pub fn prepare(
    app: &mut App,
    read_only: bool,
    store: Option<&RecoveryStore>,
) -> Option<SessionLock> {
    if read_only {
        app.read_only = Some("opened with --read-only".into());
        app.message = Some("read-only: look, filter and export; nothing is saved".into());
        return None;
    }
    let lock = match SessionLock::acquire(&app.path, "gapwalk open") {
        Ok(lock) => {
            if let Some(previous) = &lock.taken_over {
                app.message = Some(format!(
                    "took over the lock of {previous}, which ended without closing the session"
                ));
            }
            Some(lock)
        }
        Err(e @ LockError::Held { .. }) => {
            let holder = match &e {
                LockError::Held {
                    holder: Some(h), ..
                } => format!("process {} of {} has it open", h.pid, h.user),
                _ => "open in another gapwalk".into(),
            };
            app.read_only = Some(holder);
            app.popups.push(Popup::Locked(Box::new(LockedPopup {
                message: e.to_string(),
            })));
            // The recovery copy, if any, is for whoever holds the session.
            return None;
        }
        // A session with several names, or a lock file someone replaced by something else:
        // saving could split the file or run unlocked, so it opens read-only and says why.
        Err(e @ (LockError::Linked { .. } | LockError::Blocked { .. })) => {
            app.read_only = Some(match &e {
                LockError::Linked { .. } => "the file has other names (hard links)".into(),
                _ => "its lock file is blocked".into(),
            });
            app.popups.push(Popup::Locked(Box::new(LockedPopup {
                message: e.to_string(),
            })));
            return None;
        }
        // A read-only folder, a file system without locks: opening read-write here could not
        // notice a second gapwalk, so it opens read-only unless the user says otherwise.
        Err(e @ LockError::Unavailable { .. }) => {
            if let Some(store) = store {
                offer_recovery(app, store);
            }
            app.read_only = Some("no lock can be taken here".into());
            app.popups.push(Popup::Unlockable(Box::new(UnlockablePopup {
                message: e.to_string(),
            })));
            return None;
        }
    };
    if let Some(store) = store {
        offer_recovery(app, store);
    }
    lock
}

fn offer_recovery(app: &mut App, store: &RecoveryStore) {
    let Some(found) = store.waiting_copy(&app.path) else {
        return;
    };
    let copy = found.copy.clone();
    match found.read(&app.session, &app.catalogue) {
        Ok(Some(offer)) => app.popups.push(Popup::Recovery(Box::new(RecoveryPopup::new(
            offer,
            &app.keymap,
        )))),
        // It holds what the file holds: nothing to offer or keep.
        Ok(None) => store.remove(&app.path),
        Err(e) => {
            // Unreadable (damaged, or from another catalogue): kept aside for a person to look at.
            let aside = store
                .set_aside(&app.path, app.now())
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| copy.display().to_string());
            app.message = Some(format!(
                "a recovery copy of this session cannot be read ({e}); it is kept at {aside}"
            ));
        }
    }
}
