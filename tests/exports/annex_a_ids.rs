//! ISO/IEC 27001:2022 Annex A ids are written `A.5.10` in every output, so a spreadsheet keeps
//! them as text (bare, 5.10 becomes the number 5.1 and collides with 5.1), and `gapwalk set`
//! takes a control of the Annex A catalogue by either form.

use crate::export_support;

use std::path::Path;

use export_support::{example, options, read_xlsx, render, render_text};
use gapwalk::export::{Audience, Format, Numbering, View};

fn gapwalk(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = crate::common::gapwalk(dir)
        .args(args)
        .output()
        .expect("run gapwalk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The first column of a csv export, as a data tool reads it.
fn first_column(bytes: &[u8]) -> Vec<String> {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("a BOM");
    csv::Reader::from_reader(body)
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect()
}

#[test]
fn the_annex_a_soa_lists_each_2022_control_once_as_text_in_csv_xlsx_and_json() {
    let (session, catalogue) = example();
    let annex = Some(Numbering::Iso27001_2022);
    let ids = first_column(&render(
        &session,
        &catalogue,
        &options(Some(View::Soa), Format::Csv, annex, Audience::Internal),
    ));
    let annex_ids: Vec<&String> = ids.iter().filter(|i| !i.starts_with("CLD.")).collect();
    assert_eq!(annex_ids.len(), 93);
    assert!(
        annex_ids.iter().all(|i| i.starts_with("A.")),
        "{annex_ids:?}"
    );
    for (twin, of) in [
        ("A.5.10", "A.5.1"),
        ("A.7.10", "A.7.1"),
        ("A.8.20", "A.8.2"),
    ] {
        assert!(ids.contains(&twin.to_string()) && ids.contains(&of.to_string()));
    }
    // Read the way a spreadsheet would read it: no id may pass for a number.
    assert!(ids.iter().all(|i| i.parse::<f64>().is_err()), "{ids:?}");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no id twice");

    let book = read_xlsx(&render(
        &session,
        &catalogue,
        &options(Some(View::Soa), Format::Xlsx, annex, Audience::Internal),
    ));
    let column: Vec<String> = book[0].1.iter().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(
        column, ids,
        "the workbook holds the same ids, as text cells"
    );

    let json: serde_json::Value = serde_json::from_slice(&render(
        &session,
        &catalogue,
        &options(Some(View::Soa), Format::Json, annex, Audience::Internal),
    ))
    .unwrap();
    let first = &json["soa"][0];
    assert_eq!(first["id"], "A.5.1", "{first}");
}

#[test]
fn the_27017_views_name_the_2022_controls_with_their_letter() {
    let (session, catalogue) = example();
    for view in [View::Soa, View::Gaps, View::Responsibility] {
        let md = render_text(
            &session,
            &catalogue,
            &options(
                Some(view),
                Format::Md,
                Some(Numbering::Iso27017),
                Audience::Internal,
            ),
        );
        // 9.2.3 (27017) corresponds to Annex A 8.2.
        assert!(md.contains("| 9.2.3 | A.8.2 |"), "{view:?}");
    }
}

#[test]
fn a_session_on_the_annex_a_catalogue_is_set_by_either_id_and_exported_with_the_letter() {
    let dir = tempfile::tempdir().unwrap();
    let run = gapwalk(
        &[
            "new",
            "a.ron",
            "--catalogue",
            "iso27001-2022",
            "--provider",
            "AWS",
        ],
        dir.path(),
    );
    assert_eq!(run.0, 0, "{}", run.2);
    let run = gapwalk(&["set", "a.ron", "A.5.10", "status=planned"], dir.path());
    assert_eq!(run.0, 0, "{}", run.2);
    let run = gapwalk(&["set", "a.ron", "5.7", "status=partial"], dir.path());
    assert_eq!(run.0, 0, "{}", run.2);
    // The file keeps the catalogue's own ids.
    let text = std::fs::read_to_string(dir.path().join("a.ron")).unwrap();
    assert!(text.contains("\"5.10\""), "{text}");
    assert!(!text.contains("A.5.10"));
    let run = gapwalk(&["set", "a.ron", "A.5.99", "status=planned"], dir.path());
    assert_eq!(run.0, 2);
    assert!(run.2.contains("unknown control id"), "{}", run.2);

    let (code, csv, err) = gapwalk(
        &[
            "export", "a.ron", "--format", "csv", "--out", "-", "--view", "soa",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(csv.contains("\r\nA.5.10,A.5.10,"), "{csv}");
    assert!(!csv.contains("\r\n5.10,"));
}
