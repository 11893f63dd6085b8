//! The closed vocabularies of a session (role, side, applicability, reason, exclusion, holder, status,
//! evidence kind, priority), each with the word files and the command line use and the words
//! people read, from one table per type.

use serde::{Deserialize, Serialize};

/// Which side of the shared-responsibility boundary the organisation running the session is on.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Csc,
    Csp,
    Both,
}

/// The side a participant speaks for.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    #[default]
    Customer,
    Provider,
    ThirdParty,
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    #[default]
    Undecided,
    Applicable,
    NotApplicable,
}

/// Why a control is included or excluded (the SoA's justification categories).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    RiskAssessment,
    LegalRegulatory,
    Contractual,
    BusinessNeed,
}

/// Why a control is excluded: a vocabulary of its own, since the reasons for including a
/// control (a risk, a law, a contract, a business need) do not justify leaving one out.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// The organisation has no asset or activity the control is about, within the scope.
    NoAssetOrActivity,
    /// The risk the control treats does not arise here.
    RiskNotPresent,
    /// Another control of the ISMS already meets the objective.
    MetByOtherControl,
}

impl Exclusion {
    pub const ALL: [Exclusion; 3] = [
        Exclusion::NoAssetOrActivity,
        Exclusion::RiskNotPresent,
        Exclusion::MetByOtherControl,
    ];
}

/// Who holds a control for one provider (the ownership classes of CSA CCM).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Holder {
    #[default]
    Undecided,
    Customer,
    Provider,
    Shared,
    ThirdParty,
    SharedProviderThirdParty,
    /// CSA CCM's "not applicable": this provider has nothing to do with the control. It says
    /// nothing about whether the control applies to us, so it never excludes the control; it
    /// leaves open who holds it.
    NotApplicable,
}

impl Holder {
    pub const ALL: [Holder; 7] = [
        Holder::Customer,
        Holder::Provider,
        Holder::Shared,
        Holder::ThirdParty,
        Holder::SharedProviderThirdParty,
        Holder::Undecided,
        // Last, so the digits people already know keep their meaning.
        Holder::NotApplicable,
    ];

    /// Whether someone on the customer side must own part of the control.
    pub fn needs_customer_owner(self) -> bool {
        matches!(self, Holder::Customer | Holder::Shared)
    }

    /// Whether the provider holds all or part of the control on this line: the customer
    /// inherits something and relies on the provider's assurance for it.
    pub fn inherits_from_provider(self) -> bool {
        matches!(
            self,
            Holder::Provider | Holder::Shared | Holder::SharedProviderThirdParty
        )
    }

    /// Whether someone outside the organisation holds all or part of the control: an
    /// outsourced control is applicable, whoever runs it.
    pub fn is_outsourced(self) -> bool {
        self.needs_provider_owner()
    }

    /// Whether someone on the provider (or third-party) side must own part of it.
    pub fn needs_provider_owner(self) -> bool {
        matches!(
            self,
            Holder::Provider
                | Holder::Shared
                | Holder::ThirdParty
                | Holder::SharedProviderThirdParty
        )
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Unknown,
    Implemented,
    Partial,
    Planned,
    NotImplemented,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::RiskAssessment,
        Reason::LegalRegulatory,
        Reason::Contractual,
        Reason::BusinessNeed,
    ];
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Critical,
        Priority::High,
        Priority::Medium,
        Priority::Low,
    ];
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Implemented,
        Status::Partial,
        Status::Planned,
        Status::NotImplemented,
        Status::Unknown,
    ];
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    #[default]
    Document,
    Url,
    File,
    Ticket,
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Medium,
    High,
    Critical,
}

/// Display names for the enums, shared by the CLI, exports and the TUI.
macro_rules! labels {
    ($ty:ty { $($variant:ident => $key:literal, $label:literal),+ $(,)? }) => {
        impl $ty {
            /// The word used in files and on the command line.
            pub fn key(self) -> &'static str {
                match self { $(<$ty>::$variant => $key),+ }
            }
            /// The words shown to people.
            pub fn label(self) -> &'static str {
                match self { $(<$ty>::$variant => $label),+ }
            }
            /// Parses the file/command-line word.
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some(<$ty>::$variant),)+ _ => None }
            }
            /// Every file/command-line word, for messages.
            pub fn keys() -> &'static [&'static str] {
                &[$($key),+]
            }
        }
    };
}

labels!(Role { Csc => "csc", "cloud service customer", Csp => "csp", "cloud service provider", Both => "both", "customer and provider" });
labels!(Side { Customer => "customer", "customer", Provider => "provider", "provider", ThirdParty => "third_party", "third party" });
labels!(Applicability { Undecided => "undecided", "undecided", Applicable => "applicable", "applicable", NotApplicable => "not_applicable", "not applicable" });
labels!(Reason { RiskAssessment => "risk_assessment", "risk assessment", LegalRegulatory => "legal_regulatory", "legal or regulatory", Contractual => "contractual", "contractual", BusinessNeed => "business_need", "business need" });
labels!(Exclusion { NoAssetOrActivity => "no_asset_or_activity", "no such asset or activity in scope", RiskNotPresent => "risk_not_present", "risk not present", MetByOtherControl => "met_by_other_control", "met by another control of the ISMS" });
labels!(Holder { Undecided => "undecided", "undecided", Customer => "customer", "customer", Provider => "provider", "provider", Shared => "shared", "shared", ThirdParty => "third_party", "third party", SharedProviderThirdParty => "shared_provider_third_party", "provider and third party", NotApplicable => "not_applicable", "not applicable to this provider" });
labels!(Status { Unknown => "unknown", "unknown", Implemented => "implemented", "implemented", Partial => "partial", "partially implemented", Planned => "planned", "planned", NotImplemented => "not_implemented", "not implemented" });
labels!(EvidenceKind { Document => "document", "document", Url => "url", "URL", File => "file", "file", Ticket => "ticket", "ticket" });
labels!(Priority { Low => "low", "low", Medium => "medium", "medium", High => "high", "high", Critical => "critical", "critical" });
