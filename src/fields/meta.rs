//! The session details a merge can find in conflict (title, role, participants, providers…),
//! with their values as text and the parser back.

use super::{ValueKind, parse_record, parse_word, record_text};
use crate::session::{Meeting, Metadata, Offering, Participant, Provider, Side};

/// A field of the session's metadata that a merge can find in conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MetaKey {
    Title,
    Organisation,
    Scope,
    Role,
    Facilitator,
    /// A whole provider entry (`item` is its name).
    Provider,
    /// A whole participant entry (`item` is the name).
    Participant,
    ParticipantRole,
    ParticipantSide,
    /// The party a participant speaks for (a provider or, in a provider's seat, a customer).
    ParticipantSpeaksFor,
    /// How much the walk asks per control (`triage` or `full`).
    WalkDepth,
    /// Minutes per control in the walk; empty or `none` for no timebox.
    Timebox,
    /// The walk's order: control and theme ids, comma-separated; empty for the default.
    Agenda,
    DocumentId,
    DocumentVersion,
    DocumentClassification,
    DocumentOwner,
    /// A whole offering we provide (`item` is its name).
    Offering,
    OfferingDescription,
    /// A whole meeting record (`item` is its date).
    Meeting,
    /// Who attended a meeting (`item` is its date): names, comma-separated.
    MeetingAttendees,
    /// Whether a meeting's attendees were confirmed as who attended (`item` is its date),
    /// rather than the participants the session listed.
    MeetingAttendanceConfirmed,
}

impl MetaKey {
    pub const ALL: [MetaKey; 22] = [
        MetaKey::Title,
        MetaKey::Organisation,
        MetaKey::Scope,
        MetaKey::Role,
        MetaKey::Facilitator,
        MetaKey::Provider,
        MetaKey::Participant,
        MetaKey::ParticipantRole,
        MetaKey::ParticipantSide,
        MetaKey::ParticipantSpeaksFor,
        MetaKey::WalkDepth,
        MetaKey::Timebox,
        MetaKey::Agenda,
        MetaKey::DocumentId,
        MetaKey::DocumentVersion,
        MetaKey::DocumentClassification,
        MetaKey::DocumentOwner,
        MetaKey::Offering,
        MetaKey::OfferingDescription,
        MetaKey::Meeting,
        MetaKey::MeetingAttendees,
        MetaKey::MeetingAttendanceConfirmed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MetaKey::Title => "title",
            MetaKey::Organisation => "organisation",
            MetaKey::Scope => "scope",
            MetaKey::Role => "role",
            MetaKey::Facilitator => "facilitator",
            MetaKey::Provider => "provider",
            MetaKey::Participant => "participant",
            MetaKey::ParticipantRole => "participant.role",
            MetaKey::ParticipantSide => "participant.side",
            MetaKey::ParticipantSpeaksFor => "participant.speaks_for",
            MetaKey::WalkDepth => "walk.depth",
            MetaKey::Timebox => "walk.timebox",
            MetaKey::Agenda => "agenda",
            MetaKey::DocumentId => "document.id",
            MetaKey::DocumentVersion => "document.version",
            MetaKey::DocumentClassification => "document.classification",
            MetaKey::DocumentOwner => "document.owner",
            MetaKey::Offering => "offering",
            MetaKey::OfferingDescription => "offering.description",
            MetaKey::Meeting => "meeting",
            MetaKey::MeetingAttendees => "meeting.attendees",
            MetaKey::MeetingAttendanceConfirmed => "meeting.attendance_confirmed",
        }
    }

    /// Finds a key by name: exact, or as `gapwalk set` reads keys (case-blind, `-`, `_` and
    /// `.` alike).
    pub fn from_name(text: &str) -> Option<MetaKey> {
        let wanted = super::normalise(text).replace('.', "_");
        MetaKey::ALL
            .into_iter()
            .find(|k| k.name() == text || k.name().replace('.', "_") == wanted)
    }

    /// Every name, for messages.
    pub fn names() -> Vec<&'static str> {
        MetaKey::ALL.iter().map(|k| k.name()).collect()
    }

    /// Whether the key names one entry of a list (a provider or participant, by `item`).
    pub fn per_item(self) -> bool {
        matches!(
            self,
            MetaKey::Provider
                | MetaKey::Participant
                | MetaKey::ParticipantRole
                | MetaKey::ParticipantSide
                | MetaKey::ParticipantSpeaksFor
                | MetaKey::Offering
                | MetaKey::OfferingDescription
                | MetaKey::Meeting
                | MetaKey::MeetingAttendees
                | MetaKey::MeetingAttendanceConfirmed
        )
    }

    pub fn kind(self) -> ValueKind {
        match self {
            MetaKey::Role
            | MetaKey::ParticipantSide
            | MetaKey::WalkDepth
            | MetaKey::Timebox
            | MetaKey::MeetingAttendanceConfirmed => ValueKind::Word,
            MetaKey::Provider | MetaKey::Participant | MetaKey::Offering | MetaKey::Meeting => {
                ValueKind::Record
            }
            _ => ValueKind::Text,
        }
    }

    pub fn get(self, m: &Metadata, item: &str) -> String {
        let participant = m.participants.iter().find(|p| p.name == item);
        match self {
            MetaKey::Title => m.title.clone(),
            MetaKey::Organisation => m.organisation.clone(),
            MetaKey::Scope => m.scope.clone(),
            MetaKey::Role => m.role.key().into(),
            MetaKey::Facilitator => m.facilitator.clone(),
            MetaKey::Provider => record_text(m.providers.iter().find(|p| p.name == item)),
            MetaKey::Participant => record_text(participant),
            MetaKey::ParticipantRole => participant.map(|p| p.role.clone()).unwrap_or_default(),
            MetaKey::ParticipantSide => {
                participant.map(|p| p.side).unwrap_or_default().key().into()
            }
            MetaKey::ParticipantSpeaksFor => participant
                .map(|p| p.speaks_for.clone())
                .unwrap_or_default(),
            MetaKey::WalkDepth => m.walk_depth.key().into(),
            MetaKey::Timebox => m.timebox_minutes.map(|t| t.to_string()).unwrap_or_default(),
            MetaKey::Agenda => m.agenda.join(", "),
            MetaKey::DocumentId => m.document.id.clone(),
            MetaKey::DocumentVersion => m.document.version.clone(),
            MetaKey::DocumentClassification => m.document.classification.clone(),
            MetaKey::DocumentOwner => m.document.owner.clone(),
            MetaKey::Offering => record_text(m.offerings.iter().find(|o| o.name == item)),
            MetaKey::OfferingDescription => m
                .offerings
                .iter()
                .find(|o| o.name == item)
                .map(|o| o.description.clone())
                .unwrap_or_default(),
            MetaKey::Meeting => record_text(m.meetings.iter().find(|x| x.key() == item)),
            MetaKey::MeetingAttendees => m
                .meetings
                .iter()
                .find(|x| x.key() == item)
                .map(|x| x.attendees.join(", "))
                .unwrap_or_default(),
            MetaKey::MeetingAttendanceConfirmed => m
                .meetings
                .iter()
                .find(|x| x.key() == item)
                .map(|x| x.attendance_confirmed.to_string())
                .unwrap_or_default(),
        }
    }

    pub fn set(self, m: &mut Metadata, item: &str, value: &str) -> Result<(), String> {
        match self {
            MetaKey::Title => m.title = value.into(),
            MetaKey::Organisation => m.organisation = value.into(),
            MetaKey::Scope => m.scope = value.into(),
            MetaKey::Role => {
                m.role = parse_word(
                    value,
                    crate::session::Role::from_key,
                    crate::session::Role::keys(),
                )?
            }
            MetaKey::Facilitator => m.facilitator = value.into(),
            MetaKey::Provider => {
                let record: Option<Provider> =
                    parse_record(value, r#"(name: "AWS", services: ["S3"])"#)?;
                upsert(
                    &mut m.providers,
                    |p| p.name == item,
                    record.map(|mut p| {
                        p.name = item.to_string();
                        p
                    }),
                );
            }
            MetaKey::Participant => {
                let record: Option<Participant> =
                    parse_record(value, r#"(name: "Ana", role: "CISO", side: customer)"#)?;
                upsert(
                    &mut m.participants,
                    |p| p.name == item,
                    record.map(|mut p| {
                        p.name = item.to_string();
                        p
                    }),
                );
            }
            MetaKey::ParticipantRole => participant(m, item).role = value.into(),
            MetaKey::ParticipantSide => {
                let side = parse_word(value, Side::from_key, Side::keys())?;
                participant(m, item).side = side;
            }
            MetaKey::ParticipantSpeaksFor => {
                crate::session::people::check_speaks_for(m, value)?;
                participant(m, item).speaks_for = value.trim().into();
            }
            MetaKey::WalkDepth => {
                m.walk_depth = parse_word(
                    value,
                    crate::walkplan::Depth::from_key,
                    crate::walkplan::Depth::keys(),
                )?
            }
            MetaKey::Timebox => m.timebox_minutes = parse_minutes(value)?,
            MetaKey::Agenda => {
                m.agenda = value
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            }
            MetaKey::DocumentId => m.document.id = value.into(),
            MetaKey::DocumentVersion => m.document.version = value.into(),
            MetaKey::DocumentClassification => m.document.classification = value.into(),
            MetaKey::DocumentOwner => m.document.owner = value.into(),
            MetaKey::Offering => {
                let record: Option<Offering> =
                    parse_record(value, r#"(name: "Payroll", description: "…")"#)?;
                upsert(
                    &mut m.offerings,
                    |o| o.name == item,
                    record.map(|mut o| {
                        o.name = item.to_string();
                        o
                    }),
                );
            }
            MetaKey::OfferingDescription => match m.offerings.iter_mut().find(|o| o.name == item) {
                Some(o) => o.description = value.into(),
                None => m.offerings.push(Offering {
                    name: item.to_string(),
                    description: value.into(),
                }),
            },
            MetaKey::Meeting => {
                let day = meeting_day(item)?;
                let record: Option<Meeting> = parse_record(
                    value,
                    r#"(date: "2026-12-07", start: "2026-12-07T09:00:00Z", end: "2026-12-07T11:00:00Z", attendees: ["Ana"])"#,
                )?;
                if let Some(r) = &record {
                    if r.date != day {
                        return Err(format!(
                            "the record's date {} is not the meeting named by --item ({day})",
                            r.date
                        ));
                    }
                    if let Some(problem) = r.problem() {
                        return Err(problem);
                    }
                }
                upsert(&mut m.meetings, |x| x.date == day, record);
                m.meetings.sort_by_key(|x| x.date);
            }
            MetaKey::MeetingAttendees => {
                recorded_meeting(m, item)?.attendees = value
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
            MetaKey::MeetingAttendanceConfirmed => {
                let confirmed = super::parse_bool(value)?;
                recorded_meeting(m, item)?.attendance_confirmed = confirmed;
            }
        }
        Ok(())
    }
}

fn participant<'a>(m: &'a mut Metadata, name: &str) -> &'a mut Participant {
    if let Some(i) = m.participants.iter().position(|p| p.name == name) {
        return &mut m.participants[i];
    }
    m.participants.push(Participant {
        name: name.to_string(),
        ..Participant::default()
    });
    let last = m.participants.len() - 1;
    &mut m.participants[last]
}

/// Replaces the entry `matches` finds (in place), appends a new one, or with `None` removes it.
fn upsert<T>(list: &mut Vec<T>, matches: impl Fn(&T) -> bool, value: Option<T>) {
    match (list.iter().position(&matches), value) {
        (Some(i), Some(v)) => list[i] = v,
        (Some(_), None) => list.retain(|x| !matches(x)),
        (None, Some(v)) => list.push(v),
        (None, None) => {}
    }
}

/// A meeting's `--item`: its date, as an ISO date.
fn meeting_day(item: &str) -> Result<chrono::NaiveDate, String> {
    item.trim()
        .parse()
        .map_err(|_| format!("a meeting is named by its date: --item YYYY-MM-DD, not {item:?}"))
}

/// The meeting `item` names, which must be recorded: its parts are set on a record.
fn recorded_meeting<'a>(m: &'a mut Metadata, item: &str) -> Result<&'a mut Meeting, String> {
    let day = meeting_day(item)?;
    m.meetings.iter_mut().find(|x| x.date == day).ok_or_else(|| {
        format!(
            "no meeting is recorded on {day}; a meeting is recorded by the workshop, or whole with meeting=(…)"
        )
    })
}

/// Minutes as a whole number from 1 to 600; empty or `none` for none.
fn parse_minutes(value: &str) -> Result<Option<u32>, String> {
    let t = value
        .trim()
        .trim_end_matches("min")
        .trim_end_matches('m')
        .trim();
    if t.is_empty() || t.eq_ignore_ascii_case(super::NONE) {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(n) if (1..=600).contains(&n) => Ok(Some(n)),
        _ => Err(format!(
            "{value:?} is not a timebox: write minutes from 1 to 600 (e.g. 5), or none"
        )),
    }
}
