//! Progress and distribution figures for `gapwalk stats`, the status bar and the dashboard.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::session::{Applicability, Session, Status};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ClauseProgress {
    pub clause: String,
    pub title: String,
    pub total: usize,
    pub assessed: usize,
    pub gaps: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Stats {
    pub total: usize,
    pub assessed: usize,
    pub applicable: usize,
    pub not_applicable: usize,
    pub implemented: usize,
    pub gaps: usize,
    pub flagged: usize,
    /// Applicable controls by implementation status key.
    pub by_status: BTreeMap<String, usize>,
    /// Responsibility lines by holder key, over all providers.
    pub responsibility: BTreeMap<String, usize>,
    /// The provider's seat: offering lines by holder key, over the offerings we provide
    /// (absent in a customer's session).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub offerings: BTreeMap<String, usize>,
    /// Open gaps by remediation priority key (`none` when no remediation is recorded).
    pub gaps_by_priority: BTreeMap<String, usize>,
    pub by_clause: Vec<ClauseProgress>,
}

pub fn stats(session: &Session, catalogue: &Catalogue) -> Stats {
    let offerings = session.meta.seats().offerings;
    let mut s = Stats {
        total: catalogue.controls.len(),
        assessed: 0,
        applicable: 0,
        not_applicable: 0,
        implemented: 0,
        gaps: 0,
        flagged: 0,
        by_status: BTreeMap::new(),
        responsibility: BTreeMap::new(),
        offerings: BTreeMap::new(),
        gaps_by_priority: BTreeMap::new(),
        by_clause: catalogue
            .clauses
            .iter()
            .map(|c| ClauseProgress {
                clause: c.id.clone(),
                title: c.title.clone(),
                total: 0,
                assessed: 0,
                gaps: 0,
            })
            .collect(),
    };
    for (control, a) in session.by_control(catalogue) {
        let clause = s.by_clause.iter_mut().find(|c| c.clause == control.clause);
        let assessed = a.is_some_and(|a| a.is_assessed());
        let gap = a.is_some_and(|a| a.is_gap());
        if let Some(c) = clause {
            c.total += 1;
            c.assessed += usize::from(assessed);
            c.gaps += usize::from(gap);
        }
        let Some(a) = a else { continue };
        s.assessed += usize::from(assessed);
        s.flagged += usize::from(a.flagged);
        match a.applicability {
            Applicability::Applicable => {
                s.applicable += 1;
                *s.by_status.entry(a.status.key().to_string()).or_default() += 1;
                if a.status == Status::Implemented {
                    s.implemented += 1;
                }
            }
            Applicability::NotApplicable => s.not_applicable += 1,
            Applicability::Undecided => {}
        }
        if gap {
            s.gaps += 1;
            let priority = a.remediation.as_ref().map_or("none", |r| r.priority.key());
            *s.gaps_by_priority.entry(priority.to_string()).or_default() += 1;
        }
        for r in &a.responsibilities {
            *s.responsibility
                .entry(r.holder.key().to_string())
                .or_default() += 1;
        }
        for l in a
            .offerings
            .iter()
            .filter(|l| offerings.contains(&l.offering))
        {
            *s.offerings.entry(l.holder.key().to_string()).or_default() += 1;
        }
    }
    s
}
