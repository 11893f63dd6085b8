//! The customer responsibility matrix (CRM): what a provider publishes to its customers for one
//! offering, per control of the catalogue not excluded: who holds it between the provider and
//! its customers, what the provider does, what the customer must do, the evidence the provider
//! gives and whom to ask. The internal edition adds the provider's own status and gap. The
//! rows are `import::Crm`, the one definition `gapwalk import` reads back. Nothing here renders.

use super::table::{Cell, Table, col};
use super::text::{block, line};
use super::{ExportError, Source};
use crate::fields::FieldKey;
use crate::import::crm::{COLUMNS, INTERNAL_COLUMNS};
use crate::import::{CRM_FORMAT_VERSION, Crm, CrmCatalogue, CrmLine};
use crate::session::Applicability;

/// The offering a CRM is about: the one asked for, or the session's only one. A customer's
/// session (role `csc`) provides none, whatever offerings its file still names.
pub fn offering_for<'a>(
    session: &'a crate::session::Session,
    asked: Option<&str>,
) -> Result<&'a str, ExportError> {
    if !session.meta.role.is_provider() {
        return Err(ExportError::Offering(
            "the session's role is csc (a customer): it provides no offering, and a responsibility matrix is a provider's (set role csp or both)".into(),
        ));
    }
    let offerings = &session.meta.offerings;
    let names = || {
        offerings
            .iter()
            .map(|o| line(&o.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match asked {
        Some(wanted) => offerings
            .iter()
            .find(|o| o.name == wanted)
            .or_else(|| {
                offerings
                    .iter()
                    .find(|o| o.name.eq_ignore_ascii_case(wanted))
            })
            .map(|o| o.name.as_str())
            .ok_or_else(|| {
                ExportError::Offering(format!(
                    "the session provides no offering {:?}; it has: {}",
                    line(wanted),
                    names()
                ))
            }),
        None => match offerings.as_slice() {
            [only] => Ok(only.name.as_str()),
            [] => Err(ExportError::Offering(
                "the session records no offering it provides: a responsibility matrix is a provider's (role csp or both, with an offering named in the session details)".into(),
            )),
            _ => Err(ExportError::Offering(format!(
                "the session provides several offerings ({}): choose one with --offering NAME",
                names()
            ))),
        },
    }
}

pub fn build(source: &Source, offering: &str, internal: bool) -> Crm {
    let mut controls = Vec::new();
    for (control, a) in source.session.by_control(source.catalogue) {
        if a.is_some_and(|a| a.applicability == Applicability::NotApplicable) {
            continue;
        }
        let l = a.and_then(|a| a.offering(offering));
        let text = |f: fn(&crate::session::OfferingLine) -> &String| {
            l.map_or(String::new(), |l| block(f(l)))
        };
        controls.push(CrmLine {
            control: line(&control.id),
            title: line(&control.title),
            holder: l.map(|l| l.holder).unwrap_or_default(),
            provider_does: text(|l| &l.we_do),
            customer_must: text(|l| &l.customer_must),
            evidence: text(|l| &l.customer_evidence),
            contact_role: text(|l| &l.contact_role),
            // Deliberately not the field table's class: status is external there (an auditor
            // reads it in the SoA's external edition), but a CRM is what a provider publishes
            // to its customers, a versioned format whose external edition carries the
            // offering's lines only; how far the provider's own implementation has got is for
            // its internal edition (docs/crm-format.md). The gap is internal in both.
            status: internal.then(|| a.map(|a| a.status).unwrap_or_default()),
            gap: FieldKey::Gap
                .in_edition(internal)
                .then(|| a.map_or(String::new(), |a| block(&a.gap))),
        });
    }
    let catalogue = &source.session.catalogue;
    Crm {
        crm_version: CRM_FORMAT_VERSION,
        catalogue: CrmCatalogue {
            id: line(&catalogue.id),
            version: line(&catalogue.version),
            hash: line(&catalogue.hash),
        },
        provider: line(&source.session.meta.organisation),
        offering: line(offering),
        controls,
    }
}

pub fn table(crm: &Crm, internal: bool) -> Table<'static> {
    let widths = [11.0, 36.0, 18.0, 40.0, 40.0, 30.0, 20.0];
    let mut columns: Vec<_> = COLUMNS.iter().zip(widths).map(|(h, w)| col(h, w)).collect();
    if internal {
        columns.extend(INTERNAL_COLUMNS.iter().map(|h| col(h, 20.0)));
    }
    let mut table = Table::new(
        format!("Customer responsibility matrix: {}", crm.offering),
        columns,
    )
    .with_note(
        "Who holds each control between the provider and its customers; controls the provider excluded are left out.",
    );
    for l in &crm.controls {
        let mut row = vec![
            Cell::text(l.control.clone()),
            Cell::text(l.title.clone()),
            Cell::text(l.holder.label()),
            Cell::text(l.provider_does.clone()),
            Cell::text(l.customer_must.clone()),
            Cell::text(l.evidence.clone()),
            Cell::text(l.contact_role.clone()),
        ];
        if internal {
            row.push(Cell::text(l.status.map_or("", |s| s.label())));
            row.push(Cell::text(l.gap.clone().unwrap_or_default()));
        }
        table.push(row);
    }
    table
}
