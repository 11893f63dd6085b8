//! Reading a provider's CAIQ (CSA's questionnaire with its SSRM ownership column) into a
//! customer session: the header is found below title rows on whichever sheet holds it, CSA's
//! ownership words become holder classes, a mapping file turns CSA ids into catalogue ids, and
//! bad rows are named by sheet, row and column. The workbooks are built here: no CSA content.

use gapwalk::catalogue::default_catalogue;
use gapwalk::import::{Origin, plan, read_mapping, read_matrix};
use gapwalk::session::{Holder, Provenance, Session, Timestamp};
use rust_xlsxwriter::Workbook;

const HEADER: [&str; 7] = [
    "Question ID",
    "Question",
    "CSP CAIQ Answer",
    "SSRM Control Ownership",
    "CSP Implementation Description (Optional/Recommended)",
    "CSC Responsibilities (Optional/Recommended)",
    "CCM Control ID",
];

/// A workbook like CSA's: a cover sheet first, then the questionnaire with two title rows and
/// an empty row above its header.
fn caiq_workbook(rows: &[[&str; 7]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let cover = book.add_worksheet();
    cover.set_name("Introduction").unwrap();
    cover
        .write(0, 0, "Consensus Assessments Initiative Questionnaire")
        .unwrap();
    cover.write(2, 0, "Question ID").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("CAIQv4").unwrap();
    sheet.write(0, 0, "Acme Cloud — CAIQ answers").unwrap();
    sheet.write(1, 0, "Version 4, filled in 2026").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write(3, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write(4 + r as u32, c as u16, *v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

const MAPPING: &str = "CCM id,ISO/IEC 27017 id\nIAM-02,A.9.2.3\nBCR-08.1,12.3.1\nDSP-01.1,8.2.1\n";

fn origin() -> Origin {
    Origin {
        provenance: Provenance {
            file: "acme-caiq.xlsx".into(),
            date: None,
            sha256: "ab".repeat(32),
        },
        file: "acme-caiq.xlsx".into(),
        by: "test".into(),
        at: Timestamp::from_unix(1_790_000_000).unwrap(),
    }
}

fn session() -> Session {
    let cat = default_catalogue();
    let mut s = Session::new("customer", &cat, Timestamp::from_unix(0).unwrap());
    s.meta.providers.push(gapwalk::session::Provider {
        name: "Acme Cloud".into(),
        services: Vec::new(),
    });
    s
}

#[test]
fn a_caiq_below_title_rows_on_its_own_sheet_fills_the_providers_lines() {
    let cat = default_catalogue();
    let book = caiq_workbook(&[
        ["", "Identity & Access Management", "", "", "", "", ""],
        [
            "IAM-02.1",
            "Q",
            "Yes",
            "CSP-owned",
            "We review access quarterly.",
            "",
            "IAM-02",
        ],
        [
            "IAM-02.2",
            "Q",
            "Yes",
            "CSP-owned",
            "Leavers lose access the same day.",
            "",
            "IAM-02",
        ],
        [
            "BCR-08.1",
            "Q",
            "Yes",
            "Shared CSP and CSC",
            "We back up the platform.",
            "- back up your own exports",
            "BCR-08",
        ],
        ["DSP-01.1", "Q", "NA", "N/A", "", "", "DSP-01"],
        ["GRC-01.1", "Q", "Yes", "CSC-owned", "", "", "GRC-01"],
    ]);
    let matrix = read_matrix(&book, "acme-caiq.xlsx").unwrap();
    let mapping = read_mapping(MAPPING.as_bytes(), "map.csv", &cat).unwrap();
    let before = session();
    let result = plan(
        &before,
        &cat,
        "Acme Cloud",
        &matrix,
        Some(&mapping),
        &origin(),
        false,
    )
    .unwrap();
    assert!(
        result.disagreements.is_empty(),
        "{:?}",
        result.disagreements
    );
    assert_eq!(result.controls, 3);
    // GRC-01.1 is not in the mapping: skipped, and said where it is.
    assert_eq!(result.unmapped.len(), 1);
    assert_eq!(
        result.unmapped[0].to_string(),
        "sheet \"CAIQv4\", row 10, column A (Question ID)"
    );
    let line = |id: &str| {
        result
            .session
            .assessment(id, &cat)
            .and_then(|a| a.responsibility("Acme Cloud"))
            .cloned()
            .unwrap()
    };
    let access = line("9.2.3");
    assert_eq!(access.holder, Holder::Provider);
    assert_eq!(
        access.inherited,
        "We review access quarterly.\nLeavers lose access the same day."
    );
    assert!(access.unconfirmed);
    assert_eq!(access.provenance.unwrap().file, "acme-caiq.xlsx");
    let backup = line("12.3.1");
    assert_eq!(backup.holder, Holder::Shared);
    assert_eq!(backup.customer_duty, "- back up your own exports");
    assert_eq!(line("8.2.1").holder, Holder::NotApplicable);
    // A not-applicable line never excludes the control itself.
    assert_eq!(
        result
            .session
            .assessment("8.2.1", &cat)
            .unwrap()
            .applicability,
        gapwalk::session::Applicability::Undecided
    );
}

#[test]
fn an_unknown_ownership_is_named_by_sheet_row_and_column() {
    let book = caiq_workbook(&[
        ["IAM-02.1", "Q", "Yes", "CSP-owned", "", "", "IAM-02"],
        ["IAM-02.2", "Q", "Yes", "Mostly us", "", "", "IAM-02"],
    ]);
    let err = read_matrix(&book, "acme.xlsx").unwrap_err().to_string();
    assert!(
        err.starts_with(
            "acme.xlsx: sheet \"CAIQv4\", row 6, column D (SSRM Control Ownership): \"Mostly us\" is not an ownership"
        ),
        "{err}"
    );
}

#[test]
fn rows_mapped_to_one_control_that_name_different_holders_fill_nothing() {
    let cat = default_catalogue();
    let book = caiq_workbook(&[
        ["IAM-02.1", "Q", "Yes", "CSP-owned", "", "", "IAM-02"],
        ["IAM-02.2", "Q", "Yes", "CSC-owned", "", "", "IAM-02"],
    ]);
    let matrix = read_matrix(&book, "acme.xlsx").unwrap();
    let mapping = read_mapping(MAPPING.as_bytes(), "map.csv", &cat).unwrap();
    let result = plan(
        &session(),
        &cat,
        "Acme Cloud",
        &matrix,
        Some(&mapping),
        &origin(),
        false,
    )
    .unwrap();
    assert_eq!(result.disagreements.len(), 1);
    assert_eq!(result.disagreements[0].control, "9.2.3");
    assert!(
        result.disagreements[0]
            .stated
            .contains("provider / customer")
    );
    assert!(result.session.assessment("9.2.3", &cat).is_none());
}

#[test]
fn a_recorded_holder_is_left_alone_unless_replace() {
    let cat = default_catalogue();
    let book = caiq_workbook(&[["IAM-02.1", "Q", "Yes", "CSP-owned", "", "", "IAM-02"]]);
    let matrix = read_matrix(&book, "acme.xlsx").unwrap();
    let mapping = read_mapping(MAPPING.as_bytes(), "map.csv", &cat).unwrap();
    let mut before = session();
    let mut a = gapwalk::session::Assessment::new("9.2.3");
    a.responsibility_mut("Acme Cloud").holder = Holder::Shared;
    before.assessments.push(a);
    before.sort(&cat);
    for replace in [false, true] {
        let result = plan(
            &before,
            &cat,
            "Acme Cloud",
            &matrix,
            Some(&mapping),
            &origin(),
            replace,
        )
        .unwrap();
        assert_eq!(result.disagreements.len(), 1);
        assert_eq!(result.disagreements[0].recorded, "shared");
        let holder = result
            .session
            .assessment("9.2.3", &cat)
            .unwrap()
            .responsibility("Acme Cloud")
            .unwrap()
            .holder;
        let expected = if replace {
            Holder::Provider
        } else {
            Holder::Shared
        };
        assert_eq!(holder, expected);
    }
}

#[test]
fn a_caiq_csv_with_formulas_stays_text_and_hostile_bytes_are_cleaned() {
    let csv = "Title row\n\nQuestion ID,SSRM Control Ownership,CSP Implementation Description\nIAM-02.1,CSP-owned,\"=HYPERLINK(\"\"http://x\"\")\u{1b}[2J\"\n";
    let matrix = read_matrix(csv.as_bytes(), "caiq.csv").unwrap();
    assert_eq!(matrix.statements.len(), 1);
    let text = &matrix.statements[0].provider_does;
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.starts_with("=HYPERLINK"));
}

#[test]
fn a_caiq_without_a_mapping_or_a_header_is_refused() {
    let cat = default_catalogue();
    let book = caiq_workbook(&[["IAM-02.1", "Q", "Yes", "CSP-owned", "", "", "IAM-02"]]);
    let matrix = read_matrix(&book, "acme.xlsx").unwrap();
    let errors = plan(
        &session(),
        &cat,
        "Acme Cloud",
        &matrix,
        None,
        &origin(),
        false,
    )
    .unwrap_err();
    assert!(errors[0].message.contains("--mapping"), "{:?}", errors);
    let err = read_matrix(b"a,b\n1,2\n", "x.csv").unwrap_err();
    assert!(err.message.contains("no header row found"), "{err}");
}
