//! The gap register and action plan: every applicable control that is not fully implemented,
//! most urgent first (priority, then due date, undated last, then catalogue order), followed by
//! the risk acceptances with their expiry. The external edition keeps control, status, owner,
//! due date and priority, and leaves out the gap text, the remediation action (which usually
//! restates the gap), the treatment and every risk acceptance. Nothing here renders.

use std::cmp::Reverse;

use chrono::NaiveDate;
use serde::Serialize;

use super::Source;
use super::soa::mapping_text;
use super::table::{Cell, Table, col};
use super::text::{block, line};
use crate::catalogue::MappingSource;
use crate::fields::FieldKey;
use crate::session::{Priority, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    Remediation,
    RiskAccepted,
    /// Neither recorded yet: a finding for `gapwalk check`.
    None,
}

impl Treatment {
    pub fn label(self) -> &'static str {
        match self {
            Treatment::Remediation => "remediation",
            Treatment::RiskAccepted => "risk accepted",
            Treatment::None => "none recorded",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct GapRow {
    pub control: String,
    pub iso27001_2022: Vec<String>,
    /// Who stands behind `iso27001_2022`: `iso` or `gapwalk`.
    pub mapping: MappingSource,
    pub title: String,
    pub status: Status,
    /// Internal: what is missing, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
    /// Internal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment: Option<Treatment>,
    /// Internal: the remediation action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub priority: Option<Priority>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RiskAcceptanceRow {
    pub control: String,
    pub title: String,
    pub status: Status,
    pub accepted_by: String,
    pub rationale: String,
    pub date: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
    /// Expired on the day the export was generated.
    pub expired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct GapsView {
    pub register: Vec<GapRow>,
    /// Absent from the external edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_acceptances: Option<Vec<RiskAcceptanceRow>>,
}

pub fn build(source: &Source, internal: bool) -> GapsView {
    let catalogue = source.catalogue;
    let mut register: Vec<(usize, GapRow)> = Vec::new();
    let mut accepted = Vec::new();
    let today = source.generated_at.date();
    for a in &source.session.assessments {
        let Some(position) = catalogue.position(&a.control) else {
            continue;
        };
        let control = &catalogue.controls[position];
        if a.is_gap() {
            let remediation = a.remediation.as_ref();
            // Only a treatment that says what will be done, or who accepted the risk and why,
            // counts; a started but hollow one is no treatment.
            let treatment = match (a.planned_remediation(), a.accepted_risk()) {
                (Some(_), _) => Treatment::Remediation,
                (None, Some(_)) => Treatment::RiskAccepted,
                (None, None) => Treatment::None,
            };
            register.push((
                position,
                GapRow {
                    control: line(&catalogue.shown_id(&control.id)),
                    iso27001_2022: control.annex_a_labels(),
                    mapping: control.mapping,
                    title: line(&control.title),
                    status: a.status,
                    gap: FieldKey::Gap.in_edition(internal).then(|| block(&a.gap)),
                    treatment: FieldKey::Remediation
                        .in_edition(internal)
                        .then_some(treatment),
                    action: FieldKey::RemediationAction
                        .in_edition(internal)
                        .then(|| remediation.map_or(String::new(), |r| block(&r.action))),
                    owner: remediation.map_or(String::new(), |r| line(&r.owner)),
                    due: remediation.and_then(|r| r.due),
                    priority: remediation.map(|r| r.priority),
                },
            ));
        }
        if let Some(ra) = a.risk_acceptance.as_ref().filter(|r| !r.is_empty()) {
            accepted.push(RiskAcceptanceRow {
                control: line(&catalogue.shown_id(&control.id)),
                title: line(&control.title),
                status: a.status,
                accepted_by: line(&ra.accepted_by),
                rationale: block(&ra.rationale),
                date: ra.date,
                expires: ra.expires,
                expired: ra.expires.is_some_and(|e| e < today),
            });
        }
    }
    // Critical first; no priority at all sorts after low. Undated after dated.
    register.sort_by_key(|(position, row)| {
        (
            Reverse(row.priority.map_or(0, |p| p as u8 + 1)),
            row.due.is_none(),
            row.due,
            *position,
        )
    });
    GapsView {
        register: register.into_iter().map(|(_, row)| row).collect(),
        risk_acceptances: FieldKey::RiskAcceptance
            .in_edition(internal)
            .then_some(accepted),
    }
}

pub fn tables(view: &GapsView, internal: bool) -> Vec<Table<'static>> {
    let mut columns = vec![
        col("Control", 11.0),
        col("ISO/IEC 27001:2022", 14.0),
        col("Title", 36.0),
        col("Status", 16.0),
    ];
    if internal {
        columns.extend([
            col("Gap", 44.0),
            col("Treatment", 14.0),
            col("Remediation action", 44.0),
        ]);
    }
    columns.extend([col("Owner", 18.0), col("Due", 12.0), col("Priority", 10.0)]);
    let mut register = Table::new("Gap register and action plan", columns);
    if !internal {
        register = register.with_note(
            "External edition: gap details, remediation actions and risk acceptances are left out.",
        );
    }
    for row in &view.register {
        let mut cells = vec![
            Cell::text(row.control.clone()),
            Cell::text(mapping_text(&row.iso27001_2022, Some(row.mapping))),
            Cell::text(row.title.clone()),
            Cell::text(row.status.label()),
        ];
        if internal {
            cells.extend([
                Cell::text(row.gap.clone().unwrap_or_default()),
                Cell::text(row.treatment.map_or("", |t| t.label())),
                Cell::text(row.action.clone().unwrap_or_default()),
            ]);
        }
        cells.extend([
            Cell::text(row.owner.clone()),
            Cell::date(row.due),
            Cell::text(row.priority.map_or("", |p| p.label())),
        ]);
        register.push(cells);
    }
    let mut out = vec![register];
    if let Some(accepted) = &view.risk_acceptances {
        out.push(acceptance_table(accepted));
    }
    out
}

/// The risk acceptances as a table: on the gaps view's sheet or page, or alone.
pub fn acceptance_table(accepted: &[RiskAcceptanceRow]) -> Table<'static> {
    {
        let mut table = Table::new(
            "Risk acceptances",
            vec![
                col("Control", 11.0),
                col("Title", 36.0),
                col("Status", 16.0),
                col("Accepted by", 18.0),
                col("Rationale", 50.0),
                col("Accepted on", 12.0),
                col("Expires", 12.0),
                col("Expired", 9.0),
            ],
        );
        for row in accepted {
            table.push(vec![
                Cell::text(row.control.clone()),
                Cell::text(row.title.clone()),
                Cell::text(row.status.label()),
                Cell::text(row.accepted_by.clone()),
                Cell::text(row.rationale.clone()),
                Cell::date(row.date),
                Cell::date(row.expires),
                Cell::text(if row.expired { "EXPIRED" } else { "" }),
            ]);
        }
        table
    }
}
