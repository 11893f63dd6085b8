//! The Excel workbook: one sheet per view with a bold, frozen, filterable header row, sensible
//! column widths, wrapped text and real dates, then an "About" sheet with the metadata block.
//! Every text cell passes through `text::spreadsheet_cell`, so nothing from a session can become
//! a formula. The workbook's creation time is the export's generated-at time, so the same
//! session and clock give the same bytes.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::ExportError;
use super::meta::MetaBlock;
use super::table::{Cell, Report, Table};
use super::text::spreadsheet_cell;
use crate::session::Timestamp;

/// Excel refuses longer strings in one cell. It counts UTF-16 code units, so a character outside
/// the Basic Multilingual Plane (an emoji, many CJK extension ideographs) counts as two.
const MAX_CELL_UNITS: usize = 32_767;

/// What ends a clipped cell, so a reader sees the text goes on in the session.
const CLIPPED_MARKER: &str = " … (cut: longer than an Excel cell holds)";

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
            sheet.write_string_with_format(
                row,
                col,
                clip(&spreadsheet_cell(text)),
                &formats.text,
            )?;
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
    Ok(())
}

fn write_rows(
    sheet: &mut Worksheet,
    first: u32,
    table: &Table,
    formats: &Formats,
) -> Result<u32, ExportError> {
    let mut row = first;
    for cells in &table.rows {
        for (c, cell) in cells.iter().enumerate() {
            write_cell(sheet, row, c as u16, cell, formats)?;
        }
        row += 1;
    }
    Ok(row)
}

/// A view's sheet: the first table starts at the top with the frozen, filterable header;
/// further tables follow below it, each with a title and its own header row.
fn write_view(
    sheet: &mut Worksheet,
    report: &Report,
    formats: &Formats,
) -> Result<(), ExportError> {
    sheet.set_name(report.view.sheet_name())?;
    let Some(first) = report.sections.first() else {
        return Ok(());
    };
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
    write_header(sheet, 0, first, formats)?;
    let mut row = write_rows(sheet, 1, first, formats)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        row.saturating_sub(1).max(1),
        first.columns.len().saturating_sub(1) as u16,
    )?;
    for table in &report.sections[1..] {
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
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

pub fn write(
    meta: &MetaBlock,
    reports: &[Report],
    generated_at: Timestamp,
) -> Result<Vec<u8>, ExportError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_timestamp(generated_at.datetime().timestamp())?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(clip(&meta.title))
            .set_author(&meta.generator)
            .set_comment(meta.edition)
            .set_creation_datetime(&created),
    );
    for report in reports {
        write_view(workbook.add_worksheet(), report, &formats)?;
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
    let sheet = workbook.add_worksheet();
    sheet.set_name("About")?;
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 100)?;
    write_header(sheet, 0, &about, &formats)?;
    write_rows(sheet, 1, &about, &formats)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(workbook.save_to_buffer()?)
}
