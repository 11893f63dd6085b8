//! The meetings a session went through: one record per day a workshop changed it, with when it
//! ran, who took part and which controls it touched. A workshop that only looks records
//! nothing; the first change makes (or, later the same day, continues) the day's record. Who
//! took part is at first everyone the session lists; once the facilitator confirms who
//! attended (at the end of the meeting, or with `gapwalk set`), the record keeps exactly that.
//! Pure: the workshop says when and what changed, this keeps the record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Metadata, Timestamp};

/// One day's meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// The local calendar day it ran; one record per day (a reopen continues it).
    pub date: NaiveDate,
    /// When the workshop that first changed the session that day was opened.
    pub start: Timestamp,
    /// The last change of the day.
    pub end: Timestamp,
    /// Who took part: the people the session listed (facilitator and participants) while it
    /// ran, or, once `attendance_confirmed`, the people confirmed as present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<String>,
    /// The controls it changed, in the order it first changed them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// Whether `attendees` was confirmed as who attended (asked at the meeting's end, or set
    /// by hand); otherwise it only lists the session's participants. Added within format
    /// version 2: a record without it is a list of participants, which is what it meant.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub attendance_confirmed: bool,
}

impl Default for Meeting {
    fn default() -> Meeting {
        let epoch = Timestamp::from_unix(0).expect("the epoch is a valid instant");
        Meeting {
            date: epoch.date(),
            start: epoch,
            end: epoch,
            attendees: Vec::new(),
            controls: Vec::new(),
            attendance_confirmed: false,
        }
    }
}

impl Meeting {
    /// The key `gapwalk set --item` and merge conflicts name a meeting by: its date.
    pub fn key(&self) -> String {
        self.date.to_string()
    }

    /// What makes the record impossible, if anything: a last change before the start.
    pub fn problem(&self) -> Option<String> {
        (self.end < self.start).then(|| {
            format!(
                "the meeting of {} ends ({}) before it starts ({})",
                self.date, self.end, self.start
            )
        })
    }

    /// How long it ran, from its start to its last change.
    pub fn length(&self) -> chrono::Duration {
        self.end.datetime() - self.start.datetime()
    }
}

/// What a workshop tells the record when it changes the session.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// The local day the workshop is on.
    pub day: NaiveDate,
    /// When that workshop was opened: the meeting's start unless the day's meeting began
    /// earlier.
    pub opened: Timestamp,
    pub now: Timestamp,
    /// The control the change concerned, if any (a decision logged on the session has none).
    pub control: Option<&'a str>,
}

impl Metadata {
    /// The meeting of `day`, if one was recorded.
    pub fn meeting_on(&self, day: NaiveDate) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.date == day)
    }

    /// Who the session lists as taking part: the facilitator, then the participants (each
    /// once, blank names left out).
    pub fn listed_people(&self) -> Vec<String> {
        let mut people: Vec<String> = Vec::new();
        for name in
            std::iter::once(&self.facilitator).chain(self.participants.iter().map(|p| &p.name))
        {
            let name = name.trim();
            if !name.is_empty() && !people.iter().any(|p| p == name) {
                people.push(name.to_string());
            }
        }
        people
    }

    /// Records who attended the meeting of `day` (which must be recorded): exactly
    /// `attendees`, confirmed, so later changes that day add nobody. A name the session does
    /// not list joins its participants.
    pub fn confirm_attendance(&mut self, day: NaiveDate, attendees: Vec<String>) {
        let listed = self.listed_people();
        for name in &attendees {
            if !listed.contains(name) {
                self.participants.push(super::Participant {
                    name: name.clone(),
                    ..super::Participant::default()
                });
            }
        }
        if let Some(m) = self.meetings.iter_mut().find(|m| m.date == day) {
            m.attendees = attendees;
            m.attendance_confirmed = true;
        }
    }

    /// Records a change in the meeting of its day: begins the record with the day's first
    /// change, continues it on later ones (an earlier start kept, the end moved on, new
    /// attendees and controls added).
    pub fn record_change(&mut self, change: Change<'_>) {
        let people = self.listed_people();
        let i = match self.meetings.iter().position(|m| m.date == change.day) {
            Some(i) => i,
            None => {
                let at = self
                    .meetings
                    .iter()
                    .position(|m| m.date > change.day)
                    .unwrap_or(self.meetings.len());
                self.meetings.insert(
                    at,
                    Meeting {
                        date: change.day,
                        start: change.opened.min(change.now),
                        end: change.now,
                        attendees: Vec::new(),
                        controls: Vec::new(),
                        attendance_confirmed: false,
                    },
                );
                at
            }
        };
        let m = &mut self.meetings[i];
        m.start = m.start.min(change.opened);
        m.end = m.end.max(change.now);
        // Confirmed attendance is a statement of who came: a later change adds nobody.
        for p in people.into_iter().filter(|_| !m.attendance_confirmed) {
            if !m.attendees.contains(&p) {
                m.attendees.push(p);
            }
        }
        if let Some(c) = change.control
            && !m.controls.iter().any(|x| x == c)
        {
            m.controls.push(c.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::{Participant, Session};

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_unix(secs).unwrap()
    }

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    #[test]
    fn the_first_change_begins_the_day_and_a_later_workshop_that_day_continues_it() {
        let mut s = Session::new("t", &default_catalogue(), at(0));
        s.meta.facilitator = "Ana".into();
        let monday = day("2026-12-07");
        s.meta.record_change(Change {
            day: monday,
            opened: at(1_000),
            now: at(1_300),
            control: Some("5.1.1"),
        });
        s.meta.participants.push(Participant {
            name: "Bruno".into(),
            ..Participant::default()
        });
        // Reopened in the afternoon of the same day.
        s.meta.record_change(Change {
            day: monday,
            opened: at(9_000),
            now: at(9_600),
            control: Some("5.1.2"),
        });
        s.meta.record_change(Change {
            day: monday,
            opened: at(9_000),
            now: at(9_700),
            control: Some("5.1.1"),
        });
        assert_eq!(s.meta.meetings.len(), 1);
        let m = &s.meta.meetings[0];
        assert_eq!((m.start, m.end), (at(1_000), at(9_700)));
        assert_eq!(m.attendees, ["Ana", "Bruno"]);
        assert_eq!(m.controls, ["5.1.1", "5.1.2"]);
        // The next day is a meeting of its own, kept in date order.
        s.meta.record_change(Change {
            day: day("2026-12-08"),
            opened: at(90_000),
            now: at(90_100),
            control: None,
        });
        s.meta.record_change(Change {
            day: day("2026-12-01"),
            opened: at(5),
            now: at(6),
            control: None,
        });
        // Confirmed attendance stays as confirmed: a later change adds nobody, and a name
        // the session did not list joins the participants.
        s.meta
            .confirm_attendance(monday, vec!["Bruno".into(), "Dora".into()]);
        s.meta.record_change(Change {
            day: monday,
            opened: at(9_000),
            now: at(9_800),
            control: Some("5.1.3"),
        });
        let m = s.meta.meeting_on(monday).unwrap();
        assert_eq!(m.attendees, ["Bruno", "Dora"]);
        assert!(m.attendance_confirmed);
        assert_eq!(s.meta.listed_people(), ["Ana", "Bruno", "Dora"]);
        let days: Vec<String> = s.meta.meetings.iter().map(Meeting::key).collect();
        assert_eq!(days, ["2026-12-01", "2026-12-07", "2026-12-08"]);
        assert!(s.meta.meetings[2].controls.is_empty());
    }
}
