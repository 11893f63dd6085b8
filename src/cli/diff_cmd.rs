//! `gapwalk diff OLD NEW`: the semantic diff of two session files, as text for a terminal or a
//! pull-request comment, or as JSON. It also serves as git's external diff driver, which calls
//! it with seven arguments (`path old-file old-hex old-mode new-file new-hex new-mode`, with
//! `/dev/null` for a side that does not exist). Git treats any exit status but 0 from a driver
//! as the driver dying and stops (unless `diff.<driver>.trustExitCode` is set, when 1 means
//! "differs"), so in that form the exit status is 0 whatever the outcome, or 0/1 with
//! `--exit-code`; problems are printed in the diff where the reader sees them.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::{EXIT_FINDINGS, EXIT_OK, OutputFormat, fail};
use crate::catalogue::Catalogue;
use crate::persist;
use crate::review::merge::no_ancestor;
use crate::review::{Change, ChangeKind, diff};
use crate::sanitise::one_line;
use crate::session::Session;

#[derive(Debug, Args)]
#[command(
    override_usage = "gapwalk diff [OPTIONS] OLD NEW\n       gapwalk diff [OPTIONS] PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE   (as git's external diff driver)"
)]
pub struct DiffArgs {
    /// OLD NEW (either may be `-`, standard input), or the seven arguments git passes an
    /// external diff driver
    #[arg(value_name = "FILE", num_args = 2..=7, required = true)]
    pub files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// As a git driver, exit 1 when the sessions differ (for `diff.<driver>.trustExitCode`)
    #[arg(long)]
    pub exit_code: bool,
}

/// One side as read for comparing: the session, and its catalogue when it could be found.
struct Version {
    session: Session,
    catalogue: Option<Catalogue>,
    warning: Option<String>,
}

/// Reads one side. `label` names it in messages; `located_at` is where the session lives in
/// the repository, to find a catalogue file named relative to it. `/dev/null` is no session.
fn read(file: &Path, label: &str, located_at: &Path) -> Result<Option<Version>, String> {
    if file == Path::new("/dev/null") {
        return Ok(None);
    }
    let text = if crate::textfile::is_stdin(file) {
        crate::textfile::read_stdin(crate::textfile::MAX_SESSION_BYTES, "a gapwalk session")
            .map_err(|e| format!("{label}: {e}"))?
    } else {
        let bytes = std::fs::read(file).map_err(|e| format!("{label}: cannot read: {e}"))?;
        String::from_utf8(bytes).map_err(|_| {
            format!("{label}: the file is not UTF-8 text; expected a gapwalk session")
        })?
    };
    let session = persist::parse(&text, label).map_err(|e| e.to_string())?;
    match persist::catalogue_for(&session, located_at) {
        Ok(catalogue) => {
            let session =
                persist::validate(session, &catalogue, &text, label).map_err(|e| e.to_string())?;
            Ok(Some(Version {
                session,
                catalogue: Some(catalogue),
                warning: None,
            }))
        }
        // Old revisions may name a catalogue that is no longer there; the files still compare.
        Err(e) => Ok(Some(Version {
            session,
            catalogue: None,
            warning: Some(format!(
                "{label}: its catalogue cannot be loaded ({e}); controls are compared without titles"
            )),
        })),
    }
}

pub fn diff_files(args: &DiffArgs) -> u8 {
    let git = match args.files.len() {
        2 => false,
        7 => true,
        n => {
            return fail(format!(
                "diff takes OLD NEW, or the seven arguments of a git external diff driver; got {n}"
            ));
        }
    };
    let (old_file, new_file, shown) = if git {
        (&args.files[1], &args.files[4], args.files[0].clone())
    } else {
        (&args.files[0], &args.files[1], PathBuf::new())
    };
    if !git && args.files.iter().all(|f| crate::textfile::is_stdin(f)) {
        return fail("`-` (standard input) can stand for only one of OLD and NEW");
    }
    let label = |file: &PathBuf, which: &str| {
        if git {
            format!("{} ({which})", shown.display())
        } else {
            file.display().to_string()
        }
    };
    let located = |file: &PathBuf| if git { shown.clone() } else { file.clone() };
    let read_both = || -> Result<(Option<Version>, Option<Version>), String> {
        Ok((
            read(old_file, &label(old_file, "old"), &located(old_file))?,
            read(new_file, &label(new_file, "new"), &located(new_file))?,
        ))
    };
    let header = format!("gapwalk diff {}", shown.display());
    let (old, new) = match read_both() {
        Ok(pair) => pair,
        Err(e) if git => {
            // Stopping would abort the reader's whole `git diff`; say it in the output instead.
            emit(&format!(
                "{}\n  cannot compare: {}\n",
                one_line(&header),
                one_line(&e)
            ));
            return if args.exit_code {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            };
        }
        Err(e) => return fail(e),
    };
    for w in [&old, &new]
        .into_iter()
        .flatten()
        .filter_map(|v| v.warning.as_ref())
    {
        eprintln!("gapwalk: warning: {w}");
    }
    let catalogue = new
        .as_ref()
        .and_then(|v| v.catalogue.as_ref())
        .or(old.as_ref().and_then(|v| v.catalogue.as_ref()));
    let (old_session, new_session, note) = match (&old, &new) {
        (Some(o), Some(n)) => (o.session.clone(), n.session.clone(), None),
        (None, Some(n)) => (
            no_ancestor(&n.session),
            n.session.clone(),
            Some("new session file"),
        ),
        (Some(o), None) => (
            o.session.clone(),
            no_ancestor(&o.session),
            Some("session file deleted"),
        ),
        (None, None) => return EXIT_OK,
    };
    let changes = diff(&old_session, &new_session, catalogue);
    match args.format {
        OutputFormat::Json => {
            let report = Report {
                old: label(old_file, "old"),
                new: label(new_file, "new"),
                equal: changes.is_empty() && note.is_none(),
                changes: &changes,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(json) => emit(&format!("{json}\n")),
                Err(e) => return fail(e),
            }
        }
        OutputFormat::Text => {
            let mut out = String::new();
            if git {
                out.push_str(&format!("{}\n", one_line(&header)));
            }
            if let Some(note) = note {
                out.push_str(&format!("  ({note})\n"));
            }
            if note == Some("session file deleted") {
                out.push_str(&format!(
                    "  it held {:?}: {} assessed control(s), {} decision(s)\n",
                    one_line(&old_session.meta.title),
                    old_session.assessments.len(),
                    old_session.decisions.len()
                ));
            } else if changes.is_empty() && git {
                out.push_str("  no change to the session (only the file's layout differs; `gapwalk fmt` makes it canonical)\n");
            } else {
                out.push_str(&render_text(&changes, catalogue));
            }
            emit(&out);
        }
    }
    if changes.is_empty() && note.is_none() {
        if !git {
            eprintln!(
                "{} and {}: the same session",
                old_file.display(),
                new_file.display()
            );
        }
        EXIT_OK
    } else if git && !args.exit_code {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}

/// The JSON form: which files, whether they hold the same session, and every change.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Report<'a> {
    old: String,
    new: String,
    equal: bool,
    changes: &'a [Change],
}

/// Writes to stdout; a reader that stops early (a pager quit, `| head`) is not an error.
fn emit(text: &str) {
    let _ = super::stdout_bytes(text.as_bytes());
}

/// A value as printed: free text quoted (so spaces and emptiness show), words as they are.
fn shown(value: &str, text: bool) -> String {
    let clean = one_line(value);
    match (clean.is_empty(), text) {
        (true, true) => "(empty)".into(),
        (true, false) => "(none)".into(),
        (false, true) => format!("{clean:?}"),
        (false, false) => clean.into_owned(),
    }
}

/// The text form: a heading per control (and one for the session), then one line per change.
pub fn render_text(changes: &[Change], catalogue: Option<&Catalogue>) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < changes.len() {
        let control = changes[i].control.clone();
        let end = changes[i..]
            .iter()
            .position(|c| c.control != control)
            .map_or(changes.len(), |n| i + n);
        let group = &changes[i..end];
        match &control {
            None => out.push_str("session\n"),
            Some(id) => {
                let title = catalogue
                    .and_then(|c| c.control(id))
                    .map(|c| format!(" {}", one_line(&c.title)))
                    .unwrap_or_default();
                out.push_str(&format!("control {}{title}\n", one_line(id)));
            }
        }
        let mut stamp = (None, None);
        for c in group {
            match c.field.as_str() {
                "changed_by" => stamp.0 = c.new.clone(),
                "changed_at" => stamp.1 = c.new.clone(),
                _ => out.push_str(&format!("  {}\n", render_change(c))),
            }
        }
        if stamp != (None, None) {
            let mut line = "  last changed".to_string();
            if let Some(by) = stamp.0.filter(|b| !b.is_empty()) {
                line.push_str(&format!(" by {}", one_line(&by)));
            }
            if let Some(at) = stamp.1.filter(|a| !a.is_empty()) {
                line.push_str(&format!(" at {}", one_line(&at)));
            }
            out.push_str(&line);
            out.push('\n');
        }
        i = end;
    }
    out
}

fn render_change(c: &Change) -> String {
    let name = match (c.field.as_str(), c.item.is_empty()) {
        ("conflict", _) => "conflict".to_string(),
        (field, true) => field.to_string(),
        (field, false) => format!("{field} ({})", one_line(&c.item)),
    };
    let value = |v: &Option<String>| shown(v.as_deref().unwrap_or_default(), c.text);
    match (c.field.as_str(), c.change) {
        ("conflict", ChangeKind::Added) => format!("conflict recorded: {}", value(&c.new)),
        ("conflict", ChangeKind::Removed) => format!("conflict resolved: {}", value(&c.old)),
        (_, ChangeKind::Added) if !c.item.is_empty() => {
            format!(
                "{} added: {}: {}",
                c.field,
                one_line(&c.item),
                value(&c.new)
            )
        }
        (_, ChangeKind::Removed) if !c.item.is_empty() => {
            format!(
                "{} removed: {}: {}",
                c.field,
                one_line(&c.item),
                value(&c.old)
            )
        }
        (_, ChangeKind::Added) => format!("{name} added: {}", value(&c.new)),
        (_, ChangeKind::Removed) => format!("{name} removed: {}", value(&c.old)),
        (_, ChangeKind::Changed) => {
            format!("{name}: {} → {}", value(&c.old), value(&c.new))
        }
    }
}
