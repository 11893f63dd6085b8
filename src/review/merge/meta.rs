//! The three-way merge of a session's metadata: its own fields, providers, participants,
//! offerings, data locations, the document control block and the meetings.

use super::{Fields, location_key, record_conflicts};
use crate::fields::MetaKey;
use crate::review::three_way::{merge_keyed, merge_set, pick3};
use crate::session::{DocumentControl, Meeting, Metadata, Offering, Participant, Provider};

pub(super) fn merge_meta(
    base: &Metadata,
    ours: &Metadata,
    theirs: &Metadata,
    count: &mut usize,
) -> Metadata {
    let (b, o, t) = (base, ours, theirs);
    let mut f = Fields {
        item: "",
        found: Vec::new(),
    };
    let title = f.value(
        MetaKey::Title.name(),
        (&b.title, &o.title, &t.title),
        String::clone,
    );
    let organisation = f.value(
        MetaKey::Organisation.name(),
        (&b.organisation, &o.organisation, &t.organisation),
        String::clone,
    );
    let scope = f.value(
        MetaKey::Scope.name(),
        (&b.scope, &o.scope, &t.scope),
        String::clone,
    );
    let role = f.value(MetaKey::Role.name(), (&b.role, &o.role, &t.role), |v| {
        v.key().into()
    });
    let facilitator = f.value(
        MetaKey::Facilitator.name(),
        (&b.facilitator, &o.facilitator, &t.facilitator),
        String::clone,
    );
    let providers = merge_keyed(
        (&b.providers, &o.providers, &t.providers),
        |p| &p.name,
        |name, entries| {
            let mut entry = Fields {
                item: name,
                found: Vec::new(),
            };
            let merged = entry.record(MetaKey::Provider.name(), entries, |_, (b, o, t)| Provider {
                name: o.name.clone(),
                services: merge_set(&b.services, &o.services, &t.services, |s| s),
            });
            f.found.append(&mut entry.found);
            merged
        },
    );
    let data_locations = merge_set(
        &b.data_locations,
        &o.data_locations,
        &t.data_locations,
        location_key,
    );
    let participants = merge_keyed(
        (&b.participants, &o.participants, &t.participants),
        |p| &p.name,
        |name, entries| {
            let mut entry = Fields {
                item: name,
                found: Vec::new(),
            };
            let merged = entry.record(MetaKey::Participant.name(), entries, |f, (b, o, t)| {
                Participant {
                    name: o.name.clone(),
                    role: f.value(
                        MetaKey::ParticipantRole.name(),
                        (&b.role, &o.role, &t.role),
                        String::clone,
                    ),
                    side: f.value(
                        MetaKey::ParticipantSide.name(),
                        (&b.side, &o.side, &t.side),
                        |v| v.key().into(),
                    ),
                    speaks_for: f.value(
                        MetaKey::ParticipantSpeaksFor.name(),
                        (&b.speaks_for, &o.speaks_for, &t.speaks_for),
                        String::clone,
                    ),
                }
            });
            f.found.append(&mut entry.found);
            merged
        },
    );
    let offerings = merge_keyed(
        (&b.offerings, &o.offerings, &t.offerings),
        |p| &p.name,
        |name, entries| {
            let mut entry = Fields {
                item: name,
                found: Vec::new(),
            };
            let merged = entry.record(MetaKey::Offering.name(), entries, |f, (b, o, t)| Offering {
                name: o.name.clone(),
                description: f.value(
                    MetaKey::OfferingDescription.name(),
                    (&b.description, &o.description, &t.description),
                    String::clone,
                ),
            });
            f.found.append(&mut entry.found);
            merged
        },
    );
    let (bd, od, td) = (&b.document, &o.document, &t.document);
    let document = DocumentControl {
        id: f.value(
            MetaKey::DocumentId.name(),
            (&bd.id, &od.id, &td.id),
            String::clone,
        ),
        version: f.value(
            MetaKey::DocumentVersion.name(),
            (&bd.version, &od.version, &td.version),
            String::clone,
        ),
        classification: f.value(
            MetaKey::DocumentClassification.name(),
            (&bd.classification, &od.classification, &td.classification),
            String::clone,
        ),
        owner: f.value(
            MetaKey::DocumentOwner.name(),
            (&bd.owner, &od.owner, &td.owner),
            String::clone,
        ),
    };
    Metadata {
        title,
        organisation,
        scope,
        role,
        facilitator,
        providers,
        data_locations,
        participants,
        offerings,
        document,
        created: pick3(&b.created, &o.created, &t.created).unwrap_or(o.created.min(t.created)),
        updated: pick3(&b.updated, &o.updated, &t.updated).unwrap_or(o.updated.max(t.updated)),
        walk_depth: f.value(
            MetaKey::WalkDepth.name(),
            (&b.walk_depth, &o.walk_depth, &t.walk_depth),
            |v| v.key().into(),
        ),
        timebox_minutes: f.value(
            MetaKey::Timebox.name(),
            (&b.timebox_minutes, &o.timebox_minutes, &t.timebox_minutes),
            |v| v.map(|m| m.to_string()).unwrap_or_default(),
        ),
        agenda: f.value(
            MetaKey::Agenda.name(),
            (&b.agenda, &o.agenda, &t.agenda),
            |v| v.join(", "),
        ),
        meetings: merge_meetings(&b.meetings, &o.meetings, &t.meetings),
        conflicts: record_conflicts((&b.conflicts, &o.conflicts, &t.conflicts), f.found, count),
    }
}

/// Meetings merge by day without conflicts: they record what happened, so a day both sides
/// met on (two facilitators on two branches) becomes one record that ran from the earlier
/// start to the later end with everyone who attended and every control either covered. A
/// day one side removed and the other left alone is removed.
fn merge_meetings(base: &[Meeting], ours: &[Meeting], theirs: &[Meeting]) -> Vec<Meeting> {
    let find = |list: &[Meeting], day| list.iter().find(|m| m.date == day).cloned();
    let mut days: Vec<chrono::NaiveDate> = base
        .iter()
        .chain(ours)
        .chain(theirs)
        .map(|m| m.date)
        .collect();
    days.sort();
    days.dedup();
    let mut out = Vec::new();
    for day in days {
        let (b, o, t) = (find(base, day), find(ours, day), find(theirs, day));
        let merged = match pick3(&b, &o, &t) {
            Some(kept) => kept,
            None => match (o, t) {
                (Some(o), Some(t)) => {
                    let none = Meeting::default();
                    let b = b.as_ref().unwrap_or(&none);
                    Some(Meeting {
                        date: day,
                        start: o.start.min(t.start),
                        end: o.end.max(t.end),
                        attendees: merge_set(&b.attendees, &o.attendees, &t.attendees, |s| s),
                        controls: merge_set(&b.controls, &o.controls, &t.controls, |s| s),
                        // A bool both sides changed changed alike: the side that changed it wins.
                        attendance_confirmed: if o.attendance_confirmed == b.attendance_confirmed {
                            t.attendance_confirmed
                        } else {
                            o.attendance_confirmed
                        },
                    })
                }
                (kept, None) | (None, kept) => kept,
            },
        };
        out.extend(merged);
    }
    out
}
