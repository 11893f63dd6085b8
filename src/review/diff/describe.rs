//! How the diff shows a whole record, line or entry as one string: the rendering of values.

use crate::session::{
    Approval, Assessment, Conflict, DataLocation, Decision, Meeting, OfferingLine, Participant,
    Provider, Remediation, Responsibility, RiskAcceptance,
};

fn join_parts(parts: Vec<String>) -> String {
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn labelled(label: &str, value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!("{label} {value}")
    }
}

pub(super) fn describe_assessment(a: &Assessment) -> String {
    let status = if a.applicability == crate::session::Applicability::Applicable {
        labelled("status", a.status.key())
    } else {
        String::new()
    };
    join_parts(vec![
        a.applicability.key().to_string(),
        status,
        a.justification.clone(),
    ])
}

pub(super) fn describe_approval(a: &Approval) -> String {
    let by = if a.role.is_empty() {
        a.by.clone()
    } else {
        format!("{} ({})", a.by, a.role)
    };
    format!("{by} at {}, content {}", a.at, a.content)
}

pub(super) fn describe_line(r: &Responsibility) -> String {
    join_parts(vec![
        r.holder.key().to_string(),
        labelled("customer owner", &r.customer_owner),
        labelled("provider owner", &r.provider_owner),
        labelled("inherited", &r.inherited),
        labelled("customer duty", &r.customer_duty),
        labelled("provider evidence", &r.provider_evidence),
        labelled("provider assurance", &r.provider_assurance),
        if r.unconfirmed {
            "the provider's statement, not yet confirmed".into()
        } else {
            String::new()
        },
        labelled(
            "imported from",
            &r.provenance
                .as_ref()
                .map_or(String::new(), |p| p.file.clone()),
        ),
    ])
}

pub(super) fn describe_offering_line(l: &OfferingLine) -> String {
    join_parts(vec![
        l.holder.key().to_string(),
        labelled("we do", &l.we_do),
        labelled("customer must", &l.customer_must),
        labelled("evidence for customers", &l.customer_evidence),
        labelled("contact", &l.contact_role),
    ])
}

pub(super) fn describe_remediation(r: &Remediation) -> String {
    join_parts(vec![
        r.action.clone(),
        labelled("owner", &r.owner),
        labelled("due", &r.due.map(|d| d.to_string()).unwrap_or_default()),
        labelled("priority", r.priority.key()),
    ])
}

pub(super) fn describe_risk_acceptance(r: &RiskAcceptance) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    join_parts(vec![
        labelled("accepted by", &r.accepted_by),
        r.rationale.clone(),
        labelled("on", &date(r.date)),
        labelled("expires", &date(r.expires)),
    ])
}

pub(super) fn describe_provider(p: &Provider) -> String {
    if p.services.is_empty() {
        "no services listed".into()
    } else {
        format!("services {}", p.services.join(", "))
    }
}

/// "09:00–11:10 UTC; Ana, Bruno; 3 controls".
/// A meeting in full (to the second, with the controls it changed by id), so that two records
/// of a day that differ never read the same.
pub(super) fn describe_meeting(m: &Meeting) -> String {
    let time = |t: &crate::session::Timestamp| t.datetime().format("%H:%M:%S").to_string();
    let controls = match m.controls.len() {
        0 => String::new(),
        _ => format!("controls {}", m.controls.join(", ")),
    };
    let who = match (m.attendance_confirmed, m.attendees.is_empty()) {
        (true, true) => "attendance confirmed: nobody".to_string(),
        (true, false) => format!("attendance confirmed: {}", m.attendees.join(", ")),
        (false, _) => m.attendees.join(", "),
    };
    join_parts(vec![
        format!("{}–{} UTC", time(&m.start), time(&m.end)),
        who,
        controls,
    ])
}

pub(super) fn describe_participant(p: &Participant) -> String {
    join_parts(vec![
        p.role.clone(),
        p.side.key().to_string(),
        labelled("speaks for", &p.speaks_for),
    ])
}

pub(super) fn describe_location(d: &DataLocation) -> String {
    join_parts(vec![
        d.provider.clone(),
        d.location.clone(),
        labelled("jurisdiction", &d.jurisdiction),
        d.notes.clone(),
    ])
}

pub(super) fn describe_decision(d: &Decision) -> String {
    let mut s = d.at.to_string();
    if !d.by.is_empty() {
        s.push_str(&format!(" by {}", d.by));
    }
    if let Some(control) = &d.control {
        s.push_str(&format!(" on {control}"));
    }
    s.push_str(&format!(": {}", d.text));
    s
}

/// A conflict as a reviewer reads it: the field, then each side's value.
pub fn describe_conflict(c: &Conflict) -> String {
    let show = |v: &str| {
        if v.is_empty() {
            "(empty)".to_string()
        } else {
            format!("{v:?}")
        }
    };
    format!(
        "{} ours {} theirs {} (base {})",
        c.field,
        show(&c.ours),
        show(&c.theirs),
        show(&c.base)
    )
}
