//! The shared-responsibility matrix: for every control not excluded, one row per provider with
//! who holds it, the owner on each side, what the customer inherits, what it must still do, and
//! the provider's evidence. Unassessed controls are listed as undecided so the matrix shows what
//! is still open. Nothing here renders.

use serde::Serialize;

use super::Source;
use super::soa::Applicable;
use super::soa::mapping_text;
use super::table::{Cell, Table, col};
use super::text::{block, line};
use crate::catalogue::MappingSource;
use crate::session::{Applicability, Holder};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ResponsibilityRow {
    pub control: String,
    pub iso27001_2022: Vec<String>,
    /// Who stands behind `iso27001_2022`: `iso` or `gapwalk`.
    pub mapping: MappingSource,
    pub title: String,
    pub applicable: Applicable,
    pub provider: String,
    /// `None` when nothing was recorded for this provider.
    pub holder: Option<Holder>,
    pub customer_owner: String,
    pub provider_owner: String,
    pub inherited: String,
    pub customer_duty: String,
    pub provider_evidence: String,
}

pub fn build(source: &Source) -> Vec<ResponsibilityRow> {
    let providers = source.session.provider_names();
    let mut out = Vec::new();
    for control in &source.catalogue.controls {
        let a = source.session.assessment(&control.id, source.catalogue);
        let applicability = a.map_or(Applicability::Undecided, |a| a.applicability);
        if applicability == Applicability::NotApplicable {
            continue;
        }
        let mut names: Vec<&str> = providers.iter().map(String::as_str).collect();
        if let Some(a) = a {
            for r in &a.responsibilities {
                if !names.contains(&r.provider.as_str()) {
                    names.push(&r.provider);
                }
            }
        }
        for provider in names {
            let r = a.and_then(|a| a.responsibility(provider));
            let text = |f: fn(&crate::session::Responsibility) -> &str| {
                r.map_or(String::new(), |r| block(f(r)))
            };
            out.push(ResponsibilityRow {
                control: line(&source.catalogue.shown_id(&control.id)),
                iso27001_2022: control
                    .iso27001_2022
                    .iter()
                    .map(|i| crate::catalogue::annex_a_label(i))
                    .collect(),
                mapping: control.mapping,
                title: line(&control.title),
                applicable: Applicable::of(applicability),
                provider: line(provider),
                holder: r.map(|r| r.holder),
                customer_owner: text(|r| &r.customer_owner),
                provider_owner: text(|r| &r.provider_owner),
                inherited: text(|r| &r.inherited),
                customer_duty: text(|r| &r.customer_duty),
                provider_evidence: text(|r| &r.provider_evidence),
            });
        }
    }
    out
}

pub fn table(rows: &[ResponsibilityRow]) -> Table {
    let mut table = Table::new(
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
        "Controls marked not applicable are left out; unassessed ones are listed as undecided.",
    );
    for row in rows {
        table.push(vec![
            Cell::text(row.control.clone()),
            Cell::text(mapping_text(&row.iso27001_2022, Some(row.mapping))),
            Cell::text(row.title.clone()),
            Cell::text(row.applicable.label()),
            Cell::text(row.provider.clone()),
            Cell::text(row.holder.map_or("not recorded", |h| h.label())),
            Cell::text(row.customer_owner.clone()),
            Cell::text(row.provider_owner.clone()),
            Cell::text(row.inherited.clone()),
            Cell::text(row.customer_duty.clone()),
            Cell::text(row.provider_evidence.clone()),
        ]);
    }
    table
}
