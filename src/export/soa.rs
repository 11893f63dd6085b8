//! The Statement of Applicability rows (ISO/IEC 27001 clause 6.1.3 d): one per control, with
//! whether it applies, why, whether it is implemented, who holds it per provider and the
//! evidence. This file builds the rows in the session catalogue's own numbering and lays any
//! SoA rows out as a table; `annex_a` regroups them under ISO/IEC 27001:2022. An unassessed
//! control is always "undecided", never silently applicable or excluded.

use chrono::NaiveDate;
use serde::Serialize;

use super::Source;
use super::table::{Cell, Table, col, lines};
use super::text::{block, line};
use crate::catalogue::{Catalogue, Control, MappingSource};
use crate::session::{Applicability, Assessment, EvidenceKind, Holder, Reason, Status};

/// The SoA's answer to "is this control needed?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicable {
    Yes,
    No,
    Undecided,
}

impl Applicable {
    pub fn of(applicability: Applicability) -> Applicable {
        match applicability {
            Applicability::Applicable => Applicable::Yes,
            Applicability::NotApplicable => Applicable::No,
            Applicability::Undecided => Applicable::Undecided,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Applicable::Yes => "yes",
            Applicable::No => "no",
            Applicable::Undecided => "undecided",
        }
    }
}

/// A piece of text and, when rows are combined, the control it was recorded against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attributed {
    pub from: Option<String>,
    pub text: String,
}

/// Who holds the control for one provider, with the owner on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerLine {
    pub from: Option<String>,
    pub provider: String,
    /// `None` when nothing was recorded for this provider.
    pub holder: Option<Holder>,
    pub customer_owner: String,
    pub provider_owner: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceRef {
    pub from: Option<String>,
    pub kind: EvidenceKind,
    pub location: String,
    pub description: String,
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SoaRow {
    pub id: String,
    /// The ISO/IEC 27001:2022 Annex A id(s) of the control.
    pub iso27001_2022: Vec<String>,
    /// Who stands behind `iso27001_2022`: `iso` (the published correspondence) or `gapwalk`.
    pub mapping: Option<MappingSource>,
    /// Under 27001:2022 numbering, the session's controls this row combines.
    pub combines: Vec<String>,
    pub title: String,
    pub source: String,
    /// Listed after Annex A as an additional necessary control.
    pub additional: bool,
    pub applicable: Applicable,
    pub reasons: Vec<Reason>,
    pub justification: Vec<Attributed>,
    /// Recorded for applicable controls only.
    pub status: Option<Status>,
    pub responsibilities: Vec<OwnerLine>,
    pub evidence: Vec<EvidenceRef>,
    pub next_review: Option<NaiveDate>,
    pub note: String,
}

/// Where a control comes from, in the words an auditor uses.
pub fn source_label(catalogue: &Catalogue, control: &Control) -> String {
    match catalogue.id.as_str() {
        "iso27017-2015" if control.is_cloud_extension() => "ISO/IEC 27017 cloud control".into(),
        "iso27017-2015" if control.is_new_in_2022() => {
            "ISO/IEC 27001:2022 control with no 2013 predecessor".into()
        }
        "iso27017-2015" => "ISO/IEC 27002:2013 control".into(),
        super::ANNEX_A_CATALOGUE => "ISO/IEC 27001:2022 Annex A".into(),
        other => format!("{} control", line(other)),
    }
}

/// The responsibility lines of an assessment, one per provider in scope; a provider with no
/// line shows as "not recorded" when the control applies, so a gap in the matrix is visible.
pub fn owner_lines(
    a: Option<&Assessment>,
    providers: &[String],
    from: Option<&str>,
) -> Vec<OwnerLine> {
    let Some(a) = a else {
        return Vec::new();
    };
    let applicable = a.applicability == Applicability::Applicable;
    let make = |provider: &str| {
        let r = a.responsibility(provider);
        OwnerLine {
            from: from.map(str::to_string),
            provider: line(provider),
            holder: r.map(|r| r.holder),
            customer_owner: r.map_or(String::new(), |r| line(&r.customer_owner)),
            provider_owner: r.map_or(String::new(), |r| line(&r.provider_owner)),
        }
    };
    let mut out: Vec<OwnerLine> = providers
        .iter()
        .filter(|p| applicable || a.responsibility(p).is_some())
        .map(|p| make(p))
        .collect();
    // Lines for a provider since removed from the session are still shown: nothing is hidden.
    for r in &a.responsibilities {
        if !providers.contains(&r.provider) {
            out.push(make(&r.provider));
        }
    }
    out
}

pub fn evidence_refs(a: Option<&Assessment>, from: Option<&str>) -> Vec<EvidenceRef> {
    a.map_or(Vec::new(), |a| {
        a.evidence
            .iter()
            .map(|e| EvidenceRef {
                from: from.map(str::to_string),
                kind: e.kind,
                location: line(&e.location),
                description: block(&e.description),
                as_of: e.as_of,
            })
            .collect()
    })
}

pub fn justification(a: Option<&Assessment>, from: Option<&str>) -> Vec<Attributed> {
    a.filter(|a| !a.justification.trim().is_empty())
        .map(|a| Attributed {
            from: from.map(str::to_string),
            text: block(&a.justification),
        })
        .into_iter()
        .collect()
}

/// A row for one control of the session's catalogue, in its own numbering.
pub fn control_row(source: &Source, control: &Control) -> SoaRow {
    let a = source.session.assessment(&control.id, source.catalogue);
    let providers = source.session.provider_names();
    let applicable = Applicable::of(a.map_or(Applicability::Undecided, |a| a.applicability));
    let note = match a {
        None => "not assessed yet".to_string(),
        Some(_) if applicable == Applicable::Undecided => "applicability still undecided".into(),
        Some(_) => String::new(),
    };
    SoaRow {
        id: line(&control.id),
        iso27001_2022: control.iso27001_2022.iter().map(|i| line(i)).collect(),
        mapping: (!control.iso27001_2022.is_empty()).then_some(control.mapping),
        combines: Vec::new(),
        title: line(&control.title),
        source: source_label(source.catalogue, control),
        additional: false,
        applicable,
        reasons: a.map_or(Vec::new(), |a| a.reasons.clone()),
        justification: justification(a, None),
        status: a
            .filter(|a| a.applicability == Applicability::Applicable)
            .map(|a| a.status),
        responsibilities: owner_lines(a, &providers, None),
        evidence: evidence_refs(a, None),
        next_review: a.and_then(|a| a.next_review),
        note,
    }
}

/// Every control of the session's catalogue, in catalogue order.
pub fn rows(source: &Source) -> Vec<SoaRow> {
    source
        .catalogue
        .controls
        .iter()
        .map(|c| control_row(source, c))
        .collect()
}

fn tagged(from: &Option<String>, text: &str) -> String {
    match from {
        Some(id) => format!("[{id}] {text}"),
        None => text.to_string(),
    }
}

pub fn owner_text(o: &OwnerLine) -> String {
    let mut text = match o.holder {
        None => format!("{}: not recorded", o.provider),
        Some(h) => format!("{}: {}", o.provider, h.label()),
    };
    if !o.customer_owner.is_empty() {
        text.push_str(&format!("; customer owner {}", o.customer_owner));
    }
    if !o.provider_owner.is_empty() {
        text.push_str(&format!("; provider owner {}", o.provider_owner));
    }
    tagged(&o.from, &text)
}

pub fn evidence_text(e: &EvidenceRef) -> String {
    let mut text = format!("{}: {}", e.kind.label(), e.location);
    if !e.description.is_empty() {
        text.push_str(&format!(" ({})", e.description.replace('\n', " ")));
    }
    if let Some(d) = e.as_of {
        text.push_str(&format!(", as of {d}"));
    }
    tagged(&e.from, &text)
}

/// A control's 2022 ids, marked when the relation is gapwalk's rather than ISO's.
pub fn mapping_text(ids: &[String], mapping: Option<MappingSource>) -> String {
    let ids = ids.join(", ");
    match mapping {
        Some(MappingSource::Gapwalk) if !ids.is_empty() => format!("{ids} (gapwalk relation)"),
        _ => ids,
    }
}

/// The SoA as a table. Under 27001:2022 numbering the second column lists the combined
/// controls instead of the 2022 ids, which the first column already is.
pub fn table(rows: &[SoaRow], annex_a_numbering: bool) -> Table {
    let second = if annex_a_numbering {
        col("Combines", 14.0)
    } else {
        col("ISO/IEC 27001:2022", 14.0)
    };
    let mut table = Table::new(
        "Controls",
        vec![
            col("Control", 11.0),
            second,
            col("Title", 36.0),
            col("Source", 22.0),
            col("Applicable", 11.0),
            col("Reasons", 20.0),
            col("Justification", 50.0),
            col("Status", 16.0),
            col("Responsibility", 44.0),
            col("Evidence", 44.0),
            col("Next review", 12.0),
            col("Note", 30.0),
        ],
    );
    for row in rows {
        let second = if annex_a_numbering && !row.additional {
            row.combines.join(", ")
        } else if annex_a_numbering {
            String::new()
        } else {
            mapping_text(&row.iso27001_2022, row.mapping)
        };
        table.push(vec![
            Cell::text(row.id.clone()),
            Cell::text(second),
            Cell::text(row.title.clone()),
            Cell::text(row.source.clone()),
            Cell::text(row.applicable.label()),
            Cell::text(
                row.reasons
                    .iter()
                    .map(|r| r.label())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Cell::text(lines(
                row.justification.iter().map(|j| tagged(&j.from, &j.text)),
            )),
            Cell::text(row.status.map_or("", |s| s.label())),
            Cell::text(lines(row.responsibilities.iter().map(owner_text))),
            Cell::text(lines(row.evidence.iter().map(evidence_text))),
            Cell::date(row.next_review),
            Cell::text(row.note.clone()),
        ]);
    }
    table
}
