//! What a walk asks and in which order, without a terminal: the two depths of a pass, the order
//! controls come in (the session's agenda, or the default one), and what a full pass asks for
//! that a record still lacks (the same list `gapwalk check` reports). The TUI's walk asks
//! these questions; exports and the CLI read the same rules from here.

use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::session::{Applicability, Assessment, Holder, Status};

/// How much a walk asks per control.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Depth {
    /// A first meeting's pass: applicable or not with a reason, who holds it per provider,
    /// status. A few keys a control.
    Triage,
    /// Everything a record needs: justification, owners on both sides, what is inherited and
    /// what the customer must still do, evidence with its date, gap and treatment, next
    /// review, change trigger, escalation path.
    #[default]
    Full,
}

impl Depth {
    pub const ALL: [Depth; 2] = [Depth::Triage, Depth::Full];

    pub fn key(self) -> &'static str {
        match self {
            Depth::Triage => "triage",
            Depth::Full => "full",
        }
    }

    pub fn from_key(key: &str) -> Option<Depth> {
        Depth::ALL.into_iter().find(|d| d.key() == key)
    }

    pub fn keys() -> &'static [&'static str] {
        &["triage", "full"]
    }

    pub fn other(self) -> Depth {
        match self {
            Depth::Triage => Depth::Full,
            Depth::Full => Depth::Triage,
        }
    }
}

/// The agenda a session without its own walks by: the shared-responsibility control and the
/// supplier relationship first, then access administration, logging and monitoring and the
/// data lifecycle, then everything else in catalogue order. Items a catalogue does not have
/// are passed over, so a catalogue without these themes walks in its own order.
pub const DEFAULT_AGENDA: &[&str] = &[
    "CLD.6.3.1",
    "provider-relationship",
    "access-administration",
    "logging-monitoring",
    "data-lifecycle",
];

/// Catalogue indexes in walking order: each agenda item (a control id, or a theme id standing
/// for its controls in catalogue order) in turn, then the controls no item named. Every control
/// appears once, at its first place.
pub fn agenda_order(catalogue: &Catalogue, agenda: &[String]) -> Vec<usize> {
    let defaults: Vec<String>;
    let items = if agenda.is_empty() {
        defaults = DEFAULT_AGENDA.iter().map(|s| s.to_string()).collect();
        &defaults
    } else {
        agenda
    };
    let mut placed = vec![false; catalogue.controls.len()];
    let mut order = Vec::with_capacity(catalogue.controls.len());
    let mut place = |i: usize, order: &mut Vec<usize>| {
        if !placed[i] {
            placed[i] = true;
            order.push(i);
        }
    };
    for item in items {
        if let Some(i) = catalogue.position(item) {
            place(i, &mut order);
        } else {
            for (i, c) in catalogue.controls.iter().enumerate() {
                if c.themes.iter().any(|t| t == item) {
                    place(i, &mut order);
                }
            }
        }
    }
    for i in 0..catalogue.controls.len() {
        place(i, &mut order);
    }
    order
}

/// Checks an agenda against a catalogue: the items that name neither a control nor a theme.
pub fn unknown_agenda_items(catalogue: &Catalogue, agenda: &[String]) -> Vec<String> {
    agenda
        .iter()
        .filter(|item| {
            catalogue.position(item).is_none() && !catalogue.themes.iter().any(|t| &t.id == *item)
        })
        .cloned()
        .collect()
}

/// Whether a provider's line holds part of the control on the provider's side, so the full
/// pass asks what is inherited, what the customer must still do and the provider's evidence.
pub fn provider_holds_part(holder: Holder) -> bool {
    holder.needs_provider_owner()
}

/// The things a full pass asks about that this record lacks, in the order the walk asks them,
/// as `(field key, provider or "")`. An unassessed control lacks its applicability only.
pub fn full_pass_missing(a: &Assessment, providers: &[String]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut miss = |key: &'static str, provider: &str| out.push((key, provider.to_string()));
    if a.applicability == Applicability::Undecided {
        miss("applicability", "");
        return out;
    }
    let applicable = a.applicability == Applicability::Applicable;
    if applicable && a.reasons.is_empty() {
        miss("reasons", "");
    }
    if !applicable && a.exclusion_reasons.is_empty() {
        miss("exclusion_reasons", "");
    }
    if a.justification.trim().is_empty() {
        miss("justification", "");
    }
    if !applicable {
        return out;
    }
    if a.accountable_owner.trim().is_empty() {
        miss("accountable_owner", "");
    }
    for p in providers {
        let Some(r) = a.responsibility(p) else {
            miss("holder", p);
            continue;
        };
        if r.holder == Holder::Undecided {
            miss("holder", p);
            continue;
        }
        if r.holder.needs_customer_owner() && r.customer_owner.trim().is_empty() {
            miss("customer_owner", p);
        }
        if r.holder.needs_provider_owner() && r.provider_owner.trim().is_empty() {
            miss("provider_owner", p);
        }
        if provider_holds_part(r.holder) {
            if r.inherited.trim().is_empty() {
                miss("inherited", p);
            }
            if r.customer_duty.trim().is_empty() {
                miss("customer_duty", p);
            }
            if r.provider_evidence.trim().is_empty() {
                miss("provider_evidence", p);
            }
        }
    }
    if a.status == Status::Unknown {
        miss("status", "");
    }
    if matches!(a.status, Status::Implemented | Status::Partial) {
        if a.evidence.is_empty() {
            miss("evidence", "");
        } else if a.evidence.iter().any(|e| e.as_of.is_none()) {
            miss("evidence.as_of", "");
        }
    }
    if a.is_gap() {
        if a.gap.trim().is_empty() {
            miss("gap", "");
        }
        if a.planned_remediation().is_none() && a.accepted_risk().is_none() {
            miss("treatment", "");
        }
    }
    // The closing questions the walk asks of every record, from the fields' table.
    for key in crate::fields::CLOSING_QUESTIONS {
        if key.get(a, "").trim().is_empty() {
            miss(key.name(), "");
        }
    }
    out
}

/// Whether a walk at `depth` still has something to ask of this record.
pub fn needs_walk(depth: Depth, a: &Assessment, providers: &[String]) -> bool {
    match depth {
        // A record carried over from the last cycle waits to be re-confirmed.
        Depth::Triage => a.applicability == Applicability::Undecided || a.reconfirm,
        Depth::Full => !full_pass_missing(a, providers).is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        crate::catalogue::default_catalogue()
    }

    #[test]
    fn default_agenda_starts_with_the_shared_responsibility_control_then_suppliers() {
        let c = catalogue();
        let order = agenda_order(&c, &[]);
        assert_eq!(order.len(), c.controls.len());
        let ids: Vec<&str> = order.iter().map(|&i| c.controls[i].id.as_str()).collect();
        assert_eq!(ids[0], "CLD.6.3.1");
        let themes = |i: usize| &c.controls[order[i]].themes;
        assert!(themes(1).iter().any(|t| t == "provider-relationship"));
        // Every control once.
        let mut sorted = order.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), c.controls.len());
        // After the named themes, the rest in catalogue order.
        let named = |i: usize| {
            c.controls[i].id == "CLD.6.3.1"
                || c.controls[i]
                    .themes
                    .iter()
                    .any(|t| DEFAULT_AGENDA.contains(&t.as_str()))
        };
        let first_rest = order.iter().position(|&i| !named(i)).unwrap();
        assert!(order[first_rest..].iter().all(|&i| !named(i)));
        assert!(order[first_rest..].windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_control_is_walked_at_its_first_place_only() {
        let c = catalogue();
        let agenda = vec!["9.2.1".to_string(), "access-administration".to_string()];
        let order = agenda_order(&c, &agenda);
        assert_eq!(c.controls[order[0]].id, "9.2.1");
        assert_eq!(
            order
                .iter()
                .filter(|&&i| c.controls[i].id == "9.2.1")
                .count(),
            1
        );
    }

    #[test]
    fn an_agenda_of_unknown_items_walks_in_catalogue_order() {
        let c = catalogue();
        let order = agenda_order(&c, &["no-such-theme".to_string()]);
        assert!(order.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            unknown_agenda_items(&c, &["no-such-theme".into(), "network".into()]),
            ["no-such-theme"]
        );
    }

    #[test]
    fn a_triaged_shared_control_still_lacks_what_the_full_pass_asks() {
        let mut a = Assessment::new("CLD.6.3.1");
        a.applicability = Applicability::Applicable;
        a.reasons.push(crate::session::Reason::Contractual);
        a.responsibility_mut("AWS").holder = Holder::Shared;
        a.status = Status::Partial;
        let missing = full_pass_missing(&a, &["AWS".into()]);
        let keys: Vec<&str> = missing.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "justification",
                "accountable_owner",
                "customer_owner",
                "provider_owner",
                "inherited",
                "customer_duty",
                "provider_evidence",
                "evidence",
                "gap",
                "treatment",
                "next_review",
                "change_trigger",
                "escalation"
            ]
        );
        assert!(!needs_walk(Depth::Triage, &a, &["AWS".into()]));
        assert!(needs_walk(Depth::Full, &a, &["AWS".into()]));
    }
}
