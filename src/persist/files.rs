//! Writing files where the file system can surprise: whatever sits at a name (a device, a pipe,
//! a folder, a link someone else planted), a disk that fills up, a process killed half-way.
//! Sessions and private files are written to a temporary file in the same folder and renamed,
//! only ever over a regular file or nothing. A backup is a hard link to the version being
//! replaced (or, where links are not possible, a fresh copy) renamed into place, so it is always
//! a whole version and nothing is ever written into a path that already exists. An export given
//! a character device or a pipe streams into it instead of replacing it. Every file created here
//! is readable by its owner only, whatever the umask. Nothing here parses sessions or renders.

use std::ffi::{OsStr, OsString};
use std::fs::{File, Metadata, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::PersistError;

pub use super::output::{write_output, write_output_with};

/// Temporary files are named `.NAME.gapwalk-XXXXXX.tmp` beside NAME: the debris a killed save
/// leaves is recognisably NAME's, so whoever holds NAME's lock can remove it safely.
const TEMP_TAG: &str = ".gapwalk-";
const TEMP_SUFFIX: &str = ".tmp";
/// Random characters in a temporary name (tempfile's default).
const TEMP_RANDOM: usize = 6;
/// The end of a lock file's name (`.NAME.gapwalk-lock`).
pub const LOCK_SUFFIX: &str = ".gapwalk-lock";
/// How old another file's temporary debris must be before it is removed: no write of one
/// file takes this long, so nothing still in use is touched.
const STALE_DEBRIS: Duration = Duration::from_secs(3600);

/// The backup written next to a session before each save replaces it.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// The folder a path's file lives in (`.` for a bare name).
pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.NAME.gapwalk-`: the start of NAME's temporary files. Long names are cut (on a character
/// boundary) so the whole temporary name stays within the usual 255-byte limit.
fn temp_prefix(name: &OsStr) -> OsString {
    let lossy = name.to_string_lossy();
    let mut end = lossy.len().min(150);
    while !lossy.is_char_boundary(end) {
        end -= 1;
    }
    let mut prefix = OsString::from(".");
    prefix.push(&lossy[..end]);
    prefix.push(TEMP_TAG);
    prefix
}

fn temp_builder(prefix: &OsStr) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(TEMP_SUFFIX);
    builder
}

/// Whether a file name is one of gapwalk's own sidecars: a temporary file or a lock file. An
/// output never goes there.
pub fn is_sidecar_name(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        && (name.ends_with(LOCK_SUFFIX) || (name.contains(TEMP_TAG) && name.ends_with(TEMP_SUFFIX)))
}

/// An I/O failure of `action` on `path`, for `map_err`.
pub(crate) fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> PersistError {
    let path = path.to_path_buf();
    move |source| PersistError::Io {
        path,
        action,
        source,
    }
}

pub(super) fn refused(path: &Path, why: impl Into<String>) -> PersistError {
    PersistError::Refused {
        path: path.to_path_buf(),
        why: why.into(),
    }
}

/// Why an output may not go to a path: it is a session itself, or one of a session's sidecars.
#[derive(Debug)]
pub enum SessionName {
    Session,
    Sidecar(PersistError),
}

/// Refuses an output at `out` that is the session at `session` by any name (a link, another
/// spelling, a hard link), or one of its sidecars: its backup, its lock, its temporary files.
pub fn refuse_session_names(out: &Path, session: &Path) -> Result<(), SessionName> {
    let (real_out, real_session) = (crate::lock::real_path(out), crate::lock::real_path(session));
    let out_meta = std::fs::metadata(&real_out).ok();
    let is = |other: &Path| {
        real_out == other
            || match (&out_meta, std::fs::symlink_metadata(other)) {
                (Some(a), Ok(b)) => same_file(a, &b),
                _ => false,
            }
    };
    if is(&real_session) {
        return Err(SessionName::Session);
    }
    let sidecar = |what: &str| {
        Err(SessionName::Sidecar(refused(
            out,
            format!(
                "is the {what} of the session {}; choose another name",
                session.display()
            ),
        )))
    };
    if is(&backup_path(&real_session)) {
        return sidecar("backup");
    }
    if real_out == crate::lock::lock_path(session) {
        return sidecar("lock file");
    }
    let name = real_out.file_name().unwrap_or_default().to_string_lossy();
    let own = temp_prefix(real_session.file_name().unwrap_or_default());
    if real_out.parent() == real_session.parent() && name.starts_with(&*own.to_string_lossy()) {
        return sidecar("temporary file");
    }
    Ok(())
}

/// What kind of thing sits at a name, in words.
pub fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// Whether two metadata describe one file (the same inode on the same device).
#[cfg(unix)]
pub(crate) fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
pub(crate) fn same_file(_a: &Metadata, _b: &Metadata) -> bool {
    false
}

/// What sits at `path` without following a link; `None` when nothing does.
pub(super) fn inspect(path: &Path) -> Result<Option<Metadata>, PersistError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => Ok(Some(meta)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io("cannot inspect", path)(e)),
    }
}

/// A new temporary file beside `target` (0600), holding `bytes`, synced.
fn temp_with(target: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, PersistError> {
    let dir = folder_of(target);
    let prefix = temp_prefix(target.file_name().unwrap_or_default());
    let mut temp = temp_builder(&prefix)
        .tempfile_in(&dir)
        .map_err(io("cannot create a temporary file in the folder", &dir))?;
    private(temp.as_file()).map_err(io("cannot set permissions", temp.path()))?;
    temp.write_all(bytes)
        .map_err(io("cannot write", temp.path()))?;
    temp.as_file()
        .sync_all()
        .map_err(io("cannot sync", temp.path()))?;
    Ok(temp)
}

/// A private temporary file next to `target` holding what `fill` writes (buffered), synced.
/// When `fill` fails the file is removed as it is dropped.
pub(super) fn temp_filled<E: From<PersistError>>(
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<tempfile::NamedTempFile, E> {
    let dir = folder_of(target);
    let prefix = temp_prefix(target.file_name().unwrap_or_default());
    let temp = temp_builder(&prefix)
        .tempfile_in(&dir)
        .map_err(io("cannot create a temporary file in the folder", &dir))?;
    private(temp.as_file()).map_err(io("cannot set permissions", temp.path()))?;
    let mut writer = std::io::BufWriter::with_capacity(256 * 1024, temp.as_file());
    fill(&mut writer)?;
    writer.flush().map_err(io("cannot write", temp.path()))?;
    drop(writer);
    temp.as_file()
        .sync_all()
        .map_err(io("cannot sync", temp.path()))?;
    Ok(temp)
}

/// Owner read and write only, set on the open file (never through a path that could have
/// been swapped). Files are created 0600 already; this holds whatever the umask or the
/// creating library did.
#[cfg(unix)]
fn private(file: &File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn private(_file: &File) -> std::io::Result<()> {
    Ok(())
}

/// Creates a folder gapwalk keeps private files in (and any missing parents) owner-only,
/// whatever the umask; an existing one is narrowed to owner-only too.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir)?;
        let meta = std::fs::symlink_metadata(dir)?;
        if !meta.is_dir() {
            return Err(std::io::Error::other("not a folder"));
        }
        if meta.permissions().mode() & 0o777 != 0o700 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    builder.create(dir)
}

/// Makes the renames in a folder durable; failure here loses nothing already written.
pub(super) fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// How a replaced file's permissions carry over.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A session keeps the permissions its owner gave it (a group may share it).
    Keep,
    /// Recovery copies and state files: owner only.
    Private,
}

/// Writes a session: a temporary file in the same folder, synced, renamed over the target. A
/// new file is readable by its owner only; an existing one keeps its permissions. A symbolic
/// link is followed, so the link stays and its target is replaced. Anything but a regular file
/// at the target (a pipe, a device, a folder) is refused, never replaced. `keep_backup` keeps
/// the version replaced as `FILE.bak` (see [`backup_path`]).
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), PersistError> {
    replace(path, bytes, keep_backup, Mode::Keep)
}

/// Writes a file only gapwalk reads (a recovery copy, the list of recent sessions): like a
/// session save, without a backup, and always readable by its owner only.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), PersistError> {
    replace(path, bytes, false, Mode::Private)
}

fn replace(path: &Path, bytes: &[u8], keep_backup: bool, mode: Mode) -> Result<(), PersistError> {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let existing = inspect(&target)?;
    if let Some(meta) = &existing
        && !meta.is_file()
    {
        return Err(refused(
            &target,
            format!(
                "is {}, not a regular file; gapwalk only ever saves over a regular file",
                kind(meta)
            ),
        ));
    }
    let temp = temp_with(&target, bytes)?;
    if let (Some(meta), Mode::Keep) = (&existing, mode) {
        temp.as_file()
            .set_permissions(meta.permissions())
            .map_err(io("cannot set permissions", temp.path()))?;
    }
    let backup = match (&existing, keep_backup) {
        (Some(meta), true) => make_backup(&target, meta)?,
        _ => None,
    };
    temp.persist(&target).map_err(|e| PersistError::Io {
        path: target.clone(),
        action: "cannot replace",
        source: e.error,
    })?;
    if let Some(old) = backup
        && only_name(&old)
    {
        // The version now only the backup holds was the session, with its permissions; as a
        // backup it is private. Failing here leaves it as readable as the session was.
        let _ = private(&old);
    }
    sync_folder(&folder_of(&target));
    Ok(())
}

/// Puts the version at `target` (described by `current`) at `FILE.bak`: a hard link to it (or
/// a fresh copy where links are impossible) under a temporary name, renamed over the backup's
/// name. Whatever sat there (a pipe, a file someone planted) is replaced, never written into,
/// and a full disk leaves the previous backup as it was. Returns the backup, open, when it is
/// the session's own file (a hard link), so its permissions can be narrowed once the new
/// version has replaced it.
fn make_backup(target: &Path, current: &Metadata) -> Result<Option<File>, PersistError> {
    let backup = backup_path(target);
    // Already this very version (a save stopped between its backup and its rename): a rename
    // between two names of one file does nothing and would leave the temporary name behind.
    if let Some(existing) = inspect(&backup)?
        && same_file(&existing, current)
    {
        return Ok(None);
    }
    let dir = folder_of(target);
    let prefix = temp_prefix(target.file_name().unwrap_or_default());
    let linked = temp_builder(&prefix).make_in(&dir, |name| {
        std::fs::hard_link(target, name)?;
        open_regular(name)
    });
    let (temp, shared) = match linked {
        Ok(temp) => (temp, true),
        Err(_) => (copy_to_temp(target, &dir, &prefix)?, false),
    };
    let keep = if shared {
        temp.as_file().try_clone().ok()
    } else {
        None
    };
    temp.persist(&backup).map_err(|e| PersistError::Io {
        path: backup.clone(),
        action: "cannot keep a backup at",
        source: e.error,
    })?;
    Ok(keep)
}

/// Whether an open file has one name left (narrowing its permissions touches nothing else).
#[cfg(unix)]
fn only_name(file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    file.metadata().is_ok_and(|m| m.nlink() == 1)
}

#[cfg(not(unix))]
fn only_name(_file: &File) -> bool {
    true
}

/// A fresh private copy of the regular file at `source`, synced, under a temporary name.
fn copy_to_temp(
    source: &Path,
    dir: &Path,
    prefix: &OsStr,
) -> Result<tempfile::NamedTempFile, PersistError> {
    let mut from = open_regular(source).map_err(io("cannot read for a backup", source))?;
    let mut temp = temp_builder(prefix)
        .tempfile_in(dir)
        .map_err(io("cannot create a temporary file in the folder", dir))?;
    private(temp.as_file()).map_err(io("cannot set permissions", temp.path()))?;
    std::io::copy(&mut from, &mut temp).map_err(io("cannot write a backup to", temp.path()))?;
    temp.as_file()
        .sync_all()
        .map_err(io("cannot sync", temp.path()))?;
    Ok(temp)
}

/// Opens a regular file for reading without following a link and without waiting on a pipe;
/// anything else found there is an error.
fn open_regular(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(flags.bits() as i32);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// Writes a file that must not exist yet, atomically: if anything already has the name (a
/// file, a link, one another process created a moment ago), nothing is written.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), PersistError> {
    let temp = temp_with(path, bytes)?;
    temp.persist_noclobber(path).map_err(|e| PersistError::Io {
        path: path.to_path_buf(),
        action: "will not overwrite",
        source: e.error,
    })?;
    sync_folder(&folder_of(path));
    Ok(())
}

/// Removes what killed saves of the session at `path` left behind: its own temporary files
/// (only its lock holder writes them, so the caller must hold the lock), and other files'
/// temporary files in the same folder once they are old enough that no write can still own
/// them. Links and anything but regular files are left alone except to be unlinked; nothing
/// is followed. Returns how many were removed.
pub fn remove_debris(path: &Path) -> usize {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = folder_of(&target);
    let own = temp_prefix(target.file_name().unwrap_or_default());
    let own = own.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !is_temp_name(&name) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !(meta.is_file() || meta.file_type().is_symlink()) {
            continue;
        }
        let stale = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_DEBRIS);
        if (name.starts_with(&*own) || stale) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// `.NAME.gapwalk-XXXXXX.tmp`, or `.gapwalk-XXXXXX.tmp` as earlier versions named them.
fn is_temp_name(name: &str) -> bool {
    let Some(rest) = name.strip_suffix(TEMP_SUFFIX) else {
        return false;
    };
    let Some(at) = rest.rfind(TEMP_TAG) else {
        return false;
    };
    let random = &rest[at + TEMP_TAG.len()..];
    name.starts_with('.')
        && random.len() == TEMP_RANDOM
        && random.chars().all(|c| c.is_ascii_alphanumeric())
}

/// How many names the session's file has besides `path` and its own backup (which shares the
/// file for a moment during a save, or for good after a save was stopped there).
#[cfg(unix)]
pub fn other_names(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let backup_shares =
        std::fs::symlink_metadata(backup_path(&target)).is_ok_and(|b| same_file(&b, &meta));
    meta.nlink().saturating_sub(1 + u64::from(backup_shares))
}

#[cfg(not(unix))]
pub fn other_names(_path: &Path) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised_and_kept_short() {
        let prefix = temp_prefix(OsStr::new("s.ron"));
        assert_eq!(prefix, ".s.ron.gapwalk-");
        assert!(is_temp_name(".s.ron.gapwalk-a1B2c3.tmp"));
        assert!(is_temp_name(".gapwalk-a1B2c3.tmp"));
        assert!(!is_temp_name("s.ron.gapwalk-a1B2c3.tmp"));
        assert!(!is_temp_name(".s.ron.gapwalk-a1B2.tmp"));
        assert!(!is_temp_name(".s.ron.gapwalk-lock"));
        let long = "é".repeat(200);
        assert!(temp_prefix(OsStr::new(&long)).len() < 200);
        assert!(is_sidecar_name(OsStr::new(".s.ron.gapwalk-lock")));
        assert!(is_sidecar_name(OsStr::new(".s.ron.gapwalk-x1y2z3.tmp")));
        assert!(!is_sidecar_name(OsStr::new("report.tmp")));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_backup_name_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.ron");
        std::fs::write(&file, "old").unwrap();
        let victim = dir.path().join("precious.txt");
        std::fs::write(&victim, "keep me").unwrap();
        std::os::unix::fs::symlink(&victim, backup_path(&file)).unwrap();
        write_atomic(&file, b"new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(std::fs::read_to_string(backup_path(&file)).unwrap(), "old");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_save_stopped_after_its_backup_is_finished_by_the_next_one_without_debris() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.ron");
        std::fs::write(&file, "one").unwrap();
        // What a save killed between its backup and its rename leaves: the backup is the file.
        std::fs::hard_link(&file, backup_path(&file)).unwrap();
        assert_eq!(other_names(&file), 0, "the backup is not another name");
        write_atomic(&file, b"two", true).unwrap();
        assert_eq!(std::fs::read_to_string(backup_path(&file)).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
