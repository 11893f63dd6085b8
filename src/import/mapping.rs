//! The mapping file of an import: two columns, a provider's id (a CAIQ question id such as
//! "IAM-02.1", or a CCM control id such as "IAM-02") and the catalogue's control id it maps
//! to. A row may list several catalogue ids (separated by commas, semicolons or spaces), and
//! several rows may map one id. Rows whose first cell does not look like an id (no digit, or
//! a phrase with no second cell) are titles or headers and are skipped; every catalogue id must exist, and all that do not are listed with row and column.

use std::collections::HashMap;

use super::grid::Grid;
use super::{ImportError, Place};
use crate::catalogue::Catalogue;

/// Provider ids to catalogue control ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    targets: HashMap<String, Vec<String>>,
}

/// How ids are compared: without surrounding blanks, case-blind.
fn key(id: &str) -> String {
    id.trim().to_uppercase()
}

impl Mapping {
    /// The catalogue controls a provider id maps to.
    pub fn targets(&self, id: &str) -> Option<&[String]> {
        self.targets.get(&key(id)).map(Vec::as_slice)
    }

    /// How many provider ids it maps.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }
}

/// The catalogue's id for `id`: exact, case-blind, or written with ISO/IEC 27001's Annex A
/// prefix ("A.9.4.1" for the 27002:2013 numbering "9.4.1"), as published mappings often do.
pub fn catalogue_id(catalogue: &Catalogue, id: &str) -> Option<String> {
    let id = id.trim();
    let find = |wanted: &str| {
        catalogue
            .position(wanted)
            .or_else(|| {
                catalogue
                    .controls
                    .iter()
                    .position(|c| c.id.eq_ignore_ascii_case(wanted))
            })
            .map(|i| catalogue.controls[i].id.clone())
    };
    find(id).or_else(|| {
        id.strip_prefix("A.")
            .or_else(|| id.strip_prefix("a."))
            .and_then(find)
    })
}

pub fn from_grid(
    grid: &Grid,
    file: &str,
    catalogue: &Catalogue,
) -> Result<Mapping, Vec<ImportError>> {
    let mut mapping = Mapping::default();
    let mut errors = Vec::new();
    for (row, cells) in grid.rows.iter().enumerate() {
        let source = cells.first().map_or("", |c| c.trim());
        let target = cells.get(1).map_or("", |c| c.trim());
        // Provider ids always hold a digit and never a space: a row whose first cell does not
        // look like one is a title or a header.
        let looks_like_id = source.chars().any(|c| c.is_ascii_digit()) && !source.contains(' ');
        if !looks_like_id && (target.is_empty() || !source.chars().any(|c| c.is_ascii_digit())) {
            continue;
        }
        let place = |column: usize| grid.place(row, column, "");
        if source.is_empty() || target.is_empty() {
            let column = if source.is_empty() { 0 } else { 1 };
            errors.push(ImportError::new(
                file,
                Some(place(column)),
                "expected two columns: the provider's id, then the catalogue control id it maps to",
            ));
            continue;
        }
        let source = crate::sanitise::one_line(source).into_owned();
        for target in target
            .split([',', ';', ' ', '\n', '\t'])
            .filter(|t| !t.is_empty())
        {
            match catalogue_id(catalogue, target) {
                Some(id) => {
                    let list = mapping.targets.entry(key(&source)).or_default();
                    if !list.contains(&id) {
                        list.push(id);
                    }
                }
                None => errors.push(ImportError::new(
                    file,
                    Some(Place {
                        header: String::new(),
                        ..place(1)
                    }),
                    format!(
                        "unknown control id {:?}: catalogue {} has no such control (list them with `gapwalk catalogue show {}`)",
                        crate::sanitise::one_line(target),
                        catalogue.id,
                        catalogue.id
                    ),
                )),
            }
        }
    }
    if errors.is_empty() {
        Ok(mapping)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;

    #[test]
    fn a_mapping_skips_headers_and_lists_every_unknown_target() {
        let cat = default_catalogue();
        let grid = super::super::grid::from_csv(
            "CCM mapping to ISO/IEC 27017\nCCM ID,ISO ID\nIAM-02,A.9.2.3; 9.4.1\niam-02,9.2.3\nDSP-10,99.9.9\nLOG-01,\nBCR-08,CLD.9.5.1 77.1\n",
            "map.csv",
        )
        .unwrap();
        let errors = from_grid(&grid, "map.csv", &cat).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].starts_with("map.csv: row 5, column B: unknown control id \"99.9.9\""));
        assert!(text[1].starts_with("map.csv: row 6, column B: expected two columns"));
        assert!(text[2].contains("row 7, column B: unknown control id \"77.1\""));
        let grid =
            super::super::grid::from_csv("IAM-02,A.9.2.3; 9.4.1\niam-02,9.2.3\n", "m.csv").unwrap();
        let mapping = from_grid(&grid, "m.csv", &cat).unwrap();
        assert_eq!(
            mapping.targets("IAM-02").unwrap(),
            ["9.2.3".to_string(), "9.4.1".to_string()]
        );
        assert_eq!(mapping.targets("IAM-03"), None);
    }
}
