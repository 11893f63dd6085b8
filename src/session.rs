//! The session model: one workshop's metadata, one assessment per control it has touched, and
//! the decision log. Changes are [`Edit`] values; applying one returns its inverse, which is all
//! undo and redo need. This module does no I/O and knows nothing of terminals.

mod assessment;
mod create;
mod document;
mod kinds;
pub mod limits;
mod meeting;
mod offering;
pub mod people;
pub mod providers;
mod time;

pub use assessment::{Assessment, Evidence, Remediation, Responsibility, RiskAcceptance};
pub use create::{NewSession, new_session};
pub use document::{
    Approval, ApprovalState, DocumentControl, content_hash, derived_uuid, is_uuid,
    migrated_session_id, new_session_id,
};
pub use kinds::*;
pub use meeting::{Change, Meeting};
pub use offering::{Offering, OfferingLine, Provenance, Seat, Seats};
pub use people::{Asking, NameMatch, Party, match_name};
pub use time::Timestamp;

use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;

/// The session file format this build writes. Version 2 added the session id, document
/// control and approvals, and per control the accountable owner, exclusion reasons,
/// implementing documents, risk references, last review, provider assurance and the
/// re-confirm mark; older files are migrated on load (`persist::migrate`).
pub const FORMAT_VERSION: u32 = 2;

/// A cloud provider in scope and the services used from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
}

/// Where a provider stores or processes customer data, and under which law.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataLocation {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider: String,
    pub location: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub jurisdiction: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(default)]
    pub side: Side,
    /// The party they speak for when it is not us: a provider of the session by name, or in a
    /// provider's session one of our customers by name (see [`Participant::party`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub speaks_for: String,
}

/// Which catalogue a session was run against.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueRef {
    pub id: String,
    pub version: String,
    pub hash: String,
    /// Set when the catalogue was loaded from a file rather than by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl CatalogueRef {
    pub fn of(catalogue: &Catalogue) -> CatalogueRef {
        CatalogueRef {
            id: catalogue.id.clone(),
            version: catalogue.version.clone(),
            hash: catalogue.content_hash(),
            file: None,
        }
    }
}

/// Everything about the session that is not a per-control assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    /// The scope boundary: what systems, services and sites the assessment covers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    #[serde(default)]
    pub role: Role,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub facilitator: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub providers: Vec<Provider>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_locations: Vec<DataLocation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Participant>,
    /// The offerings we provide (a provider's seat: role `csp` or `both`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offerings: Vec<Offering>,
    /// Document control of the SoA the session produces.
    #[serde(default, skip_serializing_if = "DocumentControl::is_empty")]
    pub document: DocumentControl,
    pub created: Timestamp,
    pub updated: Timestamp,
    /// Metadata fields both sides of a merge changed differently; empty in a resolved session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// How much the walk asks per control: a triage pass or the full record.
    #[serde(default, skip_serializing_if = "is_full_depth")]
    pub walk_depth: crate::walkplan::Depth,
    /// Minutes the walk gives each control before it shows the meeting is over time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timebox_minutes: Option<u32>,
    /// The order the walk takes: control ids and theme ids; empty walks the default agenda.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<String>,
    /// The meetings that changed the session, one a day, oldest first (working notes, like
    /// the decision log: not part of what an approval covers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<Meeting>,
}

fn is_full_depth(d: &crate::walkplan::Depth) -> bool {
    *d == crate::walkplan::Depth::Full
}

/// A field that two branches changed differently, as a three-way merge found it. Values are
/// written as `gapwalk set` reads them, so picking one is an ordinary edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The field in `gapwalk set` words (`status`, `customer_owner`, `remediation.due`, or for
    /// the session `title`, `participant.role`…).
    pub field: String,
    /// Which line of a list the field belongs to: the provider of a responsibility line, or
    /// the name of a participant or provider. Empty for plain fields.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item: String,
    /// The value both sides started from.
    pub base: String,
    /// The value on the branch merged into. The record keeps this one until someone picks,
    /// except that a line or record one side removed and the other changed stays, changed.
    pub ours: String,
    /// The value on the branch merged in.
    pub theirs: String,
}

impl Conflict {
    /// Whether this conflict is about `field` of `item`.
    pub fn is_about(&self, field: &str, item: &str) -> bool {
        self.field == field && self.item == item
    }
}

/// A decision the facilitator recorded during the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    pub text: String,
}

/// One workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub format_version: u32,
    /// A random id made with the session (a UUID), kept for its life: exports that need
    /// stable identifiers (OSCAL) derive theirs from it. Empty only in a file from before
    /// version 2, until it is migrated.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub meta: Metadata,
    pub catalogue: CatalogueRef,
    /// The control the walk stopped at, to resume there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_at: Option<String>,
    /// In catalogue order; controls never touched have no entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessments: Vec<Assessment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Approvals of the content, oldest first (`gapwalk approve`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
}

/// A change to a session. Applying one returns the edit that undoes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Replace (or with `None`, remove) the assessment of a control.
    SetAssessment {
        control: String,
        assessment: Option<Box<Assessment>>,
    },
    SetMetadata(Box<Metadata>),
    InsertDecision {
        index: usize,
        decision: Decision,
    },
    RemoveDecision {
        index: usize,
    },
    SetResumeAt(Option<String>),
    /// Replace the approvals (a recovery copy or a version on disk may carry other ones).
    SetApprovals(Vec<Approval>),
    /// Several edits as one change (undone together), applied in order.
    Batch(Vec<Edit>),
}

impl Session {
    pub fn new(title: &str, catalogue: &Catalogue, now: Timestamp) -> Session {
        Session {
            format_version: FORMAT_VERSION,
            id: new_session_id(title),
            meta: Metadata {
                title: title.to_string(),
                organisation: String::new(),
                scope: String::new(),
                role: Role::Csc,
                facilitator: String::new(),
                providers: Vec::new(),
                data_locations: Vec::new(),
                participants: Vec::new(),
                offerings: Vec::new(),
                document: DocumentControl::default(),
                created: now,
                updated: now,
                conflicts: Vec::new(),
                walk_depth: Default::default(),
                timebox_minutes: None,
                agenda: Vec::new(),
                meetings: Vec::new(),
            },
            catalogue: CatalogueRef::of(catalogue),
            resume_at: None,
            assessments: Vec::new(),
            decisions: Vec::new(),
            approvals: Vec::new(),
        }
    }

    /// The next review cycle's session, started from this one (`gapwalk new FILE --from
    /// LAST`): a new id, created `now`, the same scope, providers, people, document control
    /// and catalogue, and every answer kept and marked to re-confirm. What belonged to the
    /// last cycle stays behind: its approvals, decision log, meetings and where the walk stopped.
    pub fn next_cycle(&self, now: Timestamp) -> Session {
        let mut next = self.clone();
        next.format_version = FORMAT_VERSION;
        next.id = new_session_id(&self.meta.title);
        next.meta.created = now;
        next.meta.updated = now;
        next.resume_at = None;
        next.decisions.clear();
        next.meta.meetings.clear();
        next.approvals.clear();
        for a in &mut next.assessments {
            a.reconfirm = true;
        }
        next
    }

    /// How many merge conflicts the session still records, in its details and its controls.
    pub fn conflict_count(&self) -> usize {
        self.meta.conflicts.len()
            + self
                .assessments
                .iter()
                .map(|a| a.conflicts.len())
                .sum::<usize>()
    }

    /// Index into `assessments` of a control, or where it would be inserted.
    fn slot(&self, control: &str, catalogue: &Catalogue) -> Result<usize, usize> {
        let key = catalogue.position(control).unwrap_or(usize::MAX);
        self.assessments.binary_search_by_key(&key, |a| {
            catalogue.position(&a.control).unwrap_or(usize::MAX)
        })
    }

    pub fn assessment(&self, control: &str, catalogue: &Catalogue) -> Option<&Assessment> {
        self.slot(control, catalogue)
            .ok()
            .map(|i| &self.assessments[i])
    }

    /// Every control of the catalogue with its record, in catalogue order. For a pass over the
    /// whole catalogue: the records are kept in catalogue order (as `assessment` also relies
    /// on), so one walk beside the controls finds them, where a search per control would make
    /// every pass grow with the square of the catalogue (benches/workshop.rs and frame.rs
    /// measure it; docs/performance.md).
    pub fn by_control<'a>(
        &'a self,
        catalogue: &'a Catalogue,
    ) -> impl Iterator<Item = (&'a crate::catalogue::Control, Option<&'a Assessment>)> + 'a {
        let mut records = self.assessments.iter().peekable();
        catalogue
            .controls
            .iter()
            .map(move |control| (control, records.next_if(|a| a.control == control.id)))
    }

    /// Puts assessments in catalogue order (after loading or bulk changes).
    pub fn sort(&mut self, catalogue: &Catalogue) {
        self.assessments
            .sort_by_key(|a| catalogue.position(&a.control).unwrap_or(usize::MAX));
    }

    /// Applies an edit and returns its inverse.
    pub fn apply(&mut self, edit: Edit, catalogue: &Catalogue) -> Edit {
        match edit {
            Edit::SetAssessment {
                control,
                assessment,
            } => {
                let previous = match (self.slot(&control, catalogue), assessment) {
                    (Ok(i), Some(new)) => Some(std::mem::replace(&mut self.assessments[i], *new)),
                    (Ok(i), None) => Some(self.assessments.remove(i)),
                    (Err(i), Some(new)) => {
                        self.assessments.insert(i, *new);
                        None
                    }
                    (Err(_), None) => None,
                };
                Edit::SetAssessment {
                    control,
                    assessment: previous.map(Box::new),
                }
            }
            Edit::SetMetadata(meta) => {
                Edit::SetMetadata(Box::new(std::mem::replace(&mut self.meta, *meta)))
            }
            Edit::InsertDecision { index, decision } => {
                let index = index.min(self.decisions.len());
                self.decisions.insert(index, decision);
                Edit::RemoveDecision { index }
            }
            Edit::RemoveDecision { index } => {
                if index < self.decisions.len() {
                    let decision = self.decisions.remove(index);
                    Edit::InsertDecision { index, decision }
                } else {
                    Edit::RemoveDecision { index }
                }
            }
            Edit::SetResumeAt(at) => Edit::SetResumeAt(std::mem::replace(&mut self.resume_at, at)),
            Edit::SetApprovals(approvals) => {
                Edit::SetApprovals(std::mem::replace(&mut self.approvals, approvals))
            }
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = edits
                    .into_iter()
                    .map(|e| self.apply(e, catalogue))
                    .collect();
                inverses.reverse();
                Edit::Batch(inverses)
            }
        }
    }

    /// Names known to the session (facilitator, participants, owners already given), for completion.
    pub fn known_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let mut push = |n: &str| {
            let n = n.trim();
            if !n.is_empty() && !names.iter().any(|m| m == n) {
                names.push(n.to_string());
            }
        };
        push(&self.meta.facilitator);
        for p in &self.meta.participants {
            push(&p.name);
        }
        for a in &self.assessments {
            push(&a.accountable_owner);
            for r in &a.responsibilities {
                push(&r.customer_owner);
                push(&r.provider_owner);
            }
            if let Some(rem) = &a.remediation {
                push(&rem.owner);
            }
        }
        names
    }

    /// The providers whose lines a control has: those in scope, or one unnamed line when a
    /// customer's session names none. A provider's own session (role `csp`) that names none has
    /// no provider lines: it is never asked the customer's questions.
    pub fn provider_names(&self) -> Vec<String> {
        self.meta.seats().providers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_unix(secs).unwrap()
    }

    #[test]
    fn edits_return_their_inverse_and_keep_catalogue_order() {
        let cat = default_catalogue();
        let mut s = Session::new("t", &cat, at(0));
        let original = s.clone();
        let mut undo = Vec::new();
        for id in ["12.3.1", "5.1.1", "CLD.9.5.1", "9.4.5"] {
            let mut a = Assessment::new(id);
            a.applicability = Applicability::Applicable;
            undo.push(s.apply(
                Edit::SetAssessment {
                    control: id.into(),
                    assessment: Some(Box::new(a)),
                },
                &cat,
            ));
        }
        let order: Vec<&str> = s.assessments.iter().map(|a| a.control.as_str()).collect();
        assert_eq!(order, ["5.1.1", "9.4.5", "CLD.9.5.1", "12.3.1"]);
        undo.push(s.apply(
            Edit::InsertDecision {
                index: 0,
                decision: Decision {
                    at: at(5),
                    by: "Ana".into(),
                    control: None,
                    text: "x".into(),
                },
            },
            &cat,
        ));
        let mut meta = s.meta.clone();
        meta.title = "renamed".into();
        undo.push(s.apply(Edit::SetMetadata(Box::new(meta)), &cat));
        undo.push(s.apply(Edit::SetResumeAt(Some("9.4.5".into())), &cat));
        while let Some(inverse) = undo.pop() {
            s.apply(inverse, &cat);
        }
        assert_eq!(s, original);
    }

    #[test]
    fn the_walk_by_control_finds_the_records_a_lookup_finds() {
        let cat = default_catalogue();
        let mut s = Session::new("t", &cat, at(0));
        let last = cat.controls.len() - 1;
        for i in [last, 0, 1, 7, 8, 60, last - 1] {
            let id = cat.controls[i].id.clone();
            s.apply(
                Edit::SetAssessment {
                    control: id.clone(),
                    assessment: Some(Box::new(Assessment::new(&id))),
                },
                &cat,
            );
        }
        s.apply(
            Edit::SetAssessment {
                control: cat.controls[7].id.clone(),
                assessment: None,
            },
            &cat,
        );
        let walked: Vec<_> = s.by_control(&cat).collect();
        assert_eq!(walked.len(), cat.controls.len());
        for (control, record) in walked {
            assert_eq!(record, s.assessment(&control.id, &cat), "{}", control.id);
        }
        assert_eq!(s.by_control(&cat).filter(|(_, r)| r.is_some()).count(), 6);
    }
}
