//! Writing an output a user names (`--out`): to a file by temporary file and rename, or as a
//! stream into a character device or a pipe.

use std::fs::{File, Metadata};
use std::io::Write;
use std::path::Path;

use super::PersistError;
use super::files::{
    folder_of, inspect, io, is_sidecar_name, kind, refused, sync_folder, temp_filled,
};

/// Writes an export (or any output a user names with `--out`). A regular file or nothing at
/// the name: a private temporary file renamed there. A character device (`/dev/null`, a
/// terminal): written as a stream, never replaced. A pipe: written as a stream when a reader
/// is there, else refused. A folder, a socket, a block device, one of gapwalk's sidecar files,
/// or a symbolic link owned by another user: refused. A link of one's own is followed, each
/// step checked the same way.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), PersistError> {
    write_output_with(path, |out| {
        out.write_all(bytes).map_err(io("cannot write", path))
    })
}

/// [`write_output`] for an output made while it is written: `fill` writes it into the
/// temporary file, or straight into the device or pipe, so it is never held whole. When
/// `fill` fails, a temporary file is removed and nothing is replaced; a stream may have had
/// part of it (the caller checks what it can before the first byte).
pub fn write_output_with<E>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<PersistError>,
{
    let mut at = path.to_path_buf();
    // Links are followed by hand so each one's owner is checked; a chain this long is a loop.
    for _ in 0..16 {
        if at.file_name().is_some_and(is_sidecar_name) {
            return Err(refused(
                &at,
                "is one of gapwalk's own lock or temporary files; choose another name",
            )
            .into());
        }
        let Some(meta) = inspect(&at)? else {
            let temp = temp_filled(&at, fill)?;
            // Something created there since it was inspected is never replaced.
            temp.persist_noclobber(&at).map_err(|e| PersistError::Io {
                path: at.clone(),
                action: "will not overwrite what appeared at",
                source: e.error,
            })?;
            sync_folder(&folder_of(&at));
            return Ok(());
        };
        let t = meta.file_type();
        if t.is_symlink() {
            if let Some(owner) = foreign_owner(&meta) {
                return Err(refused(
                    &at,
                    format!(
                        "is a symbolic link owned by another user (uid {owner}); gapwalk does not write through it"
                    ),
                )
                .into());
            }
            let next = std::fs::read_link(&at).map_err(io("cannot read the link", &at))?;
            at = folder_of(&at).join(next);
            continue;
        }
        if meta.is_file() {
            let temp = temp_filled(&at, fill)?;
            temp.persist(&at).map_err(|e| PersistError::Io {
                path: at.clone(),
                action: "cannot replace",
                source: e.error,
            })?;
            sync_folder(&folder_of(&at));
            return Ok(());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_char_device() || t.is_fifo() {
                return stream(&at, fill, t.is_fifo());
            }
        }
        return Err(refused(
            &at,
            format!(
                "is {}; gapwalk writes an output only to a file",
                kind(&meta)
            ),
        )
        .into());
    }
    Err(refused(path, "is a chain of too many symbolic links").into())
}

/// The owner of a link when it is not this process's user.
#[cfg(unix)]
fn foreign_owner(meta: &Metadata) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    (meta.uid() != me).then_some(meta.uid())
}

#[cfg(not(unix))]
fn foreign_owner(_meta: &Metadata) -> Option<u32> {
    None
}

/// Writes into a character device or a pipe as a stream. Opening never waits: a pipe with no
/// reader is refused at once instead of hanging.
#[cfg(unix)]
fn stream<E: From<PersistError>>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    fifo: bool,
) -> Result<(), E> {
    use rustix::fs::{Mode, OFlags};
    use std::os::unix::fs::FileTypeExt;
    let flags =
        OFlags::WRONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::NOCTTY | OFlags::CLOEXEC;
    let fd = match rustix::fs::open(path, flags, Mode::empty()) {
        Ok(fd) => fd,
        Err(rustix::io::Errno::NXIO) if fifo => {
            return Err(refused(
                path,
                "is a pipe (FIFO) with no reader; nothing was written (start the reader first)",
            )
            .into());
        }
        Err(e) => return Err(io("cannot open", path)(e.into()).into()),
    };
    let file = File::from(fd);
    let meta = file.metadata().map_err(io("cannot inspect", path))?;
    let t = meta.file_type();
    // Whatever was swapped in between the look and the open is not written.
    if !(t.is_fifo() == fifo && (t.is_fifo() || t.is_char_device())) {
        return Err(refused(path, "changed while it was being opened").into());
    }
    // A reader is there: from now on writes wait for it like any pipe writer's.
    rustix::fs::fcntl_setfl(&file, OFlags::empty()).map_err(|e| PersistError::Io {
        path: path.to_path_buf(),
        action: "cannot prepare",
        source: e.into(),
    })?;
    fill_watched(path, std::io::BufWriter::new(&file), fill)
}

/// Runs `fill` on `writer` and flushes it. A write that fails is reported as writing `path`
/// failed (with the system's reason: a full disk, a device that takes nothing), whatever error
/// `fill` turned it into.
fn fill_watched<W: Write, E: From<PersistError>>(
    path: &Path,
    writer: W,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let mut watched = Watched {
        inner: writer,
        failed: None,
    };
    let filled = fill(&mut watched).and_then(|()| {
        watched
            .flush()
            .map_err(|e| E::from(io("cannot write", path)(e)))
    });
    match (filled, watched.failed) {
        (Err(_), Some(e)) => Err(io("cannot write", path)(e).into()),
        (result, _) => result,
    }
}

/// A writer that remembers the first error of the one it wraps.
struct Watched<W> {
    inner: W,
    failed: Option<std::io::Error>,
}

impl<W: Write> Watched<W> {
    fn watch<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result
            && self.failed.is_none()
        {
            self.failed = Some(std::io::Error::new(e.kind(), e.to_string()));
        }
        result
    }
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.watch(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.watch(result)
    }
}
