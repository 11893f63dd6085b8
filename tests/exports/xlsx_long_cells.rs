//! A cell longer than Excel holds (32,767 UTF-16 code units) is cut with a visible marker
//! instead of failing the whole workbook, counted as Excel counts: an emoji or another character
//! outside the Basic Multilingual Plane is two units, and a cut never splits one. Read back
//! with calamine, as a spreadsheet program reads it.

use crate::export_support;

use calamine::Data;
use export_support::{example, options, read_xlsx, render};
use gapwalk::export::{Audience, Format, Numbering, View};
use gapwalk::session::Assessment;

const LIMIT: usize = 32_767;
const MARKER: &str = " … (cut: longer than an Excel cell holds)";

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Exports the SoA with `text` as the justification of 9.2.3 and returns that cell as read.
fn justification_cell(text: &str) -> String {
    let (mut session, catalogue) = example();
    let mut a = session
        .assessment("9.2.3", &catalogue)
        .cloned()
        .unwrap_or_else(|| Assessment::new("9.2.3"));
    a.justification = text.to_string();
    session.apply(
        gapwalk::session::Edit::SetAssessment {
            control: "9.2.3".into(),
            assessment: Some(Box::new(a)),
        },
        &catalogue,
    );
    // The catalogue's own numbering, so the row is found by its 27017 id.
    let numbering = Some(Numbering::own_for(&catalogue));
    let bytes = render(
        &session,
        &catalogue,
        &options(Some(View::Soa), Format::Xlsx, numbering, Audience::Internal),
    );
    let sheets = read_xlsx(&bytes);
    let soa = &sheets[0].1;
    let header: Vec<String> = soa[0].iter().map(|c| c.to_string()).collect();
    let col = header.iter().position(|h| h == "Justification").unwrap();
    let row = soa
        .iter()
        .find(|r| r[0] == Data::String("9.2.3".into()))
        .unwrap();
    match &row[col] {
        Data::String(s) => s.clone(),
        other => panic!("justification cell is {other:?}"),
    }
}

#[test]
fn a_cell_of_exactly_the_limit_with_an_astral_character_last_is_kept_whole() {
    let text = format!("{}😀", "a".repeat(LIMIT - 2));
    assert_eq!(units(&text), LIMIT);
    assert_eq!(justification_cell(&text), text);
}

#[test]
fn one_unit_over_the_limit_is_cut_to_fit_with_the_marker() {
    let text = "a".repeat(LIMIT + 1);
    let cell = justification_cell(&text);
    assert!(cell.ends_with(MARKER), "{}", &cell[cell.len() - 60..]);
    assert_eq!(units(&cell), LIMIT, "the cut uses the whole cell");
    assert!(text.starts_with(cell.trim_end_matches(MARKER)));
}

#[test]
fn an_astral_character_across_the_cut_is_dropped_whole() {
    let room = LIMIT - units(MARKER);
    // The emoji takes units room-1 and room: its second half would be one unit too many.
    let text = format!("{}😀{}", "a".repeat(room - 1), "b".repeat(100));
    let cell = justification_cell(&text);
    assert_eq!(cell, format!("{}{MARKER}", "a".repeat(room - 1)));
    assert!(units(&cell) <= LIMIT);
}

#[test]
fn a_cell_of_emoji_counts_two_units_each() {
    // 20,000 characters, 40,000 units: under the limit by characters, over it by Excel's count.
    let text = "😀".repeat(20_000);
    let cell = justification_cell(&text);
    assert!(cell.ends_with(MARKER));
    assert!(units(&cell) <= LIMIT);
    let kept = cell.trim_end_matches(MARKER);
    assert!(kept.chars().all(|c| c == '😀'));
    let room = LIMIT - units(MARKER);
    assert_eq!(units(kept), room / 2 * 2, "as many whole emoji as fit");
}
