//! The ISO/IEC 27001:2022 SoA of `sessions/example.ron` (rows named `A.5.1` …), checked row by row against the table
//! in `tests/soa_2022_example.tsv`: which example controls each 2022 row combines, whether it
//! applies, its status, and which combined controls are still undecided (a row with any has no
//! status).

use crate::export_support;

use export_support::{example, options, render_text};
use gapwalk::export::{Audience, Format, View};
use serde_json::Value;

const TABLE: &str = include_str!("soa_2022_example.tsv");

fn expected() -> Vec<Vec<String>> {
    let mut lines = TABLE.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(
        lines.next(),
        Some("id\tcombines\tapplicable\tstatus\tundecided")
    );
    lines
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

fn actual() -> Vec<Vec<String>> {
    let (session, catalogue) = example();
    let json: Value = serde_json::from_str(&render_text(
        &session,
        &catalogue,
        &options(Some(View::Soa), Format::Json, None, Audience::Internal),
    ))
    .unwrap();
    assert_eq!(
        json["metadata"]["numbering"], "iso27001-2022",
        "the default"
    );
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    json["soa"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let combines: Vec<String> =
                r["combines"].as_array().unwrap().iter().map(text).collect();
            let note = text(&r["note"]);
            // The note may go on with the CLD controls named for information ("; for
            // information, gapwalk relates …"): only its first clause lists the undecided.
            let undecided = note
                .split(';')
                .next()
                .and_then(|first| first.strip_prefix("still undecided: "))
                .unwrap_or_default()
                .replace(' ', "");
            vec![
                text(&r["id"]),
                combines.join(","),
                text(&r["applicable"]),
                text(&r["status"]),
                undecided,
            ]
        })
        .collect()
}

#[test]
fn the_2022_soa_of_the_example_matches_the_table_row_by_row() {
    let expected = expected();
    let actual = actual();
    for (i, (want, got)) in expected.iter().zip(&actual).enumerate() {
        assert_eq!(got, want, "row {} ({})", i + 1, want[0]);
    }
    assert_eq!(actual.len(), expected.len(), "row count");
}

#[test]
fn the_table_lists_each_annex_a_control_once_in_order_and_no_status_beside_an_undecided_one() {
    let rows = expected();
    let annex = gapwalk::catalogue::embedded("iso27001-2022").unwrap();
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r[0].strip_prefix("A.").unwrap_or(&r[0]))
        .take(93)
        .collect();
    let annex_ids: Vec<&str> = annex.controls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, annex_ids);
    assert!(rows[93..].iter().all(|r| r[0].starts_with("CLD.")));
    for r in &rows {
        if !r[4].is_empty() || r[2] != "yes" {
            assert_eq!(r[3], "", "{r:?}");
        }
    }
}

#[test]
fn the_example_excludes_only_with_reasons_of_its_own_and_nothing_a_provider_runs() {
    let (session, catalogue) = example();
    let findings = gapwalk::review::findings(
        &session,
        &catalogue,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
    );
    for kind in [
        gapwalk::review::FindingKind::OutsourcedExcluded,
        gapwalk::review::FindingKind::MissingExclusionReason,
        gapwalk::review::FindingKind::MissingAccountableOwner,
        gapwalk::review::FindingKind::MissingChangeTrigger,
        gapwalk::review::FindingKind::MissingEscalation,
        gapwalk::review::FindingKind::MissingInherited,
    ] {
        assert!(
            findings.iter().all(|f| f.kind != kind),
            "{}: {findings:?}",
            kind.key()
        );
    }
    let excluded: Vec<_> = session
        .assessments
        .iter()
        .filter(|a| a.applicability == gapwalk::session::Applicability::NotApplicable)
        .collect();
    assert!(!excluded.is_empty(), "the example shows an exclusion");
    // 8.3.3 and 11.1.6 are run by the providers: applicable and outsourced, not excluded.
    for id in ["8.3.3", "11.1.6"] {
        let a = session.assessment(id, &catalogue).unwrap();
        assert_eq!(a.applicability, gapwalk::session::Applicability::Applicable);
        assert!(a.responsibilities.iter().all(|r| r.holder.is_outsourced()));
    }
}
