//! The shared-responsibility matrix: for every control not excluded, one row per recorded
//! provider line with who holds it, the owner on each side, what the customer inherits, what it
//! must still do, and the provider's evidence; the providers with nothing recorded for a control
//! share one row, so a session with many providers and few lines stays as small as what it
//! records. Unassessed controls are listed as undecided so the matrix shows what is still open.
//! Nothing here renders.

use serde::Serialize;

use super::Source;
use super::soa::Applicable;
use super::soa::mapping_text;
use super::table::{Cell, Table, col};
use super::text::{block, line};
use crate::catalogue::MappingSource;
use crate::session::{Applicability, Holder, Responsibility};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ResponsibilityRow {
    pub control: String,
    pub iso27001_2022: Vec<String>,
    /// Who stands behind `iso27001_2022`: `iso` or `gapwalk`.
    pub mapping: MappingSource,
    pub title: String,
    pub applicable: Applicable,
    /// The providers the row speaks for: the one provider of a recorded line, or every
    /// provider in scope with no line recorded for the control, which share one row.
    pub providers: Vec<String>,
    /// `None` when nothing was recorded for these providers.
    pub holder: Option<Holder>,
    pub customer_owner: String,
    pub provider_owner: String,
    pub inherited: String,
    pub customer_duty: String,
    pub provider_evidence: String,
}

/// The matrix as a list (json, OSCAL). A large one is better walked with [`rows`].
pub fn build(source: &Source) -> Vec<ResponsibilityRow> {
    rows(*source).collect()
}

/// The matrix row by row, each made when it is asked for, so a writer never holds it whole.
/// Per control not excluded: a row per recorded line, providers in scope in the session's
/// order, the providers with no line sharing one row where the first of them stands; then
/// lines kept for providers no longer in scope. A control has at most as many rows as it has
/// recorded lines plus one, so the matrix grows with what the session records, never with
/// controls times providers.
pub fn rows<'a>(source: Source<'a>) -> impl Iterator<Item = ResponsibilityRow> + 'a {
    let providers = source.session.provider_names();
    source
        .session
        .by_control(source.catalogue)
        .filter(|(_, a)| a.is_none_or(|a| a.applicability != Applicability::NotApplicable))
        .flat_map(move |(control, a)| control_rows(&source, control, a, &providers))
}

fn control_rows(
    source: &Source,
    control: &crate::catalogue::Control,
    a: Option<&crate::session::Assessment>,
    providers: &[String],
) -> Vec<ResponsibilityRow> {
    let applicability = a.map_or(Applicability::Undecided, |a| a.applicability);
    let lines = a.map_or(&[][..], |a| a.responsibilities.as_slice());
    let row = |providers: Vec<String>, r: Option<&Responsibility>| {
        let text = |f: fn(&Responsibility) -> &str| r.map_or(String::new(), |r| block(f(r)));
        ResponsibilityRow {
            control: line(&source.catalogue.shown_id(&control.id)),
            iso27001_2022: control
                .iso27001_2022
                .iter()
                .map(|i| crate::catalogue::annex_a_label(i))
                .collect(),
            mapping: control.mapping,
            title: line(&control.title),
            applicable: Applicable::of(applicability),
            providers: providers.iter().map(|p| line(p)).collect(),
            holder: r.map(|r| r.holder),
            customer_owner: text(|r| &r.customer_owner),
            provider_owner: text(|r| &r.provider_owner),
            inherited: text(|r| &r.inherited),
            customer_duty: text(|r| &r.customer_duty),
            provider_evidence: text(|r| &r.provider_evidence),
        }
    };
    let mut out = Vec::new();
    // Where the providers with no line stand, and who they are.
    let mut unrecorded: Option<(usize, Vec<String>)> = None;
    for provider in providers {
        match lines.iter().find(|r| &r.provider == provider) {
            Some(r) => out.push(row(vec![provider.clone()], Some(r))),
            None => match &mut unrecorded {
                Some((_, names)) => names.push(provider.clone()),
                None => {
                    unrecorded = Some((out.len(), vec![provider.clone()]));
                }
            },
        }
    }
    if let Some((at, names)) = unrecorded {
        out.insert(at, row(names, None));
    }
    for r in lines.iter().filter(|r| !providers.contains(&r.provider)) {
        out.push(row(vec![r.provider.clone()], Some(r)));
    }
    out
}

/// The columns and note of the matrix, without rows.
fn empty_table<'a>() -> Table<'a> {
    Table::new(
        "Shared responsibility by control and provider",
        vec![
            col("Control", 11.0),
            col("ISO/IEC 27001:2022", 14.0),
            col("Title", 36.0),
            col("Applicable", 11.0),
            col("Provider", 16.0),
            col("Held by", 16.0),
            col("Customer owner", 18.0),
            col("Provider owner", 18.0),
            col("Inherited from provider", 36.0),
            col("Customer still does", 36.0),
            col("Provider evidence", 30.0),
        ],
    )
    .with_note(
        "Controls marked not applicable are left out; unassessed ones are listed as undecided. Providers with nothing recorded for a control share one row.",
    )
}

fn cells(row: ResponsibilityRow) -> Vec<Cell> {
    vec![
        Cell::text(row.control),
        Cell::text(mapping_text(&row.iso27001_2022, Some(row.mapping))),
        Cell::text(row.title),
        Cell::text(row.applicable.label()),
        Cell::text(row.providers.join(", ")),
        Cell::text(row.holder.map_or("not recorded", |h| h.label())),
        Cell::text(row.customer_owner),
        Cell::text(row.provider_owner),
        Cell::text(row.inherited),
        Cell::text(row.customer_duty),
        Cell::text(row.provider_evidence),
    ]
}

/// The matrix of rows already made (json's `Content`), as a table.
pub fn held_table(rows: &[ResponsibilityRow]) -> Table<'static> {
    empty_table().streamed(rows.to_vec().into_iter().map(cells))
}

/// The matrix as a table whose rows are made while it is written.
pub fn table(source: Source<'_>) -> Table<'_> {
    empty_table().streamed(rows(source).map(cells))
}
