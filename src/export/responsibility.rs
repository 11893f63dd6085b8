//! The shared-responsibility matrix: for every control not excluded, one row per provider with
//! who holds it, the owner on each side, what the customer inherits, what it must still do, and
//! the provider's evidence. A provider's session (role `csp` or `both`) adds one row per
//! offering it provides, seen from the provider's seat: what we do, what our customers must do,
//! the evidence we give them and whom they ask. Unassessed controls are listed as undecided so
//! the matrix shows what is still open. Nothing here renders.

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
    /// The provider we use on this line; `null` on an offering's line.
    pub provider: String,
    /// The offering we provide on this line, where we are the provider; `null` on a
    /// provider's line, absent in a customer's session (role `csc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offering: Option<String>,
    /// `None` when nothing was recorded for this line. On an offering's line `provider` is
    /// us and `customer` our customers.
    pub holder: Option<Holder>,
    pub customer_owner: String,
    pub provider_owner: String,
    /// What the provider does, which the customer inherits (on an offering's line: what we do).
    pub inherited: String,
    /// What the customer must still do (on an offering's line: what our customers must do).
    pub customer_duty: String,
    /// The provider's evidence (on an offering's line: the evidence we give our customers).
    pub provider_evidence: String,
    /// Whom our customers ask about the control, by role: on an offering's line; absent in a
    /// customer's session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_role: Option<String>,
}

pub fn build(source: &Source) -> Vec<ResponsibilityRow> {
    let providers = source.session.provider_names();
    let offerings = super::soa::offering_names(source);
    let provides = offerings.is_some();
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
                offering: provides.then(String::new),
                contact_role: provides.then(String::new),
            });
        }
        let Some(offerings) = &offerings else {
            continue;
        };
        // Every offering in scope, as every provider above, then lines of one since removed.
        let mut names: Vec<&str> = offerings.iter().map(String::as_str).collect();
        if let Some(a) = a {
            for l in &a.offerings {
                if !names.contains(&l.offering.as_str()) {
                    names.push(&l.offering);
                }
            }
        }
        for name in names {
            let l = super::soa::offered_line(a, name, None);
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
                provider: String::new(),
                offering: Some(l.offering),
                holder: l.holder,
                customer_owner: String::new(),
                provider_owner: String::new(),
                inherited: l.we_do,
                customer_duty: l.customer_must,
                provider_evidence: l.customer_evidence,
                contact_role: Some(l.contact_role),
            });
        }
    }
    out
}

/// The columns a provider's session adds: the offering of the line and whom customers ask.
const OFFERING: &str = "Offering we provide";
const CONTACT: &str = "Contact role";

pub fn table(rows: &[ResponsibilityRow]) -> Table {
    // Only a provider's session (role csp or both) has offering lines; a customer's keeps
    // the matrix it always had.
    let provides = rows.iter().any(|r| r.offering.is_some());
    let mut table = Table::new(
        "Shared responsibility by control and provider",
        vec![
            col("Control", 11.0),
            col("ISO/IEC 27001:2022", 14.0),
            col("Title", 36.0),
            col("Applicable", 11.0),
            col("Provider", 16.0),
            col(OFFERING, 22.0),
            col("Held by", 16.0),
            col("Customer owner", 18.0),
            col("Provider owner", 18.0),
            col("Inherited from provider", 36.0),
            col("Customer still does", 36.0),
            col("Provider evidence", 30.0),
            col(CONTACT, 18.0),
        ],
    )
    .with_note(if provides {
        "Controls marked not applicable are left out; unassessed ones are listed as undecided. A row with an offering is ours as the provider: there, provider means us, customer our customers, inherited what we do for them, and provider evidence what we give them."
    } else {
        "Controls marked not applicable are left out; unassessed ones are listed as undecided."
    });
    if !provides {
        table
            .columns
            .retain(|c| c.header != OFFERING && c.header != CONTACT);
    }
    for row in rows {
        let mut cells = vec![
            Cell::text(row.control.clone()),
            Cell::text(mapping_text(&row.iso27001_2022, Some(row.mapping))),
            Cell::text(row.title.clone()),
            Cell::text(row.applicable.label()),
            Cell::text(row.provider.clone()),
        ];
        if provides {
            cells.push(Cell::text(row.offering.clone().unwrap_or_default()));
        }
        cells.extend([
            Cell::text(row.holder.map_or("not recorded", |h| h.label())),
            Cell::text(row.customer_owner.clone()),
            Cell::text(row.provider_owner.clone()),
            Cell::text(row.inherited.clone()),
            Cell::text(row.customer_duty.clone()),
            Cell::text(row.provider_evidence.clone()),
        ]);
        if provides {
            cells.push(Cell::text(row.contact_role.clone().unwrap_or_default()));
        }
        table.push(cells);
    }
    table
}
