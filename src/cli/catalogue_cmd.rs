//! `gapwalk catalogue list|show|check`.

use super::outln;
use serde::Serialize;

use super::{CatalogueCommand, EXIT_FINDINGS, EXIT_OK, OutputFormat, fail};
use crate::catalogue::{self, Catalogue, CatalogueError};
use crate::sanitise::one_line;

pub fn run(command: &CatalogueCommand) -> u8 {
    match command {
        CatalogueCommand::List => list(),
        CatalogueCommand::Show { catalogue, format } => show(catalogue, *format),
        CatalogueCommand::Check { file } => check(file),
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
        outln!(
            "  {:<11} {}{}{}",
            one_line(&c.id),
            one_line(&c.title),
            one_line(&mapping),
            guidance
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
