//! Session files: the one canonical RON writer, the validating loader (versions, migrations,
//! located errors) and the atomic save that keeps a backup. Nothing here renders.

mod files;
mod guarded;
mod migrate;
mod output;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::catalogue::{self, Catalogue, CatalogueError};
use crate::location::{Located, find_string_literal, line_column};
use crate::session::{CatalogueRef, FORMAT_VERSION, Session};
use crate::textfile::{MAX_SESSION_BYTES, ReadError};

pub use files::{
    LOCK_SUFFIX, SessionName, backup_path, create_private_dir, is_sidecar_name, kind, other_names,
    refuse_session_names, remove_debris, write_atomic, write_new, write_output, write_output_with,
    write_private,
};
pub use guarded::{Guarded, save_over};
pub use migrate::migrate;

#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error("{path}: {action}: {source}")]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Located),
    /// What sits at the path is not something gapwalk writes over or into.
    #[error("{}: {why}", .path.display())]
    Refused { path: PathBuf, why: String },
    #[error(
        "{file}: the session is format_version {found}, but this gapwalk reads format_version {supported} and older; upgrade gapwalk to open it (the file was not changed)"
    )]
    NewerVersion {
        file: String,
        found: u32,
        supported: u32,
    },
    #[error("{file}: the session's catalogue cannot be loaded: {source}")]
    Catalogue {
        file: String,
        source: CatalogueError,
    },
    #[error("cannot write the session: {0}")]
    Serialize(#[from] ron::Error),
}

/// A session read from disk with the catalogue it refers to.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub session: Session,
    pub catalogue: Catalogue,
    /// Things worth telling the user that do not stop the load.
    pub warnings: Vec<String>,
    /// The file as it was read: the version a later save expects to write over.
    pub text: String,
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(false)
        .separate_tuple_members(true)
        .enumerate_arrays(false)
}

/// The canonical text of a session: same session, same bytes.
pub fn to_canonical(session: &Session) -> Result<String, PersistError> {
    let mut text = ron::ser::to_string_pretty(session, pretty())?;
    text.push('\n');
    Ok(text)
}

#[derive(Deserialize)]
#[serde(rename = "Session")]
struct VersionProbe {
    #[serde(default)]
    format_version: u32,
}

/// Parses session text; `file` names it in messages. Does not check control ids.
pub fn parse(text: &str, file: &str) -> Result<Session, PersistError> {
    // A byte-order mark is accepted, as `textfile::read_text` accepts it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(PersistError::Invalid(Located::new(
            file,
            1,
            1,
            format!(
                "the file is empty; expected a gapwalk session starting with `(format_version: {FORMAT_VERSION},`"
            ),
        )));
    }
    let options = ron::Options::default();
    // Reading the session in one pass halves the load of a large file; the version probe, a
    // second full pass, only runs to explain a file that does not read as this version.
    let error = match options.from_str::<Session>(text) {
        Ok(session) => {
            let from = session.format_version;
            return check_version(from, text, file).map(|()| migrate(session, from));
        }
        Err(e) => PersistError::Invalid(Located::from_ron(file, text, &e)),
    };
    if let Some(offset) = conflict_marker(text) {
        let (line, column) = line_column(text, offset);
        return Err(PersistError::Invalid(Located::new(
            file,
            line,
            column,
            "git left conflict markers here: the repository has no gapwalk merge driver set up, so git merged the session as plain text. Run `gapwalk git-setup` once in this clone, then `gapwalk merge --from-index FILE` to merge it as gapwalk would have (or `git checkout --ours FILE` / `--theirs FILE` to take one side)",
        )));
    }
    let probe: VersionProbe = options
        .from_str(text)
        .map_err(|e| PersistError::Invalid(Located::from_ron(file, text, &e)))?;
    check_version(probe.format_version, text, file)?;
    // Every older version reads as the current one (its additions all have defaults), so a
    // file that does not read is broken whatever its version says.
    Err(error)
}

/// Where the first line git writes for a text conflict (`<<<<<<< `) starts, if the text has
/// one followed by its `=======` and `>>>>>>> ` lines. A session never holds such a line: RON
/// strings keep their newlines escaped.
pub fn conflict_marker(text: &str) -> Option<usize> {
    let mut offset = 0;
    let mut opened = None;
    let mut separated = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.starts_with("<<<<<<<") && opened.is_none() {
            opened = Some(offset);
        } else if opened.is_some() && bare == "=======" {
            separated = true;
        } else if separated && bare.starts_with(">>>>>>>") {
            return opened;
        }
        offset += line.len();
    }
    None
}

fn check_version(version: u32, text: &str, file: &str) -> Result<(), PersistError> {
    if version > FORMAT_VERSION {
        return Err(PersistError::NewerVersion {
            file: file.to_string(),
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version == 0 {
        let at = text.find("format_version").unwrap_or(0);
        let (line, column) = line_column(text, at);
        return Err(PersistError::Invalid(Located::new(
            file,
            line,
            column,
            format!(
                "missing or zero `format_version`; expected a gapwalk session starting with `(format_version: {FORMAT_VERSION},`"
            ),
        )));
    }
    Ok(())
}

/// Checks a parsed session against its catalogue and puts it in catalogue order.
pub fn validate(
    mut session: Session,
    catalogue: &Catalogue,
    text: &str,
    file: &str,
) -> Result<Session, PersistError> {
    let error_at = |id: &str, nth: usize, message: String| {
        let offset = find_string_literal(text, id, nth).unwrap_or(0);
        let (line, column) = line_column(text, offset);
        PersistError::Invalid(Located::new(file, line, column, message))
    };
    let unknown = |id: &str| {
        error_at(
            id,
            0,
            format!(
                "unknown control id {id:?}: catalogue {} has no such control",
                catalogue.id
            ),
        )
    };
    let mut seen = HashSet::new();
    for assessment in &session.assessments {
        let id = assessment.control.as_str();
        if catalogue.position(id).is_none() {
            return Err(unknown(id));
        }
        if !seen.insert(id) {
            return Err(error_at(
                id,
                1,
                format!("control {id} is assessed twice; keep one assessment per control"),
            ));
        }
    }
    let mut days = HashSet::new();
    for m in &session.meta.meetings {
        let day = m.date.to_string();
        if !days.insert(m.date) {
            return Err(error_at(
                &day,
                1,
                format!("two meetings are recorded on {day}; keep one record per day"),
            ));
        }
        if let Some(problem) = m.problem() {
            return Err(error_at(&day, 0, problem));
        }
    }
    let other_references = session
        .decisions
        .iter()
        .filter_map(|d| d.control.as_deref())
        .chain(session.resume_at.as_deref())
        .chain(
            session
                .meta
                .meetings
                .iter()
                .flat_map(|m| m.controls.iter().map(String::as_str)),
        );
    for id in other_references {
        if catalogue.position(id).is_none() {
            return Err(unknown(id));
        }
    }
    if let Err(over) = crate::session::limits::check(&session) {
        let (line, column) = line_column(text, crate::session::limits::locate(text, &over));
        return Err(PersistError::Invalid(Located::new(
            file,
            line,
            column,
            over.message,
        )));
    }
    session.sort(catalogue);
    Ok(session)
}

/// Finds the catalogue a session names: its file (relative to the session) or its id.
pub fn catalogue_for(session: &Session, session_path: &Path) -> Result<Catalogue, CatalogueError> {
    catalogue_for_ref(&session.catalogue, session_path)
}

fn catalogue_for_ref(
    reference: &CatalogueRef,
    session_path: &Path,
) -> Result<Catalogue, CatalogueError> {
    if let Some(file) = &reference.file {
        let path = Path::new(file);
        let path = if path.is_relative() {
            session_path.parent().unwrap_or(Path::new(".")).join(path)
        } else {
            path.to_path_buf()
        };
        return load_named_catalogue(&path);
    }
    catalogue::resolve(&reference.id)
}

/// Loads the catalogue file a session names. A session is data anyone may have written, and
/// its catalogue path may name anything: only a regular file is opened (never a terminal, a
/// device or a pipe), and a file whose text does not even start like a catalogue is refused
/// without a word of its content (a parse error would quote its first word: a planted token,
/// a line of a password file).
fn load_named_catalogue(path: &Path) -> Result<Catalogue, CatalogueError> {
    let name = path.display().to_string();
    let not_a_catalogue = |why: String| {
        CatalogueError::Syntax(Located::new(
            &name,
            1,
            1,
            format!("{why}; a session's catalogue file must be a gapwalk catalogue in RON"),
        ))
    };
    let read_error = |source| CatalogueError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() {
        return Err(not_a_catalogue(format!(
            "this is {}, not a regular file",
            files::kind(&meta)
        )));
    }
    let text = crate::textfile::read_text(
        path,
        crate::textfile::MAX_CATALOGUE_BYTES,
        "a gapwalk catalogue in RON",
    )
    .map_err(|e| match e {
        ReadError::Io(source) => read_error(source),
        ReadError::Invalid(located) => CatalogueError::Syntax(located),
    })?;
    if !starts_like_ron_struct(&text) {
        return Err(not_a_catalogue(
            "this file is not a gapwalk catalogue (it does not start with `(`); its content is not shown".into(),
        ));
    }
    // A syntax error would quote what it found (a field name, a word): the place is enough to
    // find it, and `gapwalk catalogue check` on the file shows the details to whoever asks.
    Catalogue::from_ron(&text, &name).map_err(|e| match e {
        CatalogueError::Syntax(at) => CatalogueError::Syntax(Located::new(
            &name,
            at.line,
            at.column,
            format!(
                "not a gapwalk catalogue in RON here (its content is not shown; `gapwalk catalogue check {}` shows the details)",
                crate::sanitise::one_line(&name)
            ),
        )),
        other => other,
    })
}

/// Whether text, past blank space, comments and `#![…]` attributes, opens a RON struct: `(`
/// or a `Name(`.
fn starts_like_ron_struct(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("#![") {
            rest = after.split_once(']').map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let name_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    rest[name_end..].trim_start().starts_with('(')
}

/// Sessions this large load their catalogue on a second thread while they are parsed: for a
/// large session the catalogue is a good part of the wait (docs/performance.md).
const PARALLEL_LOAD_BYTES: usize = 1 << 20;

/// The `catalogue` field of a canonical session, read without parsing the rest. Only a guess
/// that lets the catalogue load early: `load` compares it with the parsed session and loads
/// again when it was wrong (a file laid out by hand).
fn peek_catalogue_ref(text: &str) -> Option<CatalogueRef> {
    let start = text.find("\n    catalogue: (")? + "\n    catalogue: ".len();
    let end = start + text[start..].find("\n    ),")? + "\n    )".len();
    ron::Options::default().from_str(&text[start..end]).ok()
}

/// Reads, parses and validates a session file. The file is never written here.
pub fn load(path: &Path) -> Result<Loaded, PersistError> {
    let text = crate::textfile::read_text(path, MAX_SESSION_BYTES, "a gapwalk session in RON")
        .map_err(read_error(path))?;
    load_text(text, path, &path.display().to_string())
}

/// [`load`] for a command-line argument, where `-` means standard input (a terminal there is
/// refused). A catalogue file the piped session names relative to itself is looked for from
/// the current folder.
pub fn load_input(path: &Path) -> Result<Loaded, PersistError> {
    use crate::textfile::{STDIN_NAME, is_stdin, read_stdin};
    if !is_stdin(path) {
        return load(path);
    }
    let text = read_stdin(MAX_SESSION_BYTES, "a gapwalk session in RON")
        .map_err(read_error(Path::new(STDIN_NAME)))?;
    load_text(text, Path::new(STDIN_NAME), STDIN_NAME)
}

fn read_error(path: &Path) -> impl FnOnce(ReadError) -> PersistError {
    let path = path.to_path_buf();
    move |e| match e {
        ReadError::Io(source) => PersistError::Io {
            path,
            action: "cannot read",
            source,
        },
        ReadError::Invalid(located) => PersistError::Invalid(located),
    }
}

/// Parses and validates session text read from `path` (whose folder anchors a relative
/// catalogue file; a bare name such as `<stdin>` anchors it in the current folder).
fn load_text(text: String, path: &Path, file: &str) -> Result<Loaded, PersistError> {
    let file = file.to_string();
    let prepare = |reference: CatalogueRef| {
        let catalogue = catalogue_for_ref(&reference, path).map(|c| {
            let hash = c.content_hash();
            (c, hash)
        });
        (reference, catalogue)
    };
    let guess = (text.len() >= PARALLEL_LOAD_BYTES)
        .then(|| peek_catalogue_ref(&text))
        .flatten();
    let (session, early) = std::thread::scope(|scope| {
        let early = guess.map(|reference| scope.spawn(move || prepare(reference)));
        let session = parse(&text, &file);
        (session, early.and_then(|handle| handle.join().ok()))
    });
    let session = session?;
    let guessed_right =
        |r: &CatalogueRef| r.id == session.catalogue.id && r.file == session.catalogue.file;
    let (catalogue, hash) = match early {
        Some((reference, prepared)) if guessed_right(&reference) => prepared,
        _ => prepare(session.catalogue.clone()).1,
    }
    .map_err(|source| PersistError::Catalogue {
        file: file.clone(),
        source,
    })?;
    let mut warnings = Vec::new();
    // An older revision the catalogue's history names is told what changed since.
    if let Some(notice) = catalogue.pin_notice(&session.catalogue.hash, &hash, &file) {
        warnings.push(notice);
    }
    let session = validate(session, &catalogue, &text, &file)?;
    Ok(Loaded {
        session,
        catalogue,
        warnings,
        text,
    })
}

/// Saves a session atomically, keeping the previous file as `FILE.bak`.
pub fn save(path: &Path, session: &Session) -> Result<(), PersistError> {
    let text = to_canonical(session)?;
    write_atomic(path, text.as_bytes(), true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;

    use crate::session::{Assessment, Edit, Timestamp};

    #[test]
    fn only_text_that_opens_a_struct_passes_for_a_catalogue() {
        assert!(starts_like_ron_struct("(id: \"x\")"));
        assert!(starts_like_ron_struct(
            "// a note\n/* more */ #![enable(implicit_some)]\n Catalogue ("
        ));
        assert!(!starts_like_ron_struct("root:$6$salt:19000:0:99999:7:::"));
        assert!(!starts_like_ron_struct("hello world"));
        assert!(!starts_like_ron_struct(""));
    }

    #[test]
    fn canonical_text_is_stable_and_reads_back() {
        let cat = default_catalogue();
        let mut s = Session::new("Demo", &cat, Timestamp::from_unix(1_700_000_000).unwrap());
        let mut a = Assessment::new("9.4.1");
        a.justification = "line one\nline \"two\"".into();
        s.apply(
            Edit::SetAssessment {
                control: "9.4.1".into(),
                assessment: Some(Box::new(a)),
            },
            &cat,
        );
        let text = to_canonical(&s).unwrap();
        assert!(
            text.starts_with("(\n    format_version: 2,\n    id: \""),
            "{text}"
        );
        assert!(text.contains("justification: \"line one\\nline \\\"two\\\"\","));
        let back = parse(&text, "t").unwrap();
        assert_eq!(back, s);
        assert_eq!(to_canonical(&back).unwrap(), text);
    }
}
