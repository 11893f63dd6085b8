//! The documented caps on what a session may name, so that no view can turn a small file into
//! gigabytes: the responsibility matrix has a row per control and provider, and the owner and
//! participant lists are offered on every question. A real workshop stays far below them.
//!
//! Enforced wherever a session comes in or is written: on load (with the file, line and column
//! of the first name over the cap), by the session-details form of the workshop, and by every
//! command that writes a session (`set`, `merge`, `import`, `fmt`) before it writes.

use super::{Assessment, Metadata, Session};

/// Providers in scope plus the offerings (services) listed under them.
pub const MAX_PROVIDER_SCOPE: usize = 64;
/// People in the participant list.
pub const MAX_PARTICIPANTS: usize = 200;
/// Responsibility lines of one control: one per provider, including lines kept for providers
/// no longer in scope, so the same cap as the scope.
pub const MAX_LINES_PER_CONTROL: usize = MAX_PROVIDER_SCOPE;

/// A limit a session goes over (a cap, or a date outside the years 1 to 9999), with the name
/// where it does, for a located error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exceeded {
    /// The session key the excess sits under: `providers`, `participants`, `responsibilities`,
    /// or a date's key (`due`, `next_review`).
    pub key: &'static str,
    /// The first name over the cap (a provider, an offering, a participant, a line's provider).
    pub name: String,
    /// The control, for responsibility lines.
    pub control: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Providers plus offerings the details name.
pub fn provider_scope(meta: &Metadata) -> usize {
    meta.providers.iter().map(|p| 1 + p.services.len()).sum()
}

/// The first cap the session details go over, if any.
pub fn check_metadata(meta: &Metadata) -> Result<(), Exceeded> {
    let scope = provider_scope(meta);
    if scope > MAX_PROVIDER_SCOPE {
        // The provider or offering that goes past the cap.
        let mut count = 0;
        let mut name = String::new();
        'find: for p in &meta.providers {
            for n in std::iter::once(&p.name).chain(&p.services) {
                count += 1;
                if count > MAX_PROVIDER_SCOPE {
                    name = n.clone();
                    break 'find;
                }
            }
        }
        return Err(Exceeded {
            key: "providers",
            name,
            control: None,
            message: format!(
                "{scope} providers and offerings named; at most {MAX_PROVIDER_SCOPE} (providers plus the offerings under them) are supported"
            ),
        });
    }
    if meta.participants.len() > MAX_PARTICIPANTS {
        return Err(Exceeded {
            key: "participants",
            name: meta.participants[MAX_PARTICIPANTS].name.clone(),
            control: None,
            message: format!(
                "{} participants listed; at most {MAX_PARTICIPANTS} are supported",
                meta.participants.len()
            ),
        });
    }
    Ok(())
}

/// The first limit the session goes over, if any.
pub fn check(session: &Session) -> Result<(), Exceeded> {
    check_metadata(&session.meta)?;
    for a in &session.assessments {
        check_dates(a)?;
        if a.responsibilities.len() > MAX_LINES_PER_CONTROL {
            return Err(Exceeded {
                key: "responsibilities",
                name: a.responsibilities[MAX_LINES_PER_CONTROL].provider.clone(),
                control: Some(a.control.clone()),
                message: format!(
                    "control {} has {} responsibility lines; at most {MAX_LINES_PER_CONTROL} (one per provider) are supported",
                    a.control,
                    a.responsibilities.len()
                ),
            });
        }
    }
    Ok(())
}

/// Dates of an assessment outside the years 1 to 9999 (the date parser's range): a year 0 or a
/// negative year read from a file or a record in RON is refused as `set` refuses it.
pub fn check_dates(a: &Assessment) -> Result<(), Exceeded> {
    let dates = [
        ("due", a.remediation.as_ref().and_then(|r| r.due)),
        ("date", a.risk_acceptance.as_ref().and_then(|r| r.date)),
        (
            "expires",
            a.risk_acceptance.as_ref().and_then(|r| r.expires),
        ),
        ("next_review", a.next_review),
        ("reviewed_on", a.reviewed_on),
    ]
    .into_iter()
    .chain(a.evidence.iter().map(|e| ("as_of", e.as_of)));
    for (key, date) in dates {
        if let Some(d) = date.filter(|d| !crate::dates::in_range(*d)) {
            return Err(Exceeded {
                key,
                name: d.to_string(),
                control: Some(a.control.clone()),
                message: format!(
                    "control {}: {key} {d} is outside the years 0001 to 9999 gapwalk accepts",
                    a.control
                ),
            });
        }
    }
    Ok(())
}

/// Where in the session text the excess starts: the first name over the cap, looked for after
/// its key (and its control), else the key itself. A byte offset.
pub fn locate(text: &str, over: &Exceeded) -> usize {
    let after = |from: usize, needle: &str| text[from..].find(needle).map(|i| from + i);
    let mut start = 0;
    if let Some(control) = &over.control {
        start = after(0, &format!("control: \"{control}\"")).unwrap_or(0);
    }
    let key = after(start, &format!("{}:", over.key)).unwrap_or(start);
    after(key, &format!("\"{}\"", over.name)).unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Participant, Provider};

    fn meta(providers: Vec<Provider>, participants: usize) -> Metadata {
        let mut m = Session::new(
            "t",
            &crate::catalogue::default_catalogue(),
            crate::session::Timestamp::from_unix(0).unwrap(),
        )
        .meta;
        m.providers = providers;
        m.participants = (0..participants)
            .map(|i| Participant {
                name: format!("P{i}"),
                ..Participant::default()
            })
            .collect();
        m
    }

    fn provider(name: &str, services: usize) -> Provider {
        Provider {
            name: name.into(),
            services: (0..services).map(|i| format!("{name}-s{i}")).collect(),
        }
    }

    #[test]
    fn offerings_count_with_their_providers() {
        let at_cap = meta(vec![provider("A", 31), provider("B", 31)], 0);
        assert_eq!(provider_scope(&at_cap), MAX_PROVIDER_SCOPE);
        assert!(check_metadata(&at_cap).is_ok());
        let over = meta(vec![provider("A", 31), provider("B", 32)], 0);
        let e = check_metadata(&over).unwrap_err();
        assert_eq!(e.name, "B-s31");
        assert!(e.message.contains("65 providers and offerings"), "{e}");
    }

    #[test]
    fn participants_are_capped_and_the_first_one_over_is_named() {
        assert!(check_metadata(&meta(vec![], MAX_PARTICIPANTS)).is_ok());
        let e = check_metadata(&meta(vec![], MAX_PARTICIPANTS + 1)).unwrap_err();
        assert_eq!(e.key, "participants");
        assert_eq!(e.name, format!("P{MAX_PARTICIPANTS}"));
    }
}
