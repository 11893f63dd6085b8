//! The Excel workbook: one sheet per view with a bold, frozen, filterable header row, sensible
//! column widths, wrapped text and real dates, then an "About" sheet with the metadata block.
//! Text goes in as string cells, which Excel and LibreOffice never evaluate, so unlike csv no
//! apostrophe guard is needed (it would show). Every sheet is set up to print: rows tall enough
//! for their wrapped text, the chosen paper, one page wide, the header row repeated, the title
//! and edition in the page header and page numbers in the footer. The workbook's creation time
//! is the export's generated-at time, so the same session and clock give the same bytes.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use unicode_width::UnicodeWidthStr;

use super::meta::MetaBlock;
use super::table::{Cell, Report, Table};
use super::{Audience, ExportError, Paper};
use crate::session::Timestamp;

/// Excel refuses longer strings in one cell. It counts UTF-16 code units, so a character outside
/// the Basic Multilingual Plane (an emoji, many CJK extension ideographs) counts as two.
const MAX_CELL_UNITS: usize = 32_767;

/// What ends a clipped cell, so a reader sees the text goes on in the session.
const CLIPPED_MARKER: &str = " … (cut: longer than an Excel cell holds)";

/// The height of one line of the default 11 pt font, in points, with Excel's own leading.
const LINE_POINTS: f64 = 15.0;

/// Excel's tallest row.
const MAX_ROW_POINTS: f64 = 409.0;

/// Excel refuses a page header or footer longer than this.
const MAX_HEADER_CHARS: usize = 255;

struct Formats {
    header: Format,
    title: Format,
    note: Format,
    text: Format,
    date: Format,
    number: Format,
}

impl Formats {
    fn new() -> Formats {
        let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDDE6F0))
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(13),
            note: Format::new().set_italic(),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Left),
            number: Format::new().set_align(FormatAlign::Top),
            text,
        }
    }
}

/// The text as one cell holds it: whole when it fits in Excel's 32,767 UTF-16 units, else cut
/// at a character boundary (never inside a surrogate pair) so that with the marker it is at most
/// that long.
fn clip(text: &str) -> String {
    let units = |s: &str| s.encode_utf16().count();
    if text.len() <= MAX_CELL_UNITS || units(text) <= MAX_CELL_UNITS {
        return text.to_string();
    }
    let room = MAX_CELL_UNITS - units(CLIPPED_MARKER);
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(text.len(), |(i, _)| i);
    let mut clipped = String::with_capacity(end + CLIPPED_MARKER.len());
    clipped.push_str(&text[..end]);
    clipped.push_str(CLIPPED_MARKER);
    clipped
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    formats: &Formats,
) -> Result<(), ExportError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => {
            sheet.write_string_with_format(row, col, clip(text), &formats.text)?;
        }
        Cell::Date(date) => {
            use chrono::Datelike;
            let excel = u16::try_from(date.year()).ok().and_then(|y| {
                ExcelDateTime::from_ymd(y, date.month() as u8, date.day() as u8).ok()
            });
            match excel {
                Some(d) => {
                    sheet.write_date_with_format(row, col, &d, &formats.date)?;
                }
                // Outside Excel's calendar: keep the value as text rather than lose it.
                None => {
                    sheet.write_string_with_format(row, col, cell.as_text(), &formats.text)?;
                }
            }
        }
        Cell::Number(n) => {
            sheet.write_number_with_format(row, col, *n, &formats.number)?;
        }
    }
    Ok(())
}

fn write_header(
    sheet: &mut Worksheet,
    row: u32,
    table: &Table,
    formats: &Formats,
) -> Result<(), ExportError> {
    for (c, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, column.header, &formats.header)?;
    }
    let headers: Vec<Cell> = table.columns.iter().map(|c| Cell::text(c.header)).collect();
    let widths: Vec<f64> = table.columns.iter().map(|c| c.width).collect();
    sheet.set_row_height(row, row_points(&headers, &widths))?;
    Ok(())
}

/// How many lines `text` wraps to in a column `width` characters wide. Counted generously
/// (a line holds a character less than the width), since a row cut short prints its text over
/// the next row while one a little too tall only leaves white space.
pub(super) fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| ((line.width() as f64) / per_line).ceil().max(1.0) as usize)
        .sum()
}

/// The height in points that shows every cell of a row whole, given the column widths.
fn row_points<'c>(cells: impl IntoIterator<Item = &'c Cell>, widths: &[f64]) -> f64 {
    let lines = cells
        .into_iter()
        .zip(widths)
        .map(|(cell, width)| match cell {
            Cell::Text(text) => wrapped_lines(text, *width),
            other => wrapped_lines(&other.as_text(), *width),
        })
        .max()
        .unwrap_or(1);
    (lines as f64 * LINE_POINTS).min(MAX_ROW_POINTS)
}

/// Writes the table's rows from row `first` on; returns the row after the last.
///
/// A row's height is not given with `set_row_height`: rust_xlsxwriter keeps what that sets for
/// every row until the workbook is saved, even in constant-memory mode (over 200 bytes a row,
/// 340 MB for the half million rows of a session at the caps). A constant-memory sheet writes a
/// row out when the first cell of a later row arrives, and gives a row that has no height of
/// its own the sheet's default height as it stands then. So each row's height is made the
/// sheet's default until the next row starts, which costs nothing per row; the last row with
/// cells (still unwritten when the table ends) and rows without cells get their own height, and
/// the default is put back. The sheet holds the same rows, with the same heights, as if each
/// had been given its own.
fn write_rows(
    sheet: &mut Worksheet,
    first: u32,
    table: &mut Table,
    formats: &Formats,
) -> Result<u32, ExportError> {
    let mut row = first;
    let widths: Vec<f64> = table.columns.iter().map(|c| c.width).collect();
    // The row whose height is the sheet's default for now: written but not yet flushed.
    let mut pending: Option<(u32, f64)> = None;
    for cells in table.take_rows() {
        for (c, cell) in cells.iter().enumerate() {
            write_cell(sheet, row, c as u16, cell, formats)?;
        }
        let points = row_points(&cells, &widths);
        if cells.iter().any(|c| *c != Cell::Empty) {
            // Writing this row's first cell flushed the pending one at its height.
            sheet.set_default_row_height(points);
            pending = Some((row, points));
        } else {
            // Nothing was written, so nothing was flushed: the pending row keeps the default.
            sheet.set_row_height(row, points)?;
        }
        row += 1;
    }
    if pending.is_some() {
        // The last row with cells is written out at its height, the default now, once a later
        // row starts: a blank cell starts the row after it (a gap under every table). Giving the
        // last row a height of its own instead makes rust_xlsxwriter 0.102 write that row twice
        // when the sheet ends on it (`Worksheet::flush_last_row` flushes the current row twice),
        // which the file format does not allow and Excel repairs.
        sheet.write_blank(row, 0, &formats.text)?;
        sheet.set_default_row_height(LINE_POINTS);
    }
    Ok(row)
}

/// A view's sheet: the first table starts at the top with the frozen, filterable header;
/// further tables follow below it, each with a title and its own header row.
fn write_view(
    sheet: &mut Worksheet,
    report: &mut Report,
    formats: &Formats,
    page: &Page,
) -> Result<(), ExportError> {
    sheet.set_name(report.view.sheet_name())?;
    if report.sections.is_empty() {
        return Ok(());
    }
    let columns = report
        .sections
        .iter()
        .map(|t| t.columns.len())
        .max()
        .unwrap_or(1);
    for c in 0..columns {
        let width = report
            .sections
            .iter()
            .filter_map(|t| t.columns.get(c))
            .map(|col| col.width)
            .fold(8.0, f64::max);
        sheet.set_column_width(c as u16, width)?;
    }
    let Some((first, rest)) = report.sections.split_first_mut() else {
        return Ok(());
    };
    write_header(sheet, 0, first, formats)?;
    let mut row = write_rows(sheet, 1, first, formats)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        row.saturating_sub(1).max(1),
        first.columns.len().saturating_sub(1) as u16,
    )?;
    for table in rest {
        row += 1;
        sheet.write_string_with_format(row, 0, clip(&table.title), &formats.title)?;
        row += 1;
        if let Some(note) = &table.note {
            sheet.write_string_with_format(row, 0, clip(note), &formats.note)?;
            row += 1;
        }
        write_header(sheet, row, table, formats)?;
        row = write_rows(sheet, row + 1, table, formats)?;
    }
    sheet.set_landscape();
    page.set_up(sheet)?;
    Ok(())
}

/// What every printed page carries, the same on every sheet.
struct Page {
    paper: Paper,
    header: String,
    footer: String,
}

/// Text for a page header or footer, where `&` starts a code.
fn header_text(text: &str, max_chars: usize) -> String {
    let clipped: String = if text.chars().count() > max_chars {
        let mut t: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        text.to_string()
    };
    clipped.replace('&', "&&")
}

impl Page {
    fn new(meta: &MetaBlock, paper: Paper) -> Page {
        let marking = Audience::from_key(meta.audience).map_or(meta.edition, |a| a.marking());
        // Left: the session title; right: the edition. 8 pt keeps both on one line.
        let header = format!(
            "&L&8{}&R&8&\"-,Bold\"{}",
            header_text(&meta.title, 100),
            header_text(marking, 80)
        );
        let footer = format!(
            "&L&8{}&C&8Page &P of &N&R&8{}",
            header_text(marking, 80),
            header_text(&format!("generated {}", meta.generated_at), 60)
        );
        Page {
            paper,
            header: header.chars().take(MAX_HEADER_CHARS).collect(),
            footer: footer.chars().take(MAX_HEADER_CHARS).collect(),
        }
    }

    /// Paper, one page wide, the header row on every page, header and footer.
    fn set_up(&self, sheet: &mut Worksheet) -> Result<(), ExportError> {
        sheet.set_paper_size(self.paper.excel_code());
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0)?;
        sheet.set_header(&self.header);
        sheet.set_footer(&self.footer);
        Ok(())
    }
}

/// The workbook. Every sheet is written in constant-memory mode (rust_xlsxwriter keeps only the
/// row being written and puts the rest in an unnamed temporary file), rows in order, so a
/// large view costs no more memory than a small one; strings are then stored in their cells
/// rather than in a shared table.
pub fn write(
    meta: &MetaBlock,
    reports: &mut [Report],
    generated_at: Timestamp,
    paper: Paper,
) -> Result<Vec<u8>, ExportError> {
    let formats = Formats::new();
    let page = Page::new(meta, paper);
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_timestamp(generated_at.datetime().timestamp())?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(clip(&meta.title))
            .set_author(&meta.generator)
            .set_comment(meta.edition)
            .set_creation_datetime(&created),
    );
    // The metadata view is the About sheet every workbook ends with.
    for report in reports.iter_mut().filter(|r| r.view != super::View::About) {
        write_view(
            workbook.add_worksheet_with_constant_memory()?,
            report,
            &formats,
            &page,
        )?;
    }
    let single = match reports {
        [one] => Some(one.view),
        _ => None,
    };
    let mut about = meta.table(single);
    for report in reports {
        let first = report.sections.first().and_then(|t| t.note.clone());
        if let Some(note) = first {
            about.push(vec![
                Cell::text(format!("Note on {}", report.view.sheet_name())),
                Cell::text(note),
            ]);
        }
    }
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("About")?;
    for (c, column) in about.columns.iter().enumerate() {
        sheet.set_column_width(c as u16, column.width)?;
    }
    write_header(sheet, 0, &about, &formats)?;
    write_rows(sheet, 1, &mut about, &formats)?;
    sheet.set_freeze_panes(1, 0)?;
    // Both columns on one page: portrait, as wide as the paper.
    sheet.set_portrait();
    page.set_up(sheet)?;
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_text_counts_its_lines_and_long_lines_twice() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("short", 10.0), 1);
        assert_eq!(wrapped_lines("one\ntwo\nthree", 10.0), 3);
        assert_eq!(wrapped_lines(&"x".repeat(20), 11.0), 2);
        // Wide characters take two columns each.
        assert_eq!(wrapped_lines(&"漢".repeat(10), 11.0), 2);
    }

    /// Each row's height, by 1-based row number, from a sheet's XML; a row without `ht` has the
    /// default 15 pt.
    fn heights(xml: &str) -> Vec<(u32, f64)> {
        xml.split("<row ")
            .skip(1)
            .map(|row| {
                let tag = &row[..row.find('>').unwrap()];
                let attr = |name: &str| {
                    tag.split(&format!(" {name}=\""))
                        .nth(1)
                        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
                };
                let r = tag.split('"').nth(1).unwrap().parse().unwrap();
                (r, attr("ht").map_or(LINE_POINTS, |h| h.parse().unwrap()))
            })
            .collect()
    }

    /// A sheet that ends with a table: each row once, in order, as the format requires (the
    /// library wrote a last row with a height of its own twice).
    #[test]
    fn a_sheet_ending_with_a_table_writes_each_row_once() {
        use super::super::table::col;
        use std::io::Read;
        let mut table = Table::new("t", vec![col("A", 11.0)]);
        for a in ["one", "a\nb\nc", "p\nq"] {
            table.push(vec![Cell::text(a)]);
        }
        let formats = Formats::new();
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory().unwrap();
        write_header(sheet, 0, &table, &formats).unwrap();
        write_rows(sheet, 1, &mut table, &formats).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        let rows: Vec<u32> = xml
            .split("<row r=\"")
            .skip(1)
            .map(|r| r[..r.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "{rows:?}");
        let got = heights(&xml);
        assert!(
            got.contains(&(4, 30.0)),
            "the last row keeps its height: {got:?}"
        );
        let format = xml.split("<sheetFormatPr").nth(1).unwrap();
        let format = &format[..format.find('>').unwrap()];
        assert!(!format.contains("customHeight"), "{format}");
    }

    #[test]
    fn every_row_of_a_constant_memory_sheet_gets_its_own_height() {
        use super::super::table::col;
        use std::io::Read;
        let mut table = Table::new("t", vec![col("A", 11.0), col("B", 11.0)]);
        // Heights in lines: 1, 3, an empty row, 2, 1, 2 (the last).
        for (a, b) in [
            ("one", ""),
            ("a\nb\nc", "x"),
            ("", ""),
            ("x", "1\n2"),
            ("y", "z"),
            ("p\nq", ""),
        ] {
            table.push(vec![Cell::text(a), Cell::text(b)]);
        }
        let formats = Formats::new();
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory().unwrap();
        write_header(sheet, 0, &table, &formats).unwrap();
        let end = write_rows(sheet, 1, &mut table, &formats).unwrap();
        assert_eq!(end, 7);
        // What follows the table (a title, a note) is back at the default height.
        sheet.write_string(end + 1, 0, "title").unwrap();
        sheet.write_string(end + 2, 0, "note").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        let got = heights(&xml);
        let expected = [
            (1, 15.0),
            (2, 15.0),
            (3, 45.0),
            (4, 15.0),
            (5, 30.0),
            (6, 15.0),
            (7, 30.0),
            // The gap under the table holds the blank cell that wrote row 7 out.
            (8, 15.0),
            (9, 15.0),
            (10, 15.0),
        ];
        for (r, points) in expected {
            assert!(
                got.contains(&(r, points)),
                "row {r} should be {points} pt: {got:?}"
            );
        }
        assert!(
            got.iter()
                .all(|(r, _)| expected.iter().any(|(e, _)| e == r)),
            "{got:?}"
        );
        let format = xml.split("<sheetFormatPr").nth(1).unwrap();
        let format = &format[..format.find('>').unwrap()];
        assert!(!format.contains("customHeight"), "{format}");
    }

    #[test]
    fn ampersands_in_page_headers_are_escaped_and_long_text_clipped() {
        assert_eq!(header_text("R&D", 80), "R&&D");
        assert_eq!(header_text("abcdef", 4), "abc…");
    }
}
