//! One writer per session file. A writer (the workshop screen, `gapwalk fmt`, and later `set` and
//! `merge`) holds an operating-system lock on a sidecar file, `.NAME.gapwalk-lock` next to the
//! session, and writes who it is inside so a second gapwalk can name it. The lock sits on a
//! sidecar because the atomic save renames a new file over the session, which would drop a lock
//! held on the session file itself. The operating system releases the lock when its process
//! ends, however it ends, so a lock left behind by a crash is simply taken over. This module
//! decides nothing about what to do when a session is locked, and never renders.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::sanitise::one_line;
use crate::session::Timestamp;

/// Who holds a session: written into the lock file, read back for the message a second
/// gapwalk shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub user: String,
    pub host: String,
    pub since: Timestamp,
    /// What it is doing: `gapwalk open`, `gapwalk fmt`…
    pub command: String,
}

impl Holder {
    /// This process, now.
    pub fn current(command: &str) -> Holder {
        Holder {
            pid: std::process::id(),
            user: current_user(),
            host: host_name(),
            since: Timestamp::now(),
            command: command.to_string(),
        }
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The lock file is data anyone with write access to the folder could have edited.
        write!(
            f,
            "`{}` (process {}) of user {} on host {}, since {}",
            one_line(&self.command),
            self.pid,
            one_line(&self.user),
            one_line(&self.host),
            self.since.datetime().format("%Y-%m-%d %H:%M:%S UTC")
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds the session.
    #[error("{} is open in another gapwalk: {}", .session.display(), describe(.holder))]
    Held {
        session: PathBuf,
        holder: Option<Holder>,
    },
    /// The session's file has other names (hard links): the lock is per name, and a save
    /// (a rename) would give this name a new file and leave the others behind.
    #[error(
        "{} has {names} other name(s) (hard links to the same file); saving would split them, so it opens read-only (copy the file to give it one name)",
        .session.display()
    )]
    Linked { session: PathBuf, names: u64 },
    /// Something that is not a lock file sits where the lock file goes and cannot be
    /// removed; writing without the lock would turn locking off for everyone.
    #[error("{}: {why}", .lock.display())]
    Blocked { lock: PathBuf, why: String },
    /// The lock file cannot be created or locked (a read-only folder, a file system without
    /// locks); other gapwalks cannot be detected.
    #[error("{}: cannot lock the session ({source})", .lock.display())]
    Unavailable {
        lock: PathBuf,
        source: std::io::Error,
    },
}

fn describe(holder: &Option<Holder>) -> String {
    match holder {
        Some(h) => h.to_string(),
        None => "it has not written its details yet (or they are unreadable)".into(),
    }
}

/// The sidecar lock file of a session: next to the real file when the session is reached
/// through a symbolic link, so every path to one file meets the same lock.
pub fn lock_path(session: &Path) -> PathBuf {
    let real = real_path(session);
    let mut name = std::ffi::OsString::from(".");
    name.push(real.file_name().unwrap_or_default());
    name.push(crate::persist::LOCK_SUFFIX);
    real.with_file_name(name)
}

/// The session's path with links resolved; for a file not yet created, its folder's.
pub fn real_path(session: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(session) {
        return real;
    }
    let parent = match session.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(parent), session.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => session.to_path_buf(),
    }
}

/// A held session lock; dropping it releases the lock and removes the lock file.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
    /// The details of an earlier holder that ended without releasing (it crashed or was
    /// killed); the lock was taken over from it.
    pub taken_over: Option<Holder>,
}

impl SessionLock {
    /// Takes the lock of a session for `command`, or says who holds it.
    pub fn acquire(session: &Path, command: &str) -> Result<SessionLock, LockError> {
        let path = lock_path(session);
        let unavailable = |source| LockError::Unavailable {
            lock: path.clone(),
            source,
        };
        // A holder that is releasing removes the file it locked; a process that opened that
        // file a moment earlier then locks a file nobody else will see, so it checks and
        // tries again with the new one. A few rounds settle any realistic race.
        for _ in 0..16 {
            clear_the_way(&path)?;
            let (mut file, writable) = open_lock_file(&path).map_err(unavailable)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(LockError::Held {
                        session: session.to_path_buf(),
                        holder: read_holder(&mut file),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(unavailable(e)),
            }
            if !is_at_path(&file, &path) {
                continue;
            }
            let taken_over = read_holder(&mut file);
            if writable {
                write_holder(&mut file, &Holder::current(command)).map_err(unavailable)?;
            }
            let lock = SessionLock {
                file,
                path,
                taken_over,
            };
            // Only the lock holder writes the session's temporary files, so what a killed
            // save left behind (one may be a hard link to the session) is safe to remove now.
            crate::persist::remove_debris(session);
            let names = crate::persist::other_names(session);
            if names > 0 {
                return Err(LockError::Linked {
                    session: session.to_path_buf(),
                    names,
                });
            }
            return Ok(lock);
        }
        Err(unavailable(std::io::Error::other(
            "the lock file kept being replaced while locking it",
        )))
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other process can be holding this same file; on
        // systems where that cannot be checked, the file stays and is emptied instead.
        if cfg!(unix) && is_at_path(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        } else {
            let _ = self.file.set_len(0);
        }
    }
}

/// A lock file is always a regular file. A link, pipe, folder or socket planted at its name
/// (in a folder others can write) is never followed or opened: it is removed, which restores
/// locking for everyone; when it cannot be removed the session is not written at all, since
/// going on unlocked is what the plant would have wanted.
fn clear_the_way(path: &Path) -> Result<(), LockError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.is_file() {
        return Ok(());
    }
    let what = crate::persist::kind(&meta);
    let removed = if meta.is_dir() {
        std::fs::remove_dir(path)
    } else {
        std::fs::remove_file(path)
    };
    removed.map_err(|e| LockError::Blocked {
        lock: path.to_path_buf(),
        why: format!(
            "{what} sits where the session's lock file goes and cannot be removed ({e}); nothing is written without the lock (remove it if you trust the folder)"
        ),
    })
}

fn open_lock_file(path: &Path) -> std::io::Result<(File, bool)> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Owner-only whatever the umask; never through a link swapped in since the look, and
        // never waiting on a pipe.
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.mode(0o600).custom_flags(flags.bits() as i32);
    }
    let opened = match options.open(path) {
        Ok(file) => Ok((file, true)),
        // A folder we may read but not write: a lock file left there can still be locked
        // (locking needs only read access), so a writer elsewhere is still seen.
        Err(e) if path.exists() => {
            let mut read = OpenOptions::new();
            read.read(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
                read.custom_flags(flags.bits() as i32);
            }
            read.open(path).map(|f| (f, false)).map_err(|_| e)
        }
        Err(e) => Err(e),
    }?;
    if !opened.0.metadata()?.is_file() {
        return Err(std::io::Error::other(
            "the lock file was replaced by something that is not a file while opening it",
        ));
    }
    Ok(opened)
}

#[cfg(unix)]
fn is_at_path(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // Not following links: a link swapped in after opening never matches.
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_at_path(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The details in a lock file, if they parse; a lock file is small, so at most 4 KiB is read.
fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(4096).read_to_string(&mut text).ok()?;
    ron::from_str(&text).ok()
}

fn write_holder(file: &mut File, holder: &Holder) -> std::io::Result<()> {
    let text = ron::to_string(holder).map_err(std::io::Error::other)?;
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

fn current_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .or_else(user_from_passwd)
        .unwrap_or_else(|| "unknown".into())
}

/// The account name of this process's user, for sessions started without `USER` (services,
/// some terminals): `/proc/self` belongs to the process's user.
#[cfg(unix)]
fn user_from_passwd() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid).then(|| name.to_string())
    })
}

#[cfg(not(unix))]
fn user_from_passwd() -> Option<String> {
    None
}

fn host_name() -> String {
    let from_file = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    from_file
        .or_else(|| {
            ["HOSTNAME", "COMPUTERNAME"]
                .iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        })
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_with_the_first_ones_details() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.ron");
        std::fs::write(&session, "x").unwrap();
        let first = SessionLock::acquire(&session, "gapwalk open").unwrap();
        assert!(first.taken_over.is_none());
        match SessionLock::acquire(&session, "gapwalk fmt") {
            Err(LockError::Held { holder, .. }) => {
                let holder = holder.expect("details written");
                assert_eq!(holder.pid, std::process::id());
                assert_eq!(holder.command, "gapwalk open");
            }
            other => panic!("expected a held lock, got {other:?}"),
        }
        let lock_file = first.path().to_path_buf();
        drop(first);
        assert!(!lock_file.exists(), "a clean release leaves no lock file");
        let again = SessionLock::acquire(&session, "gapwalk fmt").unwrap();
        assert!(again.taken_over.is_none());
    }

    #[test]
    fn a_lock_file_left_by_a_dead_holder_is_taken_over_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.ron");
        std::fs::write(&session, "x").unwrap();
        let dead = Holder {
            pid: 999_999,
            user: "ana".into(),
            host: "laptop".into(),
            since: Timestamp::from_unix(1_790_000_000).unwrap(),
            command: "gapwalk open".into(),
        };
        std::fs::write(lock_path(&session), ron::to_string(&dead).unwrap()).unwrap();
        let lock = SessionLock::acquire(&session, "gapwalk open").unwrap();
        assert_eq!(lock.taken_over, Some(dead));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_and_its_target_share_one_lock() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.ron");
        std::fs::write(&target, "x").unwrap();
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let _held = SessionLock::acquire(&target, "gapwalk open").unwrap();
        assert!(matches!(
            SessionLock::acquire(&link, "gapwalk fmt"),
            Err(LockError::Held { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_file_planted_as_a_link_is_removed_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.ron");
        std::fs::write(&session, "x").unwrap();
        let victim = dir.path().join("precious.txt");
        std::fs::write(&victim, "keep me").unwrap();
        std::os::unix::fs::symlink(&victim, lock_path(&session)).unwrap();
        let held = SessionLock::acquire(&session, "gapwalk open").expect("locked after all");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(
            std::fs::symlink_metadata(held.path()).unwrap().is_file(),
            "a real lock file replaced the link"
        );
        assert!(matches!(
            SessionLock::acquire(&session, "gapwalk fmt"),
            Err(LockError::Held { .. })
        ));
    }

    #[test]
    fn hostile_details_in_a_lock_file_are_shown_as_plain_text() {
        let holder = Holder {
            pid: 1,
            user: "\u{1b}]0;owned\u{7}ana".into(),
            host: "h\u{202e}x".into(),
            since: Timestamp::from_unix(0).unwrap(),
            command: "gapwalk\u{9b}2J open".into(),
        };
        let text = holder.to_string();
        assert!(
            !text.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{text:?}"
        );
        assert!(text.contains("]0;ownedana"));
    }
}
