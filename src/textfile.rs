//! Reading text files that may be hostile: a size cap checked before and while reading (so a
//! huge or endless file costs bounded memory), a UTF-8 check with a located message, and
//! nothing else. It parses nothing and never writes.

use std::io::Read;
use std::path::Path;

use crate::location::{Located, line_column};

const MIB: u64 = 1024 * 1024;

/// The largest session file gapwalk reads. A fully assessed 10,000-control session with rich
/// records is about 20 MB; three times that leaves room for long notes, while a file of junk
/// or a device that never ends stops here instead of filling memory.
pub const MAX_SESSION_BYTES: u64 = 64 * MIB;

/// The largest catalogue file: the same headroom as a session (a catalogue carrying a licensed
/// standard's full text for thousands of controls stays far below it).
pub const MAX_CATALOGUE_BYTES: u64 = 64 * MIB;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The largest keymap file; a real one is a few hundred bytes.
pub const MAX_KEYMAP_BYTES: u64 = MIB;

/// Why a text file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system refused (missing file, permissions, a folder).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The content is not something gapwalk reads: too large, or not UTF-8.
    #[error("{0}")]
    Invalid(Located),
}

/// Reads a whole text file of at most `limit` bytes; `what` names the expected content in
/// messages ("a gapwalk session").
pub fn read_text(path: &Path, limit: u64, what: &str) -> Result<String, ReadError> {
    let bytes = read_bytes(path, limit, what)?;
    utf8(bytes, what, &path.display().to_string())
}

/// Reads a whole file of at most `limit` bytes as it is (a workbook, or text checked later).
pub fn read_bytes(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, ReadError> {
    let file_name = path.display().to_string();
    let too_large = |size: String| {
        ReadError::Invalid(Located::new(
            &file_name,
            1,
            1,
            format!(
                "the file is {size}, more than the {} MiB gapwalk reads; expected {what} (is this the right file?)",
                limit / MIB
            ),
        ))
    };
    // Opening a pipe waits for a writer, possibly forever (a session can name any path as its
    // catalogue file), so pipes and sockets are refused before opening; devices that never
    // end, like /dev/zero, are stopped by the cap.
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = std::fs::metadata(path)?.file_type();
        if kind.is_fifo() || kind.is_socket() {
            return Err(ReadError::Invalid(Located::new(
                &file_name,
                1,
                1,
                format!("this is a pipe or socket, not a file; expected {what}"),
            )));
        }
    }
    let file = std::fs::File::open(path)?;
    let declared = file.metadata()?.len();
    if declared > limit {
        return Err(too_large(format!("{} MiB", declared.div_ceil(MIB))));
    }
    // Devices and pipes report no length, so the cap also holds while reading.
    read_capped(file, declared, limit, what, &file_name)
}

/// The name standard input goes by in messages, for the `-` a command takes as its file.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether a path given on the command line means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads standard input whole, with the same cap and UTF-8 check as [`read_text`]. A terminal
/// is refused: `gapwalk check -` typed by hand would otherwise wait for a session to be typed.
pub fn read_stdin(limit: u64, what: &str) -> Result<String, ReadError> {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(ReadError::Invalid(Located::new(
            STDIN_NAME,
            1,
            1,
            format!(
                "`-` reads {what} from standard input, which is a terminal here; pipe the file in (e.g. `git show REV:FILE | gapwalk check -`)"
            ),
        )));
    }
    let bytes = read_capped(stdin.lock(), 0, limit, what, STDIN_NAME)?;
    utf8(bytes, what, STDIN_NAME)
}

/// Reads at most `limit` bytes from `reader`; `declared` is the size the source announced,
/// used only to size the buffer.
fn read_capped(
    reader: impl Read,
    declared: u64,
    limit: u64,
    what: &str,
    file_name: &str,
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(declared.min(limit) as usize);
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::Invalid(Located::new(
            file_name,
            1,
            1,
            format!(
                "the file is larger than that, more than the {} MiB gapwalk reads; expected {what} (is this the right file?)",
                limit / MIB
            ),
        )));
    }
    Ok(bytes)
}

/// Checks the bytes read are UTF-8 text, naming the line and column where they stop being so.
fn utf8(mut bytes: Vec<u8>, what: &str, file_name: &str) -> Result<String, ReadError> {
    // A byte-order mark (Notepad and some Windows tools write one) says only that the file is
    // UTF-8; it is accepted and dropped rather than failing the parse at line 1, column 1.
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let (line, column) = line_column(&prefix, prefix.len());
        ReadError::Invalid(Located::new(
            file_name,
            line,
            column,
            format!("the file is not UTF-8 text; expected {what}"),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_cap_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.ron");
        std::fs::write(&path, vec![b'('; 3 * 1024 * 1024]).unwrap();
        let err = read_text(&path, 2 * MIB, "a gapwalk session").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("big.ron:1:1"), "{message}");
        assert!(message.contains("3 MiB, more than the 2 MiB"), "{message}");
    }

    #[test]
    fn invalid_utf8_is_located_at_the_first_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.ron");
        std::fs::write(&path, b"(\n  ab\xff").unwrap();
        let err = read_text(&path, MIB, "a catalogue").unwrap_err();
        assert!(
            err.to_string()
                .contains("bad.ron:2:5: the file is not UTF-8"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_stops_at_the_cap() {
        let err = read_text(Path::new("/dev/zero"), MIB, "a session").unwrap_err();
        assert!(err.to_string().contains("larger than that"), "{err}");
    }
}
