//! Cells of an imported file as rows of text, whether it came as csv or as an xlsx workbook,
//! and the search for a header row wherever it sits: published workbooks put title rows above
//! the header and keep the table on a sheet of its own. Every cell is cleaned here, once, so
//! nothing downstream sees a control character; row and column numbers are the ones a
//! spreadsheet shows, for messages.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Reader, Xlsx};

use super::{ImportError, Place};
use crate::sanitise;

/// The most rows gapwalk reads from one table; a CAIQ has a few hundred.
pub const MAX_ROWS: usize = 100_000;

/// The most an imported workbook may hold once unpacked; a CAIQ workbook unpacks to a few MB.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// How far down a sheet the header row is looked for.
const HEADER_SEARCH_ROWS: usize = 50;

/// One sheet (or the one table of a csv file) as text.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The sheet name; `None` for csv.
    pub sheet: Option<String>,
    /// Rows in order; `rows[i]` is spreadsheet row `first_row + i`.
    pub rows: Vec<Vec<String>>,
    /// The spreadsheet row number of `rows[0]` (1-based).
    pub first_row: usize,
    /// The spreadsheet column number of each row's first cell (1-based).
    pub first_column: usize,
}

impl Grid {
    /// Where cell (`row`, `column`) of `rows` sits, for a message.
    pub fn place(&self, row: usize, column: usize, header: &str) -> Place {
        Place {
            sheet: self.sheet.clone(),
            row: self.first_row + row,
            column: self.first_column + column,
            header: header.to_string(),
            in_text: false,
        }
    }

    /// The cell text, empty past the end of a short row.
    pub fn cell(&self, row: usize, column: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .map_or("", String::as_str)
    }
}

/// Spreadsheet column letters for a 1-based column number (1 → A, 27 → AA).
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        letters.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Cell text cleaned as session text is: control characters, escapes and bidi overrides go;
/// line breaks stay (descriptions span lines); surrounding blanks go.
pub fn clean(text: &str) -> String {
    sanitise::multi_line(&text.replace("\r\n", "\n").replace('\r', "\n"))
        .trim()
        .to_string()
}

/// Lower-case words of a header or a value, everything but letters and digits as one space,
/// so "SSRM Control Ownership", "ssrm_control-ownership" and "SSRM  Control\nOwnership" match.
pub fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// Reads a csv file (UTF-8, a byte order mark allowed, comma separated, rows of any width).
pub fn from_csv(text: &str, file: &str) -> Result<Grid, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_ROWS {
            return Err(ImportError::new(
                file,
                None,
                format!("more than {MAX_ROWS} rows; expected a responsibility matrix"),
            ));
        }
        let record = record.map_err(|e| {
            let row = e.position().map_or(i + 1, |p| p.line() as usize);
            ImportError::new(
                file,
                Some(Place {
                    row,
                    column: 1,
                    ..Place::default()
                }),
                format!("not readable as csv ({e})"),
            )
        })?;
        rows.push(record.iter().map(clean).collect());
    }
    Ok(Grid {
        sheet: None,
        rows,
        first_row: 1,
        first_column: 1,
    })
}

/// Whether the bytes are a zip archive (an xlsx workbook is one).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Refuses a workbook whose parts would unpack to more than [`MAX_UNPACKED_BYTES`]: a small
/// file can inflate to gigabytes, and calamine unpacks a sheet whole.
fn check_unpacked_size<R: Read + Seek>(reader: R, file: &str) -> Result<(), ImportError> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| {
        ImportError::new(
            file,
            None,
            format!("not a readable xlsx workbook ({e}); expected a csv or xlsx matrix"),
        )
    })?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(|e| {
            ImportError::new(file, None, format!("not a readable xlsx workbook ({e})"))
        })?;
        total = total.saturating_add(part.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(ImportError::new(
            file,
            None,
            format!(
                "the workbook unpacks to {} MiB, more than the {} MiB gapwalk reads",
                total / (1024 * 1024),
                MAX_UNPACKED_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

/// Reads every sheet of an xlsx workbook, in workbook order.
pub fn from_xlsx(bytes: &[u8], file: &str) -> Result<Vec<Grid>, ImportError> {
    check_unpacked_size(Cursor::new(bytes), file)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        ImportError::new(
            file,
            None,
            format!("not a readable xlsx workbook ({e}); expected a csv or xlsx matrix"),
        )
    })?;
    let mut grids = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| {
            ImportError::new(
                file,
                None,
                format!("sheet {:?} cannot be read ({e})", sanitise::one_line(&name)),
            )
        })?;
        let (first_row, first_column) = range
            .start()
            .map_or((1, 1), |(r, c)| (r as usize + 1, c as usize + 1));
        if range.height() > MAX_ROWS {
            return Err(ImportError::new(
                file,
                None,
                format!(
                    "sheet {:?} has more than {MAX_ROWS} rows; expected a responsibility matrix",
                    sanitise::one_line(&name)
                ),
            ));
        }
        let rows = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect();
        grids.push(Grid {
            sheet: Some(sanitise::one_line(&name).into_owned()),
            rows,
            first_row,
            first_column,
        });
    }
    Ok(grids)
}

/// A workbook cell as text. Formulas are never evaluated: calamine gives the value the
/// workbook cached, which is text like any other here.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => clean(s),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::Error(e) => format!("#{e}"),
    }
}

/// A column a reader looks for: whether a header cell (as [`words`]) names it.
pub struct Wanted {
    pub matches: fn(&str) -> bool,
}

/// The header row of a grid: its index in `rows`, and for each wanted column where it is
/// (`None` when the header lacks it). The first row, among the first rows of the sheet,
/// where every `required` column is found.
pub fn find_header(
    grid: &Grid,
    wanted: &[Wanted],
    required: &[usize],
) -> Option<(usize, Vec<Option<usize>>)> {
    for (index, row) in grid.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let headers: Vec<String> = row.iter().map(|c| words(c)).collect();
        let columns: Vec<Option<usize>> = wanted
            .iter()
            .map(|w| headers.iter().position(|h| !h.is_empty() && (w.matches)(h)))
            .collect();
        if required.iter().all(|&r| columns[r].is_some()) {
            return Some((index, columns));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(4), "D");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(53), "BA");
    }

    #[test]
    fn header_words_ignore_case_and_punctuation() {
        assert_eq!(words("SSRM Control\nOwnership "), "ssrm control ownership");
        assert_eq!(words("CSP-owned"), "csp owned");
        assert_eq!(
            words("  Shared CSP and 3rd-party"),
            "shared csp and 3rd party"
        );
    }

    #[test]
    fn csv_cells_lose_escapes_and_keep_line_breaks() {
        let grid = from_csv("\u{feff}a,\"x\u{1b}[2J\r\ny\"\n", "t.csv").unwrap();
        assert_eq!(grid.rows, [vec!["a".to_string(), "x[2J\ny".to_string()]]);
    }
}
