//! The closed vocabularies of a session (role, side, applicability, reason, exclusion, holder, status,
//! evidence kind, priority), each with the word files and the command line use and the words
//! people read, from one table per type.

use serde::{Deserialize, Serialize};

/// Declares one vocabulary: the enum (its serde name is its snake_case word, the same word as
/// its `key`), and for each value the word files and the command line use and the words people
/// read. Shared by the CLI, exports and the TUI.
macro_rules! vocabulary {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $($(#[$vattr:meta])* $variant:ident => $key:literal, $label:literal),+ $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            Serialize,
            Deserialize,
            schemars::JsonSchema,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vattr])* $variant),+
        }

        impl $name {
            /// The word used in files and on the command line.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
            /// The words shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            /// Parses the file/command-line word.
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
            /// Every file/command-line word, for messages.
            pub fn keys() -> &'static [&'static str] {
                &[$($key),+]
            }
        }
    };
}

vocabulary! {
    /// Which side of the shared-responsibility boundary the organisation running the session is on.
    #[derive(Default)]
    pub enum Role {
        #[default]
        Csc => "csc", "cloud service customer",
        Csp => "csp", "cloud service provider",
        Both => "both", "customer and provider",
    }
}

vocabulary! {
    /// The side a participant speaks for.
    #[derive(Default)]
    pub enum Side {
        #[default]
        Customer => "customer", "customer",
        Provider => "provider", "provider",
        ThirdParty => "third_party", "third party",
    }
}

vocabulary! {
    #[derive(Default)]
    pub enum Applicability {
        #[default]
        Undecided => "undecided", "undecided",
        Applicable => "applicable", "applicable",
        NotApplicable => "not_applicable", "not applicable",
    }
}

vocabulary! {
    /// Why a control is included or excluded (the SoA's justification categories).
    pub enum Reason {
        RiskAssessment => "risk_assessment", "risk assessment",
        LegalRegulatory => "legal_regulatory", "legal or regulatory",
        Contractual => "contractual", "contractual",
        BusinessNeed => "business_need", "business need",
    }
}

vocabulary! {
    /// Why a control is excluded: a vocabulary of its own, since the reasons for including a
    /// control (a risk, a law, a contract, a business need) do not justify leaving one out.
    pub enum Exclusion {
        /// The organisation has no asset or activity the control is about, within the scope.
        NoAssetOrActivity => "no_asset_or_activity", "no such asset or activity in scope",
        /// The risk the control treats does not arise here.
        RiskNotPresent => "risk_not_present", "risk not present",
        /// Another control of the ISMS already meets the objective.
        MetByOtherControl => "met_by_other_control", "met by another control of the ISMS",
    }
}

impl Exclusion {
    pub const ALL: [Exclusion; 3] = [
        Exclusion::NoAssetOrActivity,
        Exclusion::RiskNotPresent,
        Exclusion::MetByOtherControl,
    ];
}

vocabulary! {
    /// Who holds a control for one provider (the ownership classes of CSA CCM).
    #[derive(Default)]
    pub enum Holder {
        #[default]
        Undecided => "undecided", "undecided",
        Customer => "customer", "customer",
        Provider => "provider", "provider",
        Shared => "shared", "shared",
        ThirdParty => "third_party", "third party",
        SharedProviderThirdParty => "shared_provider_third_party", "provider and third party",
        /// CSA CCM's "not applicable": this provider has nothing to do with the control. It says
        /// nothing about whether the control applies to us, so it never excludes the control; it
        /// leaves open who holds it.
        NotApplicable => "not_applicable", "not applicable to this provider",
    }
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

vocabulary! {
    #[derive(Default)]
    pub enum Status {
        #[default]
        Unknown => "unknown", "unknown",
        Implemented => "implemented", "implemented",
        Partial => "partial", "partially implemented",
        Planned => "planned", "planned",
        NotImplemented => "not_implemented", "not implemented",
    }
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

vocabulary! {
    #[derive(Default)]
    pub enum EvidenceKind {
        #[default]
        Document => "document", "document",
        Url => "url", "URL",
        File => "file", "file",
        Ticket => "ticket", "ticket",
    }
}

vocabulary! {
    #[derive(Default)]
    pub enum Priority {
        Low => "low", "low",
        #[default]
        Medium => "medium", "medium",
        High => "high", "high",
        Critical => "critical", "critical",
    }
}
