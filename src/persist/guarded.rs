//! Saving a session that other programs may write too: `git pull` or a merge while a workshop
//! has the file open, or a hand edit. A save goes ahead only over the version gapwalk last read
//! or wrote; when the file on disk is another, nothing is written and the caller gets that
//! version to merge with. Nothing here renders or merges.

use std::path::Path;
use std::sync::Arc;

use super::{PersistError, to_canonical, write_atomic};
use crate::session::Session;
use crate::textfile::{MAX_SESSION_BYTES, ReadError, read_text};

/// What a guarded save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guarded {
    /// The session was written; this text is now the version on disk.
    Written(Arc<String>),
    /// The file holds another version than the one expected; nothing was written.
    Changed(String),
    /// The file holds something else that does not even read as a session (too large, not
    /// UTF-8): nothing was written; the message says why.
    Unreadable(String),
}

/// Writes `session` over `path` (keeping `FILE.bak`) only when the file still holds `expected`,
/// byte for byte, or is gone. Between the check and the rename another writer could slip in;
/// the window is the time of one write, where before it was the whole meeting.
pub fn save_over(path: &Path, session: &Session, expected: &str) -> Result<Guarded, PersistError> {
    match read_text(path, MAX_SESSION_BYTES, "a gapwalk session in RON") {
        Ok(current) if current != expected => return Ok(Guarded::Changed(current)),
        Ok(_) => {}
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {}
        // Another version, and not even one that reads: still never written over.
        Err(ReadError::Invalid(located)) => return Ok(Guarded::Unreadable(located.to_string())),
        Err(ReadError::Io(source)) => {
            return Err(PersistError::Io {
                path: path.to_path_buf(),
                action: "cannot read before saving",
                source,
            });
        }
    }
    let text = Arc::new(to_canonical(session)?);
    write_atomic(path, text.as_bytes(), true)?;
    Ok(Guarded::Written(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::Timestamp;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let cat = default_catalogue();
        let mut s = Session::new("ours", &cat, Timestamp::from_unix(0).unwrap());
        let first = match save_over(&path, &s, "").unwrap() {
            Guarded::Written(text) => text,
            other => panic!("{other:?}"),
        };
        let theirs = first.replace("title: \"ours\"", "title: \"theirs\"");
        std::fs::write(&path, &theirs).unwrap();
        s.meta.title = "ours, later".into();
        assert_eq!(
            save_over(&path, &s, &first).unwrap(),
            Guarded::Changed(theirs.clone())
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
        // Once the caller has seen that version, writing over it is what it asks for.
        assert!(matches!(
            save_over(&path, &s, &theirs).unwrap(),
            Guarded::Written(_)
        ));
    }
}
