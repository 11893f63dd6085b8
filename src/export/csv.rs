//! csv: UTF-8, RFC 4180 (CRLF line ends, quotes only where needed, every record the same
//! width). The file opens with a byte order mark because Excel, the usual reader of these
//! files, otherwise decodes them in the local 8-bit code page and mangles names like "Müller";
//! scripts should read the json export, or strip the mark (Python: `encoding="utf-8-sig"`).
//!
//! One table per file, header on the first line, so pandas, duckdb or a spreadsheet read
//! exactly the view's rows: the metadata is its own view (`about`), the risk acceptances too
//! (`risk-acceptances`), and a view made of several tables (the minutes) is refused. Every
//! row ends with the edition and the document status (DRAFT until approved), so a row copied
//! out of the file keeps its marking. Every cell
//! passes through `text::spreadsheet_cell`.

use super::meta::MetaBlock;
use super::table::{Cell, Report, Table};
use super::text::spreadsheet_cell;
use super::{ExportError, View};

const BOM: &str = "\u{feff}";

/// The column every row carries after the view's own.
pub const EDITION_COLUMN: &str = "Edition";

/// The column a customer responsibility matrix carries before the edition: the catalogue whose
/// ids it uses (`iso27017-2015 version 2015`), so `gapwalk import` can refuse one made on
/// another catalogue.
pub const CATALOGUE_COLUMN: &str = "Catalogue";

/// The column every row carries last: DRAFT until approved, "changed since approval" after.
pub const STATUS_COLUMN: &str = "Document status";

/// Writes the file into `out` as it is made; each row is written and dropped.
pub fn write(
    meta: &MetaBlock,
    report: &mut Report,
    out: &mut dyn std::io::Write,
) -> Result<(), ExportError> {
    let mut about;
    let table: &mut Table = match (report.view, report.sections.as_mut_slice()) {
        (View::About, _) => {
            about = meta.table(None);
            &mut about
        }
        // The gaps view's second table, the risk acceptances, is `--view risk-acceptances`;
        // the minutes, several tables, are refused before this (`super::supported`).
        (_, [first, ..]) => first,
        (_, []) => return Err(ExportError::CsvOneTable(report.view.key())),
    };
    out.write_all(BOM.as_bytes())
        .map_err(|e| ExportError::Csv(e.to_string()))?;
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(out);
    let mut record = |cells: Vec<String>| -> Result<(), ExportError> {
        writer
            .write_record(cells.iter().map(|c| spreadsheet_cell(c).into_owned()))
            .map_err(|e| ExportError::Csv(e.to_string()))
    };
    let edition = format!("{} edition", meta.audience);
    let catalogue = (report.view == View::Crm)
        .then(|| format!("{} version {}", meta.catalogue.id, meta.catalogue.version));
    let mut header: Vec<String> = table.columns.iter().map(|c| c.header.to_string()).collect();
    header.extend(catalogue.as_ref().map(|_| CATALOGUE_COLUMN.to_string()));
    header.push(EDITION_COLUMN.to_string());
    header.push(STATUS_COLUMN.to_string());
    record(header)?;
    for row in table.take_rows() {
        let mut cells: Vec<String> = row.iter().map(Cell::as_text).collect();
        cells.extend(catalogue.clone());
        cells.push(edition.clone());
        cells.push(meta.document.status_text.clone());
        record(cells)?;
    }
    writer.flush().map_err(|e| ExportError::Csv(e.to_string()))
}
