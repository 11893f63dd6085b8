//! Bringing a session written by an older gapwalk up to this build's format, one version step
//! at a time. Every file read goes through here (the workshop, every command, both sides and
//! the base of a merge, recovery copies), so code past the loader only ever sees the current
//! format; the canonical writer then writes it. A step only adds what the older format could
//! not hold: nothing recorded is dropped or reinterpreted.

use crate::session::{FORMAT_VERSION, Session, migrated_session_id};

/// Migrates a parsed session from `from` (its `format_version`, at most [`FORMAT_VERSION`]) to
/// the current format.
pub fn migrate(mut session: Session, from: u32) -> Session {
    if from < 2 {
        session = v1_to_v2(session);
    }
    // A hand-written file of the current version may lack the id too; give it the one its
    // migration would, so every copy of it agrees.
    if session.id.trim().is_empty() {
        session.id = migrated_session_id(&session);
    }
    session.format_version = FORMAT_VERSION;
    session
}

/// Version 2 added the session id, document control, approvals and several per-control
/// fields (and, within the same release, the meeting records with their
/// `attendance_confirmed`, which a version 2 file written before it lacks and reads as
/// `false`: attendees listed, not confirmed, which is what such a record meant). All but the id default to empty, which is what a version 1 session meant; the id
/// is derived from when the session was created, so the same old session migrated twice (the
/// base and both sides of a merge) gets the same id.
fn v1_to_v2(mut session: Session) -> Session {
    session.id = migrated_session_id(&session);
    session.format_version = 2;
    session
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::{Timestamp, is_uuid};

    #[test]
    fn an_old_session_gets_the_same_id_every_time_it_is_migrated() {
        let cat = default_catalogue();
        let mut old = Session::new("t", &cat, Timestamp::from_unix(1_790_000_000).unwrap());
        old.format_version = 1;
        old.id.clear();
        let once = migrate(old.clone(), 1);
        let again = migrate(old.clone(), 1);
        assert_eq!(once.format_version, FORMAT_VERSION);
        assert!(is_uuid(&once.id), "{}", once.id);
        assert_eq!(once.id, again.id);
        old.meta.title = "renamed on a branch".into();
        assert_eq!(migrate(old, 1).id, once.id);
    }
}
