//! `gapwalk new|check|stats|fmt`.

use super::outln;
use std::path::Path;

use super::{EXIT_FINDINGS, EXIT_OK, NewArgs, OutputFormat, RoleArg, fail};
use crate::catalogue;
use crate::persist::{self, Loaded};
use crate::review;
use crate::sanitise::one_line;
use crate::session::{NewSession, Role, Timestamp, new_session};

pub fn new(args: &NewArgs) -> u8 {
    if args.file.symlink_metadata().is_ok() {
        return fail(format!(
            "{} already exists; gapwalk new never overwrites a file (open it with `gapwalk open`)",
            args.file.display()
        ));
    }
    if let Some(last) = &args.from {
        return new_from(args, last);
    }
    let catalogue = match catalogue::resolve(&args.catalogue) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let from_file =
        catalogue::embedded(&args.catalogue).is_none() && Path::new(&args.catalogue).is_file();
    let catalogue_file = from_file.then(|| relative_to(&args.catalogue, &args.file));
    let spec = NewSession {
        title: args.title.clone().unwrap_or_default(),
        organisation: args.org.clone().unwrap_or_default(),
        role: match args.role {
            RoleArg::Csc => Role::Csc,
            RoleArg::Csp => Role::Csp,
            RoleArg::Both => Role::Both,
        },
        providers: args.providers.clone(),
        scope: args.scope.clone().unwrap_or_default(),
        facilitator: args.facilitator.clone().unwrap_or_default(),
        offerings: args.offerings.clone(),
    };
    let session = new_session(&spec, &catalogue, catalogue_file, Timestamp::now());
    if let Err(over) = crate::session::limits::check(&session) {
        return fail(format!(
            "{}: {}; nothing was created",
            args.file.display(),
            over.message
        ));
    }
    // The check above gives the friendly message; this write is what guarantees it, even
    // against a file created in between.
    let written = persist::to_canonical(&session)
        .and_then(|text| persist::write_new(&args.file, text.as_bytes()));
    if let Err(e) = written {
        return fail(e);
    }
    eprintln!(
        "created {}: {} controls from catalogue {}",
        args.file.display(),
        catalogue.controls.len(),
        one_line(&catalogue.id)
    );
    EXIT_OK
}

/// `gapwalk new FILE --from LAST`: next year's review from last year's session.
fn new_from(args: &NewArgs, last: &Path) -> u8 {
    let loaded = match load(last) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let conflicts = loaded.session.conflict_count();
    if conflicts > 0 {
        return fail(format!(
            "{}: {conflicts} merge conflict(s) are still recorded (see `gapwalk check`); settle them before starting the next cycle from it; {} was not created",
            last.display(),
            args.file.display()
        ));
    }
    let mut session = loaded.session.next_cycle(Timestamp::now());
    let meta = &mut session.meta;
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    if let Some(title) = given(&args.title) {
        meta.title = title.to_string();
    }
    if let Some(org) = given(&args.org) {
        meta.organisation = org.to_string();
    }
    if let Some(scope) = given(&args.scope) {
        meta.scope = scope.to_string();
    }
    if let Some(facilitator) = given(&args.facilitator) {
        meta.facilitator = facilitator.to_string();
    }
    for name in args
        .providers
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        if !meta.providers.iter().any(|p| p.name == name) {
            meta.providers.push(crate::session::Provider {
                name: name.to_string(),
                services: Vec::new(),
            });
        }
    }
    // A catalogue file named relative to last cycle's session is named from the new one.
    if let Some(file) = session.catalogue.file.clone() {
        let from_last = last.parent().unwrap_or(Path::new("")).join(&file);
        session.catalogue.file = Some(relative_to(&from_last.to_string_lossy(), &args.file));
    }
    let written = persist::to_canonical(&session)
        .and_then(|text| persist::write_new(&args.file, text.as_bytes()));
    if let Err(e) = written {
        return fail(e);
    }
    eprintln!(
        "created {} from {}: {} answer(s) carried over, each marked to re-confirm",
        args.file.display(),
        last.display(),
        session.assessments.len()
    );
    EXIT_OK
}

/// A catalogue path as the session file should record it: relative to the session's folder
/// when both are relative, so the pair can move together in a repository.
pub(super) fn relative_to(catalogue: &str, session: &Path) -> String {
    let cat = Path::new(catalogue);
    let session_dir = session.parent().unwrap_or(Path::new(""));
    if cat.is_relative() && session_dir.as_os_str().is_empty() {
        return catalogue.to_string();
    }
    match (
        std::fs::canonicalize(cat),
        std::fs::canonicalize(session_dir),
    ) {
        (Ok(cat), Ok(dir)) => match cat.strip_prefix(&dir) {
            Ok(rel) => rel.display().to_string(),
            Err(_) => cat.display().to_string(),
        },
        _ => catalogue.to_string(),
    }
}

pub(super) fn load(file: &Path) -> Result<Loaded, u8> {
    match persist::load_input(file) {
        Ok(loaded) => {
            if !crate::textfile::is_stdin(file) {
                super::guard::warn_about_recovery(file);
            }
            for w in &loaded.warnings {
                eprintln!("gapwalk: warning: {}", one_line(w));
            }
            Ok(loaded)
        }
        Err(e) => Err(super::guard::unloadable(file, e)),
    }
}

/// The version of `check --format json`'s layout; raised when a field changes meaning or goes.
pub const CHECK_JSON_VERSION: u32 = 1;

/// What `check --format json` prints: the findings with what they were judged against.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct CheckReport<'a> {
    pub format_version: u32,
    /// The file as named on the command line (`-` for standard input).
    pub file: String,
    /// The date evidence and reviews were judged as of.
    pub as_of: chrono::NaiveDate,
    pub findings: &'a [review::Finding],
}

pub fn check(args: &super::CheckArgs) -> u8 {
    let loaded = match load(&args.file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let as_of = args.as_of.unwrap_or_else(crate::dates::local_today);
    // A file name is data too: one planted with escape sequences must not drive the terminal.
    let name = one_line(&args.file.display().to_string()).into_owned();
    let findings = review::findings(&loaded.session, &loaded.catalogue, as_of);
    match args.format {
        OutputFormat::Json => match super::json::to_string_pretty(&CheckReport {
            format_version: CHECK_JSON_VERSION,
            file: args.file.display().to_string(),
            as_of,
            findings: &findings,
        }) {
            Ok(json) => outln!("{json}"),
            Err(e) => return fail(e),
        },
        OutputFormat::Text => {
            for f in &findings {
                outln!(
                    "{}: {}: {}: {}",
                    name,
                    one_line(&f.control),
                    f.kind.key(),
                    one_line(&f.message)
                );
            }
        }
    }
    let unassessed = findings
        .iter()
        .filter(|f| f.kind == review::FindingKind::Unassessed)
        .count();
    if findings.is_empty() {
        eprintln!("{}: complete as of {as_of}: no findings", name);
        EXIT_OK
    } else {
        eprintln!(
            "{}: {} finding(s) as of {as_of} ({} unassessed control(s), {} other)",
            name,
            findings.len(),
            unassessed,
            findings.len() - unassessed
        );
        EXIT_FINDINGS
    }
}

pub fn stats(args: &super::StatsArgs) -> u8 {
    if args.files.len() > 1 {
        return super::portfolio::stats(args);
    }
    let loaded = match load(&args.files[0]) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let s = review::stats(&loaded.session, &loaded.catalogue);
    match args.format {
        OutputFormat::Json => match super::json::to_string_pretty(&s) {
            Ok(json) => outln!("{json}"),
            Err(e) => return fail(e),
        },
        OutputFormat::Text => {
            let pct = |n: usize| (n * 100).checked_div(s.total).unwrap_or(0);
            outln!("{}", one_line(&loaded.session.meta.title));
            outln!(
                "catalogue     {} {} ({} controls)",
                one_line(&loaded.catalogue.id),
                one_line(&loaded.catalogue.version),
                s.total
            );
            outln!(
                "assessed      {}/{} ({}%)",
                s.assessed,
                s.total,
                pct(s.assessed)
            );
            outln!("applicable    {}", s.applicable);
            outln!("not applicable {}", s.not_applicable);
            outln!("implemented   {}", s.implemented);
            outln!("gaps          {}", s.gaps);
            outln!("flagged       {}", s.flagged);
            let join = |m: &std::collections::BTreeMap<String, usize>| {
                m.iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            outln!("gaps by priority  {}", join(&s.gaps_by_priority));
            // Each seat's split: the providers we use, the offerings we provide.
            let seats = loaded.session.meta.seats();
            if !seats.providers.is_empty() {
                outln!("responsibility    {}", join(&s.responsibility));
            }
            if !seats.offerings.is_empty() {
                outln!("our offerings     {}", join(&s.offerings));
            }
            print_clauses(&s.by_clause);
        }
    }
    EXIT_OK
}

/// The progress-by-clause table of the text output.
pub(super) fn print_clauses(by_clause: &[review::ClauseProgress]) {
    outln!("\nclause  assessed  gaps  title");
    for c in by_clause {
        outln!(
            "{:<7} {:>3}/{:<4} {:>4}  {}",
            one_line(&c.clause),
            c.assessed,
            c.total,
            c.gaps,
            one_line(&c.title)
        );
    }
}

pub fn fmt(args: &super::FmtArgs) -> u8 {
    // Held until the rewrite is done; `--check` writes nothing and needs no lock.
    let _lock = if args.check {
        None
    } else {
        match super::guard::lock_for_writing(&args.file, "gapwalk fmt") {
            Ok(lock) => lock,
            Err(code) => return code,
        }
    };
    let loaded = match load(&args.file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let limit = crate::textfile::MAX_SESSION_BYTES;
    let original = match crate::textfile::read_text(&args.file, limit, "a gapwalk session") {
        Ok(text) => text.into_bytes(),
        Err(e) => return fail(format!("{}: cannot read: {e}", args.file.display())),
    };
    let canonical = match persist::to_canonical(&loaded.session) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    if canonical.as_bytes() == original.as_slice() {
        // A hook or CI step runs `--check` on every commit: success says nothing.
        if !args.check {
            eprintln!("{}: already canonical", args.file.display());
        }
        return EXIT_OK;
    }
    if args.check {
        eprintln!(
            "{}: not in canonical form; run `gapwalk fmt {}`",
            args.file.display(),
            args.file.display()
        );
        return EXIT_FINDINGS;
    }
    if let Err(e) = persist::write_atomic(&args.file, canonical.as_bytes(), true) {
        return fail(e);
    }
    eprintln!(
        "{}: rewritten in canonical form (previous version in {})",
        args.file.display(),
        persist::backup_path(&args.file).display()
    );
    EXIT_OK
}
