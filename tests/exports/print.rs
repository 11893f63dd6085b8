//! Outputs as the programs people feed them read them: a workbook set up to print (rows tall
//! enough for their wrapped text, the paper asked for, page numbers and the edition on every
//! page, the About sheet on one page width, no stray apostrophes), csv files that hold exactly
//! one table (read with the csv crate as a data tool would: one header, then exactly the
//! view's rows), and an html page whose every printed page carries the edition.

use crate::export_support;

use std::io::{Cursor, Read};

use export_support::{example, options, read_xlsx, render, render_text};
use gapwalk::export::{Audience, Format, Numbering, Paper, View};

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("xlsx is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part exists")
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Every view, the SoA in the catalogue's own numbering (a row per control of the example).
fn workbook(paper: Paper, audience: Audience) -> Vec<u8> {
    let (session, catalogue) = example();
    let mut o = options(None, Format::Xlsx, Some(Numbering::Iso27017), audience);
    o.paper = paper;
    render(&session, &catalogue, &o)
}

/// The `ht` attribute of each `<row>` of a sheet, by its 1-based row number.
fn row_heights(sheet_xml: &str) -> Vec<(u32, Option<f64>)> {
    sheet_xml
        .split("<row ")
        .skip(1)
        .map(|row| {
            let tag = &row[..row.find('>').unwrap()];
            let attr = |name: &str| {
                tag.split(&format!("{name}=\""))
                    .nth(1)
                    .map(|rest| rest[..rest.find('"').unwrap()].to_string())
            };
            (
                attr("r").unwrap().parse().unwrap(),
                attr("ht").map(|h| h.parse().unwrap()),
            )
        })
        .collect()
}

#[test]
fn rows_are_as_tall_as_their_wrapped_text() {
    let bytes = workbook(Paper::A4, Audience::Internal);
    let sheets = read_xlsx(&bytes);
    let (name, rows) = &sheets[0];
    assert_eq!(name, "SoA");
    let heights = row_heights(&part(&bytes, "xl/worksheets/sheet1.xml"));
    let header = &rows[0];
    let column = |title: &str| {
        header
            .iter()
            .position(|c| *c == title)
            .unwrap_or_else(|| panic!("{title} column"))
    };
    let justification = column("Justification");
    // The row with the longest justification needs several lines, and gets them.
    let (index, longest) = rows
        .iter()
        .enumerate()
        .skip(1)
        .max_by_key(|(_, r)| r[justification].to_string().len())
        .unwrap();
    let text = longest[justification].to_string();
    assert!(
        text.len() > 120,
        "the example has a long justification: {text}"
    );
    let height = heights
        .iter()
        .find(|(r, _)| *r == index as u32 + 1)
        .and_then(|(_, h)| *h)
        .expect("the row has a height");
    // At the column's width of characters a line, 15 pt a line.
    let lines = (text.chars().count() as f64 / 60.0).ceil();
    assert!(
        height >= lines * 15.0,
        "row {index} is {height} pt for {lines} lines of {text:?}"
    );
    // Every SoA row holds two providers' responsibility lines, so none is left at one line
    // (the gap under the table, holding one blank cell, keeps the default).
    let table: Vec<_> = heights
        .iter()
        .filter(|(r, _)| *r as usize <= rows.len())
        .collect();
    assert_eq!(table.len(), rows.len(), "{heights:?}");
    assert!(
        table
            .iter()
            .all(|(_, h)| h.is_some_and(|h| (30.0..=409.0).contains(&h)))
    );
    // On the About sheet a one-line row keeps the default height (no `ht`) and a long value
    // (the scope) grows.
    let about_sheet = sheets.len();
    let about = row_heights(&part(
        &bytes,
        &format!("xl/worksheets/sheet{about_sheet}.xml"),
    ));
    let about_rows = &sheets[about_sheet - 1].1;
    let height_of = |field: &str| {
        let r = about_rows.iter().position(|r| r[0] == field).unwrap() as u32 + 1;
        about.iter().find(|(n, _)| *n == r).unwrap().1
    };
    assert_eq!(height_of("Catalogue hash"), None);
    assert!(height_of("Scope").is_some_and(|h| h >= 30.0), "{about:?}");
}

#[test]
fn every_sheet_prints_on_the_paper_asked_with_page_numbers_and_the_edition() {
    for (paper, code) in [(Paper::A4, "9"), (Paper::Letter, "1")] {
        let bytes = workbook(paper, Audience::External);
        let sheets = read_xlsx(&bytes);
        assert_eq!(sheets.last().unwrap().0, "About");
        for n in 1..=sheets.len() {
            let xml = part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
            let name = &sheets[n - 1].0;
            assert!(
                xml.contains(&format!("paperSize=\"{code}\"")),
                "{name}: paper {code}: {xml}"
            );
            // One page wide: fitToWidth is 1 unless the set-up says otherwise.
            assert!(!xml.contains("fitToWidth="), "{name}: one page wide");
            assert!(
                xml.contains("fitToHeight=\"0\""),
                "{name}: as many pages long as needed"
            );
            assert!(
                xml.contains("<fitToPage/>") || xml.contains("fitToPage=\"1\""),
                "{name}"
            );
            let header = xml.split("<oddHeader>").nth(1).expect("a page header");
            assert!(header.contains("External edition"), "{name}: {header}");
            assert!(header.contains("Northwind payroll cloud review"), "{name}");
            let footer = xml.split("<oddFooter>").nth(1).expect("a page footer");
            assert!(footer.contains("Page &amp;P of &amp;N"), "{name}: {footer}");
            assert!(footer.contains("External edition"), "{name}: {footer}");
            let orientation = if name == "About" {
                "portrait"
            } else {
                "landscape"
            };
            assert!(
                xml.contains(&format!("orientation=\"{orientation}\"")),
                "{name}"
            );
        }
        // The header row repeats on every printed page of every sheet.
        let names = part(&bytes, "xl/workbook.xml");
        assert_eq!(
            names.matches("_xlnm.Print_Titles").count(),
            sheets.len(),
            "{names}"
        );
    }
}

#[test]
fn text_that_looks_like_a_formula_is_plain_text_without_an_apostrophe_in_xlsx() {
    let (mut session, catalogue) = example();
    let control = session.assessments[0].control.clone();
    session.assessments[0].justification = "-only staff with a badge".into();
    let bytes = render(
        &session,
        &catalogue,
        &options(
            Some(View::Soa),
            Format::Xlsx,
            Some(Numbering::Iso27017),
            Audience::Internal,
        ),
    );
    let sheets = read_xlsx(&bytes);
    let row = sheets[0]
        .1
        .iter()
        .find(|r| r[0].to_string() == control)
        .expect("the control's row");
    assert!(
        row.iter().any(|c| *c == "-only staff with a badge"),
        "{row:?}"
    );
    // A string cell, never a formula.
    assert!(!part(&bytes, "xl/worksheets/sheet1.xml").contains("<f>"));
    // csv keeps its guard: a spreadsheet opening csv would evaluate the cell.
    let csv = render_text(
        &session,
        &catalogue,
        &options(
            Some(View::Soa),
            Format::Csv,
            Some(Numbering::Iso27017),
            Audience::Internal,
        ),
    );
    assert!(csv.contains("'-only staff with a badge"));
}

/// Reads a csv export the way a data tool does: the first record is the header.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("a BOM");
    let mut reader = csv::Reader::from_reader(body);
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("every record has the header's width")
                .iter()
                .map(String::from)
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn each_csv_file_is_one_table_of_exactly_the_views_rows_with_the_edition_on_each() {
    let (session, catalogue) = example();
    let csv = |view: View, audience: Audience| {
        read_csv(&render(
            &session,
            &catalogue,
            &options(Some(view), Format::Csv, None, audience),
        ))
    };
    let json = |view: View| -> serde_json::Value {
        serde_json::from_slice(&render(
            &session,
            &catalogue,
            &options(Some(view), Format::Json, None, Audience::Internal),
        ))
        .unwrap()
    };
    let (header, rows) = csv(View::Soa, Audience::Internal);
    assert_eq!(
        rows.len(),
        json(View::Soa)["soa"].as_array().unwrap().len(),
        "one row per SoA row, nothing after"
    );
    assert_eq!(header.first().map(String::as_str), Some("Control"));
    let n = header.len();
    assert_eq!(header[n - 2..], ["Edition", "Document status"]);
    assert!(
        rows.iter()
            .all(|r| r[n - 2] == "internal edition" && r[n - 1] == "DRAFT: not approved")
    );
    let (_, gaps) = csv(View::Gaps, Audience::Internal);
    assert_eq!(
        gaps.len(),
        json(View::Gaps)["gaps"]["register"]
            .as_array()
            .unwrap()
            .len()
    );
    let (header, accepted) = csv(View::RiskAcceptances, Audience::Internal);
    assert_eq!(header[3], "Accepted by");
    let expected = json(View::RiskAcceptances)["risk_acceptances"]
        .as_array()
        .unwrap()
        .len();
    assert!(expected > 0, "the example accepts some risk");
    assert_eq!(accepted.len(), expected);
    let (header, about) = csv(View::About, Audience::External);
    assert_eq!(header, ["Field", "Value", "Edition", "Document status"]);
    assert!(about.iter().any(|r| r[0] == "Catalogue hash"));
    assert!(about.iter().all(|r| r[2] == "external edition"));
    let (_, responsibility) = csv(View::Responsibility, Audience::External);
    assert_eq!(
        responsibility.len(),
        json(View::Responsibility)["responsibility"]
            .as_array()
            .unwrap()
            .len()
    );
}

#[test]
fn every_csv_row_says_whether_the_document_is_a_draft_approved_or_changed_since() {
    let (mut session, catalogue) = example();
    let statuses = |session: &gapwalk::session::Session| -> Vec<String> {
        let (header, rows) = read_csv(&render(
            session,
            &catalogue,
            &options(Some(View::Gaps), Format::Csv, None, Audience::External),
        ));
        assert_eq!(header.last().map(String::as_str), Some("Document status"));
        assert!(!rows.is_empty());
        let mut seen: Vec<String> = rows.iter().map(|r| r.last().unwrap().clone()).collect();
        seen.dedup();
        seen
    };
    session.approvals.clear();
    assert_eq!(statuses(&session), ["DRAFT: not approved"]);
    session.approvals.push(gapwalk::session::Approval {
        at: gapwalk::session::Timestamp::from_unix(1_795_000_000).unwrap(),
        by: "Ana Lima".into(),
        role: "CISO".into(),
        content: gapwalk::session::content_hash(&session),
    });
    assert_eq!(
        statuses(&session),
        ["Approved by Ana Lima (CISO) on 2026-11-18"]
    );
    session.assessments[0].justification.push_str(" (reworded)");
    let changed = statuses(&session);
    assert_eq!(changed.len(), 1);
    assert!(
        changed[0].starts_with("DRAFT: changed since approval"),
        "{changed:?}"
    );
}

#[test]
fn csv_refuses_what_it_cannot_hold_as_one_table() {
    let (session, catalogue) = example();
    let source = gapwalk::export::Source {
        session: &session,
        catalogue: &catalogue,
        session_file: "example.ron",
        generated_at: gapwalk::session::Timestamp::from_unix(1_795_000_000).unwrap(),
    };
    let minutes = gapwalk::export::render(
        &source,
        &options(Some(View::Minutes), Format::Csv, None, Audience::Internal),
    )
    .unwrap_err();
    assert!(minutes.to_string().contains("several tables"), "{minutes}");
    let external = gapwalk::export::render(
        &source,
        &options(
            Some(View::RiskAcceptances),
            Format::Csv,
            None,
            Audience::External,
        ),
    )
    .unwrap_err();
    assert!(
        external.to_string().contains("--audience internal"),
        "{external}"
    );
}

#[test]
fn numbering_says_which_views_it_renumbers() {
    let (session, catalogue) = example();
    let numbering = |view: View| -> String {
        let json: serde_json::Value = serde_json::from_slice(&render(
            &session,
            &catalogue,
            &options(
                Some(view),
                Format::Json,
                Some(Numbering::Iso27001_2022),
                Audience::Internal,
            ),
        ))
        .unwrap();
        json["metadata"]["numbering"].as_str().unwrap().to_string()
    };
    assert_eq!(numbering(View::Soa), "iso27001-2022");
    // The other views keep the catalogue's ids, and their metadata does not claim otherwise.
    for view in [View::Gaps, View::Responsibility, View::Minutes] {
        assert_eq!(numbering(view), "iso27017", "{view:?}");
    }
}

#[test]
fn the_html_page_marks_every_printed_page_and_fits_a_laptop_screen() {
    let (session, catalogue) = example();
    let page = render_text(
        &session,
        &catalogue,
        &options(Some(View::Soa), Format::Html, None, Audience::External),
    );
    let running = page
        .split("<div class=\"running\"")
        .nth(1)
        .expect("a running head");
    assert!(running[..running.find("</div>").unwrap()].contains("External edition"));
    assert!(page.contains(".running { display: block; position: fixed;"));
    assert!(page.contains("counter(page)"));
    assert!(page.contains("overflow-wrap: anywhere"));
    // Eighteen columns run off a 1,280 px screen (checked in Chromium): the grid keeps the
    // columns a reader scans down, the rest are labelled lines under each record.
    let controls = &page[page.find("<h2>Controls</h2>").expect("the controls table")..];
    let head = &controls[..controls.find("</thead>").unwrap()];
    let shown: Vec<&str> = head
        .split("<th scope=\"col\">")
        .skip(1)
        .map(|h| &h[..h.find("</th>").unwrap()])
        .collect();
    assert_eq!(
        shown,
        [
            "Control",
            "Title",
            "Applicable",
            "Reasons",
            "Justification",
            "Status",
            "Responsibility"
        ]
    );
    for label in [
        "Combines",
        "Source",
        "Accountable owner",
        "Evidence",
        "Change trigger",
    ] {
        assert!(controls.contains(&format!("<dt>{label}</dt>")), "{label}");
    }
    // Nothing is lost in the fold: what the csv has in those columns, the page has too.
    let csv = render(
        &session,
        &catalogue,
        &options(Some(View::Soa), Format::Csv, None, Audience::External),
    );
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for name in [
        "Accountable owner",
        "Implementing documents",
        "Change trigger",
    ] {
        let i = column(name);
        let values: Vec<&str> = rows.iter().map(|r| &r[i]).collect();
        assert!(
            values.iter().any(|v| !v.is_empty()),
            "{name} is never recorded"
        );
        for v in values.iter().filter(|v| !v.is_empty()) {
            for line in v.lines() {
                let escaped = line
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
                    .replace('\'', "&#39;");
                assert!(
                    controls.contains(&escaped),
                    "{name}: {line:?} missing from the page"
                );
            }
        }
    }
}
