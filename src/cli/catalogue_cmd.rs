//! `gapwalk catalogue list|show|check|upgrade|move`.

use super::outln;
use serde::Serialize;

use super::write::write_session;
use super::{CatalogueCommand, EXIT_FINDINGS, EXIT_OK, OutputFormat, fail};
use crate::catalogue::{self, Catalogue, CatalogueError, Changes, Pin};
use crate::sanitise::one_line;
use crate::session::Timestamp;
use std::path::Path;

pub fn run(command: &CatalogueCommand) -> u8 {
    match command {
        CatalogueCommand::List => list(),
        CatalogueCommand::Show { catalogue, format } => show(catalogue, *format),
        CatalogueCommand::Check { file } => check(file),
        CatalogueCommand::Upgrade { file } => upgrade(file),
        CatalogueCommand::Move { file, to, out } => move_session(file, to, out),
    }
}

fn list() -> u8 {
    for entry in catalogue::list() {
        outln!(
            "{}\t{} controls\t{}\t{}",
            one_line(&entry.name),
            entry.controls,
            one_line(&entry.title),
            one_line(&entry.source)
        );
    }
    if let Some(dir) = catalogue::user_catalogue_dir() {
        eprintln!("your own catalogues go in {}", dir.display());
    }
    EXIT_OK
}

#[derive(Serialize)]
struct ControlJson<'a> {
    id: &'a str,
    title: &'a str,
    clause: &'a str,
    clause_title: &'a str,
    category: Option<&'a str>,
    category_title: Option<&'a str>,
    iso27001_2022: &'a [String],
    mapping: &'static str,
    guidance: Option<&'static str>,
    other_cloud_information: Option<&'static str>,
    themes: &'a [String],
    customer_prompt: &'a str,
    provider_prompt: &'a str,
    provider_seat_prompt: &'a str,
    related: &'a [String],
}

fn show(name: &str, format: OutputFormat) -> u8 {
    let cat = match catalogue::resolve(name) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    match format {
        OutputFormat::Json => {
            let rows: Vec<ControlJson> = cat
                .controls
                .iter()
                .map(|c| ControlJson {
                    id: &c.id,
                    title: &c.title,
                    clause: &c.clause,
                    clause_title: cat.clause(&c.clause).map_or("", |x| x.title.as_str()),
                    category: c.category.as_deref(),
                    category_title: c
                        .category
                        .as_deref()
                        .and_then(|id| cat.category(id))
                        .map(|x| x.title.as_str()),
                    iso27001_2022: &c.iso27001_2022,
                    mapping: match c.mapping {
                        catalogue::MappingSource::Iso => "iso",
                        catalogue::MappingSource::Gapwalk => "gapwalk",
                    },
                    guidance: c.guidance.map(|g| g.as_str()),
                    other_cloud_information: c.other_cloud_information.map(|k| k.as_str()),
                    themes: &c.themes,
                    customer_prompt: &c.customer_prompt,
                    provider_prompt: &c.provider_prompt,
                    provider_seat_prompt: &c.provider_seat_prompt,
                    related: &c.related,
                })
                .collect();
            match super::json::to_string_pretty(&rows) {
                Ok(json) => outln!("{json}"),
                Err(e) => return fail(e),
            }
        }
        OutputFormat::Text => print_text(&cat),
    }
    EXIT_OK
}

fn print_text(cat: &Catalogue) {
    outln!(
        "{} ({}): {} controls",
        one_line(&cat.title),
        one_line(&cat.id),
        cat.controls.len()
    );
    let mut clause = "";
    for c in &cat.controls {
        if c.clause != clause {
            clause = &c.clause;
            let title = cat.clause(clause).map_or("", |x| x.title.as_str());
            outln!("\n{} {}", one_line(clause), one_line(title));
        }
        let mapping = if c.iso27001_2022.is_empty() {
            String::new()
        } else {
            let marker = match c.mapping {
                catalogue::MappingSource::Iso => "",
                catalogue::MappingSource::Gapwalk => " (gapwalk)",
            };
            format!("  -> 27001:2022 {}{marker}", c.iso27001_2022.join(", "))
        };
        let guidance = c
            .guidance
            .map(|g| format!("  cloud guidance: {}", g.as_str()))
            .unwrap_or_default();
        let other = if c.other_cloud_information == Some(catalogue::Known::Yes) {
            " (+ other information for cloud)"
        } else {
            ""
        };
        let related = if c.related.is_empty() {
            String::new()
        } else {
            format!("  related: {}", c.related.join(", "))
        };
        outln!(
            "  {:<11} {}{}{}{}{}",
            one_line(&c.id),
            one_line(&c.title),
            one_line(&mapping),
            guidance,
            other,
            one_line(&related)
        );
    }
}

fn check(file: &std::path::Path) -> u8 {
    match Catalogue::load(file) {
        Ok(cat) => {
            eprintln!(
                "{}: ok: catalogue {} version {}, {} controls",
                file.display(),
                one_line(&cat.id),
                one_line(&cat.version),
                cat.controls.len()
            );
            EXIT_OK
        }
        Err(CatalogueError::Invalid { problems, .. }) => {
            for p in &problems {
                // Problems quote ids and names from the file.
                outln!("{}", one_line(&p.to_string()));
            }
            eprintln!("{}: {} problem(s)", file.display(), problems.len());
            EXIT_FINDINGS
        }
        Err(e) => fail(e),
    }
}

/// Re-pins a session to the current revision of its catalogue: one change (the recorded
/// version and hash), written as `set` writes (refused while the session is open elsewhere,
/// `FILE.bak` kept, canonical text).
fn upgrade(file: &std::path::Path) -> u8 {
    let _lock = match super::guard::lock_for_writing(file, "gapwalk catalogue upgrade") {
        Ok(lock) => lock,
        Err(code) => return code,
    };
    let loaded = match crate::persist::load(file) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let (mut session, catalogue) = (loaded.session, loaded.catalogue);
    let shown = file.display().to_string();
    let hash = catalogue.content_hash();
    // The notice that asks for this very command is answered here, not repeated.
    let notice = catalogue.pin_notice(&session.catalogue.hash, &hash, &shown);
    for w in loaded
        .warnings
        .iter()
        .filter(|w| Some(*w) != notice.as_ref())
    {
        eprintln!("gapwalk: warning: {w}");
    }
    let id = one_line(&catalogue.id).into_owned();
    let from = match catalogue.pin_with(&session.catalogue.hash, &hash) {
        Pin::Current => {
            eprintln!(
                "{shown}: already on catalogue {id} revision {}; nothing to change",
                catalogue.revision
            );
            return EXIT_OK;
        }
        Pin::Older { revision, since } => {
            let changes = Changes::of(since);
            format!(
                "from revision {revision} ({} controls added, {} changed, {} removed)",
                changes.added.len(),
                changes.changed.len(),
                changes.removed.len()
            )
        }
        Pin::Unknown => format!(
            "from a content its history does not name ({})",
            one_line(&session.catalogue.hash)
        ),
    };
    session.catalogue.version = catalogue.version.clone();
    session.catalogue.hash = hash;
    session.meta.updated = Timestamp::now();
    if let Err(e) = write_session(file, &session, true) {
        return fail(e);
    }
    eprintln!(
        "{shown}: now on catalogue {id} revision {} {from}",
        catalogue.revision
    );
    EXIT_OK
}

/// Moves a session onto another catalogue through the ISO mapping, into a new file: the source
/// is read under its lock (refused while a workshop has it open, which may hold unsaved work)
/// and left as it was; the new file is never written over.
fn move_session(file: &Path, to: &str, out: &Path) -> u8 {
    if out.symlink_metadata().is_ok() {
        return fail(format!(
            "{} already exists; gapwalk catalogue move never overwrites a file",
            out.display()
        ));
    }
    let (_lock, loaded) = match super::guard::lock_and_load(file, "gapwalk catalogue move") {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let target = match catalogue::resolve(to) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let shown = file.display().to_string();
    let moved = match crate::review::onto::move_onto(
        &loaded.session,
        &loaded.catalogue,
        &target,
        &shown,
        Timestamp::now(),
    ) {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let mut session = moved.session;
    if catalogue::embedded(to).is_none() && Path::new(to).is_file() {
        session.catalogue.file = Some(super::session_cmd::relative_to(to, out));
    }
    let written = crate::persist::to_canonical(&session)
        .and_then(|text| crate::persist::write_new(out, text.as_bytes()));
    if let Err(e) = written {
        return fail(e);
    }
    let target_id = one_line(&target.id).into_owned();
    eprintln!(
        "{}: {} assessed controls of {shown} carried onto catalogue {target_id} revision {}",
        out.display(),
        moved.carried,
        target.revision
    );
    for (t, sources) in &moved.combined {
        eprintln!("  {t} from {}", sources.join(" + "));
    }
    if !moved.not_carried.is_empty() {
        eprintln!(
            "  not carried (no ISO mapping onto {target_id}; still in {shown}): {}",
            moved.not_carried.join(", ")
        );
    }
    if moved.approvals_dropped > 0 {
        eprintln!(
            "  {} approval(s) of the old content not carried: approve the moved session anew",
            moved.approvals_dropped
        );
    }
    if moved.conflicts > 0 {
        eprintln!(
            "{} conflict(s) where combined controls disagree: resolve them in the workshop or with `gapwalk set`",
            moved.conflicts
        );
        return EXIT_FINDINGS;
    }
    EXIT_OK
}
