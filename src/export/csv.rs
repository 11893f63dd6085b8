//! csv: UTF-8, RFC 4180 (CRLF line ends, quotes only where needed, every record the same
//! width). The file opens with a byte order mark because Excel, the usual reader of these
//! files, otherwise decodes them in the local 8-bit code page and mangles names like "Müller";
//! scripts should read the json export, or strip the mark (Python: `encoding="utf-8-sig"`).
//!
//! The first table starts on the first line, header first, so a SoA's first column is the
//! control id; further tables and then the metadata block follow, each after an empty record
//! and a title record. Every cell passes through `text::spreadsheet_cell`.

use super::ExportError;
use super::meta::MetaBlock;
use super::table::{Cell, Report, Table};
use super::text::spreadsheet_cell;

const BOM: &str = "\u{feff}";

pub fn write(meta: &MetaBlock, report: &Report) -> Result<Vec<u8>, ExportError> {
    let mut about = meta.table(Some(report.view));
    // The first table starts on line one, so its note travels with the metadata.
    if let Some(note) = report.sections.first().and_then(|t| t.note.clone()) {
        about.push(vec![Cell::text("Note"), Cell::text(note)]);
    }
    let mut tables: Vec<&Table> = report.sections.iter().collect();
    tables.push(&about);
    let width = tables.iter().map(|t| t.columns.len()).max().unwrap_or(1);
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(BOM.as_bytes());
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(out);
    let mut record = |cells: Vec<String>| -> Result<(), ExportError> {
        let mut cells = cells;
        cells.resize(width, String::new());
        writer
            .write_record(cells.iter().map(|c| spreadsheet_cell(c).into_owned()))
            .map_err(|e| ExportError::Csv(e.to_string()))
    };
    for (i, table) in tables.iter().enumerate() {
        if i > 0 {
            record(Vec::new())?;
            record(vec![table.title.clone()])?;
            if let Some(note) = &table.note {
                record(vec![note.clone()])?;
            }
        }
        record(table.columns.iter().map(|c| c.header.to_string()).collect())?;
        for row in &table.rows {
            record(row.iter().map(Cell::as_text).collect())?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.to_string()))
}
