//! The provider's side of the boundary. A session whose role is `csp` or `both` names the
//! offerings the organisation provides, and records per control the offering's line: who holds
//! the control between us and our customers, what we do, what our customers must do, the
//! evidence we give them and whom they ask. A responsibility line (a provider we use) may carry
//! where its values came from when they were imported from that provider's matrix, and whether
//! the workshop has confirmed them yet. Pure data and the rules of which lines a role records.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Assessment, Holder, Metadata, Role};

/// An offering the organisation provides to its customers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    /// How customers know it ("Northwind Payroll, to our clients").
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// For one offering: who holds the control between us and our customers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferingLine {
    pub offering: String,
    /// The same ownership classes as a provider line, seen from the provider's seat:
    /// `provider` is us, `customer` our customers.
    #[serde(default)]
    pub holder: Holder,
    /// What we do for our customers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub we_do: String,
    /// What our customers must do themselves.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_must: String,
    /// The evidence we give customers (a report, a certificate, a section of one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_evidence: String,
    /// Whom customers ask about the control, by role.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact_role: String,
}

impl OfferingLine {
    pub fn default_for(offering: &str) -> OfferingLine {
        OfferingLine {
            offering: offering.to_string(),
            ..OfferingLine::default()
        }
    }
}

/// Where a responsibility line's imported values came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The file name (no folder: it may be private).
    pub file: String,
    /// The file's date (its modification date when imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The sha256 of the file's bytes, in hex.
    pub sha256: String,
}

/// Which kinds of line a control has in a session of a given role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seats {
    /// The providers we use: a customer's lines.
    pub providers: Vec<String>,
    /// The offerings we provide: a provider's lines.
    pub offerings: Vec<String>,
}

/// One line a control has: a provider we use, or an offering we provide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seat {
    /// The customer's seat: what we and this provider hold (its questions are the catalogue's
    /// customer-seat prompts).
    Provider(String),
    /// The provider's seat: what we and our customers of this offering hold (its questions are
    /// the catalogue's `provider_seat_prompt`).
    Offering(String),
}

impl Seats {
    /// Every line in the order a walk asks them: the providers we use, then our offerings.
    pub fn lines(&self) -> Vec<Seat> {
        self.providers
            .iter()
            .cloned()
            .map(Seat::Provider)
            .chain(self.offerings.iter().cloned().map(Seat::Offering))
            .collect()
    }
}

impl Role {
    /// Whether the session sits in the customer's seat (it uses providers).
    pub fn is_customer(self) -> bool {
        matches!(self, Role::Csc | Role::Both)
    }

    /// Whether the session sits in the provider's seat (it provides offerings).
    pub fn is_provider(self) -> bool {
        matches!(self, Role::Csp | Role::Both)
    }
}

impl Metadata {
    /// The lines every control has for this session's role: one per provider we use (a
    /// customer's seat), one per offering we provide (a provider's seat). A provider session
    /// with no provider named has no provider lines; a customer session with no provider named
    /// keeps its one unnamed line.
    pub fn seats(&self) -> Seats {
        Seats {
            providers: if self.role.is_customer() || !self.providers.is_empty() {
                super::providers::names(self)
            } else {
                Vec::new()
            },
            offerings: if self.role.is_provider() {
                self.offerings.iter().map(|o| o.name.clone()).collect()
            } else {
                Vec::new()
            },
        }
    }
}

impl Assessment {
    /// The line of an offering, if recorded.
    pub fn offering(&self, offering: &str) -> Option<&OfferingLine> {
        self.offerings.iter().find(|o| o.offering == offering)
    }

    /// The line of an offering, created when missing.
    pub fn offering_mut(&mut self, offering: &str) -> &mut OfferingLine {
        if let Some(i) = self.offerings.iter().position(|o| o.offering == offering) {
            return &mut self.offerings[i];
        }
        self.offerings.push(OfferingLine::default_for(offering));
        let last = self.offerings.len() - 1;
        &mut self.offerings[last]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::{Provider, Session, Timestamp};

    #[test]
    fn each_role_has_the_lines_of_its_seats() {
        let mut s = Session::new("t", &default_catalogue(), Timestamp::from_unix(0).unwrap());
        s.meta.offerings.push(Offering {
            name: "Payroll".into(),
            description: String::new(),
        });
        let lines = |s: &Session| s.meta.seats().lines();
        // A customer asks about its (unnamed) provider, never about an offering.
        assert_eq!(lines(&s), [Seat::Provider("provider".into())]);
        s.meta.role = Role::Csp;
        assert_eq!(lines(&s), [Seat::Offering("Payroll".into())]);
        s.meta.providers.push(Provider {
            name: "AWS".into(),
            services: Vec::new(),
        });
        s.meta.role = Role::Both;
        assert_eq!(
            lines(&s),
            [
                Seat::Provider("AWS".into()),
                Seat::Offering("Payroll".into())
            ]
        );
    }
}
