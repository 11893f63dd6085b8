//! The Statement of Applicability rows (ISO/IEC 27001 clause 6.1.3 d): one per control, with
//! whether it applies, why, whether it is implemented, the accountable owner, who holds it per
//! provider (with the provider's assurance for what is inherited), the evidence, the
//! implementing documents, the risks it treats, when it was last reviewed, the next review and
//! the change trigger. This file builds the rows in the session catalogue's own numbering and lays any
//! SoA rows out as a table; `annex_a` regroups them under ISO/IEC 27001:2022. An unassessed
//! control is always "undecided", never silently applicable or excluded.

use chrono::NaiveDate;
use serde::Serialize;

use super::Source;
use super::table::{Cell, Table, col, lines};
use super::text::{block, line};
use crate::catalogue::{Catalogue, Control, MappingSource};
use crate::fields::FieldKey;
use crate::session::{
    Applicability, Assessment, EvidenceKind, Exclusion, Holder, OfferingLine, Reason, Status,
};

/// The SoA's answer to "is this control needed?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct Attributed {
    pub from: Option<String>,
    pub text: String,
}

/// Who holds the control for one provider, with the owner on each side.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct OwnerLine {
    pub from: Option<String>,
    pub provider: String,
    /// `None` when nothing was recorded for this provider.
    pub holder: Option<Holder>,
    pub customer_owner: String,
    pub provider_owner: String,
    /// How far the provider's evidence assures what is inherited; only on lines that inherit.
    pub provider_assurance: String,
}

/// For one offering we provide (a provider's seat, role `csp` or `both`): who holds the control
/// between us and our customers, what we do, what they must do, the evidence we give them and
/// whom they ask. `provider` in `holder` is us, `customer` our customers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct OfferedLine {
    pub from: Option<String>,
    pub offering: String,
    /// `None` when nothing was recorded for this offering.
    pub holder: Option<Holder>,
    pub we_do: String,
    pub customer_must: String,
    pub customer_evidence: String,
    pub contact_role: String,
}

/// When a record was last reviewed (changed, or confirmed without change) and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LastReview {
    pub from: Option<String>,
    pub by: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct EvidenceRef {
    pub from: Option<String>,
    pub kind: EvidenceKind,
    pub location: String,
    pub description: String,
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
    /// Why an excluded control is left out: reasons of their own.
    pub exclusion_reasons: Vec<Exclusion>,
    pub justification: Vec<Attributed>,
    /// Recorded for applicable controls only; none on a combined row while any of its
    /// controls is undecided.
    pub status: Option<Status>,
    /// The person on our side accountable for the control, whoever runs it.
    pub accountable_owner: Vec<Attributed>,
    pub responsibilities: Vec<OwnerLine>,
    /// The lines of the offerings we provide; absent in a customer's session (role `csc`),
    /// which provides none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offerings: Option<Vec<OfferedLine>>,
    pub evidence: Vec<EvidenceRef>,
    /// The policies and procedures that implement it.
    pub documents: Vec<String>,
    /// Ids in the organisation's risk register; left out of the external edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risks: Option<Vec<String>>,
    pub last_reviewed: Option<LastReview>,
    pub next_review: Option<NaiveDate>,
    pub change_trigger: Vec<Attributed>,
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
            provider_assurance: r
                .filter(|r| r.holder.inherits_from_provider())
                .map_or(String::new(), |r| line(&r.provider_assurance)),
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

/// The lines of the offerings we provide, one per offering named in the session, as
/// [`owner_lines`] does for providers: an offering with no line shows as "not recorded" when
/// the control applies, and a line of an offering since removed is still shown.
pub fn offered_lines(
    a: Option<&Assessment>,
    offerings: &[String],
    from: Option<&str>,
) -> Vec<OfferedLine> {
    let Some(a) = a else {
        return Vec::new();
    };
    let applicable = a.applicability == Applicability::Applicable;
    let mut out: Vec<OfferedLine> = offerings
        .iter()
        .filter(|o| applicable || a.offering(o).is_some())
        .map(|o| offered_line(Some(a), o, from))
        .collect();
    for l in &a.offerings {
        if !offerings.contains(&l.offering) {
            out.push(offered_line(Some(a), &l.offering, from));
        }
    }
    out
}

/// One offering's line of a control, cleaned; every text empty when none is recorded.
pub fn offered_line(a: Option<&Assessment>, offering: &str, from: Option<&str>) -> OfferedLine {
    let l = a.and_then(|a| a.offering(offering));
    let text = |f: fn(&OfferingLine) -> &String| l.map_or(String::new(), |l| block(f(l)));
    OfferedLine {
        from: from.map(str::to_string),
        offering: line(offering),
        holder: l.map(|l| l.holder),
        we_do: text(|l| &l.we_do),
        customer_must: text(|l| &l.customer_must),
        customer_evidence: text(|l| &l.customer_evidence),
        contact_role: l.map_or(String::new(), |l| line(&l.contact_role)),
    }
}

/// The offerings whose lines the session records: `None` in a customer's session, which
/// provides none and whose exports show no offering column.
pub fn offering_names(source: &Source) -> Option<Vec<String>> {
    let meta = &source.session.meta;
    meta.role.is_provider().then(|| meta.seats().offerings)
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
    attributed(a, from, |a| &a.justification)
}

/// A text field of the record, kept with the control it was recorded against.
pub fn attributed(
    a: Option<&Assessment>,
    from: Option<&str>,
    field: fn(&Assessment) -> &String,
) -> Vec<Attributed> {
    a.filter(|a| !field(a).trim().is_empty())
        .map(|a| Attributed {
            from: from.map(str::to_string),
            text: block(field(a)),
        })
        .into_iter()
        .collect()
}

pub fn last_review(a: Option<&Assessment>, from: Option<&str>) -> Option<LastReview> {
    a.and_then(Assessment::last_review)
        .map(|(by, on)| LastReview {
            from: from.map(str::to_string),
            by: line(by),
            on,
        })
}

/// Items of a list field, each once, in the order first met.
pub fn push_unique(into: &mut Vec<String>, items: &[String]) {
    for item in items {
        let item = line(item);
        if !item.is_empty() && !into.contains(&item) {
            into.push(item);
        }
    }
}

/// A row for one control of the session's catalogue, in its own numbering. `internal` keeps
/// the risk register references, which the external edition leaves out.
pub fn control_row(source: &Source, control: &Control, internal: bool) -> SoaRow {
    let a = source.session.assessment(&control.id, source.catalogue);
    let providers = source.session.provider_names();
    let offerings = offering_names(source);
    let applicable = Applicable::of(a.map_or(Applicability::Undecided, |a| a.applicability));
    let note = match a {
        None => "not assessed yet".to_string(),
        Some(_) if applicable == Applicable::Undecided => "applicability still undecided".into(),
        Some(_) => String::new(),
    };
    SoaRow {
        id: line(&source.catalogue.shown_id(&control.id)),
        iso27001_2022: control.annex_a_labels(),
        mapping: (!control.iso27001_2022.is_empty()).then_some(control.mapping),
        combines: Vec::new(),
        title: line(&control.title),
        source: source_label(source.catalogue, control),
        additional: false,
        applicable,
        // Reasons for including a control; an excluded one says its exclusion reasons instead
        // (the inclusion reasons it had before stay in the file, not in the SoA).
        reasons: a.map_or(Vec::new(), |a| a.reasons_in_force().to_vec()),
        exclusion_reasons: a.map_or(Vec::new(), |a| a.exclusions_in_force().to_vec()),
        justification: justification(a, None),
        status: a
            .filter(|a| a.applicability == Applicability::Applicable)
            .map(|a| a.status),
        accountable_owner: attributed(a, None, |a| &a.accountable_owner),
        responsibilities: owner_lines(a, &providers, None),
        offerings: offerings.map(|o| offered_lines(a, &o, None)),
        evidence: evidence_refs(a, None),
        documents: a.map_or(Vec::new(), |a| {
            let mut out = Vec::new();
            push_unique(&mut out, &a.documents);
            out
        }),
        risks: FieldKey::Risks.in_edition(internal).then(|| {
            let mut out = Vec::new();
            push_unique(&mut out, a.map_or(&[][..], |a| &a.risks));
            out
        }),
        last_reviewed: last_review(a, None),
        next_review: a.and_then(|a| a.next_review),
        change_trigger: attributed(a, None, |a| &a.change_trigger),
        note,
    }
}

/// Every control of the session's catalogue, in catalogue order.
pub fn rows(source: &Source, internal: bool) -> Vec<SoaRow> {
    each_row(*source, internal).collect()
}

/// [`rows`] one by one, each made when it is asked for, so a writer never holds them all.
pub fn each_row(source: Source<'_>, internal: bool) -> impl Iterator<Item = SoaRow> + '_ {
    source
        .catalogue
        .controls
        .iter()
        .map(move |c| control_row(&source, c, internal))
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
    if !o.provider_assurance.is_empty() {
        text.push_str(&format!("; assurance: {}", o.provider_assurance));
    }
    tagged(&o.from, &text)
}

pub fn offered_text(o: &OfferedLine) -> String {
    let mut text = match o.holder {
        None => format!("{}: not recorded", o.offering),
        Some(h) => format!("{}: {}", o.offering, h.label()),
    };
    for (label, value) in [
        ("we do", &o.we_do),
        ("customers must", &o.customer_must),
        ("evidence we give", &o.customer_evidence),
        ("contact", &o.contact_role),
    ] {
        if !value.is_empty() {
            let value = value.replace('\n', " ");
            // "…service.; evidence" reads as a slip: the separator ends each part.
            text.push_str(&format!("; {label}: {}", value.trim_end_matches('.')));
        }
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

/// The SoA column of the offerings we provide (provider sessions only).
const OFFERED: &str = "Offered to our customers";

/// The SoA as a table. Under 27001:2022 numbering the second column lists the combined
/// controls instead of the 2022 ids, which the first column already is.
pub fn table(rows: &[SoaRow], annex_a_numbering: bool, internal: bool) -> Table<'static> {
    // Only a provider's session (role csp or both) has offering lines to show.
    let provides = rows.iter().any(|r| r.offerings.is_some());
    let mut table = empty_table(annex_a_numbering, internal, provides);
    for row in rows {
        table.push(cells(row, annex_a_numbering, internal, provides));
    }
    table
}

/// The SoA as a table whose rows are made while it is written; `provides`: a provider's
/// session, whose rows have offering lines.
pub fn streamed_table<'a>(
    rows: impl Iterator<Item = SoaRow> + 'a,
    annex_a_numbering: bool,
    internal: bool,
    provides: bool,
) -> Table<'a> {
    empty_table(annex_a_numbering, internal, provides)
        .streamed(rows.map(move |row| cells(&row, annex_a_numbering, internal, provides)))
}

/// The columns of the SoA, without rows.
fn empty_table<'a>(annex_a_numbering: bool, internal: bool, provides: bool) -> Table<'a> {
    let second = if annex_a_numbering {
        col("Combines", 14.0).detail()
    } else {
        col("ISO/IEC 27001:2022", 14.0).detail()
    };
    let mut table = Table::new(
        "Controls",
        vec![
            col("Control", 11.0),
            second,
            col("Title", 36.0),
            col("Source", 22.0).detail(),
            col("Applicable", 11.0),
            col("Reasons", 20.0),
            col("Justification", 50.0),
            col("Status", 16.0),
            col("Accountable owner", 20.0).detail(),
            col("Responsibility", 44.0),
            col(OFFERED, 44.0).detail(),
            col("Evidence", 44.0).detail(),
            col("Implementing documents", 30.0).detail(),
            col("Risks", 14.0).detail(),
            col("Last reviewed", 20.0).detail(),
            col("Next review", 12.0).detail(),
            col("Change trigger", 30.0).detail(),
            col("Note", 30.0).detail(),
        ],
    );
    if !internal {
        table.columns.retain(|c| c.header != "Risks");
    }
    if !provides {
        table.columns.retain(|c| c.header != OFFERED);
    }
    table
}

/// One SoA row's cells, in [`empty_table`]'s columns.
fn cells(row: &SoaRow, annex_a_numbering: bool, internal: bool, provides: bool) -> Vec<Cell> {
    let second = if annex_a_numbering && !row.additional {
        row.combines.join(", ")
    } else if annex_a_numbering {
        String::new()
    } else {
        mapping_text(&row.iso27001_2022, row.mapping)
    };
    let mut cells = vec![
        Cell::text(row.id.clone()),
        Cell::text(second),
        Cell::text(row.title.clone()),
        Cell::text(row.source.clone()),
        Cell::text(row.applicable.label()),
        Cell::text(
            row.reasons
                .iter()
                .map(|r| r.label())
                .chain(row.exclusion_reasons.iter().map(|r| r.label()))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Cell::text(lines(
            row.justification.iter().map(|j| tagged(&j.from, &j.text)),
        )),
        Cell::text(row.status.map_or("", |s| s.label())),
        Cell::text(lines(
            row.accountable_owner
                .iter()
                .map(|o| tagged(&o.from, &o.text)),
        )),
        Cell::text(lines(row.responsibilities.iter().map(owner_text))),
    ];
    if provides {
        cells.push(Cell::text(lines(
            row.offerings.iter().flatten().map(offered_text),
        )));
    }
    cells.extend([
        Cell::text(lines(row.evidence.iter().map(evidence_text))),
        Cell::text(lines(row.documents.iter().cloned())),
    ]);
    if internal {
        cells.push(Cell::text(
            row.risks.as_deref().unwrap_or_default().join(", "),
        ));
    }
    cells.extend([
        Cell::text(row.last_reviewed.as_ref().map_or(String::new(), |r| {
            let text = if r.by.is_empty() {
                r.on.to_string()
            } else {
                format!("{} by {}", r.on, r.by)
            };
            tagged(&r.from, &text)
        })),
        Cell::date(row.next_review),
        Cell::text(lines(
            row.change_trigger.iter().map(|t| tagged(&t.from, &t.text)),
        )),
        Cell::text(row.note.clone()),
    ]);
    cells
}
