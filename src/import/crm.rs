//! gapwalk's customer responsibility matrix (CRM): what a provider publishes to its customers
//! for one offering, per control of the catalogue. The one definition of its json shape
//! (`gapwalk export --view crm --format json` writes it, `gapwalk import` reads it; documented
//! in docs/crm-format.md) and of its column headers, which the csv and xlsx exports write and
//! the reader below finds again. Reading back a csv undoes the export's formula guard.

use serde::{Deserialize, Serialize};

use super::grid::{Grid, Wanted, find_header, words};
use super::{ImportError, Kind, Matrix, Place, Statement, caiq};
use crate::export::unguard_cell;
use crate::session::{Holder, Status};

/// The version of the CRM's own shape inside the json export; bumped when a field changes
/// meaning or goes away, so an older gapwalk refuses a matrix it would misread.
pub const CRM_FORMAT_VERSION: u32 = 1;

/// One offering's matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Crm {
    pub crm_version: u32,
    /// The catalogue whose ids the matrix uses; an import on another catalogue is refused.
    pub catalogue: CrmCatalogue,
    /// The organisation that publishes the matrix.
    #[serde(default)]
    pub provider: String,
    /// The offering it is about ("Northwind Payroll, to our clients").
    pub offering: String,
    pub controls: Vec<CrmLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrmCatalogue {
    pub id: String,
    pub version: String,
    #[serde(default)]
    pub hash: String,
}

/// One control of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrmLine {
    pub control: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub title: String,
    /// Who holds the control between the provider and its customers.
    #[serde(default)]
    pub holder: Holder,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub provider_does: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub customer_must: String,
    /// The evidence the provider gives customers (report, certificate, section).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub evidence: String,
    /// Whom a customer asks, by role.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub contact_role: String,
    /// Internal edition only: the provider's own implementation status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Internal edition only: what the provider still lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
}

/// gapwalk's json writes an empty text as `null`; the reader takes either.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// The column headers of the csv and xlsx matrix, in order.
pub const COLUMNS: [&str; 7] = [
    "Control",
    "Title",
    "Held by",
    "Provider does",
    "Customer must do",
    "Evidence for customers",
    "Contact role",
];

/// The columns only the internal edition carries, after [`COLUMNS`].
pub const INTERNAL_COLUMNS: [&str; 2] = ["Our status", "Gap"];

/// The title of the metadata row that names the catalogue ("ID version V").
const CATALOGUE_ROW: &str = "catalogue";

impl CrmLine {
    fn statement(&self, place: Place) -> Statement {
        Statement {
            ids: vec![self.control.trim().to_string()],
            place,
            holder: Some(self.holder).filter(|h| *h != Holder::Undecided),
            provider_does: super::grid::clean(&self.provider_does),
            customer_must: super::grid::clean(&self.customer_must),
            evidence: super::grid::clean(&self.evidence),
            contact_role: super::grid::clean(&self.contact_role),
        }
    }
}

/// The part of the json export the reader needs; the metadata block is not read back.
#[derive(Deserialize)]
struct Document {
    #[serde(default)]
    view: String,
    crm: Option<Crm>,
}

/// Reads gapwalk's json matrix.
pub fn from_json(text: &str, file: &str) -> Result<Matrix, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let document: Document = serde_json::from_str(text).map_err(|e| {
        ImportError::new(
            file,
            Some(Place {
                row: e.line(),
                column: e.column(),
                in_text: true,
                ..Place::default()
            }),
            format!("not a gapwalk responsibility matrix ({e})"),
        )
    })?;
    let Some(crm) = document.crm else {
        let what = if document.view.is_empty() {
            "json without a \"crm\" part".to_string()
        } else {
            format!(
                "gapwalk's {:?} export",
                crate::sanitise::one_line(&document.view)
            )
        };
        return Err(ImportError::new(
            file,
            None,
            format!(
                "this is {what}, not a customer responsibility matrix (write one with `gapwalk export FILE --view crm --format json`)"
            ),
        ));
    };
    if crm.crm_version > CRM_FORMAT_VERSION {
        return Err(ImportError::new(
            file,
            None,
            format!(
                "the matrix has crm_version {}, newer than the {CRM_FORMAT_VERSION} this gapwalk reads; update gapwalk",
                crm.crm_version
            ),
        ));
    }
    let lines = control_lines(text);
    let statements = crm
        .controls
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let (row, column) = lines.get(i).copied().unwrap_or((0, 0));
            line.statement(Place {
                row,
                column,
                header: "control".into(),
                in_text: true,
                ..Place::default()
            })
        })
        .collect();
    Ok(Matrix {
        kind: Kind::Crm,
        catalogue: Some((
            crate::sanitise::one_line(&crm.catalogue.id).into_owned(),
            crate::sanitise::one_line(&crm.catalogue.version).into_owned(),
        )),
        statements,
    })
}

/// Line and column of each `"control":` key of the json, in order, so a bad id in the n-th
/// line of the matrix is named where it is.
fn control_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(at) = line[from..].find("\"control\"") {
            let column = from + at;
            if line[column + 9..].trim_start().starts_with(':') {
                out.push((number + 1, line[..column].chars().count() + 1));
            }
            from = column + 9;
        }
    }
    out
}

fn columns() -> Vec<Wanted> {
    // Exact header words: a CAIQ never has these four together.
    fn is(header: &str, name: &str) -> bool {
        header == words(name)
    }
    vec![
        Wanted {
            matches: |h| is(h, COLUMNS[0]),
        },
        Wanted {
            matches: |h| is(h, COLUMNS[2]),
        },
        Wanted {
            matches: |h| is(h, COLUMNS[3]),
        },
        Wanted {
            matches: |h| is(h, COLUMNS[4]),
        },
        Wanted {
            matches: |h| is(h, COLUMNS[5]),
        },
        Wanted {
            matches: |h| is(h, COLUMNS[6]),
        },
    ]
}

/// Reads gapwalk's csv or xlsx matrix, or `Ok(None)` when no sheet has its header row.
pub fn from_grids(grids: &[Grid], file: &str) -> Result<Option<Matrix>, ImportError> {
    let wanted = columns();
    let found = grids
        .iter()
        .find_map(|grid| find_header(grid, &wanted, &[0, 1, 2, 3]).map(|header| (grid, header)));
    let Some((grid, (header_row, cols))) = found else {
        return Ok(None);
    };
    let mut statements = Vec::new();
    let mut row = header_row + 1;
    // The table ends at the first empty row; the metadata block follows.
    while row < grid.rows.len() && !grid.rows[row].iter().all(|c| c.trim().is_empty()) {
        let get = |c: Option<usize>| unguard_cell(c.map_or("", |c| grid.cell(row, c)).trim());
        let place = |c: usize| grid.place(row, c, wanted_header(grid, header_row, c));
        let id_column = cols[0].unwrap_or(0);
        let id = crate::sanitise::one_line(get(cols[0])).trim().to_string();
        if id.is_empty() {
            return Err(ImportError::new(
                file,
                Some(place(id_column)),
                "no control id in this row of the matrix",
            ));
        }
        let holder_column = cols[1].unwrap_or(0);
        let holder = caiq::holder_from_text(get(cols[1])).map_err(|caiq::UnknownOwnership| {
            ImportError::new(
                file,
                Some(place(holder_column)),
                format!(
                    "{:?} is not a holder gapwalk knows; expected one of: {}",
                    get(cols[1]),
                    caiq::OWNERSHIP_WORDS
                ),
            )
        })?;
        statements.push(Statement {
            ids: vec![id],
            place: place(id_column),
            holder,
            provider_does: get(cols[2]).to_string(),
            customer_must: get(cols[3]).to_string(),
            evidence: get(cols[4]).to_string(),
            contact_role: get(cols[5]).to_string(),
        });
        row += 1;
    }
    // A csv carries the catalogue in a column of every row; a workbook keeps the metadata on a
    // sheet of its own (older csv exports put it in a block below the table).
    let catalogue_column = grid.rows[header_row]
        .iter()
        .position(|c| words(c) == CATALOGUE_ROW);
    let in_column = catalogue_column.and_then(|c| {
        grid.rows[header_row + 1..row]
            .iter()
            .map(|r| r.get(c).map_or("", |v| v.trim()))
            .find(|v| !v.is_empty())
    });
    let after_table = grid.rows[row.min(grid.rows.len())..].iter();
    let other_sheets = grids
        .iter()
        .filter(|g| !std::ptr::eq(*g, grid))
        .flat_map(|g| g.rows.iter());
    let catalogue = in_column
        .or_else(|| {
            after_table
                .chain(other_sheets)
                .find(|r| r.first().is_some_and(|c| words(c) == CATALOGUE_ROW))
                .and_then(|r| r.get(1))
                .map(String::as_str)
        })
        .and_then(|value| {
            let value = unguard_cell(value.trim());
            value
                .split_once(" version ")
                .map(|(id, version)| (id.trim().to_string(), version.trim().to_string()))
        });
    if catalogue.is_none() {
        return Err(ImportError::new(
            file,
            None,
            "the matrix does not say which catalogue it was made on (no \"Catalogue\" column or row); export it again with gapwalk",
        ));
    }
    Ok(Some(Matrix {
        kind: Kind::Crm,
        catalogue,
        statements,
    }))
}

fn wanted_header(grid: &Grid, header_row: usize, column: usize) -> &str {
    grid.cell(header_row, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_keys_are_located_by_line_and_column() {
        let text = "{\n  \"crm\": {\n    \"controls\": [\n      {\n        \"control\": \"5.1.1\"\n      },\n      { \"control\" : \"x\" }\n    ]\n  }\n}";
        assert_eq!(control_lines(text), [(5, 9), (7, 9)]);
    }
}
