//! `gapwalk merge BASE OURS THEIRS`: git's merge driver for session files (`%O %A %B`). The
//! merged session is written over OURS atomically, as git expects; exit 0 when clean, 1 when
//! conflicts were recorded in the session (git then marks the file conflicted), 2 when a side
//! cannot be read or the sessions use different catalogues (OURS is left as it was).
//!
//! `gapwalk merge --from-index FILE` does the same after the fact, for a clone where the driver
//! was not set up and git left conflict markers: the three sides come from git's index stages
//! (`:1:` base, `:2:` ours, `:3:` theirs) and the result replaces FILE as `set` writes it.

use std::path::{Path, PathBuf};

use clap::Args;

use super::write::{is_file_or_nothing, write_session, write_session_output};
use super::{EXIT_FINDINGS, EXIT_OK, fail};
use crate::catalogue::Catalogue;
use crate::persist::{self, PersistError};
use crate::review::findings::{SESSION, conflict_findings};
use crate::review::merge;
use crate::review::merge::no_ancestor;
use crate::sanitise::one_line;
use crate::session::Session;

#[derive(Debug, Args)]
#[command(
    override_usage = "gapwalk merge [OPTIONS] BASE OURS THEIRS   (git's merge driver: %O %A %B --path %P)\n       gapwalk merge --from-index FILE           (a conflicted session, from git's index)"
)]
pub struct MergeArgs {
    /// The common ancestor (git's %O); an empty file when the two sides were created apart
    #[arg(required_unless_present = "from_index")]
    pub base: Option<PathBuf>,
    /// Our version (git's %A); the merged session is written here
    #[arg(required_unless_present = "from_index")]
    pub ours: Option<PathBuf>,
    /// Their version (git's %B)
    #[arg(required_unless_present = "from_index")]
    pub theirs: Option<PathBuf>,
    /// The session's path in the repository (git's %P), to find a catalogue file named
    /// relative to it and to name the file in messages
    #[arg(long, value_name = "PATH", conflicts_with = "from_index")]
    pub path: Option<PathBuf>,
    /// Write the merged session here instead of over OURS (or over FILE with --from-index)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Merge a session git left with conflict markers (no driver set up), from the base, ours
    /// and theirs versions in git's index; FILE is replaced (FILE.bak keeps the marked text)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["base", "ours", "theirs"])]
    pub from_index: Option<PathBuf>,
}

/// Reads one side; `None` for an empty file (git's base when there is no common ancestor).
fn read(
    file: &Path,
    label: &str,
    located_at: &Path,
) -> Result<Option<(Session, Catalogue)>, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{label}: cannot read: {e}"))?;
    parse_side(bytes, label, located_at)
}

/// Parses one side read as bytes; `None` when it holds nothing but blanks.
fn parse_side(
    bytes: Vec<u8>,
    label: &str,
    located_at: &Path,
) -> Result<Option<(Session, Catalogue)>, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{label}: the file is not UTF-8 text; expected a gapwalk session"))?;
    let session = persist::parse(&text, label).map_err(|e| e.to_string())?;
    let catalogue = persist::catalogue_for(&session, located_at)
        .map_err(|e| format!("{label}: the session's catalogue cannot be loaded: {e}"))?;
    let session =
        persist::validate(session, &catalogue, &text, label).map_err(|e| e.to_string())?;
    Ok(Some((session, catalogue)))
}

type Side = Option<(Session, Catalogue)>;

pub fn merge_files(args: &MergeArgs) -> u8 {
    if let Some(file) = &args.from_index {
        return from_index(file, args.out.as_deref());
    }
    let (Some(base), Some(ours), Some(theirs)) = (&args.base, &args.ours, &args.theirs) else {
        return fail("merge takes BASE OURS THEIRS, or --from-index FILE");
    };
    let name = args.path.clone().unwrap_or_else(|| ours.clone());
    let out = args.out.as_ref().unwrap_or(ours);
    // The file the result goes to is held from before the reads to after the write.
    let _lock = if is_file_or_nothing(out) {
        match super::guard::lock_for_writing(out, "gapwalk merge") {
            Ok(lock) => lock,
            Err(code) => return code,
        }
    } else {
        None
    };
    let label = |which: &str| format!("{} ({which})", name.display());
    let located = |file: &PathBuf| args.path.clone().unwrap_or_else(|| file.clone());
    let sides = (|| -> Result<_, String> {
        Ok((
            read(base, &label("base"), &located(base))?,
            read(ours, &label("ours"), &located(ours))?,
            read(theirs, &label("theirs"), &located(theirs))?,
        ))
    })();
    let write = |session: &Session| match &args.out {
        Some(out) if out != ours => write_session_output(out, session, &[ours, theirs, base]),
        // A driver writes into git's temporary file, which must not leave a backup behind.
        _ => write_session(ours, session, false),
    };
    merge_and_write(&name, sides, write)
}

/// Merges the three sides and writes the result with `write`; `name` is the session in
/// messages.
fn merge_and_write(
    name: &Path,
    sides: Result<(Side, Side, Side), String>,
    write: impl FnOnce(&Session) -> Result<(), PersistError>,
) -> u8 {
    let (base, ours, theirs) = match sides {
        Ok((base, Some(ours), Some(theirs))) => (base, ours, theirs),
        Ok(_) => {
            return fail(format!(
                "{}: ours or theirs is empty; both must be gapwalk sessions (the file was not changed)",
                name.display()
            ));
        }
        Err(e) => return fail(format!("{e} (the file was not changed)")),
    };
    let (ours, catalogue) = ours;
    let theirs = theirs.0;
    // Sides created apart have no ancestor: merge against a session with nothing recorded.
    let base = base.map(|b| b.0).unwrap_or_else(|| no_ancestor(&ours));
    let merged = match merge(&base, &ours, &theirs, &catalogue) {
        Ok(m) => m,
        Err(e) => {
            return fail(format!(
                "{}: {e} (the file was not changed)",
                name.display()
            ));
        }
    };
    if let Err(e) = write(&merged.session) {
        return fail(e);
    }
    if merged.conflicts == 0 {
        eprintln!("{}: merged cleanly", name.display());
        return EXIT_OK;
    }
    eprintln!(
        "{}: merged with {} conflict(s), recorded in the session with both values:",
        name.display(),
        merged.conflicts
    );
    let mut findings = Vec::new();
    conflict_findings(SESSION, &merged.session.meta.conflicts, &mut findings);
    for a in &merged.session.assessments {
        conflict_findings(&a.control, &a.conflicts, &mut findings);
    }
    for f in findings {
        eprintln!("  {}: {}", one_line(&f.control), one_line(&f.message));
    }
    eprintln!(
        "pick a side in the workshop screen (filter: conflicts, then c) or with `gapwalk set`, then `git add` the file"
    );
    EXIT_FINDINGS
}

/// `merge --from-index FILE`: the sides from git's index, the result over FILE (or `out`) with
/// `set`'s rules: the lock held throughout, `FILE.bak` keeping what was there, canonical text.
fn from_index(file: &Path, out: Option<&Path>) -> u8 {
    let target = out.unwrap_or(file);
    let _lock = if is_file_or_nothing(target) {
        match super::guard::lock_for_writing(target, "gapwalk merge") {
            Ok(lock) => lock,
            Err(code) => return code,
        }
    } else {
        None
    };
    let stage = |n: u8, which: &str| -> Result<Option<Vec<u8>>, String> {
        super::git::index_stage(file, n).map_err(|e| format!("{} ({which}): {e}", file.display()))
    };
    let label = |which: &str| format!("{} ({which})", file.display());
    let sides = (|| -> Result<(Side, Side, Side), String> {
        let (Some(ours), Some(theirs)) = (stage(2, "ours")?, stage(3, "theirs")?) else {
            return Err(format!(
                "{}: git's index holds no conflict for this file (no ours and theirs stages); \
                 it was resolved already, or the merge was ended",
                file.display()
            ));
        };
        // Both sides added the file: no base stage, as for a driver given an empty base.
        let base = stage(1, "base")?.unwrap_or_default();
        Ok((
            parse_side(base, &label("base"), file)?,
            parse_side(ours, &label("ours"), file)?,
            parse_side(theirs, &label("theirs"), file)?,
        ))
    })();
    let write = |session: &Session| match out {
        Some(out) if out != file => write_session_output(out, session, &[file]),
        // As `set` does: FILE.bak keeps the text with the conflict markers.
        _ => write_session(file, session, true),
    };
    let code = merge_and_write(file, sides, write);
    if code == EXIT_OK {
        eprintln!("then `git add {}` and commit", file.display());
    }
    code
}
