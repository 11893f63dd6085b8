//! Moving a session onto another catalogue through the ISO mapping its catalogue carries (the
//! 27017 catalogue's `iso27001_2022` ids with `mapping: iso`, onto the 27001:2022 catalogue).
//! One source control is copied whole under its target's id (to each target, when a control was
//! split); several are merged field by field with the three-way merge from a blank record, so a
//! field only one source set is taken and two different values become a recorded conflict that
//! someone resolves. gapwalk's own relations (the CLD controls) are never moved: they are
//! reported as not carried. The source session is not touched; approvals of its content do not
//! carry over to different content.

use std::collections::BTreeMap;

use super::merge::{MergeError, merge};
use crate::catalogue::{Catalogue, MappingSource};
use crate::sanitise::one_line;
use crate::session::{Assessment, CatalogueRef, Decision, Session, Timestamp, new_session_id};

#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    #[error("the session is already on catalogue {0}; nothing to move")]
    SameCatalogue(String),
    #[error(
        "catalogue {from} has no ISO mapping onto catalogue {to}: {why}; a session moves only where the ISO correspondence leads"
    )]
    NoMapping {
        from: String,
        to: String,
        why: String,
    },
    #[error("the session names catalogue {session}, but catalogue {given} was given as its own")]
    WrongSource { session: String, given: String },
    #[error(transparent)]
    Merge(#[from] MergeError),
}

/// A session moved onto another catalogue, and what the move did.
#[derive(Debug, Clone)]
pub struct Moved {
    pub session: Session,
    /// Conflicts the move recorded (several sources disagreeing on a field).
    pub conflicts: usize,
    /// Target controls filled from more than one assessed source: (target, sources).
    pub combined: Vec<(String, Vec<String>)>,
    /// Assessed source controls with no ISO mapping onto the target catalogue.
    pub not_carried: Vec<String>,
    /// Assessed source controls carried (each once, whatever the number of targets).
    pub carried: usize,
    /// Approvals of the source content, which do not carry over.
    pub approvals_dropped: usize,
}

/// The target ids of a source control: its ISO-mapped 2022 ids that the target catalogue holds.
fn targets<'c>(control: &'c crate::catalogue::Control, to: &Catalogue) -> Vec<&'c str> {
    if control.mapping != MappingSource::Iso {
        return Vec::new();
    }
    control
        .iso27001_2022
        .iter()
        .map(String::as_str)
        .filter(|id| to.position(id).is_some())
        .collect()
}

/// Moves `session` (on catalogue `from`) onto catalogue `to`. `source` names the session in the
/// decision that records the move; `now` stamps it.
pub fn move_onto(
    session: &Session,
    from: &Catalogue,
    to: &Catalogue,
    source: &str,
    now: Timestamp,
) -> Result<Moved, MoveError> {
    if session.catalogue.id != from.id {
        return Err(MoveError::WrongSource {
            session: session.catalogue.id.clone(),
            given: from.id.clone(),
        });
    }
    if from.id == to.id {
        return Err(MoveError::SameCatalogue(to.id.clone()));
    }
    let no_mapping = |why: String| MoveError::NoMapping {
        from: from.id.clone(),
        to: to.id.clone(),
        why,
    };
    // Every ISO relation must land in the target, or the target is not what the mapping means.
    let mut mapped = 0;
    for c in from
        .controls
        .iter()
        .filter(|c| c.mapping == MappingSource::Iso)
    {
        for id in &c.iso27001_2022 {
            if to.position(id).is_none() {
                return Err(no_mapping(format!(
                    "{} maps to {id}, which {} does not hold",
                    c.id, to.id
                )));
            }
            mapped += 1;
        }
    }
    if mapped == 0 {
        return Err(no_mapping("none of its controls is ISO-mapped".into()));
    }

    // The sources of each target, in the source catalogue's order.
    let mut sources: BTreeMap<usize, Vec<&Assessment>> = BTreeMap::new();
    let mut not_carried = Vec::new();
    let mut carried = 0;
    for a in &session.assessments {
        let Some(control) = from.control(&a.control) else {
            continue;
        };
        let ids = targets(control, to);
        if ids.is_empty() {
            not_carried.push(a.control.clone());
            continue;
        }
        carried += 1;
        for id in ids {
            if let Some(at) = to.position(id) {
                sources.entry(at).or_default().push(a);
            }
        }
    }

    let mut base = session.clone();
    base.catalogue = CatalogueRef::of(to);
    base.resume_at = None;
    base.assessments = Vec::new();
    base.decisions = Vec::new();
    base.approvals = Vec::new();

    // Round r holds each target's r-th source; merging round after round from the blank base
    // takes what one source set and records where two disagree.
    let rounds = sources.values().map(Vec::len).max().unwrap_or(0);
    let mut moved = base.clone();
    let mut conflicts = 0;
    for round in 0..rounds {
        let mut theirs = base.clone();
        for (&at, list) in &sources {
            if let Some(a) = list.get(round) {
                let mut copy = (*a).clone();
                copy.control = to.controls[at].id.clone();
                theirs.assessments.push(copy);
            }
        }
        if round == 0 {
            theirs.sort(to);
            moved = theirs;
        } else {
            let merged = merge(&base, &moved, &theirs, to)?;
            conflicts += merged.conflicts;
            moved = merged.session;
        }
    }
    let combined: Vec<(String, Vec<String>)> = sources
        .iter()
        .filter(|(_, list)| list.len() > 1)
        .map(|(&at, list)| {
            (
                to.controls[at].id.clone(),
                list.iter().map(|a| a.control.clone()).collect(),
            )
        })
        .collect();

    // The decision log follows its controls; one about a control not carried keeps its old id
    // in its text.
    moved.decisions = session
        .decisions
        .iter()
        .map(|d| {
            let target = d
                .control
                .as_deref()
                .and_then(|id| from.control(id))
                .and_then(|c| targets(c, to).first().map(|t| t.to_string()));
            match (&d.control, target) {
                (Some(_), Some(t)) => Decision {
                    control: Some(t),
                    ..d.clone()
                },
                (Some(old), None) => Decision {
                    control: None,
                    text: format!("[{old}] {}", d.text),
                    ..d.clone()
                },
                (None, _) => d.clone(),
            }
        })
        .collect();
    let mut record = format!(
        "moved from {} (catalogue {} revision {}, {}) onto catalogue {} revision {}: {carried} assessed controls carried",
        one_line(source),
        from.id,
        from.revision,
        session.catalogue.hash,
        to.id,
        to.revision
    );
    if !combined.is_empty() {
        let list: Vec<String> = combined
            .iter()
            .map(|(t, s)| format!("{t} from {}", s.join(" + ")))
            .collect();
        record.push_str(&format!("; combined: {}", list.join(", ")));
    }
    if !not_carried.is_empty() {
        record.push_str(&format!(
            "; not carried (no ISO mapping, still in the source session): {}",
            not_carried.join(", ")
        ));
    }
    moved.decisions.push(Decision {
        at: now,
        by: "gapwalk catalogue move".into(),
        control: None,
        text: record,
    });
    moved.id = new_session_id(&moved.meta.title);
    moved.meta.updated = now;
    moved.sort(to);
    Ok(Moved {
        session: moved,
        conflicts,
        combined,
        not_carried,
        carried,
        approvals_dropped: session.approvals.len(),
    })
}
