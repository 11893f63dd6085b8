//! Recovery copies. When a session cannot be written to its own file (a read-only folder, a
//! full disk), the work goes to a copy in the user's state folder instead, one per session file,
//! so it is never lost. The next time that file is opened, a copy that holds anything the file
//! does not is offered with what it holds, however old it is (the file may have been repaired
//! since, which makes it newer); nothing here applies it, and nothing here renders.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::catalogue::Catalogue;
use crate::persist::{self, PersistError};
use crate::sanitise::one_line;
use crate::session::{Assessment, Edit, Session, Timestamp};
use crate::textfile::{MAX_SESSION_BYTES, ReadError, read_text};

/// The folder of recovery copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryStore {
    dir: PathBuf,
}

/// A recovery copy waiting for its session file: work that could not be written there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub copy: PathBuf,
    pub written: Timestamp,
}

/// A recovery copy read and checked against the session's catalogue, ready to be offered.
#[derive(Debug, Clone)]
pub struct Offer {
    pub copy: PathBuf,
    pub written: Timestamp,
    pub session: Session,
    /// One line on what the copy holds against the file.
    pub summary: String,
    /// What differs from the file, control by control.
    pub differences: Vec<String>,
}

impl RecoveryStore {
    /// `recovery/` in the user's state folder (`$XDG_STATE_HOME/gapwalk` on Linux).
    pub fn user() -> Option<RecoveryStore> {
        Some(RecoveryStore::at(state_dir()?.join("recovery")))
    }

    pub fn at(dir: PathBuf) -> RecoveryStore {
        RecoveryStore { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the copy of a session file goes: its name, for people, and a hash of its full
    /// path, so two `workshop.ron` in different folders never share a copy.
    pub fn copy_path(&self, session: &Path) -> PathBuf {
        let real = crate::lock::real_path(session);
        let digest = Sha256::digest(real.to_string_lossy().as_bytes());
        let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        let stem = real
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem: String = stem
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .take(40)
            .collect();
        self.dir.join(format!("{stem}-{hash}.ron"))
    }

    /// Writes the session's recovery copy, replacing an older one.
    pub fn write(&self, session_file: &Path, session: &Session) -> Result<PathBuf, PersistError> {
        // The copies are gap registers too: readable by their owner only.
        persist::create_private_dir(&self.dir).map_err(|source| PersistError::Io {
            path: self.dir.clone(),
            action: "cannot create the recovery folder",
            source,
        })?;
        let copy = self.copy_path(session_file);
        let mut text = format!(
            "// gapwalk recovery copy of {}\n",
            one_line(&crate::lock::real_path(session_file).display().to_string())
        );
        text.push_str(&persist::to_canonical(session)?);
        persist::write_private(&copy, text.as_bytes())?;
        Ok(copy)
    }

    /// The recovery copy of a session file, if one is waiting. A copy is left only when its
    /// work could not reach the file (a save that succeeds removes it, keeping the file sets it
    /// aside), so its age says nothing: a file repaired after the copy was written is newer and
    /// still lacks that work. Whether it holds anything the file does not is `Found::read`'s to
    /// say.
    pub fn waiting_copy(&self, session_file: &Path) -> Option<Found> {
        let copy = self.copy_path(session_file);
        let written = std::fs::metadata(&copy).ok()?.modified().ok()?;
        Some(Found {
            copy,
            written: timestamp(written),
        })
    }

    /// Removes the copy of a session file (it was saved to its own file since).
    pub fn remove(&self, session_file: &Path) {
        let _ = std::fs::remove_file(self.copy_path(session_file));
    }

    /// Renames the copy out of the way when the user keeps the file, so it is not offered
    /// again but nothing is deleted. Returns where it went.
    pub fn set_aside(&self, session_file: &Path, now: Timestamp) -> std::io::Result<PathBuf> {
        let copy = self.copy_path(session_file);
        let stem = copy
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let aside = self.dir.join(format!(
            "{stem}.set-aside-{}.ron",
            now.datetime().format("%Y%m%dT%H%M%SZ")
        ));
        std::fs::rename(&copy, &aside)?;
        Ok(aside)
    }
}

/// The user's state folder for gapwalk (`$XDG_STATE_HOME/gapwalk` on Linux; the local data
/// folder where a platform has no state folder): recovery copies and the recent sessions.
pub fn state_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "gapwalk")
        .map(|d| d.state_dir().unwrap_or(d.data_local_dir()).to_path_buf())
}

fn timestamp(at: SystemTime) -> Timestamp {
    Timestamp::from_datetime(chrono::DateTime::<chrono::Utc>::from(at))
}

impl Found {
    /// One line for a headless command's warning.
    pub fn warning(&self, session_file: &Path) -> String {
        format!(
            "{}: a recovery copy written {} holds work that could not be saved to this file ({}); `gapwalk open {}` offers it",
            session_file.display(),
            self.written.datetime().format("%Y-%m-%d %H:%M:%S UTC"),
            self.copy.display(),
            session_file.display()
        )
    }

    /// Reads the copy against the session's catalogue. `None` when it holds exactly what the
    /// file holds (nothing to offer).
    pub fn read(
        self,
        current: &Session,
        catalogue: &Catalogue,
    ) -> Result<Option<Offer>, PersistError> {
        let name = self.copy.display().to_string();
        let text = read_text(&self.copy, MAX_SESSION_BYTES, "a gapwalk recovery copy").map_err(
            |e| match e {
                ReadError::Io(source) => PersistError::Io {
                    path: self.copy.clone(),
                    action: "cannot read",
                    source,
                },
                ReadError::Invalid(located) => PersistError::Invalid(located),
            },
        )?;
        let parsed = persist::parse(&text, &name)?;
        let copy = persist::validate(parsed, catalogue, &text, &name)?;
        let differences = differences(current, &copy, catalogue);
        if differences.is_empty() {
            return Ok(None);
        }
        let summary = format!(
            "written {}: records for {} control(s) and {} decision(s) (the file: {} and {}); {} difference(s) from the file",
            self.written.datetime().format("%Y-%m-%d %H:%M:%S UTC"),
            copy.assessments.len(),
            copy.decisions.len(),
            current.assessments.len(),
            current.decisions.len(),
            differences.len()
        );
        Ok(Some(Offer {
            copy: self.copy,
            written: self.written,
            session: copy,
            summary,
            differences,
        }))
    }
}

/// What a copy changes against the file, in catalogue order: which details, which controls and
/// which of their fields, and the decision log. Who changed a record and when is left out.
pub fn differences(file: &Session, copy: &Session, catalogue: &Catalogue) -> Vec<String> {
    let mut out = Vec::new();
    let mut file_meta = file.meta.clone();
    file_meta.updated = copy.meta.updated;
    let meta_fields = changed_fields(&file_meta, &copy.meta);
    if !meta_fields.is_empty() {
        out.push(format!("session details: {}", meta_fields.join(", ")));
    }
    for control in &catalogue.controls {
        let (a, b) = (
            file.assessment(&control.id, catalogue),
            copy.assessment(&control.id, catalogue),
        );
        let id = one_line(&control.id);
        match (a, b) {
            (None, Some(_)) => out.push(format!("{id}: recorded only in the copy")),
            (Some(_), None) => out.push(format!("{id}: recorded only in the file")),
            (Some(a), Some(b)) => {
                let fields = changed_fields(&comparable(a), &comparable(b));
                if !fields.is_empty() {
                    out.push(format!("{id}: {}", fields.join(", ")));
                }
            }
            (None, None) => {}
        }
    }
    if file.decisions != copy.decisions {
        let common = file
            .decisions
            .iter()
            .zip(&copy.decisions)
            .take_while(|(a, b)| a == b)
            .count();
        let entries = |n: usize| match n {
            1 => "1 entry".to_string(),
            n => format!("{n} entries"),
        };
        out.push(format!(
            "decision log: {} only in the copy, {} only in the file",
            entries(copy.decisions.len() - common),
            entries(file.decisions.len() - common)
        ));
    }
    out
}

/// The edit that turns `current` into `target` (same catalogue): its details, where to resume,
/// each differing assessment and the decision log, as one change that undo takes back whole.
/// Accepting a recovery copy applies it.
pub fn edit_towards(current: &Session, target: &Session, catalogue: &Catalogue) -> Edit {
    let mut edits = Vec::new();
    if current.meta != target.meta {
        edits.push(Edit::SetMetadata(Box::new(target.meta.clone())));
    }
    if current.resume_at != target.resume_at {
        edits.push(Edit::SetResumeAt(target.resume_at.clone()));
    }
    if current.approvals != target.approvals {
        edits.push(Edit::SetApprovals(target.approvals.clone()));
    }
    let ids = current
        .assessments
        .iter()
        .chain(&target.assessments)
        .map(|a| &a.control);
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            continue;
        }
        let (now, wanted) = (
            current.assessment(id, catalogue),
            target.assessment(id, catalogue),
        );
        if now != wanted {
            edits.push(Edit::SetAssessment {
                control: id.clone(),
                assessment: wanted.cloned().map(Box::new),
            });
        }
    }
    if current.decisions != target.decisions {
        edits.extend(
            (0..current.decisions.len())
                .rev()
                .map(|index| Edit::RemoveDecision { index }),
        );
        edits.extend(
            target
                .decisions
                .iter()
                .enumerate()
                .map(|(index, d)| Edit::InsertDecision {
                    index,
                    decision: d.clone(),
                }),
        );
    }
    Edit::Batch(edits)
}

fn comparable(a: &Assessment) -> Assessment {
    let mut a = a.clone();
    a.changed_by.clear();
    a.changed_at = None;
    a
}

/// Names of the top-level fields whose values differ.
fn changed_fields<T: serde::Serialize>(a: &T, b: &T) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return vec!["(content)".into()];
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| k.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::{Applicability, Edit, Status};

    fn session() -> (Session, Catalogue) {
        let cat = default_catalogue();
        let s = Session::new("t", &cat, Timestamp::from_unix(1_790_000_000).unwrap());
        (s, cat)
    }

    #[test]
    fn a_waiting_copy_is_found_and_described_until_the_file_holds_its_work() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::at(dir.path().join("state"));
        let file = dir.path().join("s.ron");
        let (s, cat) = session();
        persist::save(&file, &s).unwrap();
        assert_eq!(store.waiting_copy(&file), None);
        let mut changed = s.clone();
        let mut a = Assessment::new("9.2.3");
        a.applicability = Applicability::Applicable;
        a.status = Status::Partial;
        changed.apply(
            Edit::SetAssessment {
                control: "9.2.3".into(),
                assessment: Some(Box::new(a)),
            },
            &cat,
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        let copy = store.write(&file, &changed).unwrap();
        assert!(copy.starts_with(store.dir()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&copy), 0o600, "a copy of a gap register is private");
            assert_eq!(mode(store.dir()), 0o700);
        }
        let found = store.waiting_copy(&file).expect("a copy is waiting");
        let offer = found.read(&s, &cat).unwrap().expect("it differs");
        assert_eq!(offer.session, changed);
        assert_eq!(offer.differences, ["9.2.3: recorded only in the copy"]);
        assert!(
            offer
                .summary
                .contains("records for 1 control(s) and 0 decision(s) (the file: 0 and 0)"),
            "{}",
            offer.summary
        );
        // A file repaired by hand after the copy was written is newer, and still lacks the work:
        // the copy is still offered.
        std::thread::sleep(std::time::Duration::from_millis(20));
        persist::save(&file, &s).unwrap();
        let again = store.waiting_copy(&file).expect("still waiting");
        assert!(again.read(&s, &cat).unwrap().is_some());
        // Once the file holds the work, there is nothing left to offer.
        persist::save(&file, &changed).unwrap();
        let found = store.waiting_copy(&file).expect("the copy is still there");
        assert!(found.read(&changed, &cat).unwrap().is_none());
    }

    #[test]
    fn setting_a_copy_aside_keeps_it_but_stops_the_offer() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::at(dir.path().join("state"));
        let file = dir.path().join("s.ron");
        let (s, _) = session();
        store.write(&file, &s).unwrap();
        let aside = store
            .set_aside(&file, Timestamp::from_unix(1_790_000_000).unwrap())
            .unwrap();
        assert!(aside.exists());
        assert_eq!(store.waiting_copy(&file), None);
    }

    #[test]
    fn copies_of_same_named_files_in_different_folders_differ() {
        let store = RecoveryStore::at(PathBuf::from("/state"));
        let a = store.copy_path(Path::new("/a/workshop.ron"));
        let b = store.copy_path(Path::new("/b/workshop.ron"));
        assert_ne!(a, b);
        assert!(
            a.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("workshop-")
        );
    }
}
