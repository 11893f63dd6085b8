//! The minutes of the workshop: the meetings (when, who attended, which controls each
//! covered), who took part, what the latest meeting covered, the decision log, the action list
//! (remediations with owners and due dates), the risk acceptances, the controls parked for
//! follow-up, and the progress reached. The external edition leaves out the decision log (its
//! free text often discusses gaps and risk acceptances), the remediation actions' text, the
//! risk acceptances and the follow-up notes, as the gap register's external edition does.
//! Nothing here renders.

use chrono::NaiveDate;
use serde::Serialize;

use super::Source;
use super::gaps::{RiskAcceptanceRow, acceptance_table};
use super::table::{Cell, Table, col};
use super::text::{block, line};
use crate::fields::{FieldKey, SessionRecord};
use crate::review;
use crate::session::{Applicability, Priority, Side, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ParticipantRow {
    pub name: String,
    pub role: String,
    pub side: Side,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DecisionRow {
    pub at: Timestamp,
    pub by: String,
    pub control: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FollowUpRow {
    pub control: String,
    pub title: String,
    /// Internal: why it was parked (what must happen before the room can decide).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Internal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One day's meeting: when it ran, who attended, which controls it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MeetingRow {
    pub date: NaiveDate,
    pub start: Timestamp,
    pub end: Timestamp,
    /// Who attended when `attendance_confirmed`; otherwise the participants the session listed
    /// while it ran (nobody said who was there).
    pub attendees: Vec<String>,
    /// Whether `attendees` was confirmed as who attended.
    pub attendance_confirmed: bool,
    /// The controls it changed, as the export numbers them.
    pub controls: Vec<String>,
}

/// A control the latest meeting covered, and what it records now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CoveredRow {
    pub control: String,
    pub title: String,
    pub applicable: Applicability,
    /// The implementation status, for an applicable control.
    pub status: Option<crate::session::Status>,
}

/// A remediation on the action list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ActionRow {
    pub control: String,
    pub title: String,
    /// Internal: what will be done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub priority: Priority,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ClauseRow {
    pub clause: String,
    pub title: String,
    pub assessed: usize,
    pub total: usize,
    pub gaps: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Progress {
    pub assessed: usize,
    pub total: usize,
    pub applicable: usize,
    pub not_applicable: usize,
    pub implemented: usize,
    pub gaps: usize,
    pub flagged: usize,
    pub by_clause: Vec<ClauseRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Minutes {
    /// The edition built: true for the internal one. Decides which columns the tables carry
    /// (through the field table), so a column never follows whether another record is present.
    /// Not part of the JSON: the fields left out already say which edition it is.
    #[serde(skip)]
    pub internal: bool,
    pub title: String,
    /// First and last day anything was recorded.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub facilitator: String,
    pub participants: Vec<ParticipantRow>,
    /// The meetings that changed the session, oldest first.
    pub meetings: Vec<MeetingRow>,
    /// The controls the latest meeting covered, in the order it took them.
    pub covered: Vec<CoveredRow>,
    /// Absent from the external edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisions: Option<Vec<DecisionRow>>,
    /// The remediations: due first (undated last), then by priority.
    pub actions: Vec<ActionRow>,
    /// Absent from the external edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_acceptances: Option<Vec<RiskAcceptanceRow>>,
    pub follow_ups: Vec<FollowUpRow>,
    pub progress: Progress,
}

pub fn build(source: &Source, internal: bool) -> Minutes {
    let session = source.session;
    let catalogue = source.catalogue;
    let stamps: Vec<Timestamp> = session
        .decisions
        .iter()
        .map(|d| d.at)
        .chain(session.assessments.iter().filter_map(|a| a.changed_at))
        .collect();
    let from = stamps.iter().min().copied().unwrap_or(session.meta.created);
    let to = stamps.iter().max().copied().unwrap_or(session.meta.updated);
    // The meetings, when recorded, say best which days the workshop ran.
    let days = session.meta.meetings.iter().map(|m| m.date);
    let (from, to) = match (days.clone().min(), days.max()) {
        (Some(first), Some(last)) => (first.min(from.date()), last.max(to.date())),
        _ => (from.date(), to.date()),
    };
    let stats = review::stats(session, catalogue);
    let shown = |id: &str| line(&catalogue.shown_id(id));
    let title = |id: &str| {
        catalogue
            .control(id)
            .map_or(String::new(), |c| line(&c.title))
    };
    let meetings: Vec<MeetingRow> = session
        .meta
        .meetings
        .iter()
        .map(|m| MeetingRow {
            date: m.date,
            start: m.start,
            end: m.end,
            attendees: m.attendees.iter().map(|a| line(a)).collect(),
            attendance_confirmed: m.attendance_confirmed,
            controls: m.controls.iter().map(|c| shown(c)).collect(),
        })
        .collect();
    let covered = session
        .meta
        .meetings
        .last()
        .map(|m| {
            m.controls
                .iter()
                .filter(|c| catalogue.control(c).is_some())
                .map(|c| {
                    let a = session.assessment(c, catalogue);
                    let applicable = a.map_or(Applicability::Undecided, |a| a.applicability);
                    CoveredRow {
                        control: shown(c),
                        title: title(c),
                        applicable,
                        status: a
                            .filter(|_| applicable == Applicability::Applicable)
                            .map(|a| a.status),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let mut actions: Vec<(usize, ActionRow)> = session
        .assessments
        .iter()
        .filter_map(|a| {
            let r = a.remediation.as_ref().filter(|r| !r.is_empty())?;
            let position = catalogue.position(&a.control)?;
            Some((
                position,
                ActionRow {
                    control: shown(&a.control),
                    title: title(&a.control),
                    action: FieldKey::RemediationAction
                        .in_edition(internal)
                        .then(|| block(&r.action)),
                    owner: line(&r.owner),
                    due: r.due,
                    priority: r.priority,
                },
            ))
        })
        .collect();
    actions.sort_by_key(|(position, row)| {
        (
            row.due.is_none(),
            row.due,
            std::cmp::Reverse(row.priority as u8),
            *position,
        )
    });
    Minutes {
        internal,
        title: line(&session.meta.title),
        from,
        to,
        facilitator: line(&session.meta.facilitator),
        participants: session
            .meta
            .participants
            .iter()
            .map(|p| ParticipantRow {
                name: line(&p.name),
                role: line(&p.role),
                side: p.side,
            })
            .collect(),
        meetings,
        covered,
        decisions: SessionRecord::DecisionLog.in_edition(internal).then(|| {
            session
                .decisions
                .iter()
                .map(|d| DecisionRow {
                    at: d.at,
                    by: line(&d.by),
                    control: d.control.as_deref().map(|c| line(&catalogue.shown_id(c))),
                    text: block(&d.text),
                })
                .collect()
        }),
        actions: actions.into_iter().map(|(_, row)| row).collect(),
        risk_acceptances: super::gaps::build(source, internal).risk_acceptances,
        follow_ups: session
            .assessments
            .iter()
            .filter(|a| a.flagged)
            .map(|a| FollowUpRow {
                control: line(&catalogue.shown_id(&a.control)),
                title: catalogue
                    .control(&a.control)
                    .map_or(String::new(), |c| line(&c.title)),
                why: FieldKey::FollowUp
                    .in_edition(internal)
                    .then(|| block(&a.follow_up)),
                notes: FieldKey::Notes
                    .in_edition(internal)
                    .then(|| block(&a.notes)),
            })
            .collect(),
        progress: Progress {
            assessed: stats.assessed,
            total: stats.total,
            applicable: stats.applicable,
            not_applicable: stats.not_applicable,
            implemented: stats.implemented,
            gaps: stats.gaps,
            flagged: stats.flagged,
            by_clause: stats
                .by_clause
                .iter()
                .map(|c| ClauseRow {
                    clause: line(&c.clause),
                    title: line(&c.title),
                    assessed: c.assessed,
                    total: c.total,
                    gaps: c.gaps,
                })
                .collect(),
        },
    }
}

pub fn tables(m: &Minutes) -> Vec<Table<'static>> {
    let range = if m.from == m.to {
        m.from.to_string()
    } else {
        format!("{} to {}", m.from, m.to)
    };
    let mut meeting = Table::new("Meeting", vec![col("Field", 18.0), col("Value", 60.0)]);
    for (field, value) in [
        ("Workshop", m.title.clone()),
        ("Dates", range),
        ("Facilitator", m.facilitator.clone()),
        (
            "Progress",
            format!(
                "{} of {} controls assessed; {} applicable, {} not applicable, {} implemented, {} gaps, {} flagged for follow-up",
                m.progress.assessed,
                m.progress.total,
                m.progress.applicable,
                m.progress.not_applicable,
                m.progress.implemented,
                m.progress.gaps,
                m.progress.flagged
            ),
        ),
    ] {
        meeting.push(vec![Cell::text(field), Cell::text(value)]);
    }
    let mut participants = Table::new(
        "Participants",
        vec![col("Name", 22.0), col("Role", 30.0), col("Side", 12.0)],
    );
    for p in &m.participants {
        participants.push(vec![
            Cell::text(p.name.clone()),
            Cell::text(p.role.clone()),
            Cell::text(p.side.label()),
        ]);
    }
    // Who was there is said only where attendance was confirmed; elsewhere the column lists
    // the session's participants, and says so.
    let confirmed = m.meetings.iter().filter(|r| r.attendance_confirmed).count();
    let (who, mixed) = match confirmed {
        0 => ("Listed participants", false),
        n if n == m.meetings.len() => ("Attendees", false),
        _ => ("Attendees (or listed participants)", true),
    };
    let mut meetings = Table::new(
        "Meetings",
        vec![
            col("Date", 12.0),
            col("From (UTC)", 10.0),
            col("To (UTC)", 10.0),
            col(who, 40.0),
            col("Controls changed", 50.0),
        ],
    );
    let time = |t: &Timestamp| t.datetime().format("%H:%M").to_string();
    for row in &m.meetings {
        let people = row.attendees.join(", ");
        let people = if mixed && !row.attendance_confirmed {
            format!("listed, not confirmed: {people}")
        } else {
            people
        };
        meetings.push(vec![
            Cell::date(Some(row.date)),
            Cell::text(time(&row.start)),
            Cell::text(time(&row.end)),
            Cell::text(people),
            Cell::text(row.controls.join(", ")),
        ]);
    }
    let latest = m
        .meetings
        .last()
        .map_or("the latest meeting".to_string(), |l| {
            format!("the meeting of {}", l.date)
        });
    let mut covered = Table::new(
        format!("Covered in {latest}"),
        vec![
            col("Control", 11.0),
            col("Title", 44.0),
            col("Applicable", 14.0),
            col("Status", 16.0),
        ],
    );
    for c in &m.covered {
        covered.push(vec![
            Cell::text(c.control.clone()),
            Cell::text(c.title.clone()),
            Cell::text(c.applicable.label()),
            Cell::text(c.status.map_or("", |s| s.label())),
        ]);
    }
    let mut out = vec![meeting, meetings, participants, covered];
    if let Some(decisions) = &m.decisions {
        let mut log = Table::new(
            "Decision log",
            vec![
                col("Time (UTC)", 20.0),
                col("By", 18.0),
                col("Control", 11.0),
                col("Decision", 70.0),
            ],
        );
        for d in decisions {
            log.push(vec![
                Cell::text(d.at.to_string()),
                Cell::text(d.by.clone()),
                Cell::text(d.control.clone().unwrap_or_default()),
                Cell::text(d.text.clone()),
            ]);
        }
        out.push(log);
    }
    let mut columns = vec![col("Control", 11.0), col("Title", 36.0)];
    if FieldKey::RemediationAction.in_edition(m.internal) {
        columns.push(col("Action", 44.0));
    }
    columns.extend([col("Owner", 18.0), col("Due", 12.0), col("Priority", 10.0)]);
    let mut actions = Table::new("Action list", columns);
    for a in &m.actions {
        let mut cells = vec![Cell::text(a.control.clone()), Cell::text(a.title.clone())];
        if let Some(action) = &a.action {
            cells.push(Cell::text(action.clone()));
        }
        cells.extend([
            Cell::text(a.owner.clone()),
            Cell::date(a.due),
            Cell::text(a.priority.label()),
        ]);
        actions.push(cells);
    }
    out.push(actions);
    if let Some(accepted) = &m.risk_acceptances {
        out.push(acceptance_table(accepted));
    }
    let mut columns = vec![col("Control", 11.0), col("Title", 40.0)];
    if FieldKey::FollowUp.in_edition(m.internal) {
        columns.push(col("Why parked", 44.0));
    }
    if FieldKey::Notes.in_edition(m.internal) {
        columns.push(col("Notes", 50.0));
    }
    let mut follow_ups = Table::new("Flagged for follow-up", columns);
    if !m.internal {
        follow_ups = follow_ups.with_note(
            "External edition: the decision log, remediation actions, risk acceptances and follow-up notes are left out.",
        );
    }
    for f in &m.follow_ups {
        let mut cells = vec![Cell::text(f.control.clone()), Cell::text(f.title.clone())];
        cells.extend(f.why.iter().chain(&f.notes).map(|t| Cell::text(t.clone())));
        follow_ups.push(cells);
    }
    out.push(follow_ups);
    let mut progress = Table::new(
        "Progress by clause",
        vec![
            col("Clause", 8.0),
            col("Title", 44.0),
            col("Assessed", 10.0),
            col("Controls", 10.0),
            col("Gaps", 8.0),
        ],
    );
    for c in &m.progress.by_clause {
        progress.push(vec![
            Cell::text(c.clause.clone()),
            Cell::text(c.title.clone()),
            Cell::count(c.assessed),
            Cell::count(c.total),
            Cell::count(c.gaps),
        ]);
    }
    progress.push(vec![
        Cell::text("all"),
        Cell::text("All clauses"),
        Cell::count(m.progress.assessed),
        Cell::count(m.progress.total),
        Cell::count(m.progress.gaps),
    ]);
    out.push(progress);
    out
}
