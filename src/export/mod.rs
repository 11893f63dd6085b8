//! Workshop outputs: the Statement of Applicability draft, the gap register, the
//! shared-responsibility matrix and the minutes, in md, csv, xlsx, html and json.
//!
//! One row model feeds every format: each view builds typed rows from the session (`soa`,
//! `annex_a`, `gaps`, `responsibility`, `minutes`), cleaning every string once; json serialises
//! those rows, and the other formats lay out the same rows reduced to tables (`table`). Each
//! format escapes for its own syntax (`text`). The output is bytes; `write` saves them with
//! `persist::write_atomic`. This module knows nothing of terminals and never changes a session.

mod annex_a;
mod charts;
mod crm;
mod csv;
mod docx;
mod gaps;
mod html;
pub(crate) mod json;
mod md;
mod meta;
mod minutes;
mod options;
pub mod oscal;
mod responsibility;
mod sink;
mod soa;
mod table;
mod text;
mod xlsx;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crm::offering_for;
pub use gaps::{GapRow, GapsView, RiskAcceptanceRow, Treatment};
pub use meta::MetaBlock;
pub use minutes::Minutes;
pub use options::{Audience, ExportOptions, Format, Numbering, Paper, View};
pub use responsibility::ResponsibilityRow;
pub use soa::{Applicable, SoaRow};
pub use text::{spreadsheet_cell, unguard_cell};

use crate::catalogue::Catalogue;
use crate::persist::{self, PersistError};
use crate::session::{Session, Timestamp};

/// The version of the json export's shape; bumped when a field changes meaning or goes away.
/// 2: missing text is `null` instead of `""`.
/// 3: a responsibility row names its `providers` (a list) instead of one `provider`: the
/// providers with nothing recorded for a control share one row.
pub const JSON_FORMAT_VERSION: u32 = 3;

/// The embedded catalogue that gives the 93 ISO/IEC 27001:2022 Annex A ids and titles.
pub const ANNEX_A_CATALOGUE: &str = crate::catalogue::ANNEX_A_ID;

/// The reproducible-builds convention for a fixed clock.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("every view at once needs --format xlsx (one sheet per view); choose a --view for {0}")]
    AllViewsNeedXlsx(&'static str),
    #[error(
        "the session was run against catalogue {0}, which has no ISO/IEC 27017 numbering; use --numbering iso27001-2022"
    )]
    NoOwnNumbering(String),
    #[error(
        "{0} is the session file itself; an export never replaces a session, choose another --out"
    )]
    SessionPath(PathBuf),
    #[error(
        "{SOURCE_DATE_EPOCH}={0:?} is not a whole number of seconds since 1970-01-01 (the reproducible-builds convention)"
    )]
    SourceDateEpoch(String),
    #[error("cannot write {0}: the folder {1} does not exist")]
    NoFolder(PathBuf, PathBuf),
    #[error("the {0} view is left out of the external edition; export it with --audience internal")]
    InternalOnly(&'static str),
    #[error(
        "the {0} view holds several tables and a csv file holds one; export it as md, html, xlsx or json"
    )]
    CsvOneTable(&'static str),
    #[error(
        "OSCAL holds the SoA (--view soa: a system security plan) or the gaps (--view gaps: a plan of action and milestones), not the {0} view"
    )]
    OscalView(&'static str),
    #[error("cannot build the Word document: {0}")]
    Docx(String),
    #[error(
        "a Word document holds the SoA, the gaps or the minutes, not the {0} view; export it as md, html, xlsx or json"
    )]
    DocxView(&'static str),
    #[error(
        "the session records no gap, and an OSCAL plan of action and milestones needs at least one"
    )]
    NoGaps,
    #[error("the embedded ISO/IEC 27001:2022 catalogue is missing from this build")]
    NoAnnexA,
    #[error("cannot build the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// No offering, an unknown one, or several without a choice, for the CRM view.
    #[error("{0}")]
    Offering(String),
    #[error("cannot write csv: {0}")]
    Csv(String),
    #[error("cannot write json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Write(#[from] PersistError),
}

/// What an export reads: the session, its catalogue, and the two facts that are not in them.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub session: &'a Session,
    pub catalogue: &'a Catalogue,
    /// The session's file name as the metadata block shows it (no folder: it may be private).
    pub session_file: &'a str,
    pub generated_at: Timestamp,
}

/// A view's rows, as json carries them under the view's name.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    Soa(Vec<SoaRow>),
    Gaps(GapsView),
    Responsibility(Vec<ResponsibilityRow>),
    Minutes(Minutes),
    Crm(crate::import::Crm),
    RiskAcceptances(Vec<RiskAcceptanceRow>),
    /// The metadata alone: json carries it under `metadata` as every export does.
    About {},
}

impl Content {
    pub fn view(&self) -> View {
        match self {
            Content::Soa(_) => View::Soa,
            Content::Gaps(_) => View::Gaps,
            Content::Responsibility(_) => View::Responsibility,
            Content::Minutes(_) => View::Minutes,
            Content::Crm(_) => View::Crm,
            Content::RiskAcceptances(_) => View::RiskAcceptances,
            Content::About {} => View::About,
        }
    }

    fn tables(&self, numbering: Numbering, audience: Audience) -> Vec<table::Table<'static>> {
        let internal = audience == Audience::Internal;
        match self {
            Content::Soa(rows) => {
                let mut t = soa::table(rows, numbering == Numbering::Iso27001_2022, internal);
                if numbering == Numbering::Iso27001_2022 {
                    t.note = Some(ANNEX_A_NOTE.into());
                }
                vec![t]
            }
            Content::Gaps(view) => {
                let mut tables = gaps::tables(view, internal);
                if let Some(first) = tables.first_mut() {
                    first.note = first.note.take().or_else(|| per_control_note(numbering));
                }
                tables
            }
            Content::Responsibility(rows) => {
                let mut t = responsibility::held_table(rows);
                t.note = t.note.take().or_else(|| per_control_note(numbering));
                vec![t]
            }
            Content::Minutes(m) => minutes::tables(m),
            Content::Crm(c) => vec![crm::table(c, internal)],
            Content::RiskAcceptances(rows) => vec![gaps::acceptance_table(rows)],
            Content::About {} => Vec::new(),
        }
    }
}

/// What the SoA under 27001:2022 numbering says under its title.
const ANNEX_A_NOTE: &str = "Listed by ISO/IEC 27001:2022 Annex A: each row combines the controls the ISO correspondence maps to it (applicable if any is; the weakest status among the applicable ones, and no status while any is undecided), then the cloud controls as additional necessary controls.";

/// Under 27001:2022 numbering, what the views that keep a row per control say about it.
fn per_control_note(numbering: Numbering) -> Option<String> {
    (numbering == Numbering::Iso27001_2022).then(|| {
        "One row per control of the session's catalogue, with its ISO/IEC 27001:2022 Annex A ids beside it.".into()
    })
}

/// The numbering an export uses, checked against the session's catalogue.
pub fn numbering_for(
    catalogue: &Catalogue,
    asked: Option<Numbering>,
) -> Result<Numbering, ExportError> {
    let numbering = asked.unwrap_or_else(|| Numbering::default_for(catalogue));
    if numbering == Numbering::Iso27017 && catalogue.id == ANNEX_A_CATALOGUE {
        return Err(ExportError::NoOwnNumbering(catalogue.id.clone()));
    }
    Ok(numbering)
}

/// Builds one view's rows; `offering` picks the offering of a CRM (see [`render_for`]).
pub fn content(
    source: &Source,
    view: View,
    numbering: Numbering,
    audience: Audience,
    offering: Option<&str>,
) -> Result<Content, ExportError> {
    let internal = audience == Audience::Internal;
    Ok(match view {
        View::Soa => match numbering {
            Numbering::Iso27017 => Content::Soa(soa::rows(source, internal)),
            Numbering::Iso27001_2022 => {
                Content::Soa(annex_a::rows(source, &annex_a::annex_a()?, internal))
            }
        },
        View::Gaps => Content::Gaps(gaps::build(source, internal)),
        View::Responsibility => Content::Responsibility(responsibility::build(source)),
        View::Minutes => Content::Minutes(minutes::build(source, internal)),
        View::Crm => Content::Crm(crm::build(
            source,
            crm::offering_for(source.session, offering)?,
            internal,
        )),
        View::RiskAcceptances => match gaps::build(source, internal).risk_acceptances {
            Some(rows) => Content::RiskAcceptances(rows),
            None => return Err(ExportError::InternalOnly(view.key())),
        },
        View::About => Content::About {},
    })
}

/// Whether `format` can hold `view` (`None`: every view) in `audience`'s edition, and why
/// not: every view at once needs a workbook, a csv file holds one table, and the risk
/// acceptances are left out of the external edition.
pub fn supported(
    view: Option<View>,
    format: Format,
    audience: Audience,
) -> Result<(), ExportError> {
    match view {
        None if format != Format::Xlsx => Err(ExportError::AllViewsNeedXlsx(format.key())),
        Some(View::Minutes) if format == Format::Csv => {
            Err(ExportError::CsvOneTable(View::Minutes.key()))
        }
        Some(v)
            if format == Format::Docx && !matches!(v, View::Soa | View::Gaps | View::Minutes) =>
        {
            Err(ExportError::DocxView(v.key()))
        }
        Some(v) if format == Format::Oscal && !matches!(v, View::Soa | View::Gaps) => {
            Err(ExportError::OscalView(v.key()))
        }
        Some(View::RiskAcceptances) if audience == Audience::External => {
            Err(ExportError::InternalOnly(View::RiskAcceptances.key()))
        }
        _ => Ok(()),
    }
}

/// Renders an export to bytes. Nothing is written.
pub fn render(source: &Source, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    render_for(source, options, None)
}

/// Renders an export whose CRM is about `offering` (by default the session's only offering).
/// Every view at once includes the CRM only for a session that provides exactly one offering
/// or names the one wanted.
pub fn render_for(
    source: &Source,
    options: &ExportOptions,
    offering: Option<&str>,
) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    render_into(source, options, offering, &mut bytes)?;
    Ok(bytes)
}

/// The SoA's rows one by one: regrouped under Annex A when `annex` is given, else in the
/// session catalogue's own numbering.
fn soa_rows<'a>(
    source: Source<'a>,
    annex: Option<&'a Catalogue>,
    internal: bool,
) -> Box<dyn Iterator<Item = SoaRow> + 'a> {
    match annex {
        Some(annex) => Box::new(annex_a::each_row(source, annex, internal)),
        None => Box::new(soa::each_row(source, internal)),
    }
}

/// The SoA as a table whose rows are made while it is written (the table
/// [`Content::tables`] makes from held rows).
fn soa_table<'a>(
    source: Source<'a>,
    annex: Option<&'a Catalogue>,
    internal: bool,
) -> table::Table<'a> {
    let provides = soa::offering_names(&source).is_some();
    let mut t = soa::streamed_table(
        soa_rows(source, annex, internal),
        annex.is_some(),
        internal,
        provides,
    );
    if annex.is_some() {
        t.note = Some(ANNEX_A_NOTE.into());
    }
    t
}

/// Renders an export into `out` as it is made ([`render_for`] collects the same bytes). The
/// choices are checked and every view but the responsibility matrix is built before the first
/// byte is written, so a refused export writes nothing. The matrix is never held whole: its
/// rows are made, written and dropped one by one (md, csv, html and json straight into `out`,
/// xlsx into a constant-memory sheet), since a session at the caps has a very long one.
pub fn render_into(
    source: &Source,
    options: &ExportOptions,
    offering: Option<&str>,
    out: &mut dyn std::io::Write,
) -> Result<(), ExportError> {
    supported(options.view, options.format, options.audience)?;
    let numbering = numbering_for(source.catalogue, options.numbering)?;
    let audience = options.audience;
    if options.format == Format::Oscal {
        // OSCAL lists the session catalogue's own controls, whatever the SoA's numbering.
        let own = Numbering::default_for(source.catalogue);
        let meta = MetaBlock::new(source, own, audience);
        let bytes = oscal::render(source, &meta, options.view.unwrap_or(View::Soa), audience)?;
        out.write_all(&bytes)?;
        return Ok(());
    }
    // Only the SoA is renumbered; an export without it says the catalogue's own ids.
    let shown_numbering = if options.views().contains(&View::Soa) {
        numbering
    } else {
        Numbering::own_for(source.catalogue)
    };
    let meta = MetaBlock::new(source, shown_numbering, audience);
    let internal = audience == Audience::Internal;
    // The Annex A catalogue the SoA is regrouped under, read before anything is written.
    let annex = match numbering {
        Numbering::Iso27001_2022 if options.views().contains(&View::Soa) => {
            Some(annex_a::annex_a()?)
        }
        _ => None,
    };
    // Json writes the rows and needs no tables.
    if options.format == Format::Json {
        let Some(&view) = options.views().first() else {
            return Ok(());
        };
        if view == View::Responsibility {
            return json::write_rows(
                &meta,
                view,
                "responsibility",
                responsibility::rows(*source),
                out,
            );
        }
        if view == View::Soa {
            return json::write_rows(
                &meta,
                view,
                "soa",
                soa_rows(*source, annex.as_ref(), internal),
                out,
            );
        }
        return json::write(
            &meta,
            &content(source, view, numbering, audience, offering)?,
            out,
        );
    }
    // The other formats lay out tables; each view's rows are dropped as soon as its tables
    // are made, and the matrix's are made only while it is written.
    let mut reports: Vec<table::Report> = Vec::new();
    for view in options.views() {
        if view == View::Crm
            && options.view.is_none()
            && crm::offering_for(source.session, offering).is_err()
        {
            continue;
        }
        let sections = if view == View::Responsibility {
            vec![responsibility::table(*source)]
        } else if view == View::Soa {
            vec![soa_table(*source, annex.as_ref(), internal)]
        } else {
            content(source, view, numbering, audience, offering)?.tables(numbering, audience)
        };
        reports.push(table::Report { view, sections });
    }
    let Some(report) = reports.first_mut() else {
        // `views()` always yields at least one view.
        return Ok(());
    };
    match options.format {
        Format::Xlsx => {
            let bytes = xlsx::write(&meta, &mut reports, source.generated_at, options.paper)?;
            out.write_all(&bytes)?;
        }
        Format::Docx => out.write_all(&docx::write(&meta, report, options.paper)?)?,
        Format::Csv => csv::write(&meta, report, out)?,
        Format::Md | Format::Html => {
            let mut sink = sink::Sink::new(out);
            if options.format == Format::Md {
                md::write(&meta, report, &mut sink);
            } else {
                html::write(source, &meta, report, audience, &mut sink);
            }
            sink.finish()?;
        }
        // Both are handled above.
        Format::Json | Format::Oscal => {}
    }
    Ok(())
}

/// Writes an export (no backup: an export is regenerated, not edited): atomically over a
/// regular file or nothing, as a stream into a character device or a pipe with a reader;
/// anything else is refused (`persist::write_output`).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    check_folder(path)?;
    persist::write_output(path, bytes)?;
    Ok(())
}

/// Renders an export straight into its output ([`render_into`] into [`write`]'s file, device
/// or pipe), so it is never held whole in memory. Whatever refuses the export (the options, the
/// session, the path) does so before anything is written.
pub fn write_rendered(
    path: &Path,
    source: &Source,
    options: &ExportOptions,
    offering: Option<&str>,
) -> Result<(), ExportError> {
    check_folder(path)?;
    supported(options.view, options.format, options.audience)?;
    numbering_for(source.catalogue, options.numbering)?;
    persist::write_output_with(path, |out| render_into(source, options, offering, out))
}

fn check_folder(path: &Path) -> Result<(), ExportError> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !folder.is_dir()
    {
        return Err(ExportError::NoFolder(
            path.to_path_buf(),
            folder.to_path_buf(),
        ));
    }
    Ok(())
}

/// The time an export says it was generated: `SOURCE_DATE_EPOCH` when set, else the clock.
pub fn generated_at() -> Result<Timestamp, ExportError> {
    generated_at_from(std::env::var(SOURCE_DATE_EPOCH).ok().as_deref())
}

pub fn generated_at_from(epoch: Option<&str>) -> Result<Timestamp, ExportError> {
    match epoch.map(str::trim) {
        None | Some("") => Ok(Timestamp::now()),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .and_then(Timestamp::from_unix)
            .ok_or_else(|| ExportError::SourceDateEpoch(text.to_string())),
    }
}

/// Refuses an output path that is the session file (by any name: a link, another spelling)
/// or one of its sidecars (its backup, lock or temporary files).
pub fn refuse_session_path(out: &Path, session: &Path) -> Result<(), ExportError> {
    match persist::refuse_session_names(out, session) {
        Err(persist::SessionName::Session) => Err(ExportError::SessionPath(out.to_path_buf())),
        Err(persist::SessionName::Sidecar(e)) => Err(e.into()),
        Ok(()) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_json_matrix_is_the_held_one_byte_for_byte() {
        let catalogue = crate::catalogue::default_catalogue();
        let mut session = Session::new("t", &catalogue, Timestamp::from_unix(0).unwrap());
        for name in ["A", "B", "C"] {
            session.meta.providers.push(crate::session::Provider {
                name: name.into(),
                services: Vec::new(),
            });
        }
        let mut a = crate::session::Assessment::new(&catalogue.controls[2].id);
        a.responsibility_mut("B").holder = crate::session::Holder::Shared;
        a.responsibility_mut("B").inherited = "the platform".into();
        session.assessments.push(a);
        let source = Source {
            session: &session,
            catalogue: &catalogue,
            session_file: "t.ron",
            generated_at: Timestamp::from_unix(0).unwrap(),
        };
        let meta = MetaBlock::new(&source, Numbering::Iso27017, Audience::Internal);
        let mut streamed = Vec::new();
        json::write_rows(
            &meta,
            View::Responsibility,
            "responsibility",
            responsibility::rows(source),
            &mut streamed,
        )
        .unwrap();
        let mut held = Vec::new();
        let content = Content::Responsibility(responsibility::build(&source));
        json::write(&meta, &content, &mut held).unwrap();
        assert_eq!(String::from_utf8(streamed), String::from_utf8(held));
        // One row for the control's line, one shared by A and C; one per other control.
        assert_eq!(
            responsibility::build(&source).len(),
            catalogue.controls.len() + 1
        );
    }

    #[test]
    fn source_date_epoch_fixes_the_clock_and_rejects_nonsense() {
        assert_eq!(
            generated_at_from(Some("1795000000")).unwrap().to_string(),
            "2026-11-18T11:06:40Z"
        );
        assert!(matches!(
            generated_at_from(Some("yesterday")),
            Err(ExportError::SourceDateEpoch(_))
        ));
        assert!(generated_at_from(None).is_ok());
    }
}
