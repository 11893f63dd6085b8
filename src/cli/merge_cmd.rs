//! `gapwalk merge BASE OURS THEIRS`: git's merge driver for session files (`%O %A %B`). The
//! merged session is written over OURS atomically, as git expects; exit 0 when clean, 1 when
//! conflicts were recorded in the session (git then marks the file conflicted), 2 when a side
//! cannot be read or the sessions use different catalogues (OURS is left as it was).

use std::path::{Path, PathBuf};

use clap::Args;

use super::write::{is_file_or_nothing, write_session, write_session_output};
use super::{EXIT_FINDINGS, EXIT_OK, fail};
use crate::catalogue::Catalogue;
use crate::persist;
use crate::review::findings::{SESSION, conflict_findings};
use crate::review::merge;
use crate::review::merge::no_ancestor;
use crate::sanitise::one_line;
use crate::session::Session;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O); an empty file when the two sides were created apart
    pub base: PathBuf,
    /// Our version (git's %A); the merged session is written here
    pub ours: PathBuf,
    /// Their version (git's %B)
    pub theirs: PathBuf,
    /// The session's path in the repository (git's %P), to find a catalogue file named
    /// relative to it and to name the file in messages
    #[arg(long, value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Write the merged session here instead of over OURS
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Reads one side; `None` for an empty file (git's base when there is no common ancestor).
fn read(
    file: &Path,
    label: &str,
    located_at: &Path,
) -> Result<Option<(Session, Catalogue)>, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{label}: cannot read: {e}"))?;
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

pub fn merge_files(args: &MergeArgs) -> u8 {
    let name = args.path.clone().unwrap_or_else(|| args.ours.clone());
    let out = args.out.as_ref().unwrap_or(&args.ours);
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
            read(&args.base, &label("base"), &located(&args.base))?,
            read(&args.ours, &label("ours"), &located(&args.ours))?,
            read(&args.theirs, &label("theirs"), &located(&args.theirs))?,
        ))
    })();
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
    let written = match &args.out {
        Some(out) if out != &args.ours => write_session_output(
            out,
            &merged.session,
            &[&args.ours, &args.theirs, &args.base],
        ),
        _ => write_session(&args.ours, &merged.session, false),
    };
    if let Err(e) = written {
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
