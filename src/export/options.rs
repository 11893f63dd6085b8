//! What an export is asked for: the view, the file format, the control numbering and the
//! audience. Plain enums with the words the command line and the TUI use; no rendering here.

use crate::catalogue::Catalogue;

/// Declares an option enum with its command-line word and a one-line description.
macro_rules! option_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $key:literal, $help:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word used on the command line, in the TUI and in json.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// What the choice does, for `--help`.
            pub fn help(self) -> &'static str {
                match self { $($name::$variant => $help),+ }
            }

            pub fn from_key(key: &str) -> Option<$name> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }

            pub fn keys() -> Vec<&'static str> {
                $name::ALL.iter().map(|v| v.key()).collect()
            }
        }
    };
}

option_enum!(
    /// Which workshop output to produce.
    View {
        Soa => "soa", "Statement of Applicability draft: every control, applicable or not, why, and its status",
        Gaps => "gaps", "gap register and action plan, then risk acceptances",
        Responsibility => "responsibility", "shared-responsibility matrix: each control by provider we use, and in a provider's session by offering we provide",
        Minutes => "minutes", "meeting minutes: the meetings, participants, controls covered, decision log, action list, risk acceptances, controls parked and why, progress",
        Crm => "crm", "customer responsibility matrix of one offering we provide: who holds each control, what we do, what customers must do, our evidence",
        RiskAcceptances => "risk-acceptances", "risk acceptances alone: who accepted which gap, why, until when (internal edition)",
        About => "about", "the metadata alone: title, edition, scope, catalogue, numbering, when generated (csv's place for it)",
    }
);

option_enum!(
    /// The file format.
    Format {
        Md => "md", "Markdown that renders on GitHub",
        Csv => "csv", "UTF-8 csv (RFC 4180) for spreadsheets",
        Xlsx => "xlsx", "Excel workbook, one sheet per view",
        Html => "html", "one self-contained printable page with summary charts",
        Json => "json", "structured data with a format_version, for scripts",
        Docx => "docx", "Word document (landscape on --paper, real tables, header rows repeated) for the SoA, the gaps or the minutes",
        Oscal => "oscal", "OSCAL 1.2 json: --view soa a system security plan (its profile and catalog written beside it), --view gaps a plan of action and milestones",
    }
);

option_enum!(
    /// Which control ids the SoA is listed by.
    Numbering {
        Iso27017 => "iso27017", "the session catalogue's own ids (ISO/IEC 27017 / 27002:2013 for the default catalogue)",
        Iso27001_2022 => "iso27001-2022", "the default: the 93 ISO/IEC 27001:2022 Annex A controls, then the cloud controls as additional ones",
    }
);

option_enum!(
    /// The paper a workbook or a Word document is set up to print on.
    Paper {
        A4 => "a4", "ISO A4, 210 × 297 mm",
        Letter => "letter", "US Letter, 8.5 × 11 in",
    }
);

impl Paper {
    /// Excel's paper-size code.
    pub fn excel_code(self) -> u8 {
        match self {
            Paper::A4 => 9,
            Paper::Letter => 1,
        }
    }
}

option_enum!(
    /// Who the output is for.
    Audience {
        Internal => "internal", "everything recorded, for the team",
        External => "external", "what a customer or auditor may see before review: no notes, gap text, remediation actions, risk acceptances or risk ids, and minutes without the decision log or why controls were parked",
    }
);

impl View {
    /// The views an xlsx workbook holds when no view is chosen: the risk acceptances are on the
    /// gaps sheet and the metadata on the About sheet already.
    /// A provider's customer responsibility matrix follows them when the session provides an
    /// offering (the export leaves it out otherwise).
    pub const SHEETS: &'static [View] = &[
        View::Soa,
        View::Gaps,
        View::Responsibility,
        View::Minutes,
        View::Crm,
    ];

    /// The heading and sheet name of the view.
    pub fn title(self) -> &'static str {
        match self {
            View::Soa => "Statement of Applicability",
            View::Gaps => "Gap register and action plan",
            View::Responsibility => "Shared-responsibility matrix",
            View::Minutes => "Workshop minutes",
            View::Crm => "Customer responsibility matrix",
            View::RiskAcceptances => "Risk acceptances",
            View::About => "About this export",
        }
    }

    /// A short name that fits an Excel sheet tab (31 characters at most).
    pub fn sheet_name(self) -> &'static str {
        match self {
            View::Soa => "SoA",
            View::Gaps => "Gaps",
            View::Responsibility => "Responsibility",
            View::Minutes => "Minutes",
            View::Crm => "CRM",
            View::RiskAcceptances => "Risk acceptances",
            View::About => "About",
        }
    }
}

impl Format {
    /// Whether the bytes are text that can go to a terminal or a pipe as they are.
    pub fn is_text(self) -> bool {
        !matches!(self, Format::Xlsx | Format::Docx)
    }

    /// The file name extension of an export in this format (OSCAL is json, told apart from
    /// gapwalk's own json by its name).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Oscal => "oscal.json",
            other => other.key(),
        }
    }
}

impl Numbering {
    /// ISO/IEC 27001:2022 Annex A for every catalogue: since the 2013 edition's certificates
    /// expired, that is the numbering a certification audit reads. The catalogue's own ids stay
    /// in the source column and on request (`iso27017`).
    pub fn default_for(_catalogue: &Catalogue) -> Numbering {
        Numbering::Iso27001_2022
    }

    /// The numbering of the catalogue's own ids: what the views that keep a row per control
    /// (gaps, responsibility, minutes) are listed by.
    pub fn own_for(catalogue: &Catalogue) -> Numbering {
        if catalogue.id == super::ANNEX_A_CATALOGUE {
            Numbering::Iso27001_2022
        } else {
            Numbering::Iso27017
        }
    }

    /// How the metadata block names the numbering of a session on `catalogue_id`.
    pub fn label(self, catalogue_id: &str) -> String {
        match self {
            Numbering::Iso27017 => format!("the catalogue's own ids ({catalogue_id})"),
            Numbering::Iso27001_2022 => "ISO/IEC 27001:2022 Annex A".into(),
        }
    }
}

impl Audience {
    /// The short marking printed on every page (header, footer, running head).
    pub fn marking(self) -> &'static str {
        match self {
            Audience::Internal => "INTERNAL edition: not for sharing before review",
            Audience::External => "External edition for customers and auditors",
        }
    }

    /// The edition line of the metadata block.
    pub fn edition(self) -> &'static str {
        match self {
            Audience::Internal => {
                "internal edition: everything recorded, including notes, gap details and risk acceptances; not for sharing before review"
            }
            Audience::External => {
                "external edition for customers and auditors: internal notes, gap details and risk acceptances are left out"
            }
        }
    }
}

/// A complete export request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// `None` means every view, one sheet each (xlsx only).
    pub view: Option<View>,
    pub format: Format,
    /// `None` means the numbering of the session's catalogue.
    pub numbering: Option<Numbering>,
    pub audience: Audience,
    /// The paper a workbook prints on (xlsx page set-up).
    pub paper: Paper,
}

impl ExportOptions {
    pub fn new(format: Format) -> ExportOptions {
        ExportOptions {
            view: Some(View::Soa),
            format,
            numbering: None,
            audience: Audience::Internal,
            paper: Paper::A4,
        }
    }

    /// The views written, in sheet order.
    pub fn views(&self) -> Vec<View> {
        match self.view {
            Some(v) => vec![v],
            None => View::SHEETS.to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_sheet_names_fit_excel() {
        for v in View::ALL {
            assert_eq!(View::from_key(v.key()), Some(*v));
            assert!(v.sheet_name().len() <= 31);
        }
        for f in Format::ALL {
            assert_eq!(Format::from_key(f.key()), Some(*f));
        }
        assert_eq!(
            Numbering::from_key("iso27001-2022"),
            Some(Numbering::Iso27001_2022)
        );
        assert_eq!(Audience::from_key("external"), Some(Audience::External));
        assert_eq!(Audience::from_key("public"), None);
    }
}
