//! The minutes of the workshop: who took part, the decision log, the controls parked for
//! follow-up, and the progress reached. The external edition leaves out the decision log (its
//! free text often discusses gaps and risk acceptances) and the follow-up notes. Nothing here
//! renders.

use chrono::NaiveDate;
use serde::Serialize;

use super::Source;
use super::table::{Cell, Table, col};
use super::text::{block, line};
use crate::fields::FieldKey;
use crate::review;
use crate::session::{Side, Timestamp};

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
    /// Internal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
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
    pub title: String,
    /// First and last day anything was recorded.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub facilitator: String,
    pub participants: Vec<ParticipantRow>,
    /// Absent from the external edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisions: Option<Vec<DecisionRow>>,
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
    let stats = review::stats(session, catalogue);
    Minutes {
        title: line(&session.meta.title),
        from: from.date(),
        to: to.date(),
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
        decisions: internal.then(|| {
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
        follow_ups: session
            .assessments
            .iter()
            .filter(|a| a.flagged)
            .map(|a| FollowUpRow {
                control: line(&catalogue.shown_id(&a.control)),
                title: catalogue
                    .control(&a.control)
                    .map_or(String::new(), |c| line(&c.title)),
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
    let mut out = vec![meeting, participants];
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
    let internal = m.decisions.is_some();
    let mut columns = vec![col("Control", 11.0), col("Title", 40.0)];
    if internal {
        columns.push(col("Notes", 60.0));
    }
    let mut follow_ups = Table::new("Flagged for follow-up", columns);
    if !internal {
        follow_ups = follow_ups
            .with_note("External edition: the decision log and follow-up notes are left out.");
    }
    for f in &m.follow_ups {
        let mut cells = vec![Cell::text(f.control.clone()), Cell::text(f.title.clone())];
        if let Some(notes) = &f.notes {
            cells.push(Cell::text(notes.clone()));
        }
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
