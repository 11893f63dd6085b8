//! The metadata block every export opens with: document control (the document's id, version,
//! classification, owner and approval status: DRAFT until approved, and "changed since
//! approval" after a later change), who, what scope, which catalogue, which session file, when
//! it was generated and by what, and which edition it is. Built once from the session and
//! rendered by each format as a field/value list.

use serde::Serialize;

use super::table::{Cell, Table, col};
use super::text::{block, line};
use super::{Audience, Numbering, Source, View};
use crate::session::{Role, Session, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ProviderMeta {
    pub name: String,
    pub services: Vec<String>,
}

/// An offering we provide (a provider's session, role `csp` or `both`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OfferingMeta {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LocationMeta {
    pub provider: String,
    pub location: String,
    pub jurisdiction: String,
    /// Internal: left out of the external edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CatalogueMeta {
    pub id: String,
    pub version: String,
    pub hash: String,
}

/// Document control of the export, with where its approval stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DocumentMeta {
    pub id: String,
    pub version: String,
    pub classification: String,
    pub owner: String,
    /// `draft`, `approved` or `changed_since_approval`.
    pub status: &'static str,
    /// Marked DRAFT: never approved, or changed since the latest approval.
    pub draft: bool,
    /// The status line as every format shows it.
    pub status_text: String,
    /// The latest approval, current or not.
    pub approved_by: Option<String>,
    pub approver_role: Option<String>,
    pub approved_at: Option<Timestamp>,
    /// The content hash the latest approval covers.
    pub approved_content: Option<String>,
    /// The session's stable id.
    pub session_id: String,
}

impl DocumentMeta {
    pub fn new(session: &Session) -> DocumentMeta {
        let doc = &session.meta.document;
        let state = session.approval_state();
        let approval = state.approval();
        DocumentMeta {
            id: line(&doc.id),
            version: line(&doc.version),
            classification: line(&doc.classification),
            owner: line(&doc.owner),
            status: state.key(),
            draft: state.is_draft(),
            status_text: line(&state.describe()),
            approved_by: approval.map(|a| line(&a.by)),
            approver_role: approval
                .filter(|a| !a.role.trim().is_empty())
                .map(|a| line(&a.role)),
            approved_at: approval.map(|a| a.at),
            approved_content: approval.map(|a| line(&a.content)),
            session_id: line(&session.id),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MetaBlock {
    pub title: String,
    pub document: DocumentMeta,
    pub audience: &'static str,
    pub edition: &'static str,
    pub organisation: String,
    pub scope: String,
    pub role: Role,
    pub providers: Vec<ProviderMeta>,
    /// The offerings we provide; absent in a customer's session (role `csc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offerings: Option<Vec<OfferingMeta>>,
    pub data_locations: Vec<LocationMeta>,
    pub catalogue: CatalogueMeta,
    pub numbering: &'static str,
    pub session_file: String,
    pub session_updated: Timestamp,
    pub generated_at: Timestamp,
    pub generator: String,
}

impl MetaBlock {
    pub fn new(source: &Source, numbering: Numbering, audience: Audience) -> MetaBlock {
        let internal = audience == Audience::Internal;
        // The external edition shows the details as presenter view does: the one rule.
        let external;
        let meta = if internal {
            &source.session.meta
        } else {
            external = crate::fields::external_details(&source.session.meta);
            &external
        };
        MetaBlock {
            title: line(&meta.title),
            document: DocumentMeta::new(source.session),
            audience: audience.key(),
            edition: audience.edition(),
            organisation: line(&meta.organisation),
            scope: block(&meta.scope),
            role: meta.role,
            providers: meta
                .providers
                .iter()
                .map(|p| ProviderMeta {
                    name: line(&p.name),
                    services: p.services.iter().map(|s| line(s)).collect(),
                })
                .collect(),
            offerings: meta.role.is_provider().then(|| {
                meta.offerings
                    .iter()
                    .map(|o| OfferingMeta {
                        name: line(&o.name),
                        description: block(&o.description),
                    })
                    .collect()
            }),
            data_locations: meta
                .data_locations
                .iter()
                .map(|d| LocationMeta {
                    provider: line(&d.provider),
                    location: line(&d.location),
                    jurisdiction: line(&d.jurisdiction),
                    notes: (!d.notes.trim().is_empty()).then(|| block(&d.notes)),
                })
                .collect(),
            catalogue: CatalogueMeta {
                id: line(&source.session.catalogue.id),
                version: line(&source.session.catalogue.version),
                hash: line(&source.session.catalogue.hash),
            },
            numbering: numbering.key(),
            session_file: line(source.session_file),
            session_updated: meta.updated,
            generated_at: source.generated_at,
            generator: format!("gapwalk {}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// The block as field/value pairs, in reading order.
    pub fn pairs(&self, view: Option<View>) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("Title", self.title.clone())];
        pairs.extend(self.document_pairs(view));
        pairs.extend(self.about_pairs());
        pairs
    }

    /// The document-control block: what the document is and where its approval stands.
    pub fn document_pairs(&self, view: Option<View>) -> Vec<(&'static str, String)> {
        let d = &self.document;
        let or_unset = |v: &str| {
            if v.is_empty() {
                "not set".to_string()
            } else {
                v.to_string()
            }
        };
        let mut pairs = Vec::new();
        if let Some(view) = view {
            pairs.push(("Document", view.title().to_string()));
        }
        pairs.extend([
            ("Status", d.status_text.clone()),
            ("Document id", or_unset(&d.id)),
            ("Version", or_unset(&d.version)),
            ("Classification", or_unset(&d.classification)),
            ("Document owner", or_unset(&d.owner)),
            ("Session id", d.session_id.clone()),
        ]);
        pairs
    }

    /// The rest of the block: who, what scope, which catalogue, which file, when.
    pub fn about_pairs(&self) -> Vec<(&'static str, String)> {
        let providers = self.providers.iter().map(|p| {
            if p.services.is_empty() {
                p.name.clone()
            } else {
                format!("{} ({})", p.name, p.services.join(", "))
            }
        });
        let locations = self.data_locations.iter().map(|d| {
            let mut text = d.location.clone();
            if !d.provider.is_empty() {
                text = format!("{}: {text}", d.provider);
            }
            if !d.jurisdiction.is_empty() {
                text.push_str(&format!(", {}", d.jurisdiction));
            }
            if let Some(notes) = &d.notes {
                text.push_str(&format!(" ({})", notes.replace('\n', " ")));
            }
            text
        });
        let mut pairs = Vec::new();
        pairs.extend([
            ("Edition", self.edition.to_string()),
            ("Organisation", self.organisation.clone()),
            ("Scope", self.scope.clone()),
            ("Our role", self.role.label().to_string()),
            ("Providers", super::table::lines(providers)),
        ]);
        if let Some(offerings) = &self.offerings {
            let offerings = offerings.iter().map(|o| {
                if o.description.is_empty() {
                    o.name.clone()
                } else {
                    format!("{} ({})", o.name, o.description.replace('\n', " "))
                }
            });
            pairs.push(("Offerings we provide", super::table::lines(offerings)));
        }
        pairs.extend([
            ("Data locations", super::table::lines(locations)),
            (
                "Catalogue",
                format!("{} version {}", self.catalogue.id, self.catalogue.version),
            ),
            ("Catalogue hash", self.catalogue.hash.clone()),
            (
                "Numbering",
                Numbering::from_key(self.numbering)
                    .map_or(String::new(), |n| n.label(&self.catalogue.id)),
            ),
            ("Session file", self.session_file.clone()),
            ("Session updated", self.session_updated.to_string()),
            ("Generated at", self.generated_at.to_string()),
            ("Generated by", self.generator.clone()),
        ]);
        pairs
    }

    /// The block as a two-column table (csv and xlsx keep it apart from the data).
    pub fn table(&self, view: Option<View>) -> Table<'static> {
        let mut table = Table::new(
            "About this export",
            vec![col("Field", 18.0), col("Value", 90.0)],
        );
        for (field, value) in self.pairs(view) {
            table.push(vec![Cell::text(field), Cell::text(value)]);
        }
        table
    }
}
