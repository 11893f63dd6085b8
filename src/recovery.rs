//! Recovery copies. When a session cannot be written to its own file (a read-only folder, a
//! full disk), the work goes to a copy in the user's state folder instead, so it is never lost.
//! Each workshop writes its own copy (two workshops on one file, possible where no lock can be
//! taken, never write over each other's), and beside it the version of the file it was made
//! from. The next time that file is opened, a copy that holds anything the file does not is
//! offered, however old it is (the file may have been repaired since, which makes it newer),
//! with each difference's values and which side made it; accepting it merges it three ways
//! with the file as it is now, so a change made to the file since (a `gapwalk set`) is kept.
//! Nothing here applies it, and nothing here renders.

mod compare;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::catalogue::Catalogue;
use crate::persist::{self, PersistError};
use crate::sanitise::one_line;
use crate::session::{Session, Timestamp};
use crate::textfile::{MAX_SESSION_BYTES, ReadError, read_text};

pub use compare::{differences, edit_towards};

/// The folder of recovery copies, as one workshop uses it.
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
    /// This workshop's mark in the names of the copies it writes.
    workshop: String,
    /// The copy offered to this workshop, if any: once the workshop saves its file, that work
    /// is in it (used) or was set aside, and the copy goes with its own.
    offered: Arc<Mutex<Option<PathBuf>>>,
}

impl PartialEq for RecoveryStore {
    fn eq(&self, other: &RecoveryStore) -> bool {
        self.dir == other.dir && self.workshop == other.workshop
    }
}

impl Eq for RecoveryStore {}

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
    /// What accepting it makes the session: the copy merged three ways with the file as it is
    /// now (against the version the copy was made from), or the copy itself when that version
    /// is unknown.
    pub session: Session,
    /// One line on what the copy holds against the file.
    pub summary: String,
    /// What differs from the file, field by field, with both values and which side changed it.
    pub differences: Vec<String>,
}

/// Where copies of one session file go: its name, for people, and a hash of its full path, so
/// two `workshop.ron` in different folders never share a copy.
fn copy_stem(session: &Path) -> String {
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
    format!("{stem}-{hash}")
}

/// The file holding the version of the session file a copy was made from: same name, in a
/// folder beside the copies (`recovery-bases/`), so the recovery folder holds only copies.
fn base_of(copy: &Path) -> PathBuf {
    let dir = copy.parent().unwrap_or(Path::new("."));
    let mut bases = dir.file_name().unwrap_or_default().to_os_string();
    bases.push("-bases");
    dir.with_file_name(bases)
        .join(copy.file_name().unwrap_or_default())
}

impl RecoveryStore {
    /// `recovery/` in the user's state folder (`$XDG_STATE_HOME/gapwalk` on Linux).
    pub fn user() -> Option<RecoveryStore> {
        Some(RecoveryStore::at(state_dir()?.join("recovery")))
    }

    /// The store in `dir`, for a new workshop.
    pub fn at(dir: PathBuf) -> RecoveryStore {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        RecoveryStore {
            dir,
            workshop: format!("w{}-{nanos:x}", std::process::id()),
            offered: Arc::new(Mutex::new(None)),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where this workshop's copy of a session file goes.
    pub fn copy_path(&self, session: &Path) -> PathBuf {
        self.dir
            .join(format!("{}.{}.ron", copy_stem(session), self.workshop))
    }

    /// Writes this workshop's recovery copy of the session, replacing its older one; the
    /// version it was made from is unknown, so accepting it later makes the session the copy.
    pub fn write(&self, session_file: &Path, session: &Session) -> Result<PathBuf, PersistError> {
        self.write_copy(session_file, session, None)
    }

    /// Writes this workshop's recovery copy with `base`, the text of the file the workshop last
    /// read or wrote: accepting the copy later merges it three ways with the file as it is then.
    pub fn write_from(
        &self,
        session_file: &Path,
        session: &Session,
        base: &str,
    ) -> Result<PathBuf, PersistError> {
        self.write_copy(session_file, session, Some(base))
    }

    fn write_copy(
        &self,
        session_file: &Path,
        session: &Session,
        base: Option<&str>,
    ) -> Result<PathBuf, PersistError> {
        // The copies are gap registers too: readable by their owner only.
        persist::create_private_dir(&self.dir).map_err(|source| PersistError::Io {
            path: self.dir.clone(),
            action: "cannot create the recovery folder",
            source,
        })?;
        let copy = self.copy_path(session_file);
        // The base first: a copy is never read against another copy's base.
        match base {
            Some(text) => {
                let bases = base_of(&copy);
                if let Some(folder) = bases.parent() {
                    persist::create_private_dir(folder).map_err(|source| PersistError::Io {
                        path: folder.to_path_buf(),
                        action: "cannot create the recovery folder",
                        source,
                    })?;
                }
                persist::write_private(&bases, text.as_bytes())?
            }
            None => {
                let _ = std::fs::remove_file(base_of(&copy));
            }
        }
        let mut text = format!(
            "// gapwalk recovery copy of {}\n",
            one_line(&crate::lock::real_path(session_file).display().to_string())
        );
        text.push_str(&persist::to_canonical(session)?);
        persist::write_private(&copy, text.as_bytes())?;
        Ok(copy)
    }

    /// Every copy of a session file waiting (any workshop's, and the one name earlier versions
    /// used), newest first.
    fn copies_of(&self, session_file: &Path) -> Vec<Found> {
        let stem = copy_stem(session_file);
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<(SystemTime, PathBuf)> = entries
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                let rest = name.strip_prefix(&stem)?.strip_suffix(".ron")?;
                let ours =
                    rest.is_empty() || (rest.starts_with(".w") && !rest.contains(".set-aside-"));
                let meta = std::fs::symlink_metadata(entry.path()).ok()?;
                (ours && meta.is_file()).then_some((meta.modified().ok()?, entry.path()))
            })
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        found
            .into_iter()
            .map(|(at, copy)| Found {
                copy,
                written: timestamp(at),
            })
            .collect()
    }

    /// The newest recovery copy of a session file, if one is waiting; it becomes the copy
    /// offered to this workshop. A copy is left only when its work could not reach the file (a
    /// save that succeeds removes it, keeping the file sets it aside), so its age says nothing:
    /// a file repaired after the copy was written is newer and still lacks that work. Whether it
    /// holds anything the file does not is `Found::read`'s to say.
    pub fn waiting_copy(&self, session_file: &Path) -> Option<Found> {
        let found = self.copies_of(session_file).into_iter().next()?;
        if let Ok(mut offered) = self.offered.lock() {
            *offered = Some(found.copy.clone());
        }
        Some(found)
    }

    /// After the session was saved to its own file: removes this workshop's copy, and the
    /// copy offered to it (its work is in the file now, or it held nothing new). Copies other
    /// workshops wrote are left for them.
    pub fn remove(&self, session_file: &Path) {
        let own = self.copy_path(session_file);
        let offered = self.offered.lock().ok().and_then(|mut o| o.take());
        for copy in std::iter::once(own).chain(offered) {
            let _ = std::fs::remove_file(base_of(&copy));
            let _ = std::fs::remove_file(&copy);
        }
    }

    /// Renames the copy offered (else this workshop's own) out of the way when the user keeps
    /// the file, so it is not offered again but nothing is deleted. Returns where it went.
    pub fn set_aside(&self, session_file: &Path, now: Timestamp) -> std::io::Result<PathBuf> {
        let copy = self
            .offered
            .lock()
            .ok()
            .and_then(|mut o| o.take())
            .unwrap_or_else(|| self.copy_path(session_file));
        let name = copy.file_name().unwrap_or_default().to_string_lossy();
        let stem = name.strip_suffix(".ron").unwrap_or(&name);
        let when = now.datetime().format("%Y%m%dT%H%M%SZ");
        let aside = self.dir.join(format!("{stem}.set-aside-{when}.ron"));
        std::fs::rename(&copy, &aside)?;
        let base = base_of(&copy);
        if base.exists() {
            let _ = std::fs::rename(&base, base_of(&aside));
        }
        Ok(aside)
    }
}

/// What to add when a session file does not load: the recovery copy waiting for it in the
/// user's state folder, if any, and how to take it back.
pub fn unloadable_note(session_file: &Path) -> Option<String> {
    let found = RecoveryStore::user()?.waiting_copy(session_file)?;
    Some(found.unloadable_note(session_file))
}

/// Places to write work that neither its session file nor a recovery copy could take, best
/// first: the home folder, the system's temporary folder, the session's own folder. Each name
/// is new (the session's name and the time), so writing there replaces nothing.
pub fn rescue_paths(session_file: &Path, now: Timestamp) -> Vec<PathBuf> {
    let name = format!(
        "gapwalk-rescue-{}-{}.ron",
        copy_stem(session_file),
        now.datetime().format("%Y%m%dT%H%M%SZ")
    );
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    let folder = crate::lock::real_path(session_file)
        .parent()
        .map(Path::to_path_buf);
    home.into_iter()
        .chain(std::iter::once(std::env::temp_dir()))
        .chain(folder)
        .map(|dir| dir.join(&name))
        .collect()
}

/// Writes a session's work to a new private file at `path`, never over anything already
/// there: the last place for work that exists nowhere else.
pub fn write_rescue(path: &Path, session: &Session) -> Result<(), PersistError> {
    let text = persist::to_canonical(session)?;
    persist::write_new(path, text.as_bytes())
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

/// Reads and checks a session text kept by the store (a copy or its base).
fn read_kept(path: &Path, catalogue: &Catalogue, what: &str) -> Result<Session, PersistError> {
    let name = path.display().to_string();
    let text = read_text(path, MAX_SESSION_BYTES, what).map_err(|e| match e {
        ReadError::Io(source) => PersistError::Io {
            path: path.to_path_buf(),
            action: "cannot read",
            source,
        },
        ReadError::Invalid(located) => PersistError::Invalid(located),
    })?;
    let parsed = persist::parse(&text, &name)?;
    persist::validate(parsed, catalogue, &text, &name)
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

    /// What to add when the session file itself does not load (emptied, truncated, damaged):
    /// the work in the copy is not lost, and how to get it back. Nothing is written for it: a
    /// file that failed to load is never written over.
    pub fn unloadable_note(&self, session_file: &Path) -> String {
        let (copy, file) = (self.copy.display(), session_file.display());
        format!(
            "a recovery copy written {} holds work for {file} that could not be saved to it: {copy}. It is kept; once {file} loads again `gapwalk open {file}` offers it, or look at it and take it whole with `cp {copy} {file}`",
            self.written.datetime().format("%Y-%m-%d %H:%M:%S UTC"),
        )
    }

    /// Reads the copy against the session's catalogue and the file as it is now (`current`).
    /// `None` when it holds nothing the file lacks (nothing to offer).
    pub fn read(
        self,
        current: &Session,
        catalogue: &Catalogue,
    ) -> Result<Option<Offer>, PersistError> {
        let copy = read_kept(&self.copy, catalogue, "a gapwalk recovery copy")?;
        // A base that is missing (a copy from an earlier version) or unreadable leaves the
        // copy's values to win, as they always did.
        let base_path = base_of(&self.copy);
        let base = base_path
            .exists()
            .then(|| read_kept(&base_path, catalogue, "a gapwalk session").ok())
            .flatten();
        let found = compare::compare(base.as_ref(), current, &copy, catalogue);
        if !found.iter().any(|d| d.from_copy) {
            return Ok(None);
        }
        let (session, how) = match &base {
            Some(base) => match crate::review::merge(base, current, &copy, catalogue) {
                Ok(merged) => (
                    merged.session,
                    format!(
                        "; applied as a merge with the file as it is now ({} conflict(s) to choose)",
                        merged.conflicts
                    ),
                ),
                Err(_) => (copy.clone(), "; the copy's values are used".to_string()),
            },
            None => (
                copy.clone(),
                "; the version it was made from is unknown, so the copy's values are used"
                    .to_string(),
            ),
        };
        let differences: Vec<String> = found.into_iter().map(|d| d.text).collect();
        let summary = format!(
            "written {}: records for {} control(s) and {} decision(s) (the file: {} and {}); {} difference(s) from the file{how}",
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
            session,
            summary,
            differences,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::{Applicability, Assessment, Edit, Status};

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
        assert_eq!(
            offer.differences,
            ["9.2.3: recorded only in the copy: applicability \"applicable\", status \"partial\""]
        );
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

    fn with_status(s: &Session, cat: &Catalogue, id: &str, status: Status) -> Session {
        let mut s = s.clone();
        let mut a = s
            .assessment(id, cat)
            .cloned()
            .unwrap_or_else(|| Assessment::new(id));
        a.applicability = Applicability::Applicable;
        a.status = status;
        s.apply(
            Edit::SetAssessment {
                control: id.into(),
                assessment: Some(Box::new(a)),
            },
            cat,
        );
        s
    }

    #[test]
    fn two_workshops_on_one_file_never_share_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.ron");
        let (s, cat) = session();
        let first = RecoveryStore::at(dir.path().join("state"));
        let second = RecoveryStore::at(dir.path().join("state"));
        let ours = with_status(&s, &cat, "9.2.3", Status::Partial);
        let theirs = with_status(&s, &cat, "12.1.2", Status::Planned);
        let a = first.write(&file, &ours).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let b = second.write(&file, &theirs).unwrap();
        assert_ne!(a, b);
        assert!(
            a.exists() && b.exists(),
            "the second did not replace the first"
        );
        // Both are offered in turn, newest first; a save by the one offered a copy removes
        // that copy and its own, never the other workshop's.
        let reader = RecoveryStore::at(dir.path().join("state"));
        assert_eq!(reader.waiting_copy(&file).unwrap().copy, b);
        reader.remove(&file);
        assert!(a.exists() && !b.exists());
        assert_eq!(reader.waiting_copy(&file).unwrap().copy, a);
    }

    #[test]
    fn a_copy_is_applied_as_a_merge_so_a_later_change_to_the_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::at(dir.path().join("state"));
        let file = dir.path().join("s.ron");
        let (s, cat) = session();
        let base = with_status(&s, &cat, "9.2.3", Status::Partial);
        let base_text = persist::to_canonical(&base).unwrap();
        // The workshop's unsaved work: 9.2.3 implemented.
        let work = with_status(&base, &cat, "9.2.3", Status::Implemented);
        store.write_from(&file, &work, &base_text).unwrap();
        // Meanwhile `gapwalk set` changed another control in the file.
        let now = with_status(&base, &cat, "12.1.2", Status::Planned);
        let offer = store
            .waiting_copy(&file)
            .unwrap()
            .read(&now, &cat)
            .unwrap()
            .expect("the copy holds work");
        let result = |id: &str| offer.session.assessment(id, &cat).map(|a| a.status);
        assert_eq!(
            result("9.2.3"),
            Some(Status::Implemented),
            "the copy's work"
        );
        assert_eq!(
            result("12.1.2"),
            Some(Status::Planned),
            "the later set is kept"
        );
        assert!(
            offer
                .differences
                .iter()
                .any(|d| d == "9.2.3, status: \"partial\" → \"implemented\" in the copy; applied"),
            "{:?}",
            offer.differences
        );
        assert!(
            offer
                .differences
                .iter()
                .any(|d| d.starts_with("12.1.2: recorded only in the file (added there since")),
            "{:?}",
            offer.differences
        );
        // A copy whose work the file already holds offers nothing.
        let done = with_status(&now, &cat, "9.2.3", Status::Implemented);
        let again = store.waiting_copy(&file).unwrap();
        assert!(again.read(&done, &cat).unwrap().is_none());
    }

    #[test]
    fn rescued_work_goes_to_a_new_private_file_and_never_over_one() {
        let dir = tempfile::tempdir().unwrap();
        let (s, cat) = session();
        let work = with_status(&s, &cat, "9.2.3", Status::Partial);
        let file = dir.path().join("s.ron");
        let at = Timestamp::from_unix(1_790_000_000).unwrap();
        let paths = rescue_paths(&file, at);
        assert!(paths.len() >= 2, "{paths:?}");
        assert!(
            paths
                .iter()
                .all(|p| p.to_string_lossy().contains("gapwalk-rescue-s-"))
        );
        let target = dir.path().join("rescue.ron");
        write_rescue(&target, &work).unwrap();
        let back = read_kept(&target, &cat, "a gapwalk session").unwrap();
        assert_eq!(back, work);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        // A name already taken is refused, and what is there stays.
        std::fs::write(dir.path().join("taken.ron"), "mine").unwrap();
        assert!(write_rescue(&dir.path().join("taken.ron"), &work).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("taken.ron")).unwrap(),
            "mine"
        );
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
