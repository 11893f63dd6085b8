//! The session details as the details form shows them: one line of text per row (title,
//! role, providers, participants, data locations, offerings), its label and how it is written,
//! the keys a merge records its conflicts under, and what of it is internal. Writing a row back
//! from its line is exact: `value` then `set` changes nothing. No terminal code here.

use super::MetaKey;
use crate::session::{DataLocation, Metadata, Participant, Provider, Role, Side};

/// The session details, each edited as one line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaField {
    Title,
    Organisation,
    Scope,
    Role,
    Facilitator,
    Providers,
    Participants,
    DataLocations,
    /// The offerings we provide (a provider's seat).
    Offerings,
}

impl MetaField {
    pub const ALL: [MetaField; 9] = [
        MetaField::Title,
        MetaField::Organisation,
        MetaField::Scope,
        MetaField::Role,
        MetaField::Facilitator,
        MetaField::Providers,
        MetaField::Participants,
        MetaField::DataLocations,
        MetaField::Offerings,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MetaField::Title => "Title",
            MetaField::Organisation => "Organisation",
            MetaField::Scope => "Scope",
            MetaField::Role => "Our role",
            MetaField::Facilitator => "Facilitator",
            MetaField::Providers => "Providers",
            MetaField::Participants => "Participants",
            MetaField::DataLocations => "Data locations",
            MetaField::Offerings => "Offerings we provide",
        }
    }

    /// How the line is written, shown under the field while editing.
    pub fn hint(self) -> &'static str {
        match self {
            MetaField::Role => "1 customer (csc), 2 provider (csp), 3 both",
            MetaField::Providers => {
                "Name: service, service; Name: service   (\\ before ; / : , keeps it as text)"
            }
            MetaField::Participants => {
                "Name / role / customer|provider|third_party|a provider's name [/ for whom]; ...   (\\ before ; or / keeps it as text)"
            }
            MetaField::DataLocations => {
                "provider / location / jurisdiction / notes; ...   (\\ before ; or / keeps it as text)"
            }
            MetaField::Offerings => {
                "Name / description; ...   (role csp or both; \\ before ; or / keeps it as text)"
            }
            _ => "",
        }
    }

    pub fn value(self, m: &Metadata) -> String {
        use super::list::escape;
        match self {
            MetaField::Title => m.title.clone(),
            MetaField::Organisation => m.organisation.clone(),
            MetaField::Scope => m.scope.clone(),
            MetaField::Role => m.role.label().to_string(),
            MetaField::Facilitator => m.facilitator.clone(),
            MetaField::Providers => m
                .providers
                .iter()
                .map(|p| {
                    if p.services.is_empty() {
                        escape(&p.name)
                    } else {
                        let services: Vec<String> = p.services.iter().map(|s| escape(s)).collect();
                        format!("{}: {}", escape(&p.name), services.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            MetaField::Participants => m
                .participants
                .iter()
                .map(|p| {
                    let line = format!(
                        "{} / {} / {}",
                        escape(&p.name),
                        escape(&p.role),
                        p.side.key()
                    );
                    if p.speaks_for.is_empty() {
                        line
                    } else {
                        format!("{line} / {}", escape(&p.speaks_for))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            MetaField::DataLocations => m
                .data_locations
                .iter()
                .map(|d| {
                    let line = format!(
                        "{} / {} / {}",
                        escape(&d.provider),
                        escape(&d.location),
                        escape(&d.jurisdiction)
                    );
                    if d.notes.is_empty() {
                        line
                    } else {
                        format!("{line} / {}", escape(&d.notes))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            MetaField::Offerings => m
                .offerings
                .iter()
                .map(|o| {
                    if o.description.is_empty() {
                        escape(&o.name)
                    } else {
                        format!("{} / {}", escape(&o.name), escape(&o.description))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// Reads the field back from its line; `value` then `set` changes nothing.
    pub fn set(self, m: &mut Metadata, text: &str) -> Result<(), String> {
        use super::list::{split, split_once, value};
        let items = || {
            split(text, ';')
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
        };
        let parts =
            |item: &str| -> Vec<String> { split(item, '/').into_iter().map(value).collect() };
        match self {
            MetaField::Title => {
                if text.trim().is_empty() {
                    return Err("a session needs a title".into());
                }
                m.title = text.trim().into()
            }
            MetaField::Organisation => m.organisation = text.trim().into(),
            MetaField::Scope => m.scope = text.trim().into(),
            MetaField::Facilitator => m.facilitator = text.trim().into(),
            MetaField::Role => {
                let text = text.trim();
                m.role = Role::from_key(text)
                    .or_else(|| {
                        [Role::Csc, Role::Csp, Role::Both]
                            .into_iter()
                            .find(|r| r.label() == text)
                    })
                    .ok_or_else(|| format!("role is one of: {}", Role::keys().join(", ")))?
            }
            MetaField::Providers => {
                // `Name: service, service` when there is a colon; without one, commas separate
                // provider names, as people type them ("AWS, Azure").
                m.providers = items()
                    .into_iter()
                    .flat_map(|item| match split_once(item, ':') {
                        Some((name, services)) => vec![Provider {
                            name: value(name),
                            services: split(services, ',')
                                .into_iter()
                                .map(value)
                                .filter(|s| !s.is_empty())
                                .collect(),
                        }],
                        None => split(item, ',')
                            .into_iter()
                            .map(value)
                            .filter(|name| !name.is_empty())
                            .map(|name| Provider {
                                name,
                                services: Vec::new(),
                            })
                            .collect(),
                    })
                    .collect()
            }
            MetaField::Participants => {
                let mut list = Vec::new();
                for item in items() {
                    let p = parts(item);
                    // The third part is a side, or the provider they speak for (its side is
                    // then the provider's); a fourth names the party they speak for.
                    let provider = |s: &str| {
                        m.providers
                            .iter()
                            .find(|pr| pr.name.eq_ignore_ascii_case(s))
                            .map(|pr| pr.name.clone())
                    };
                    let (side, mut speaks_for) = match p.get(2).map(String::as_str) {
                        None | Some("") => (Side::Customer, String::new()),
                        Some(s) => match Side::from_key(&s.to_lowercase().replace('-', "_")) {
                            Some(side) => (side, String::new()),
                            None => match provider(s) {
                                Some(name) => (Side::Provider, name),
                                None => {
                                    return Err(format!(
                                        "{s:?} is not a side or a provider; write one of: {}, or a provider's name (a \\ before / or ; keeps it as text)",
                                        Side::keys().join(", ")
                                    ));
                                }
                            },
                        },
                    };
                    if let Some(party) = p.get(3).filter(|x| !x.trim().is_empty()) {
                        crate::session::people::check_speaks_for(m, party)?;
                        speaks_for = provider(party).unwrap_or_else(|| party.trim().to_string());
                    }
                    list.push(Participant {
                        name: p[0].clone(),
                        role: p.get(1).cloned().unwrap_or_default(),
                        side,
                        speaks_for,
                    });
                }
                m.participants = list;
            }
            MetaField::DataLocations => {
                m.data_locations = items()
                    .into_iter()
                    .map(|item| {
                        let p = parts(item);
                        DataLocation {
                            provider: p[0].clone(),
                            location: p.get(1).cloned().unwrap_or_default(),
                            jurisdiction: p.get(2).cloned().unwrap_or_default(),
                            notes: p.get(3..).map(|rest| rest.join(" / ")).unwrap_or_default(),
                        }
                    })
                    .collect()
            }
            MetaField::Offerings => {
                m.offerings = items()
                    .into_iter()
                    .map(|item| {
                        let p = parts(item);
                        crate::session::Offering {
                            name: p[0].clone(),
                            description: p
                                .get(1..)
                                .map(|rest| rest.join(" / "))
                                .unwrap_or_default(),
                        }
                    })
                    .filter(|o| !o.name.is_empty())
                    .collect()
            }
        }
        // The documented caps hold for what is typed here as for a file that is loaded.
        crate::session::limits::check_metadata(m).map_err(|over| over.message)
    }
}

impl MetaField {
    /// The keys a merge records this row's conflicts under.
    pub fn keys(self) -> &'static [MetaKey] {
        match self {
            MetaField::Title => &[MetaKey::Title],
            MetaField::Organisation => &[MetaKey::Organisation],
            MetaField::Scope => &[MetaKey::Scope],
            MetaField::Role => &[MetaKey::Role],
            MetaField::Facilitator => &[MetaKey::Facilitator],
            MetaField::Providers => &[MetaKey::Provider],
            MetaField::Participants => &[
                MetaKey::Participant,
                MetaKey::ParticipantRole,
                MetaKey::ParticipantSide,
            ],
            MetaField::DataLocations => &[],
            MetaField::Offerings => &[MetaKey::Offering, MetaKey::OfferingDescription],
        }
    }

    /// Whether the row holds something internal (a data location's notes): presenter view does
    /// not open its editor, which would show it on the shared screen.
    pub fn holds_internal(self) -> bool {
        self == MetaField::DataLocations
    }
}

/// The session details as the external edition shows them and presenter view draws them: a
/// data location's notes are internal and left out; everything else is external.
pub fn external_details(meta: &Metadata) -> Metadata {
    let mut meta = meta.clone();
    for location in &mut meta.data_locations {
        location.notes.clear();
    }
    meta
}
