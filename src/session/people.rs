//! People by side (issue 14): which party a participant speaks for, the names a question
//! about one side offers first, and how a typed name is matched against the names the
//! session knows. One place for these rules; the walk, the form and `gapwalk set` use them.

use super::{Metadata, Participant, Session, Side};

/// The party a participant speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    /// Our own organisation.
    Us,
    /// A provider we use, by name (`None`: a provider's person with no provider named).
    Provider(Option<String>),
    /// In a provider's session, one of our customers, by name.
    Customer(Option<String>),
    /// Someone else (an auditor, an outsourced operator).
    ThirdParty,
}

impl Participant {
    /// Which party the participant speaks for, read from their side and the party they name.
    /// A named party that is a provider of the session is that provider; in a session with a
    /// provider's seat any other name is one of our customers. Without a name, the side says
    /// it: in a customer's session the customer side is us, in a provider's own session
    /// (role `csp`) the provider side is us.
    pub fn party(&self, meta: &Metadata) -> Party {
        let named = self.speaks_for.trim();
        if !named.is_empty() {
            if let Some(p) = meta
                .providers
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(named))
            {
                return Party::Provider(Some(p.name.clone()));
            }
            return Party::Customer(Some(named.to_string()));
        }
        let provider_seat_only = !meta.role.is_customer();
        match self.side {
            Side::Customer if provider_seat_only => Party::Customer(None),
            Side::Customer => Party::Us,
            Side::Provider if provider_seat_only => Party::Us,
            Side::Provider => Party::Provider(None),
            Side::ThirdParty => Party::ThirdParty,
        }
    }
}

/// Checks a party a participant may speak for: empty (us), a provider of the session, or in
/// a session with a provider's seat (role `csp` or `both`) one of our customers by name.
pub fn check_speaks_for(meta: &Metadata, name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty()
        || meta.role.is_provider()
        || meta
            .providers
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(name))
    {
        return Ok(());
    }
    let providers: Vec<&str> = meta.providers.iter().map(|p| p.name.as_str()).collect();
    Err(format!(
        "{:?} is not a provider of this session ({}); a named customer needs a provider's seat (role csp or both)",
        crate::sanitise::one_line(name),
        if providers.is_empty() {
            "it names none".to_string()
        } else {
            format!("it has {}", providers.join(", "))
        }
    ))
}

/// Which side a question about a person is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asking {
    /// Our own people (a customer-side owner, a remediation owner, who accepts a risk).
    Us,
    /// The people of one provider we use (its provider-side owner).
    Provider(String),
}

impl Session {
    /// The names a question offers, that side's first: the participants who speak for it (for a
    /// provider, those named for it, then provider people with no provider named), then the
    /// names recorded on that side before, then everyone else the session knows.
    pub fn names_for(&self, asking: &Asking) -> Vec<String> {
        let meta = &self.meta;
        let mut first: Vec<String> = Vec::new();
        let push = |list: &mut Vec<String>, n: &str| {
            let n = n.trim();
            if !n.is_empty() && !list.iter().any(|m| m == n) {
                list.push(n.to_string());
            }
        };
        let rank = |p: &Participant| -> Option<u8> {
            match (asking, p.party(meta)) {
                (Asking::Us, Party::Us) => Some(0),
                (Asking::Provider(name), Party::Provider(Some(of))) if of == *name => Some(0),
                (Asking::Provider(_), Party::Provider(None)) => Some(1),
                _ => None,
            }
        };
        for level in 0..2 {
            for p in meta.participants.iter().filter(|p| rank(p) == Some(level)) {
                push(&mut first, &p.name);
            }
        }
        if *asking == Asking::Us {
            push(&mut first, &meta.facilitator);
        }
        for a in &self.assessments {
            match asking {
                Asking::Us => {
                    push(&mut first, &a.accountable_owner);
                    for r in &a.responsibilities {
                        push(&mut first, &r.customer_owner);
                    }
                    if let Some(rem) = &a.remediation {
                        push(&mut first, &rem.owner);
                    }
                }
                Asking::Provider(name) => {
                    if let Some(r) = a.responsibility(name) {
                        push(&mut first, &r.provider_owner);
                    }
                }
            }
        }
        for n in self.known_names() {
            push(&mut first, &n);
        }
        first
    }
}

/// What a typed name is, against the names the session knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameMatch {
    /// A known name, as typed (letter case aside).
    Known(String),
    /// The start of exactly one known name (of it, or of one of its words): that name.
    Only(String),
    /// The start of several known names: which one is meant is not said.
    Several(Vec<String>),
    /// A name the session does not know yet.
    New,
}

/// Matches a typed name: "Bruno" is "Bruno Costa" when no other known name starts so.
pub fn match_name(typed: &str, known: &[String]) -> NameMatch {
    let typed = typed.trim();
    if typed.is_empty() {
        return NameMatch::New;
    }
    if let Some(n) = known.iter().find(|n| n.trim().eq_ignore_ascii_case(typed)) {
        return NameMatch::Known(n.trim().to_string());
    }
    let lower = typed.to_lowercase();
    let mut hits: Vec<String> = known
        .iter()
        .map(|n| n.trim())
        .filter(|n| {
            let name = n.to_lowercase();
            name.starts_with(&lower) || name.split_whitespace().any(|w| w.starts_with(&lower))
        })
        .map(str::to_string)
        .collect();
    hits.dedup();
    match hits.len() {
        0 => NameMatch::New,
        1 => NameMatch::Only(hits.remove(0)),
        _ => NameMatch::Several(hits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::{Provider, Role, Timestamp};

    fn person(name: &str, side: Side, speaks_for: &str) -> Participant {
        Participant {
            name: name.into(),
            role: String::new(),
            side,
            speaks_for: speaks_for.into(),
        }
    }

    fn session() -> Session {
        let mut s = Session::new("t", &default_catalogue(), Timestamp::from_unix(0).unwrap());
        s.meta.role = Role::Both;
        for name in ["AWS", "Azure"] {
            s.meta.providers.push(Provider {
                name: name.into(),
                services: Vec::new(),
            });
        }
        s.meta.participants = vec![
            person("Ana Lima", Side::Customer, ""),
            person("Zoe Azure", Side::Provider, "Azure"),
            person("Marta Ruiz", Side::Provider, "AWS"),
            person("Bruno Costa", Side::Customer, ""),
            person("Carla Client", Side::Customer, "Acme Bank"),
        ];
        s
    }

    #[test]
    fn a_participant_speaks_for_us_a_named_provider_or_a_named_customer() {
        let s = session();
        let parties: Vec<Party> = s
            .meta
            .participants
            .iter()
            .map(|p| p.party(&s.meta))
            .collect();
        assert_eq!(
            parties,
            [
                Party::Us,
                Party::Provider(Some("Azure".into())),
                Party::Provider(Some("AWS".into())),
                Party::Us,
                Party::Customer(Some("Acme Bank".into())),
            ]
        );
        // In a provider's own session the provider side is us.
        let mut csp = s.clone();
        csp.meta.role = Role::Csp;
        assert_eq!(person("P", Side::Provider, "").party(&csp.meta), Party::Us);
        assert_eq!(
            person("C", Side::Customer, "").party(&csp.meta),
            Party::Customer(None)
        );
        // A customer's session has no customers of its own to name.
        let mut csc = s.clone();
        csc.meta.role = Role::Csc;
        assert!(check_speaks_for(&csc.meta, "Acme Bank").is_err());
        assert!(check_speaks_for(&csc.meta, "aws").is_ok());
        assert!(check_speaks_for(&s.meta, "Acme Bank").is_ok());
    }

    #[test]
    fn a_question_offers_the_people_of_its_side_first() {
        let mut s = session();
        // An earlier answer on AWS's line counts as one of AWS's people.
        let mut a = crate::session::Assessment::new("9.2.3");
        a.responsibility_mut("AWS").provider_owner = "AWS IAM team".into();
        s.assessments.push(a);
        let aws = s.names_for(&Asking::Provider("AWS".into()));
        assert_eq!(aws[..2], ["Marta Ruiz", "AWS IAM team"]);
        assert!(aws.contains(&"Ana Lima".to_string()), "everyone else after");
        let azure = s.names_for(&Asking::Provider("Azure".into()));
        assert_eq!(azure[0], "Zoe Azure");
        let ours = s.names_for(&Asking::Us);
        assert_eq!(ours[..2], ["Ana Lima", "Bruno Costa"]);
        assert!(ours.iter().position(|n| n == "Marta Ruiz") > Some(1));
    }

    #[test]
    fn a_typed_name_is_a_known_one_the_only_one_it_starts_or_new() {
        let known: Vec<String> = ["Bruno Costa", "Ana Lima", "Ana Souza"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            match_name("bruno costa", &known),
            NameMatch::Known("Bruno Costa".into())
        );
        assert_eq!(
            match_name("Bruno", &known),
            NameMatch::Only("Bruno Costa".into())
        );
        assert_eq!(
            match_name("cost", &known),
            NameMatch::Only("Bruno Costa".into())
        );
        assert_eq!(
            match_name("Ana", &known),
            NameMatch::Several(vec!["Ana Lima".into(), "Ana Souza".into()])
        );
        assert_eq!(match_name("Dora", &known), NameMatch::New);
    }
}
