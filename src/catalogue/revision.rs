//! Catalogue revisions: which revision of a catalogue a session was started with, recognised by
//! the content hash the session recorded, and what changed since. A catalogue's `history` keeps,
//! for each revision, the hash of the one it replaced and the control ids it added, changed or
//! removed; the words themselves live only in the current catalogue. An unknown hash (a file
//! edited by hand, another build's catalogue) is told apart from an older known revision, which
//! `gapwalk catalogue upgrade` can move the session onto.

use super::{Catalogue, RevisionNote};
use crate::sanitise::one_line;

/// How many ids a notice names before it says "and N more".
const IDS_SHOWN: usize = 8;

/// Where a recorded content hash stands against a catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pin<'c> {
    /// The session was started with this very content.
    Current,
    /// An earlier revision this catalogue's history names; `since` holds the notes of every
    /// revision after it, oldest first.
    Older {
        revision: u32,
        since: &'c [RevisionNote],
    },
    /// A content this catalogue's history does not know.
    Unknown,
}

/// What changed across several revisions: each id once, in the list of its last change (an id
/// added and then changed is added; one removed after a change is removed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    /// The changes of `notes`, each list in the order the notes name its ids (catalogue order).
    pub fn of(notes: &[RevisionNote]) -> Changes {
        let mut c = Changes::default();
        for note in notes {
            for id in &note.removed {
                let was_added = c.added.contains(id);
                c.added.retain(|x| x != id);
                c.changed.retain(|x| x != id);
                if !was_added && !c.removed.contains(id) {
                    c.removed.push(id.clone());
                }
            }
            for id in &note.added {
                c.removed.retain(|x| x != id);
                if !c.added.contains(id) {
                    c.added.push(id.clone());
                }
            }
            for id in &note.changed {
                if !c.added.contains(id) && !c.changed.contains(id) {
                    c.changed.push(id.clone());
                }
            }
        }
        c
    }
}

impl Catalogue {
    /// Where a session that recorded `hash` stands against this catalogue.
    pub fn pin(&self, hash: &str) -> Pin<'_> {
        self.pin_with(hash, &self.content_hash())
    }

    /// `pin` when the caller already has this catalogue's content hash.
    pub fn pin_with(&self, hash: &str, own_hash: &str) -> Pin<'_> {
        if hash == own_hash {
            return Pin::Current;
        }
        match self.history.iter().position(|note| note.replaces == hash) {
            Some(at) => Pin::Older {
                revision: self.history[at].revision.saturating_sub(1),
                since: &self.history[at..],
            },
            None => Pin::Unknown,
        }
    }

    /// The warning a session pinned to `recorded` gets on load, if it needs one. `file` names
    /// the session in the message.
    pub fn pin_notice(&self, recorded: &str, own_hash: &str, file: &str) -> Option<String> {
        let id = one_line(&self.id);
        match self.pin_with(recorded, own_hash) {
            Pin::Current => None,
            Pin::Older { revision, since } => {
                let changes = Changes::of(since);
                let summaries: Vec<String> = since
                    .iter()
                    .filter(|n| !n.summary.is_empty())
                    .map(|n| format!("revision {}: {}", n.revision, one_line(&n.summary)))
                    .collect();
                let mut parts = Vec::new();
                for (what, ids) in [
                    ("added", &changes.added),
                    ("changed", &changes.changed),
                    ("removed", &changes.removed),
                ] {
                    if !ids.is_empty() {
                        parts.push(format!("{} {what} ({})", ids.len(), id_list(ids)));
                    }
                }
                let summary = if summaries.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", summaries.join("; "))
                };
                Some(format!(
                    "{file}: catalogue {id} has a newer revision ({}) than the one this session was started with ({revision}): controls {}{summary}; run `gapwalk catalogue upgrade {file}` to take it",
                    self.revision,
                    if parts.is_empty() {
                        "unchanged".to_string()
                    } else {
                        parts.join(", ")
                    }
                ))
            }
            Pin::Unknown => Some(format!(
                "{file}: catalogue {id} has changed since the session was started (recorded {}, now {own_hash}), and its history does not name the recorded content; check controls that were added or renamed, then `gapwalk catalogue upgrade {file}` records the current one",
                one_line(recorded)
            )),
        }
    }
}

/// The first few ids, then how many more.
fn id_list(ids: &[String]) -> String {
    let shown: Vec<String> = ids
        .iter()
        .take(IDS_SHOWN)
        .map(|i| one_line(i).into_owned())
        .collect();
    let more = ids.len().saturating_sub(IDS_SHOWN);
    if more == 0 {
        shown.join(", ")
    } else {
        format!("{} and {more} more", shown.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(revision: u32, replaces: &str, added: &[&str], changed: &[&str]) -> RevisionNote {
        RevisionNote {
            revision,
            replaces: replaces.into(),
            summary: String::new(),
            added: added.iter().map(|s| s.to_string()).collect(),
            changed: changed.iter().map(|s| s.to_string()).collect(),
            removed: Vec::new(),
        }
    }

    #[test]
    fn an_id_added_then_changed_counts_once_as_added() {
        let notes = [
            note(1, "sha256:a", &["X"], &["1"]),
            note(2, "sha256:b", &[], &["X", "2"]),
        ];
        let c = Changes::of(&notes);
        assert_eq!(c.added, ["X"]);
        assert_eq!(c.changed, ["1", "2"]);
    }

    #[test]
    fn a_session_two_revisions_behind_hears_of_both() {
        let mut cat = Catalogue::from_parts("c", "1", "C", vec![], vec![], vec![]);
        cat.revision = 2;
        cat.history = vec![
            note(1, "sha256:r0", &["X"], &[]),
            note(2, "sha256:r1", &[], &["Y"]),
        ];
        let own = cat.content_hash();
        assert_eq!(cat.pin(&own), Pin::Current);
        assert!(
            matches!(cat.pin("sha256:r0"), Pin::Older { revision: 0, since } if since.len() == 2)
        );
        assert!(
            matches!(cat.pin("sha256:r1"), Pin::Older { revision: 1, since } if since.len() == 1)
        );
        assert_eq!(cat.pin("sha256:other"), Pin::Unknown);
        let notice = cat.pin_notice("sha256:r0", &own, "s.ron").unwrap();
        assert!(notice.contains("1 added (X)"), "{notice}");
        assert!(notice.contains("1 changed (Y)"), "{notice}");
        assert!(
            notice.contains("gapwalk catalogue upgrade s.ron"),
            "{notice}"
        );
        assert!(cat.pin_notice(&own, &own, "s.ron").is_none());
    }
}
