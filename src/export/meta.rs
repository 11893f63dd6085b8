//! The metadata block every export opens with: who, what scope, which catalogue, which session
//! file, when it was generated and by what, and which edition it is. Built once from the session
//! and rendered by each format as a field/value list.

use serde::Serialize;

use super::table::{Cell, Table, col};
use super::text::{block, line};
use super::{Audience, Numbering, Source, View};
use crate::session::{Role, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ProviderMeta {
    pub name: String,
    pub services: Vec<String>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MetaBlock {
    pub title: String,
    pub audience: &'static str,
    pub edition: &'static str,
    /// Draft, approved, or changed since approval (`ApprovalState::label`).
    pub document_status: &'static str,
    pub organisation: String,
    pub scope: String,
    pub role: Role,
    pub providers: Vec<ProviderMeta>,
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
        let meta = &source.session.meta;
        let internal = audience == Audience::Internal;
        MetaBlock {
            title: line(&meta.title),
            audience: audience.key(),
            edition: audience.edition(),
            document_status: source.session.approval_state().label(),
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
            data_locations: meta
                .data_locations
                .iter()
                .map(|d| LocationMeta {
                    provider: line(&d.provider),
                    location: line(&d.location),
                    jurisdiction: line(&d.jurisdiction),
                    notes: (internal && !d.notes.trim().is_empty()).then(|| block(&d.notes)),
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
        let mut pairs = vec![("Title", self.title.clone())];
        if let Some(view) = view {
            pairs.push(("Document", view.title().to_string()));
        }
        pairs.extend([
            ("Edition", self.edition.to_string()),
            ("Organisation", self.organisation.clone()),
            ("Scope", self.scope.clone()),
            ("Our role", self.role.label().to_string()),
            ("Providers", super::table::lines(providers)),
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
    pub fn table(&self, view: Option<View>) -> Table {
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
