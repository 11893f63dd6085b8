//! `gapwalk set FILE CONTROL KEY=VALUE...`: scripted edits of one control, in the session
//! file's own words. Every assignment is checked before anything is written; a bad key, value,
//! control or provider leaves the file untouched (exit 2).

use std::path::PathBuf;

use clap::Args;

use super::write::write_session;
use super::{EXIT_OK, fail};
use crate::fields::Assignment;
use crate::persist;
use crate::sanitise::one_line;
use crate::session::{Assessment, Edit, Timestamp};

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The session file
    pub file: PathBuf,
    /// The control to change (e.g. 9.2.3 or CLD.9.5.1)
    pub control: String,
    /// What to record, as KEY=VALUE; `evidence+=LOCATION` adds a pointer and `evidence-=LOCATION`
    /// removes one. Keys: applicability, reasons, justification, status, gap, notes, flagged,
    /// holder, customer_owner, provider_owner, inherited, customer_duty, provider_evidence,
    /// remediation.action|owner|due|priority, risk_acceptance.accepted_by|rationale|date|expires,
    /// change_trigger, escalation, next_review; `remediation=none` removes a record.
    /// Per provider line also provenance and unconfirmed (`unconfirmed=false` confirms an
    /// imported statement); per offering line (a provider's seat) offering.holder,
    /// offering.we_do, offering.customer_must, offering.customer_evidence,
    /// offering.contact_role, and `offering=none` removes the line
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub assignments: Vec<String>,
    /// The provider whose responsibility line per-provider keys change (holder, owners…);
    /// needed when the session has several providers
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
    /// The offering whose line `offering.*` keys change (a provider's seat); needed when the
    /// session provides several
    #[arg(long, value_name = "NAME")]
    pub offering: Option<String>,
    /// Who makes the change (default: the session's facilitator, else $USER)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

pub fn set(args: &SetArgs) -> u8 {
    // Held from before the read to after the write, so no workshop saves in between.
    let _lock = match super::guard::lock_for_writing(&args.file, "gapwalk set") {
        Ok(lock) => lock,
        Err(code) => return code,
    };
    let loaded = match persist::load(&args.file) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    for w in &loaded.warnings {
        eprintln!("gapwalk: warning: {w}");
    }
    let (mut session, catalogue) = (loaded.session, loaded.catalogue);
    let file = args.file.display();
    let Some(control) = catalogue
        .position(&args.control)
        .or_else(|| {
            catalogue
                .controls
                .iter()
                .position(|c| c.id.eq_ignore_ascii_case(&args.control))
        })
        .map(|i| catalogue.controls[i].id.clone())
    else {
        return fail(format!(
            "{file}: unknown control id {:?}: catalogue {} has no such control (list them with `gapwalk catalogue show {}`); the file was not changed",
            one_line(&args.control),
            one_line(&catalogue.id),
            one_line(&catalogue.id)
        ));
    };
    let mut assignments = Vec::new();
    for text in &args.assignments {
        match Assignment::parse(text) {
            Ok(a) => assignments.push(a),
            Err(e) => {
                return fail(format!(
                    "{file}: {}; the file was not changed",
                    one_line(&e)
                ));
            }
        }
    }
    let needs_provider = assignments
        .iter()
        .any(|a| matches!(a, Assignment::Set { key, .. } if key.per_provider()));
    let providers = session.provider_names();
    let provider = match (&args.provider, needs_provider) {
        (Some(wanted), _) => match providers
            .iter()
            .find(|p| *p == wanted)
            .or_else(|| providers.iter().find(|p| p.eq_ignore_ascii_case(wanted)))
        {
            Some(p) => p.clone(),
            None => {
                return fail(format!(
                    "{file}: provider {:?} is not in scope; the session has: {}; the file was not changed",
                    one_line(wanted),
                    one_line(&providers.join(", "))
                ));
            }
        },
        (None, true) if providers.len() > 1 => {
            return fail(format!(
                "{file}: the session has several providers ({}): say which line to change with --provider NAME; the file was not changed",
                one_line(&providers.join(", "))
            ));
        }
        (None, _) => providers.first().cloned().unwrap_or_default(),
    };
    let offerings = session.meta.seats().offerings;
    let needs_offering = assignments
        .iter()
        .any(|a| matches!(a, Assignment::Set { key, .. } if key.per_offering()));
    let offering = match (&args.offering, needs_offering) {
        (Some(wanted), _) => match offerings
            .iter()
            .find(|o| *o == wanted)
            .or_else(|| offerings.iter().find(|o| o.eq_ignore_ascii_case(wanted)))
        {
            Some(o) => o.clone(),
            None => {
                return fail(format!(
                    "{file}: the session provides no offering {:?}; it has: {}; the file was not changed",
                    one_line(wanted),
                    one_line(&offerings.join(", "))
                ));
            }
        },
        (None, true) => match offerings.as_slice() {
            [only] => only.clone(),
            [] => {
                return fail(format!(
                    "{file}: offering keys need an offering the session provides (role csp or both, with an offering in the session details); the file was not changed"
                ));
            }
            _ => {
                return fail(format!(
                    "{file}: the session provides several offerings ({}): say which line to change with --offering NAME; the file was not changed",
                    one_line(&offerings.join(", "))
                ));
            }
        },
        (None, false) => String::new(),
    };
    let who = super::write::who(args.by.as_deref(), &session);
    let now = Timestamp::now();
    let current = session.assessment(&control, &catalogue).cloned();
    let mut assessment = current.clone().unwrap_or_else(|| Assessment::new(&control));
    for a in &assignments {
        let item = match a {
            Assignment::Set { key, .. } if key.per_offering() => &offering,
            _ => &provider,
        };
        if let Err(e) = a.apply(&mut assessment, item, &who, now.date()) {
            return fail(format!(
                "{file}: {control}: {}; the file was not changed",
                one_line(&e)
            ));
        }
    }
    assessment.tidy();
    let unchanged = match &current {
        Some(c) => *c == assessment,
        None => assessment.is_blank(),
    };
    if unchanged {
        eprintln!("{file}: {control} already records that; nothing to change");
        return EXIT_OK;
    }
    assessment.changed_by = who;
    assessment.changed_at = Some(now);
    session.apply(
        Edit::SetAssessment {
            control: control.clone(),
            assessment: Some(Box::new(assessment)),
        },
        &catalogue,
    );
    session.meta.updated = now;
    if let Err(e) = write_session(&args.file, &session, true) {
        return fail(e);
    }
    eprintln!(
        "{file}: {control}: recorded {}",
        one_line(&args.assignments.join(", "))
    );
    EXIT_OK
}
