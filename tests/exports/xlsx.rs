//! The workbook read back as a spreadsheet program reads it (calamine), plus the sheet XML for
//! what calamine does not expose: frozen header rows, filters, column widths and wrapped text.

use crate::export_support;

use std::io::{Cursor, Read};

use calamine::Data;
use chrono::NaiveDate;
use export_support::{example, options, read_xlsx, render};
use gapwalk::export::{Audience, Format, Numbering, View};
use gapwalk::session::Applicability;

/// Every view, with the SoA in the catalogue's own numbering so its rows follow the catalogue.
fn workbook() -> Vec<u8> {
    let (session, catalogue) = example();
    render(
        &session,
        &catalogue,
        &options(
            None,
            Format::Xlsx,
            Some(Numbering::Iso27017),
            Audience::Internal,
        ),
    )
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("xlsx is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part exists")
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn excel_serial(date: &str) -> f64 {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (date - epoch).num_days() as f64
}

#[test]
fn without_a_view_the_workbook_has_every_view_as_a_sheet_then_the_metadata() {
    let sheets = read_xlsx(&workbook());
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    // The example provides an offering too, so its customer responsibility matrix is a sheet.
    assert_eq!(
        names,
        ["SoA", "Gaps", "Responsibility", "Minutes", "CRM", "About"]
    );
}

#[test]
fn the_soa_sheet_has_a_header_then_one_row_per_control_in_catalogue_order() {
    let (_, catalogue) = example();
    let sheets = read_xlsx(&workbook());
    let soa = &sheets[0].1;
    assert_eq!(soa.len(), 1 + catalogue.controls.len());
    assert_eq!(text(&soa[0][0]), "Control");
    let ids: Vec<String> = soa[1..].iter().map(|r| text(&r[0])).collect();
    let expected: Vec<String> = catalogue.controls.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids, expected, "the first column is the control id");
    let header: Vec<String> = soa[0].iter().map(text).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = soa.iter().find(|r| text(&r[0]) == "9.2.3").unwrap();
    assert_eq!(text(&row[col("Applicable")]), "yes");
    assert_eq!(text(&row[col("Status")]), "partially implemented");
    assert!(text(&row[col("Responsibility")]).contains("AWS: shared; customer owner Bruno Costa"));
    match &row[col("Next review")] {
        Data::DateTime(d) => assert_eq!(d.as_f64(), excel_serial("2027-06-01")),
        other => panic!("next review should be a real date, got {other:?}"),
    }
    let unassessed = soa.iter().find(|r| text(&r[0]) == "6.1.2").unwrap();
    assert_eq!(text(&unassessed[col("Applicable")]), "undecided");
}

#[test]
fn the_gaps_sheet_stacks_the_register_then_the_risk_acceptances() {
    let (session, _) = example();
    let gaps = session.assessments.iter().filter(|a| a.is_gap()).count();
    let accepted = session
        .assessments
        .iter()
        .filter(|a| a.risk_acceptance.is_some())
        .count();
    let sheets = read_xlsx(&workbook());
    let sheet = &sheets[1].1;
    assert_eq!(text(&sheet[0][0]), "Control");
    let title = 1 + gaps + 1;
    assert_eq!(text(&sheet[title][0]), "Risk acceptances");
    assert_eq!(text(&sheet[title + 1][4]), "Rationale");
    assert_eq!(sheet.len(), title + 2 + accepted);
    match &sheet[1][8] {
        Data::DateTime(_) => {}
        other => panic!("due dates are real dates, got {other:?}"),
    }
}

#[test]
fn the_responsibility_sheet_has_a_row_per_recorded_line_and_one_for_the_rest() {
    let (session, catalogue) = example();
    let providers: Vec<&str> = session
        .meta
        .providers
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let offerings: Vec<&str> = session
        .meta
        .offerings
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    // The example is customer and provider. Per control not excluded: a row per line recorded
    // (a provider's or an offering's), one row shared by the providers with no line, if any,
    // and one shared by the offerings with no line, if any.
    let rows: usize = catalogue
        .controls
        .iter()
        .map(|c| session.assessments.iter().find(|a| a.control == c.id))
        .filter(|a| a.is_none_or(|a| a.applicability != Applicability::NotApplicable))
        .map(|a| {
            let lines = a.map_or(0, |a| a.responsibilities.len() + a.offerings.len());
            let no_provider_line = providers
                .iter()
                .any(|p| a.is_none_or(|a| a.responsibility(p).is_none()));
            let no_offering_line = offerings
                .iter()
                .any(|o| a.is_none_or(|a| a.offering(o).is_none()));
            lines + usize::from(no_provider_line) + usize::from(no_offering_line)
        })
        .sum();
    let sheets = read_xlsx(&workbook());
    assert_eq!(sheets[2].1.len(), 1 + rows);
}

#[test]
fn the_about_sheet_carries_the_metadata_block() {
    let sheets = read_xlsx(&workbook());
    let about = &sheets.last().unwrap().1;
    let value = |field: &str| {
        about
            .iter()
            .find(|r| text(&r[0]) == field)
            .map(|r| text(&r[1]))
            .unwrap_or_else(|| panic!("{field} missing"))
    };
    assert_eq!(value("Organisation"), "Northwind Payroll Ltd");
    assert_eq!(value("Generated at"), "2026-11-18T11:06:40Z");
    assert_eq!(value("Session file"), "example.ron");
    assert!(value("Edition").starts_with("internal edition"));
    assert!(value("Providers").contains("AWS (EC2, EKS"));
    assert!(value("Offerings we provide").starts_with("Northwind Payroll, to our clients ("));
    assert_eq!(value("Status"), "DRAFT: not approved");
}

#[test]
fn every_view_sheet_freezes_and_filters_its_header_with_set_widths_and_wrapped_text() {
    let bytes = workbook();
    let sheets = read_xlsx(&bytes);
    for (i, (name, rows)) in sheets.iter().enumerate().take(4) {
        let xml = part(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(
            xml.contains(r#"state="frozen""#) && xml.contains(r#"ySplit="1""#),
            "{name}: header row frozen"
        );
        assert!(
            xml.contains("<autoFilter ref=\"A1:"),
            "{name}: filter on the header"
        );
        assert!(
            xml.contains("customWidth=\"1\""),
            "{name}: column widths set"
        );
        assert!(!rows.is_empty());
    }
    let soa = part(&bytes, "xl/worksheets/sheet1.xml");
    // The header and one row per control of the catalogue, over 17 columns (18 with the
    // offering column of a provider's session such as the example).
    let last = example().1.controls.len() + 1;
    assert!(
        soa.contains(&format!("<autoFilter ref=\"A1:R{last}\"/>")),
        "filter covers the SoA"
    );
    assert!(part(&bytes, "xl/styles.xml").contains("wrapText=\"1\""));
}

#[test]
fn a_single_view_workbook_has_that_sheet_and_the_metadata() {
    let (session, catalogue) = example();
    let bytes = render(
        &session,
        &catalogue,
        &options(Some(View::Minutes), Format::Xlsx, None, Audience::Internal),
    );
    let names: Vec<String> = read_xlsx(&bytes).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Minutes", "About"]);
}

#[test]
fn the_same_session_and_clock_give_the_same_bytes() {
    assert_eq!(workbook(), workbook());
}
