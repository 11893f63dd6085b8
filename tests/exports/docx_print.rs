//! Word documents that print well (found by printing the example through LibreOffice, see
//! docs/reliability.md "Reader checks"): a table never runs off the page, each column is wide
//! enough for its longest word (ids such as A.5.10 and words such as "implemented" never break
//! inside), the SoA's 17 or 18 columns become its key columns and one Details column that keeps
//! every other value under its label, and the footer is one short line.

use crate::export_support;

use std::io::{Cursor, Read};

use export_support::{docx_text, example, options, render};
use gapwalk::export::{Audience, Format, View};

/// A4 landscape less two 15 mm margins, in twips.
const USABLE: u32 = 16_838 - 2 * 850;

fn document(view: View, audience: Audience) -> (Vec<u8>, String) {
    let (session, catalogue) = example();
    let bytes = render(
        &session,
        &catalogue,
        &options(Some(view), Format::Docx, None, audience),
    );
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    (bytes, xml)
}

/// Per table: its column widths (twips), its text size (half-points), its header texts and
/// the text of each body cell by column.
struct Grid {
    widths: Vec<u32>,
    half_points: u32,
    headers: Vec<String>,
    columns: Vec<Vec<String>>,
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    text.split(start)
        .skip(1)
        .filter_map(|t| t.find(end).map(|e| &t[..e]))
        .collect()
}

fn cell_text(xml: &str) -> String {
    xml.split("<w:t")
        .skip(1)
        .filter_map(|r| Some(&r[r.find('>')? + 1..r.find("</w:t>")?]))
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&amp;", "&")
}

fn grids(xml: &str) -> Vec<Grid> {
    between(xml, "<w:tbl>", "</w:tbl>")
        .into_iter()
        .map(|t| {
            let widths: Vec<u32> = between(t, r#"<w:gridCol w:w=""#, "\"")
                .iter()
                .map(|w| w.parse().unwrap())
                .collect();
            let half_points = between(t, r#"<w:sz w:val=""#, "\"")
                .first()
                .map_or(18, |s| s.parse().unwrap());
            let rows: Vec<Vec<String>> = between(t, "<w:tr>", "</w:tr>")
                .iter()
                .map(|r| r.split("<w:tc>").skip(1).map(cell_text).collect())
                .collect();
            let headers = rows[0].clone();
            let mut columns = vec![Vec::new(); headers.len()];
            for row in &rows[1..] {
                for (i, c) in row.iter().enumerate() {
                    columns[i].push(c.clone());
                }
            }
            Grid {
                widths,
                half_points,
                headers,
                columns,
            }
        })
        .collect()
}

/// The room a word of `chars` characters takes at `half_points`, with a generous 0.55 em a
/// character and the cell's margins.
fn room_for(chars: usize, half_points: u32) -> f64 {
    chars as f64 * 0.55 * f64::from(half_points) * 10.0 + 120.0
}

#[test]
fn every_table_fits_the_page_and_keeps_its_words_whole() {
    for view in [View::Soa, View::Gaps, View::Minutes] {
        let (_, xml) = document(view, Audience::Internal);
        for grid in grids(&xml) {
            let total: u32 = grid.widths.iter().sum();
            assert!(total <= USABLE, "{view:?}: {total} twips run off the page");
            for (i, header) in grid.headers.iter().enumerate() {
                let longest = grid.columns[i]
                    .iter()
                    .chain([header])
                    .flat_map(|c| c.split_whitespace())
                    .map(|w| w.chars().count())
                    .filter(|n| *n <= 12)
                    .max()
                    .unwrap_or(0);
                assert!(
                    f64::from(grid.widths[i]) >= room_for(longest, grid.half_points),
                    "{view:?}: column {header:?} ({} twips) breaks a word of {longest} characters at {} half-points",
                    grid.widths[i],
                    grid.half_points
                );
            }
        }
    }
}

#[test]
fn the_soa_keeps_its_key_columns_and_every_other_value_under_its_label() {
    let (bytes, xml) = document(View::Soa, Audience::Internal);
    let soa = grids(&xml).pop().unwrap();
    assert_eq!(
        soa.headers,
        [
            "Control",
            "Combines",
            "Title",
            "Applicable",
            "Status",
            "Details"
        ]
    );
    let details = &soa.columns[5];
    let row = soa.columns[0].iter().position(|c| c == "A.5.2").unwrap();
    for label in [
        "Justification:",
        "Accountable owner:",
        "Responsibility:",
        "Offered to our customers:",
        "Evidence:",
        "Last reviewed:",
        "Next review:",
    ] {
        assert!(details[row].contains(label), "{label} in {}", details[row]);
    }
    assert!(details[row].contains("Security RACI summary (trust pack)"));
    // Nothing is lost in the folding: what the other formats show, Word shows.
    let text = docx_text(&bytes);
    assert!(text.contains("https://wiki.northwind.example/security/raci"));
    // The external edition folds the same way, without the risks.
    let (_, external) = document(View::Soa, Audience::External);
    let soa = grids(&external).pop().unwrap();
    assert!(!soa.columns[5].iter().any(|d| d.contains("Risks:")));
}

#[test]
fn the_footer_is_one_short_line() {
    let (session, catalogue) = example();
    let bytes = render(
        &session,
        &catalogue,
        &options(Some(View::Gaps), Format::Docx, None, Audience::Internal),
    );
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut footer = String::new();
    zip.by_name("word/footer1.xml")
        .unwrap()
        .read_to_string(&mut footer)
        .unwrap();
    let text = cell_text(&footer);
    // The marking, the status and "Page 1 of 1" in about 90 characters: one line at 9 pt.
    assert!(text.chars().count() < 100, "{text}");
    assert!(text.contains("INTERNAL edition"), "{text}");
}
