//! The documented caps on what a session may name, so that no view can turn a small file into
//! gigabytes: the responsibility matrix has a row per control and provider, and the owner and
//! participant lists are offered on every question. A real workshop stays far below them.
//!
//! Enforced wherever a session comes in or is written: on load (with the file, line and column
//! of the first name over the cap), by the session-details form of the workshop, and by every
//! command that writes a session (`set`, `merge`, `import`, `fmt`) before it writes.

use super::{Assessment, Metadata, Session};

/// Providers in scope, the services listed under them, and the offerings we provide (a
/// provider's seat): each can add a line to every control of the responsibility matrix.
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

/// Providers, their services and the offerings we provide, as the details name them.
pub fn provider_scope(meta: &Metadata) -> usize {
    meta.providers
        .iter()
        .map(|p| 1 + p.services.len())
        .sum::<usize>()
        + meta.offerings.len()
}

/// The first cap the session details go over, if any.
pub fn check_metadata(meta: &Metadata) -> Result<(), Exceeded> {
    let scope = provider_scope(meta);
    if scope > MAX_PROVIDER_SCOPE {
        // The provider, service or offering of ours that goes past the cap, and the list it is in.
        let named = meta
            .providers
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(&p.services))
            .map(|n| ("providers", n))
            .chain(meta.offerings.iter().map(|o| ("offerings", &o.name)));
        let (key, name) = named
            .clone()
            .nth(MAX_PROVIDER_SCOPE)
            .map_or(("providers", String::new()), |(k, n)| (k, n.clone()));
        return Err(Exceeded {
            key,
            name,
            control: None,
            message: format!(
                "{scope} providers, services and offerings named; at most {MAX_PROVIDER_SCOPE} (providers, the services under them and the offerings we provide) are supported"
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
        if a.offerings.len() > MAX_LINES_PER_CONTROL {
            return Err(Exceeded {
                key: "offerings",
                name: a.offerings[MAX_LINES_PER_CONTROL].offering.clone(),
                control: Some(a.control.clone()),
                message: format!(
                    "control {} has {} offering lines; at most {MAX_LINES_PER_CONTROL} (one per offering we provide) are supported",
                    a.control,
                    a.offerings.len()
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
        assert!(
            e.message.contains("65 providers, services and offerings"),
            "{e}"
        );
    }

    #[test]
    fn the_offerings_we_provide_count_too() {
        let mut m = meta(vec![provider("A", 31), provider("B", 29)], 0);
        m.offerings = (0..2)
            .map(|i| crate::session::Offering {
                name: format!("Ours {i}"),
                ..Default::default()
            })
            .collect();
        assert_eq!(provider_scope(&m), MAX_PROVIDER_SCOPE);
        assert!(check_metadata(&m).is_ok());
        m.offerings.push(crate::session::Offering {
            name: "One too many".into(),
            ..Default::default()
        });
        let e = check_metadata(&m).unwrap_err();
        assert_eq!((e.key, e.name.as_str()), ("offerings", "One too many"));
    }

    #[test]
    fn participants_are_capped_and_the_first_one_over_is_named() {
        assert!(check_metadata(&meta(vec![], MAX_PARTICIPANTS)).is_ok());
        let e = check_metadata(&meta(vec![], MAX_PARTICIPANTS + 1)).unwrap_err();
        assert_eq!(e.key, "participants");
        assert_eq!(e.name, format!("P{MAX_PARTICIPANTS}"));
    }
}
