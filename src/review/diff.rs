//! The semantic diff of two versions of a session: per control and field, what the value was and
//! what it is; evidence, decisions, participants and data locations added or removed;
//! responsibility lines per provider; conflicts recorded or resolved. Values use the field
//! vocabulary of `gapwalk set`. This module only compares: it prints nothing and knows no git.

mod describe;

use serde::Serialize;

use std::hash::Hash;

use super::merge::{by_control, conflict_key, decision_key, evidence_key, location_key};
use super::three_way::{Index, by_name};
use crate::catalogue::Catalogue;
use crate::fields::{FieldKey, MetaKey, ValueKind, describe_evidence};
use crate::session::{Assessment, Conflict, Meeting, Metadata, Session};
use describe::{
    describe_approval, describe_assessment, describe_decision, describe_line, describe_location,
    describe_meeting, describe_offering_line, describe_participant, describe_provider,
    describe_remediation, describe_risk_acceptance,
};

pub use describe::describe_conflict;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One difference. `old` is absent for something added, `new` for something removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Change {
    /// The control, or `None` for the session: metadata, catalogue, decision log.
    pub control: Option<String>,
    pub field: String,
    /// Which line of a list: a responsibility line's provider, a participant's name…
    #[serde(skip_serializing_if = "String::is_empty")]
    pub item: String,
    pub change: ChangeKind,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Whether the values are free text (quoted when printed).
    #[serde(skip)]
    pub text: bool,
}

impl Change {
    fn new(
        control: Option<&str>,
        field: &str,
        item: &str,
        old: Option<String>,
        new: Option<String>,
        text: bool,
    ) -> Change {
        let change = match (&old, &new) {
            (None, _) => ChangeKind::Added,
            (_, None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        };
        Change {
            control: control.map(str::to_string),
            field: field.to_string(),
            item: item.to_string(),
            change,
            old,
            new,
            text,
        }
    }
}

/// Collects the changes of one part of the session.
struct Changes<'a> {
    control: Option<&'a str>,
    out: Vec<Change>,
}

impl Changes<'_> {
    fn value(&mut self, field: &str, item: &str, old: String, new: String, text: bool) {
        if old != new {
            let c = Change::new(self.control, field, item, Some(old), Some(new), text);
            self.out.push(c);
        }
    }

    fn added(&mut self, field: &str, item: &str, what: String, text: bool) {
        let c = Change::new(self.control, field, item, None, Some(what), text);
        self.out.push(c);
    }

    fn removed(&mut self, field: &str, item: &str, what: String, text: bool) {
        let c = Change::new(self.control, field, item, Some(what), None, text);
        self.out.push(c);
    }

    /// Items of `old` missing from `new` are removed, the reverse added; order kept. `key`
    /// finds an item in the other list at once (see [`Index`]).
    fn set<'a, T: PartialEq, K: Hash + Eq>(
        &mut self,
        field: &str,
        (old, new): (&'a [T], &'a [T]),
        key: impl Fn(&'a T) -> K,
        show: impl Fn(&T) -> String,
    ) {
        if old == new {
            return;
        }
        let (in_old, in_new) = (Index::new(old, &key), Index::new(new, &key));
        for x in old.iter().filter(|x| !in_new.contains(&key(x), x)) {
            self.removed(field, "", show(x), false);
        }
        for x in new.iter().filter(|x| !in_old.contains(&key(x), x)) {
            self.added(field, "", show(x), false);
        }
    }
}

/// What changed from `old` to `new`: the session first, then each control, in catalogue order
/// when a catalogue is given, else in the order the files list them.
pub fn diff(old: &Session, new: &Session, catalogue: Option<&Catalogue>) -> Vec<Change> {
    let mut session = Changes {
        control: None,
        out: Vec::new(),
    };
    for (field, o, n) in [
        ("catalogue.id", &old.catalogue.id, &new.catalogue.id),
        (
            "catalogue.version",
            &old.catalogue.version,
            &new.catalogue.version,
        ),
        ("catalogue.hash", &old.catalogue.hash, &new.catalogue.hash),
    ] {
        session.value(field, "", o.clone(), n.clone(), false);
    }
    let file = |s: &Session| s.catalogue.file.clone().unwrap_or_default();
    session.value("catalogue.file", "", file(old), file(new), true);
    session.value("id", "", old.id.clone(), new.id.clone(), false);
    meta_changes(&mut session, &old.meta, &new.meta);
    session.value(
        "resume_at",
        "",
        old.resume_at.clone().unwrap_or_default(),
        new.resume_at.clone().unwrap_or_default(),
        false,
    );
    session.set(
        "decision",
        (&old.decisions, &new.decisions),
        decision_key,
        describe_decision,
    );
    session.set(
        "approval",
        (&old.approvals, &new.approvals),
        |a| (a.at, &a.by, &a.role, &a.content),
        describe_approval,
    );
    let mut out = session.out;
    let (before, after) = (by_control(old), by_control(new));
    let mut ids: Vec<&str> = new.assessments.iter().map(|a| a.control.as_str()).collect();
    ids.extend(
        old.assessments
            .iter()
            .map(|a| a.control.as_str())
            .filter(|id| !after.contains_key(*id)),
    );
    if let Some(cat) = catalogue {
        ids.sort_by_key(|id| cat.position(id).unwrap_or(usize::MAX));
    }
    for id in ids {
        let mut control = Changes {
            control: Some(id),
            out: Vec::new(),
        };
        match (before.get(id).copied(), after.get(id).copied()) {
            (Some(o), Some(n)) => assessment_changes(&mut control, o, n),
            (None, Some(n)) => {
                control.added("assessment", "", describe_assessment(n), false);
                assessment_changes(&mut control, &Assessment::new(id), n);
            }
            // A dropped record is one line: what it said, not every field emptied.
            (Some(o), None) => control.removed("assessment", "", describe_assessment(o), false),
            (None, None) => {}
        }
        out.extend(control.out);
    }
    out
}

fn meta_changes(c: &mut Changes<'_>, old: &Metadata, new: &Metadata) {
    for (field, o, n) in [
        ("title", &old.title, &new.title),
        ("organisation", &old.organisation, &new.organisation),
        ("scope", &old.scope, &new.scope),
        ("facilitator", &old.facilitator, &new.facilitator),
    ] {
        c.value(field, "", o.clone(), n.clone(), true);
    }
    c.value(
        "role",
        "",
        old.role.key().into(),
        new.role.key().into(),
        false,
    );
    c.value(
        "walk.depth",
        "",
        old.walk_depth.key().into(),
        new.walk_depth.key().into(),
        false,
    );
    c.value(
        "walk.timebox",
        "",
        old.timebox_minutes
            .map(|m| m.to_string())
            .unwrap_or_default(),
        new.timebox_minutes
            .map(|m| m.to_string())
            .unwrap_or_default(),
        false,
    );
    c.value(
        "agenda",
        "",
        old.agenda.join(", "),
        new.agenda.join(", "),
        false,
    );
    keyed(
        c,
        "provider",
        (&old.providers, &new.providers),
        |p| &p.name,
        describe_provider,
        |c, o, n| {
            c.value(
                "provider.services",
                &n.name,
                o.services.join(", "),
                n.services.join(", "),
                false,
            )
        },
    );
    keyed(
        c,
        "offering",
        (&old.offerings, &new.offerings),
        |o| &o.name,
        |o| {
            if o.description.is_empty() {
                "no description".into()
            } else {
                o.description.clone()
            }
        },
        |c, o, n| {
            c.value(
                "offering.description",
                &n.name,
                o.description.clone(),
                n.description.clone(),
                true,
            )
        },
    );
    c.set(
        "data_location",
        (&old.data_locations, &new.data_locations),
        location_key,
        describe_location,
    );
    keyed(
        c,
        "participant",
        (&old.participants, &new.participants),
        |p| &p.name,
        describe_participant,
        |c, o, n| {
            c.value(
                "participant.role",
                &n.name,
                o.role.clone(),
                n.role.clone(),
                true,
            );
            c.value(
                "participant.side",
                &n.name,
                o.side.key().into(),
                n.side.key().into(),
                false,
            );
            c.value(
                "participant.speaks_for",
                &n.name,
                o.speaks_for.clone(),
                n.speaks_for.clone(),
                true,
            );
        },
    );
    meeting_changes(c, &old.meetings, &new.meetings);
    for key in [
        MetaKey::DocumentId,
        MetaKey::DocumentVersion,
        MetaKey::DocumentClassification,
        MetaKey::DocumentOwner,
    ] {
        c.value(key.name(), "", key.get(old, ""), key.get(new, ""), true);
    }
    c.value(
        "created",
        "",
        old.created.to_string(),
        new.created.to_string(),
        false,
    );
    c.value(
        "updated",
        "",
        old.updated.to_string(),
        new.updated.to_string(),
        false,
    );
    conflict_changes(c, &old.conflicts, &new.conflicts);
}

/// Lines keyed by name: added and removed ones in full, changed ones field by field. A line
/// is compared with the first line of the other version under its name.
fn keyed<'a, T: PartialEq>(
    c: &mut Changes<'_>,
    field: &str,
    (old, new): (&'a [T], &'a [T]),
    key: impl Fn(&'a T) -> &'a String,
    describe: impl Fn(&T) -> String,
    mut fields: impl FnMut(&mut Changes<'_>, &T, &T),
) {
    if old == new {
        return;
    }
    let (in_old, in_new) = (by_name(old, &key), by_name(new, &key));
    for o in old {
        match in_new.get(key(o)) {
            None => c.removed(field, key(o), describe(o), false),
            Some(n) if *n != o => fields(c, o, n),
            Some(_) => {}
        }
    }
    for n in new.iter().filter(|n| !in_old.contains_key(key(n))) {
        c.added(field, key(n), describe(n), false);
    }
}

fn conflict_changes(c: &mut Changes<'_>, old: &[Conflict], new: &[Conflict]) {
    if old == new {
        return;
    }
    let (in_old, in_new) = (
        Index::new(old, &conflict_key),
        Index::new(new, &conflict_key),
    );
    for x in old.iter().filter(|x| !in_new.contains(&conflict_key(x), x)) {
        c.removed("conflict", &x.item, describe_conflict(x), false);
    }
    for x in new.iter().filter(|x| !in_old.contains(&conflict_key(x), x)) {
        c.added("conflict", &x.item, describe_conflict(x), false);
    }
}

fn assessment_changes(c: &mut Changes<'_>, o: &Assessment, n: &Assessment) {
    // The record's own values, in the field table's order: those before the remediation first,
    // the rest (a field added to the table among them) after the nested records.
    let records_at = FieldKey::ALL
        .iter()
        .position(|k| *k == FieldKey::Remediation)
        .unwrap_or(0);
    let own: Vec<(usize, FieldKey)> = FieldKey::ALL
        .into_iter()
        .enumerate()
        .filter(|(_, k)| k.of_the_record())
        .collect();
    let (before, after) = own.split_at(own.partition_point(|(i, _)| *i < records_at));
    for (_, key) in before {
        field(c, *key, "", o, n);
    }
    keyed(
        c,
        FieldKey::Responsibility.name(),
        (&o.responsibilities, &n.responsibilities),
        |r| &r.provider,
        describe_line,
        |c, _, line| {
            for key in FieldKey::ALL.into_iter().filter(|k| k.per_provider()) {
                if key != FieldKey::Responsibility {
                    field(c, key, &line.provider, o, n);
                }
            }
        },
    );
    keyed(
        c,
        FieldKey::Offering.name(),
        (&o.offerings, &n.offerings),
        |l| &l.offering,
        describe_offering_line,
        |c, _, line| {
            for key in FieldKey::ALL.into_iter().filter(|k| k.per_offering()) {
                if key != FieldKey::Offering {
                    field(c, key, &line.offering, o, n);
                }
            }
        },
    );
    c.set(
        "evidence",
        (&o.evidence, &n.evidence),
        evidence_key,
        describe_evidence,
    );
    c.set(
        FieldKey::Documents.name(),
        (&o.documents, &n.documents),
        String::as_str,
        Clone::clone,
    );
    c.set(
        FieldKey::Risks.name(),
        (&o.risks, &n.risks),
        String::as_str,
        Clone::clone,
    );
    record(
        c,
        FieldKey::Remediation,
        (o.remediation.as_ref(), n.remediation.as_ref()),
        describe_remediation,
        (o, n),
    );
    record(
        c,
        FieldKey::RiskAcceptance,
        (o.risk_acceptance.as_ref(), n.risk_acceptance.as_ref()),
        describe_risk_acceptance,
        (o, n),
    );
    for (_, key) in after {
        field(c, *key, "", o, n);
    }
    conflict_changes(c, &o.conflicts, &n.conflicts);
    c.value(
        "changed_by",
        "",
        o.changed_by.clone(),
        n.changed_by.clone(),
        true,
    );
    let at = |a: &Assessment| a.changed_at.map(|t| t.to_string()).unwrap_or_default();
    c.value("changed_at", "", at(o), at(n), false);
}

fn field(c: &mut Changes<'_>, key: FieldKey, item: &str, o: &Assessment, n: &Assessment) {
    let text = key.kind() == ValueKind::Text;
    c.value(key.name(), item, key.get(o, item), key.get(n, item), text);
}

/// A nested record: added or removed whole, or changed field by field.
fn record<T>(
    c: &mut Changes<'_>,
    key: FieldKey,
    (old, new): (Option<&T>, Option<&T>),
    describe: impl Fn(&T) -> String,
    (o, n): (&Assessment, &Assessment),
) {
    match (old, new) {
        (None, Some(x)) => c.added(key.name(), "", describe(x), false),
        (Some(x), None) => c.removed(key.name(), "", describe(x), false),
        (Some(_), Some(_)) => {
            let prefix = format!("{}.", key.name());
            for sub in FieldKey::ALL
                .into_iter()
                .filter(|k| k.name().starts_with(&prefix))
            {
                field(c, sub, "", o, n);
            }
        }
        (None, None) => {}
    }
}

/// Meetings by day: one added or removed in full, one continued as its old and new record.
fn meeting_changes(c: &mut Changes<'_>, old: &[Meeting], new: &[Meeting]) {
    if old == new {
        return;
    }
    let find = |list: &[Meeting], day| list.iter().find(|m: &&Meeting| m.date == day).cloned();
    let mut days: Vec<chrono::NaiveDate> = old.iter().chain(new).map(|m| m.date).collect();
    days.sort();
    days.dedup();
    for day in days {
        let item = day.to_string();
        match (find(old, day), find(new, day)) {
            (None, Some(n)) => c.added("meeting", &item, describe_meeting(&n), true),
            (Some(o), None) => c.removed("meeting", &item, describe_meeting(&o), true),
            (Some(o), Some(n)) if o != n => c.value(
                "meeting",
                &item,
                describe_meeting(&o),
                describe_meeting(&n),
                true,
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::{Edit, Status, Timestamp};

    #[test]
    fn identical_sessions_have_no_changes_and_a_status_change_is_one() {
        let cat = default_catalogue();
        let mut old = Session::new("t", &cat, Timestamp::from_unix(0).unwrap());
        let a = Assessment::new("9.4.1");
        old.apply(
            Edit::SetAssessment {
                control: a.control.clone(),
                assessment: Some(Box::new(a.clone())),
            },
            &cat,
        );
        assert!(diff(&old, &old, Some(&cat)).is_empty());
        let mut new = old.clone();
        let mut a = a;
        a.status = Status::Implemented;
        new.apply(
            Edit::SetAssessment {
                control: a.control.clone(),
                assessment: Some(Box::new(a)),
            },
            &cat,
        );
        let changes = diff(&old, &new, Some(&cat));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].control.as_deref(), Some("9.4.1"));
        assert_eq!(changes[0].field, "status");
        assert_eq!(changes[0].old.as_deref(), Some("unknown"));
        assert_eq!(changes[0].new.as_deref(), Some("implemented"));
    }
}
