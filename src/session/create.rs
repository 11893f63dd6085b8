//! Making a new session from what a facilitator says about it (title, organisation, role,
//! providers, scope, facilitator): the one place `gapwalk new` and the start screen's
//! new-session form both build one.

use super::{Offering, Provider, Role, Session, Timestamp};
use crate::catalogue::Catalogue;

/// What a new session starts with; shared by `gapwalk new` and the start screen's new-session form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewSession {
    pub title: String,
    pub organisation: String,
    pub role: Role,
    pub providers: Vec<String>,
    pub scope: String,
    pub facilitator: String,
    /// The offerings we provide (a provider's seat).
    pub offerings: Vec<String>,
}

/// Builds a session for a catalogue; `catalogue_file` is recorded when it came from a file.
pub fn new_session(
    spec: &NewSession,
    catalogue: &Catalogue,
    catalogue_file: Option<String>,
    now: Timestamp,
) -> Session {
    let title = if spec.title.trim().is_empty() {
        "Untitled workshop"
    } else {
        spec.title.trim()
    };
    let mut session = Session::new(title, catalogue, now);
    session.catalogue.file = catalogue_file;
    session.meta.organisation = spec.organisation.trim().to_string();
    session.meta.role = spec.role;
    session.meta.scope = spec.scope.trim().to_string();
    session.meta.facilitator = spec.facilitator.trim().to_string();
    for name in &spec.providers {
        let name = name.trim();
        if !name.is_empty() && !session.meta.providers.iter().any(|p| p.name == name) {
            session.meta.providers.push(Provider {
                name: name.to_string(),
                services: Vec::new(),
            });
        }
    }
    for name in &spec.offerings {
        let name = name.trim();
        if !name.is_empty() && !session.meta.offerings.iter().any(|o| o.name == name) {
            session.meta.offerings.push(Offering {
                name: name.to_string(),
                description: String::new(),
            });
        }
    }
    session
}
