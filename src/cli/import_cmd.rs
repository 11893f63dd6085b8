//! `gapwalk import SESSION --provider NAME FILE [--mapping MAP] [--replace] [--dry-run]`: reads
//! a provider's responsibility matrix (a gapwalk CRM, or a CSA CAIQ / CCM sheet with a mapping
//! file) into that provider's lines of a customer session. It follows `set`'s rules: refused
//! while a workshop has the session open, the previous file kept as `FILE.bak`, canonical text.
//! Nothing is written unless the whole file was understood. Exit 0 imported, 1 imported with
//! disagreements, 2 an unreadable file, unknown ids or a provider not in the session.

use std::path::{Path, PathBuf};

use clap::Args;
use sha2::{Digest, Sha256};

use super::set_cmd::who;
use super::write::write_session;
use super::{EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, fail, outln};
use crate::import::{self, ImportError, MAX_IMPORT_BYTES, Origin};
use crate::persist;
use crate::review::diff;
use crate::sanitise::one_line;
use crate::session::{Provenance, Timestamp};
use crate::textfile::read_bytes;

#[derive(Debug, Args)]
#[command(
    after_help = "Fills only what the session has not decided; a value that disagrees with a recorded \
one is reported and left alone unless --replace. Imported values are marked as the provider's \
statement, not yet confirmed (`gapwalk check` lists them). Exit codes: 0 imported, 1 imported with \
disagreements, 2 unreadable file, unknown ids or a provider not in the session (nothing written)."
)]
pub struct ImportArgs {
    /// The session file to import into
    pub session: PathBuf,
    /// The provider in the session whose responsibility lines the matrix is about
    #[arg(long, value_name = "NAME")]
    pub provider: String,
    /// The provider's matrix: a gapwalk CRM (json, csv or xlsx) or a CAIQ / CCM sheet (xlsx or csv)
    pub file: PathBuf,
    /// Two columns, the matrix's ids and the catalogue's ids they map to (needed for a CAIQ)
    #[arg(long, value_name = "MAP")]
    pub mapping: Option<PathBuf>,
    /// Write the matrix's value where it disagrees with a recorded one
    #[arg(long)]
    pub replace: bool,
    /// Print what would change and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Who makes the change (default: the session's facilitator, else $USER)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    read_bytes(path, MAX_IMPORT_BYTES, what).map_err(|e| match e {
        crate::textfile::ReadError::Io(io) => format!("{}: cannot read: {io}", path.display()),
        other => other.to_string(),
    })
}

fn fail_all(errors: &[ImportError]) -> u8 {
    for e in errors {
        fail(e);
    }
    EXIT_INVALID
}

/// The file's modification date, as its provenance records it.
fn file_date(path: &Path) -> Option<chrono::NaiveDate> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(chrono::DateTime::<chrono::Utc>::from(modified).date_naive())
}

pub fn run(args: &ImportArgs) -> u8 {
    // Held from before the read to after the write, as `set` does; a dry run writes nothing.
    let _lock = if args.dry_run {
        None
    } else {
        match super::guard::lock_for_writing(&args.session, "gapwalk import") {
            Ok(lock) => lock,
            Err(code) => return code,
        }
    };
    let loaded = match persist::load(&args.session) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    for w in &loaded.warnings {
        eprintln!("gapwalk: warning: {w}");
    }
    let (session, catalogue) = (loaded.session, loaded.catalogue);
    let session_name = args.session.display();
    let providers = session.meta.seats().providers;
    let Some(provider) = providers
        .iter()
        .find(|p| **p == args.provider)
        .or_else(|| {
            providers
                .iter()
                .find(|p| p.eq_ignore_ascii_case(&args.provider))
        })
        .cloned()
    else {
        return fail(format!(
            "{session_name}: provider {:?} is not in the session; it has: {}; nothing was written",
            one_line(&args.provider),
            one_line(&providers.join(", "))
        ));
    };
    let file = args.file.display().to_string();
    let bytes = match read(&args.file, "a responsibility matrix") {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let matrix = match import::read_matrix(&bytes, &file) {
        Ok(m) => m,
        Err(e) => return fail(format!("{e}; nothing was written")),
    };
    let mapping = match &args.mapping {
        None => None,
        Some(path) => {
            let map_bytes = match read(path, "a mapping file") {
                Ok(b) => b,
                Err(e) => return fail(e),
            };
            match import::read_mapping(&map_bytes, &path.display().to_string(), &catalogue) {
                Ok(m) => Some(m),
                Err(errors) => return fail_all(&errors),
            }
        }
    };
    let origin = Origin {
        provenance: Provenance {
            file: args
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.clone()),
            date: file_date(&args.file),
            sha256: format!("{:x}", Sha256::digest(&bytes)),
        },
        file: file.clone(),
        by: who(args.by.as_deref(), &session),
        at: Timestamp::now(),
    };
    let plan = match import::plan(
        &session,
        &catalogue,
        &provider,
        &matrix,
        mapping.as_ref(),
        &origin,
        args.replace,
    ) {
        Ok(p) => p,
        Err(errors) => {
            let code = fail_all(&errors);
            eprintln!("gapwalk: nothing was written");
            return code;
        }
    };
    let changes = diff::diff(&session, &plan.session, Some(&catalogue));
    let changes: Vec<_> = changes
        .into_iter()
        .filter(|c| c.control.is_some() || c.field != "updated")
        .collect();
    if !changes.is_empty() {
        outln!(
            "{}",
            super::diff_cmd::render_text(&changes, Some(&catalogue)).trim_end()
        );
    }
    for d in &plan.disagreements {
        let what = if d.replaced {
            "replaced by the matrix's value (--replace)"
        } else {
            "left as recorded; --replace writes the matrix's value"
        };
        if d.recorded.is_empty() || d.stated.starts_with("the matrix's rows") {
            eprintln!(
                "disagreement: control {} {}: {}; {what}",
                one_line(&d.control),
                d.field,
                one_line(&d.stated)
            );
        } else {
            eprintln!(
                "disagreement: control {} {}: the session records {:?}, the matrix says {:?}; {what}",
                one_line(&d.control),
                d.field,
                one_line(&d.recorded),
                one_line(&d.stated)
            );
        }
    }
    if !plan.unmapped.is_empty() {
        let first: Vec<String> = plan
            .unmapped
            .iter()
            .take(3)
            .map(ToString::to_string)
            .collect();
        eprintln!(
            "{} rows of {file} have ids the mapping does not list and were skipped (first: {})",
            plan.unmapped.len(),
            one_line(&first.join("; "))
        );
    }
    let changed = plan.session != session;
    let code = if plan.disagreements.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    };
    if args.dry_run {
        eprintln!(
            "dry run: {} controls in the matrix; nothing was written",
            plan.controls
        );
        return code;
    }
    if !changed {
        eprintln!(
            "{session_name}: the matrix adds nothing the session does not already record; nothing to change"
        );
        return code;
    }
    if let Err(e) = write_session(&args.session, &plan.session, true) {
        return fail(e);
    }
    // The controls whose lines changed: a matrix names every control, most of them with
    // nothing decided, and "imported 132 controls" read as if all had been.
    let filled: std::collections::BTreeSet<&str> = changes
        .iter()
        .filter_map(|c| c.control.as_deref())
        .collect();
    eprintln!(
        "{session_name}: imported the lines of {} control(s) for {} from {} (the matrix lists {}), marked as the provider's statement until confirmed",
        filled.len(),
        one_line(&provider),
        one_line(&file),
        plan.controls
    );
    code
}
