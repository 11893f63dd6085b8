//! `gapwalk set FILE CONTROL KEY=VALUE...`: scripted edits of one control, in the session
//! file's own words; `gapwalk set FILE session KEY=VALUE...` edits the session's own details
//! (title, scope, document control…). Every assignment is checked before anything is written;
//! a bad key, value, control or provider leaves the file untouched (exit 2).

use std::path::PathBuf;

use clap::Args;

use super::write::write_session;
use super::{EXIT_OK, fail};
use crate::fields::{Assignment, MetaKey, clear_changed_meta_conflicts};
use crate::sanitise::one_line;
use crate::session::{Assessment, Edit, Session, Timestamp};

/// The CONTROL argument that addresses the session's own details instead of a control.
pub const SESSION_TARGET: &str = "session";

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The session file
    pub file: PathBuf,
    /// The control to change (e.g. 9.2.3 or CLD.9.5.1), or `session` for the session's own
    /// details (title, scope, document control, people, meetings: the keys are in `--help`)
    pub control: String,
    /// What to record, as KEY=VALUE (the keys are listed below, in `--help`);
    /// `evidence+=LOCATION` adds a pointer and `evidence-=LOCATION` removes one, `documents+=`/
    /// `risks+=` (and `-=`) add or remove one item, `reviewed=yes` records a review that changed
    /// nothing, `remediation=none` and `offering=none` remove a record, `unconfirmed=false`
    /// confirms an imported provider statement
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub assignments: Vec<String>,
    /// With `session`: the participant or provider a per-entry key changes
    #[arg(long, value_name = "NAME")]
    pub item: Option<String>,
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

/// The keys `set` takes, from the field tables themselves, for `gapwalk set --help`.
pub fn keys_help() -> String {
    let wrap = |names: Vec<&str>| {
        let mut out = String::new();
        let mut line = String::from(" ");
        for name in names {
            if line.len() + name.len() + 2 > 78 {
                out.push_str(line.trim_end());
                out.push('\n');
                line = String::from(" ");
            }
            line.push(' ');
            line.push_str(name);
        }
        out.push_str(line.trim_end());
        out
    };
    format!(
        "Keys for a control (per provider line with --provider, per offering line with \
         --offering):\n{}\n\nKeys for `session` (per entry with --item NAME):\n{}",
        wrap(crate::fields::FieldKey::names()),
        wrap(MetaKey::names())
    )
}

pub fn set(args: &SetArgs) -> u8 {
    // Held from before the read to after the write, so no workshop saves in between.
    let (_lock, loaded) = match super::guard::lock_and_load(&args.file, "gapwalk set") {
        Ok(held) => held,
        Err(code) => return code,
    };
    let (mut session, catalogue) = (loaded.session, loaded.catalogue);
    // Printed in every message: a hostile file name must not drive the terminal.
    let file = one_line(&args.file.display().to_string()).into_owned();
    if args.control.eq_ignore_ascii_case(SESSION_TARGET) {
        return set_session(args, session);
    }
    let Some(control) = catalogue.find_id(&args.control).map(str::to_string) else {
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
    let who = who(args.by.as_deref(), &session);
    let now = Timestamp::now();
    // Relative dates (`+90d`, `q1`) and new evidence count from the local date.
    let today = crate::dates::local_today();
    let current = session.assessment(&control, &catalogue).cloned();
    let mut assessment = current.clone().unwrap_or_else(|| Assessment::new(&control));
    for a in &assignments {
        let item = match a {
            Assignment::Set { key, .. } if key.per_offering() => &offering,
            _ => &provider,
        };
        if let Err(e) = a.apply(&mut assessment, item, &who, today) {
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
    // What was recorded, each relative date with the date it was understood as (`+90d` is
    // kept as a day, which the echo should name).
    let said: Vec<String> = args
        .assignments
        .iter()
        .zip(&assignments)
        .map(|(text, a)| match a {
            Assignment::Set { key, value } if key.kind() == crate::fields::ValueKind::Date => {
                let item = if key.per_offering() {
                    &offering
                } else {
                    &provider
                };
                let stored = key.get(&assessment, item);
                if stored != value.trim() && !stored.is_empty() {
                    format!("{text} ({stored})")
                } else {
                    text.clone()
                }
            }
            _ => text.clone(),
        })
        .collect();
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
    eprintln!("{file}: {control}: recorded {}", one_line(&said.join(", ")));
    EXIT_OK
}

/// Who makes a change: `--by`, else the session's facilitator, else $USER.
pub(crate) fn who(by: Option<&str>, session: &Session) -> String {
    by.map(str::to_string)
        .filter(|b| !b.trim().is_empty())
        .or_else(|| Some(session.meta.facilitator.clone()).filter(|f| !f.trim().is_empty()))
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "gapwalk".into())
}

/// `gapwalk set FILE session KEY=VALUE...`: the session's details, checked like a control's.
fn set_session(args: &SetArgs, mut session: Session) -> u8 {
    let file = one_line(&args.file.display().to_string()).into_owned();
    let item = args.item.clone().unwrap_or_default();
    let mut meta = session.meta.clone();
    for text in &args.assignments {
        let parsed = text.split_once('=').and_then(|(name, value)| {
            MetaKey::from_name(name.trim()).map(|key| (name.trim(), key, value))
        });
        let Some((name, key, value)) = parsed else {
            return fail(format!(
                "{file}: {:?} is not KEY=VALUE with a session key; keys: {}; the file was not changed",
                one_line(text),
                MetaKey::names().join(", ")
            ));
        };
        if key.per_item() && item.trim().is_empty() {
            return fail(format!(
                "{file}: {name} belongs to one participant, provider, offering or meeting: say which with --item NAME (a meeting by its date, YYYY-MM-DD); the file was not changed"
            ));
        }
        let before = meta.clone();
        if let Err(e) = key.set(&mut meta, &item, value) {
            return fail(format!(
                "{file}: {name}: {:?} is not valid; {}; the file was not changed",
                one_line(value),
                one_line(&e)
            ));
        }
        clear_changed_meta_conflicts(&before, &mut meta);
    }
    if meta == session.meta {
        eprintln!("{file}: the session already records that; nothing to change");
        return EXIT_OK;
    }
    meta.updated = Timestamp::now();
    session.meta = meta;
    if let Err(e) = write_session(&args.file, &session, true) {
        return fail(e);
    }
    eprintln!(
        "{file}: session: recorded {}",
        one_line(&args.assignments.join(", "))
    );
    EXIT_OK
}
