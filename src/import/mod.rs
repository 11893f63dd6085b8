//! Reading what a provider publishes about who holds each control, for `gapwalk import`: a
//! gapwalk customer responsibility matrix (its json or csv export), or a CSA CAIQ v4 / CCM-style
//! spreadsheet (xlsx or csv) with a mapping file from its ids to the catalogue's. Files are
//! untrusted: the size is capped before reading, every cell is cleaned as session text is, and
//! a row that does not parse is named by row and column. Reading produces [`Matrix`] rows;
//! [`plan`] turns them into a change of one provider's lines that the caller applies whole or
//! not at all. This module does no I/O: the caller reads the bytes.

mod caiq;
pub mod crm;
mod grid;
mod mapping;
pub mod plan;

use std::fmt;

pub use caiq::holder_from_text;
pub use crm::{CRM_FORMAT_VERSION, Crm, CrmCatalogue, CrmLine};
pub use grid::column_letters;
pub use mapping::Mapping;
pub use plan::{Disagreement, ImportPlan, Origin, plan};

use crate::session::Holder;

/// The largest file `gapwalk import` reads (matrix or mapping); a CAIQ workbook is under 1 MB.
pub const MAX_IMPORT_BYTES: u64 = 16 * 1024 * 1024;

/// Where in a file a value sits, as a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    pub sheet: Option<String>,
    /// 1-based row number.
    pub row: usize,
    /// 1-based column number.
    pub column: usize,
    /// The column's header, when known.
    pub header: String,
    /// A place in a text file (json): `row` is a line and `column` a character.
    pub in_text: bool,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.in_text {
            return write!(f, "line {}, column {}", self.row, self.column);
        }
        if let Some(sheet) = &self.sheet {
            write!(f, "sheet {sheet:?}, ")?;
        }
        write!(
            f,
            "row {}, column {}",
            self.row,
            grid::column_letters(self.column)
        )?;
        if !self.header.is_empty() {
            write!(f, " ({})", self.header)?;
        }
        Ok(())
    }
}

/// A file that could not be understood, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub place: Option<Place>,
    pub message: String,
}

impl ImportError {
    pub fn new(file: &str, place: Option<Place>, message: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_string(),
            place,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(place) => write!(f, "{}: {place}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// What kind of file a matrix came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// gapwalk's own customer responsibility matrix: ids are the catalogue's.
    Crm,
    /// A CSA CAIQ or CCM-style sheet: ids are CSA's, and need a mapping.
    Caiq,
}

/// One row of a provider's matrix, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The ids the row names, most specific first (a CAIQ question id, then its CCM control
    /// id); a mapping is tried with each in turn.
    pub ids: Vec<String>,
    /// Where the first id sits.
    pub place: Place,
    /// Who holds the control; `None` when the row leaves it blank.
    pub holder: Option<Holder>,
    /// What the provider does (what a customer inherits).
    pub provider_does: String,
    /// What the customer must do itself.
    pub customer_must: String,
    /// The evidence the provider gives its customers.
    pub evidence: String,
    /// Whom a customer asks about the control, by role.
    pub contact_role: String,
}

/// A provider's matrix as read from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub kind: Kind,
    /// The catalogue a gapwalk CRM was made on (id, version); `None` for a CAIQ.
    pub catalogue: Option<(String, String)>,
    pub statements: Vec<Statement>,
}

/// Reads a matrix from a file's bytes: xlsx by its zip signature, json by its opening brace,
/// csv otherwise. `file` names the file in messages.
pub fn read_matrix(bytes: &[u8], file: &str) -> Result<Matrix, ImportError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_large(file));
    }
    if grid::is_zip(bytes) {
        let grids = grid::from_xlsx(bytes, file)?;
        if let Some(matrix) = crm::from_grids(&grids, file)? {
            return Ok(matrix);
        }
        return caiq::from_grids(&grids, file);
    }
    let text = text_of(bytes, file)?;
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        return crm::from_json(text, file);
    }
    let grid = grid::from_csv(text, file)?;
    let grids = [grid];
    if let Some(matrix) = crm::from_grids(&grids, file)? {
        return Ok(matrix);
    }
    caiq::from_grids(&grids, file)
}

/// Reads a mapping file (csv, or the first sheet of an xlsx workbook): source id, catalogue id.
pub fn read_mapping(
    bytes: &[u8],
    file: &str,
    catalogue: &crate::catalogue::Catalogue,
) -> Result<Mapping, Vec<ImportError>> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(vec![too_large(file)]);
    }
    let grid = if grid::is_zip(bytes) {
        grid::from_xlsx(bytes, file)
            .map_err(|e| vec![e])?
            .into_iter()
            .next()
            .unwrap_or_default()
    } else {
        grid::from_csv(text_of(bytes, file).map_err(|e| vec![e])?, file).map_err(|e| vec![e])?
    };
    mapping::from_grid(&grid, file, catalogue)
}

fn too_large(file: &str) -> ImportError {
    ImportError::new(
        file,
        None,
        format!(
            "the file is larger than the {} MiB gapwalk imports; expected a responsibility matrix",
            MAX_IMPORT_BYTES / (1024 * 1024)
        ),
    )
}

fn text_of<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str, ImportError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let row = valid.iter().filter(|b| **b == b'\n').count() + 1;
        ImportError::new(
            file,
            Some(Place {
                row,
                column: 1,
                ..Place::default()
            }),
            "the file is not UTF-8 text; expected csv or json (save a spreadsheet as \"CSV UTF-8\", or import the xlsx itself)",
        )
    })
}
