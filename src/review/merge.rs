//! Three-way merge of sessions, field by field: what one side changed since the base wins; when
//! both changed a field to different values, the merged record keeps ours and records a
//! [`Conflict`] with the base, ours and theirs values, so the result is always a valid session.
//! Lists of things (evidence, decisions, reasons, data locations, services) merge as sets;
//! lines keyed by a name (responsibility lines, providers, participants) merge per field. When
//! one side removed a line or record the other changed, the changed one stays and the removal is
//! recorded as a conflict: no edit is lost without someone deciding. Nothing here knows git;
//! the order of everything merged is deterministic and the same whichever side is "ours".

mod meta;

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hash;

use super::three_way::{merge_keyed, merge_set, pick3};
use crate::catalogue::Catalogue;
use crate::fields::{FieldKey, record_text};
use crate::session::{
    Assessment, CatalogueRef, Conflict, DataLocation, Decision, Evidence, Metadata, OfferingLine,
    Remediation, Responsibility, RiskAcceptance, Session,
};
use meta::merge_meta;

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error(
        "the sessions were run against different catalogues (base {base:?}, ours {ours:?}, theirs {theirs:?}); gapwalk merges only sessions on the same catalogue"
    )]
    DifferentCatalogues {
        base: String,
        ours: String,
        theirs: String,
    },
}

/// A merged session and how many conflicts this merge recorded.
#[derive(Debug, Clone)]
pub struct Merged {
    pub session: Session,
    pub conflicts: usize,
}

/// Merges `ours` and `theirs`, both descended from `base`. Conflicts recorded by earlier
/// merges and still unresolved are carried over like any other list.
pub fn merge(
    base: &Session,
    ours: &Session,
    theirs: &Session,
    catalogue: &Catalogue,
) -> Result<Merged, MergeError> {
    if base.catalogue.id != ours.catalogue.id || ours.catalogue.id != theirs.catalogue.id {
        return Err(MergeError::DifferentCatalogues {
            base: base.catalogue.id.clone(),
            ours: ours.catalogue.id.clone(),
            theirs: theirs.catalogue.id.clone(),
        });
    }
    let mut count = 0;
    let meta = merge_meta(&base.meta, &ours.meta, &theirs.meta, &mut count);
    let catalogue_ref = pick3(&base.catalogue, &ours.catalogue, &theirs.catalogue)
        .unwrap_or_else(|| later_catalogue(&ours.catalogue, &theirs.catalogue));
    let position = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| catalogue.position(id))
            .unwrap_or(usize::MAX)
    };
    // Where the walk stopped is each facilitator's own; when both moved, resume at the earlier
    // stop so nothing is skipped.
    let resume_at =
        pick3(&base.resume_at, &ours.resume_at, &theirs.resume_at).unwrap_or_else(|| {
            std::cmp::min_by_key(ours.resume_at.clone(), theirs.resume_at.clone(), position)
        });
    let (b, o, t) = (by_control(base), by_control(ours), by_control(theirs));
    let ids: BTreeSet<&str> = b.keys().chain(o.keys()).chain(t.keys()).copied().collect();
    let mut assessments = Vec::new();
    for id in ids {
        let (bi, oi, ti) = (b.get(id).copied(), o.get(id).copied(), t.get(id).copied());
        let merged = merge_assessment(id, bi, oi, ti, &mut count);
        assessments.extend(merged);
    }
    let decisions = merge_set(
        &base.decisions,
        &ours.decisions,
        &theirs.decisions,
        decision_key,
    );
    let approvals = merge_set(&base.approvals, &ours.approvals, &theirs.approvals, |a| {
        (a.at, &a.by, &a.role, &a.content)
    });
    // The id is made once with the session; two that differ (sessions created apart) keep the
    // smaller, so the result does not depend on which side is ours.
    let id = pick3(&base.id, &ours.id, &theirs.id)
        .unwrap_or_else(|| std::cmp::min(&ours.id, &theirs.id).clone());
    let mut session = Session {
        format_version: crate::session::FORMAT_VERSION,
        id,
        meta,
        catalogue: catalogue_ref,
        resume_at,
        assessments,
        decisions,
        approvals,
    };
    session.sort(catalogue);
    Ok(Merged {
        session,
        conflicts: count,
    })
}

/// The ancestor of two sessions created apart (git's add/add): the same catalogue, nothing
/// recorded, so everything either side holds counts as added by it.
pub fn no_ancestor(like: &Session) -> Session {
    let epoch = crate::session::Timestamp::from_unix(0).unwrap_or(like.meta.created);
    Session {
        format_version: like.format_version,
        id: String::new(),
        meta: Metadata {
            title: String::new(),
            organisation: String::new(),
            scope: String::new(),
            role: like.meta.role,
            facilitator: String::new(),
            providers: Vec::new(),
            data_locations: Vec::new(),
            participants: Vec::new(),
            offerings: Vec::new(),
            document: Default::default(),
            created: epoch,
            updated: epoch,
            conflicts: Vec::new(),
            walk_depth: Default::default(),
            timebox_minutes: None,
            agenda: Vec::new(),
            meetings: Vec::new(),
        },
        catalogue: like.catalogue.clone(),
        resume_at: None,
        assessments: Vec::new(),
        decisions: Vec::new(),
        approvals: Vec::new(),
    }
}

/// The order additions to a decision log are listed in, and the key `merge_set` and the diff
/// find a decision by.
pub(crate) fn decision_key(d: &Decision) -> impl Ord + Hash + '_ {
    (d.at, &d.by, d.control.as_ref(), &d.text)
}

/// The same for evidence lines.
pub(crate) fn evidence_key(e: &Evidence) -> impl Ord + Hash + '_ {
    (
        e.as_of,
        &e.location,
        e.kind as u8,
        &e.description,
        &e.added_by,
    )
}

/// The same for data locations.
pub(crate) fn location_key(d: &DataLocation) -> impl Ord + Hash + '_ {
    (&d.provider, &d.location, &d.jurisdiction, &d.notes)
}

/// The same for recorded conflicts (their own order, field by field).
pub(crate) fn conflict_key(c: &Conflict) -> impl Ord + Hash + '_ {
    (&c.field, &c.item, &c.base, &c.ours, &c.theirs)
}

/// A session's assessments by control id.
pub(crate) fn by_control(s: &Session) -> BTreeMap<&str, &Assessment> {
    s.assessments
        .iter()
        .map(|a| (a.control.as_str(), a))
        .collect()
}

/// Both sides pointed the session at a changed catalogue: keep the later version, so the choice
/// does not depend on which side is ours.
fn later_catalogue(ours: &CatalogueRef, theirs: &CatalogueRef) -> CatalogueRef {
    let key = |c: &CatalogueRef| (c.version.clone(), c.hash.clone(), c.file.clone());
    match key(ours).cmp(&key(theirs)) {
        Ordering::Less => theirs.clone(),
        _ => ours.clone(),
    }
}

/// Collects the conflicts of one record while its fields are merged.
struct Fields<'a> {
    item: &'a str,
    found: Vec<Conflict>,
}

impl Fields<'_> {
    /// Merges one field; on a conflict keeps ours and records all three values as text.
    fn value<T: PartialEq + Clone>(
        &mut self,
        field: &str,
        (base, ours, theirs): (&T, &T, &T),
        text: impl Fn(&T) -> String,
    ) -> T {
        pick3(base, ours, theirs).unwrap_or_else(|| {
            self.found.push(Conflict {
                field: field.to_string(),
                item: self.item.to_string(),
                base: text(base),
                ours: text(ours),
                theirs: text(theirs),
            });
            ours.clone()
        })
    }

    /// Merges an optional record: when only one side changed it, that side wins; when both
    /// changed it and both still have it, `fields` merges it field by field; when one removed
    /// it and the other changed it, the changed record stays and the removal is a conflict.
    fn record<T: PartialEq + Clone + Default + serde::Serialize>(
        &mut self,
        field: &str,
        (base, ours, theirs): (Option<&T>, Option<&T>, Option<&T>),
        fields: impl FnOnce(&mut Self, (&T, &T, &T)) -> T,
    ) -> Option<T> {
        if let Some(kept) = pick3(&base, &ours, &theirs) {
            return kept.cloned();
        }
        match (ours, theirs) {
            (Some(o), Some(t)) => {
                let default = T::default();
                let b = base.unwrap_or(&default);
                Some(fields(self, (b, o, t)))
            }
            (Some(changed), None) | (None, Some(changed)) => {
                self.found.push(Conflict {
                    field: field.to_string(),
                    item: self.item.to_string(),
                    base: record_text(base),
                    ours: record_text(ours),
                    theirs: record_text(theirs),
                });
                Some(changed.clone())
            }
            (None, None) => None,
        }
    }
}

fn date(d: &Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Adds this merge's conflicts to those carried over; a new conflict on a field replaces an
/// older one on the same field.
fn record_conflicts(
    carried: (&[Conflict], &[Conflict], &[Conflict]),
    found: Vec<Conflict>,
    count: &mut usize,
) -> Vec<Conflict> {
    let mut all = merge_set(carried.0, carried.1, carried.2, conflict_key);
    all.retain(|c| !found.iter().any(|n| n.is_about(&c.field, &c.item)));
    *count += found.len();
    all.extend(found);
    all
}

fn merge_assessment(
    id: &str,
    base: Option<&Assessment>,
    ours: Option<&Assessment>,
    theirs: Option<&Assessment>,
    count: &mut usize,
) -> Option<Assessment> {
    // A control nobody assessed reads as a blank record, so one side's new assessment merges
    // field by field against nothing.
    let blank = Assessment::new(id);
    let (b, o, t) = (
        base.unwrap_or(&blank),
        ours.unwrap_or(&blank),
        theirs.unwrap_or(&blank),
    );
    let mut f = Fields {
        item: "",
        found: Vec::new(),
    };
    let mut r = Assessment::new(id);
    r.applicability = f.value(
        FieldKey::Applicability.name(),
        (&b.applicability, &o.applicability, &t.applicability),
        |v| v.key().into(),
    );
    // A reason's place in its declaration is its order.
    r.reasons = merge_set(&b.reasons, &o.reasons, &t.reasons, |r| *r as u8);
    r.exclusion_reasons = merge_set(
        &b.exclusion_reasons,
        &o.exclusion_reasons,
        &t.exclusion_reasons,
        |r| *r as u8,
    );
    r.justification = f.value(
        FieldKey::Justification.name(),
        (&b.justification, &o.justification, &t.justification),
        String::clone,
    );
    r.accountable_owner = f.value(
        FieldKey::AccountableOwner.name(),
        (
            &b.accountable_owner,
            &o.accountable_owner,
            &t.accountable_owner,
        ),
        String::clone,
    );
    r.responsibilities = merge_keyed(
        (
            &b.responsibilities,
            &o.responsibilities,
            &t.responsibilities,
        ),
        |l| &l.provider,
        |provider, lines| {
            let mut line = Fields {
                item: provider,
                found: Vec::new(),
            };
            let merged = line.record(FieldKey::Responsibility.name(), lines, merge_line);
            f.found.append(&mut line.found);
            merged
        },
    );
    r.offerings = merge_keyed(
        (&b.offerings, &o.offerings, &t.offerings),
        |l| &l.offering,
        |offering, lines| {
            let mut line = Fields {
                item: offering,
                found: Vec::new(),
            };
            let merged = line.record(FieldKey::Offering.name(), lines, merge_offering_line);
            f.found.append(&mut line.found);
            merged
        },
    );
    r.status = f.value(
        FieldKey::Status.name(),
        (&b.status, &o.status, &t.status),
        |v| v.key().into(),
    );
    r.evidence = merge_set(&b.evidence, &o.evidence, &t.evidence, evidence_key);
    r.documents = merge_set(&b.documents, &o.documents, &t.documents, String::as_str);
    r.risks = merge_set(&b.risks, &o.risks, &t.risks, String::as_str);
    r.gap = f.value(
        FieldKey::Gap.name(),
        (&b.gap, &o.gap, &t.gap),
        String::clone,
    );
    r.remediation = f.record(
        FieldKey::Remediation.name(),
        (
            b.remediation.as_ref(),
            o.remediation.as_ref(),
            t.remediation.as_ref(),
        ),
        merge_remediation,
    );
    r.risk_acceptance = f.record(
        FieldKey::RiskAcceptance.name(),
        (
            b.risk_acceptance.as_ref(),
            o.risk_acceptance.as_ref(),
            t.risk_acceptance.as_ref(),
        ),
        merge_risk_acceptance,
    );
    r.change_trigger = f.value(
        FieldKey::ChangeTrigger.name(),
        (&b.change_trigger, &o.change_trigger, &t.change_trigger),
        String::clone,
    );
    r.escalation = f.value(
        FieldKey::Escalation.name(),
        (&b.escalation, &o.escalation, &t.escalation),
        String::clone,
    );
    r.next_review = f.value(
        FieldKey::NextReview.name(),
        (&b.next_review, &o.next_review, &t.next_review),
        date,
    );
    // The last "reviewed, no change" is a stamp like the last change: the later one wins.
    let review = |a: &Assessment| (a.reviewed_on, a.reviewed_by.clone());
    let (reviewed_on, reviewed_by) =
        pick3(&review(b), &review(o), &review(t)).unwrap_or_else(|| review(o).max(review(t)));
    r.reviewed_on = reviewed_on;
    r.reviewed_by = reviewed_by;
    r.notes = f.value(
        FieldKey::Notes.name(),
        (&b.notes, &o.notes, &t.notes),
        String::clone,
    );
    r.follow_up = f.value(
        FieldKey::FollowUp.name(),
        (&b.follow_up, &o.follow_up, &t.follow_up),
        String::clone,
    );
    r.flagged = f.value(
        FieldKey::Flagged.name(),
        (&b.flagged, &o.flagged, &t.flagged),
        |v| v.to_string(),
    );
    r.reconfirm = f.value(
        FieldKey::Reconfirm.name(),
        (&b.reconfirm, &o.reconfirm, &t.reconfirm),
        |v| v.to_string(),
    );
    // Who changed it last: when both did, the later change names the record.
    let stamp = |a: &Assessment| (a.changed_at, a.changed_by.clone());
    let (changed_at, changed_by) =
        pick3(&stamp(b), &stamp(o), &stamp(t)).unwrap_or_else(|| stamp(o).max(stamp(t)));
    r.changed_at = changed_at;
    r.changed_by = changed_by;
    r.conflicts = record_conflicts((&b.conflicts, &o.conflicts, &t.conflicts), f.found, count);
    let present = pick3(&base.is_some(), &ours.is_some(), &theirs.is_some()).unwrap_or(true);
    (present || !r.is_blank()).then_some(r)
}

fn merge_line(
    f: &mut Fields<'_>,
    (b, o, t): (&Responsibility, &Responsibility, &Responsibility),
) -> Responsibility {
    Responsibility {
        provider: o.provider.clone(),
        holder: f.value(
            FieldKey::Holder.name(),
            (&b.holder, &o.holder, &t.holder),
            |v| v.key().into(),
        ),
        customer_owner: f.value(
            FieldKey::CustomerOwner.name(),
            (&b.customer_owner, &o.customer_owner, &t.customer_owner),
            String::clone,
        ),
        provider_owner: f.value(
            FieldKey::ProviderOwner.name(),
            (&b.provider_owner, &o.provider_owner, &t.provider_owner),
            String::clone,
        ),
        inherited: f.value(
            FieldKey::Inherited.name(),
            (&b.inherited, &o.inherited, &t.inherited),
            String::clone,
        ),
        customer_duty: f.value(
            FieldKey::CustomerDuty.name(),
            (&b.customer_duty, &o.customer_duty, &t.customer_duty),
            String::clone,
        ),
        provider_evidence: f.value(
            FieldKey::ProviderEvidence.name(),
            (
                &b.provider_evidence,
                &o.provider_evidence,
                &t.provider_evidence,
            ),
            String::clone,
        ),
        provider_assurance: f.value(
            FieldKey::ProviderAssurance.name(),
            (
                &b.provider_assurance,
                &o.provider_assurance,
                &t.provider_assurance,
            ),
            String::clone,
        ),
        provenance: f.value(
            FieldKey::Provenance.name(),
            (&b.provenance, &o.provenance, &t.provenance),
            |v| record_text(v.as_ref()),
        ),
        unconfirmed: f.value(
            FieldKey::Unconfirmed.name(),
            (&b.unconfirmed, &o.unconfirmed, &t.unconfirmed),
            |v| v.to_string(),
        ),
    }
}

fn merge_offering_line(
    f: &mut Fields<'_>,
    (b, o, t): (&OfferingLine, &OfferingLine, &OfferingLine),
) -> OfferingLine {
    let mut text = |key: FieldKey, get: fn(&OfferingLine) -> &String| {
        f.value(key.name(), (get(b), get(o), get(t)), String::clone)
    };
    OfferingLine {
        offering: o.offering.clone(),
        we_do: text(FieldKey::OfferingWeDo, |l| &l.we_do),
        customer_must: text(FieldKey::OfferingCustomerMust, |l| &l.customer_must),
        customer_evidence: text(FieldKey::OfferingEvidence, |l| &l.customer_evidence),
        contact_role: text(FieldKey::OfferingContactRole, |l| &l.contact_role),
        holder: f.value(
            FieldKey::OfferingHolder.name(),
            (&b.holder, &o.holder, &t.holder),
            |v| v.key().into(),
        ),
    }
}

fn merge_remediation(
    f: &mut Fields<'_>,
    (b, o, t): (&Remediation, &Remediation, &Remediation),
) -> Remediation {
    Remediation {
        action: f.value(
            FieldKey::RemediationAction.name(),
            (&b.action, &o.action, &t.action),
            String::clone,
        ),
        owner: f.value(
            FieldKey::RemediationOwner.name(),
            (&b.owner, &o.owner, &t.owner),
            String::clone,
        ),
        due: f.value(
            FieldKey::RemediationDue.name(),
            (&b.due, &o.due, &t.due),
            date,
        ),
        priority: f.value(
            FieldKey::RemediationPriority.name(),
            (&b.priority, &o.priority, &t.priority),
            |v| v.key().into(),
        ),
    }
}

fn merge_risk_acceptance(
    f: &mut Fields<'_>,
    (b, o, t): (&RiskAcceptance, &RiskAcceptance, &RiskAcceptance),
) -> RiskAcceptance {
    RiskAcceptance {
        accepted_by: f.value(
            FieldKey::RiskAcceptedBy.name(),
            (&b.accepted_by, &o.accepted_by, &t.accepted_by),
            String::clone,
        ),
        rationale: f.value(
            FieldKey::RiskRationale.name(),
            (&b.rationale, &o.rationale, &t.rationale),
            String::clone,
        ),
        date: f.value(FieldKey::RiskDate.name(), (&b.date, &o.date, &t.date), date),
        expires: f.value(
            FieldKey::RiskExpires.name(),
            (&b.expires, &o.expires, &t.expires),
            date,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::{Applicability, Edit, Status, Timestamp};

    fn with(s: &Session, cat: &Catalogue, a: Assessment) -> Session {
        let mut s = s.clone();
        s.apply(
            Edit::SetAssessment {
                control: a.control.clone(),
                assessment: Some(Box::new(a)),
            },
            cat,
        );
        s
    }

    #[test]
    fn a_removal_against_a_change_keeps_the_change_and_records_both() {
        let cat = default_catalogue();
        let start = Session::new("t", &cat, Timestamp::from_unix(0).unwrap());
        let mut a = Assessment::new("9.2.3");
        a.applicability = Applicability::Applicable;
        a.remediation = Some(Remediation {
            action: "review".into(),
            ..Remediation::default()
        });
        let base = with(&start, &cat, a.clone());
        let mut removed = a.clone();
        removed.remediation = None;
        let mut changed = a.clone();
        changed.remediation = Some(Remediation {
            action: "review quarterly".into(),
            ..Remediation::default()
        });
        for (ours, theirs) in [(&removed, &changed), (&changed, &removed)] {
            let merged = merge(
                &base,
                &with(&base, &cat, ours.clone()),
                &with(&base, &cat, theirs.clone()),
                &cat,
            )
            .unwrap();
            assert_eq!(merged.conflicts, 1);
            let m = merged.session.assessment("9.2.3", &cat).unwrap();
            assert_eq!(m.remediation, changed.remediation);
            assert_eq!(m.conflicts[0].field, "remediation");
        }
    }

    #[test]
    fn different_catalogues_refuse_to_merge() {
        let cat = default_catalogue();
        let s = Session::new("t", &cat, Timestamp::from_unix(0).unwrap());
        let mut other = s.clone();
        other.catalogue.id = "iso27001-2022".into();
        let err = merge(&s, &s, &other, &cat).unwrap_err();
        assert!(err.to_string().contains("iso27001-2022"));
    }

    #[test]
    fn both_sides_changing_status_differently_keeps_ours_and_records_theirs() {
        let cat = default_catalogue();
        let mut a = Assessment::new("12.3.1");
        a.status = Status::Partial;
        let base = with(
            &Session::new("t", &cat, Timestamp::from_unix(0).unwrap()),
            &cat,
            a.clone(),
        );
        a.status = Status::Implemented;
        let ours = with(&base, &cat, a.clone());
        a.status = Status::Planned;
        let theirs = with(&base, &cat, a);
        let merged = merge(&base, &ours, &theirs, &cat).unwrap();
        let m = merged.session.assessment("12.3.1", &cat).unwrap();
        assert_eq!(m.status, Status::Implemented);
        assert_eq!(
            m.conflicts,
            [Conflict {
                field: "status".into(),
                item: String::new(),
                base: "partial".into(),
                ours: "implemented".into(),
                theirs: "planned".into(),
            }]
        );
    }
}
