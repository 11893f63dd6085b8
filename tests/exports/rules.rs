//! The export rules users rely on: the ISO/IEC 27001:2022 numbering lists each Annex A control
//! exactly once and combines the mapped controls by the documented rule; the external edition
//! leaks no note, gap text or risk acceptance in any format; hostile text comes out inert in
//! every format.

use crate::common;
use crate::export_support;

use std::collections::BTreeSet;
use std::path::Path;

use export_support::{every_export, options, read_xlsx, render, render_text, visible_text};
use gapwalk::catalogue::{Catalogue, default_catalogue};
use gapwalk::export::{Audience, Format, Numbering, View};
use gapwalk::session::*;
use serde_json::Value;

fn soa_json(session: &Session, catalogue: &Catalogue, numbering: Numbering) -> Vec<Value> {
    let text = render_text(
        session,
        catalogue,
        &options(
            Some(View::Soa),
            Format::Json,
            Some(numbering),
            Audience::Internal,
        ),
    );
    let doc: Value = serde_json::from_str(&text).expect("valid json");
    assert_eq!(doc["format_version"], gapwalk::export::JSON_FORMAT_VERSION);
    assert_eq!(doc["view"], "soa");
    doc["soa"].as_array().expect("soa rows").clone()
}

fn reference_2022_ids() -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/iso27002-2022-controls.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn annex_a_numbering_lists_each_of_the_93_controls_once_then_the_seven_cld_controls() {
    let (session, catalogue) = common::fixture();
    let rows = soa_json(&session, &catalogue, Numbering::Iso27001_2022);
    let annex: Vec<String> = rows
        .iter()
        .filter(|r| r["additional"] == false)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let additional: Vec<&str> = rows
        .iter()
        .filter(|r| r["additional"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let reference = reference_2022_ids();
    assert_eq!(reference.len(), 93);
    assert_eq!(annex.len(), 93);
    assert_eq!(
        annex.iter().collect::<BTreeSet<_>>(),
        reference
            .iter()
            .map(|id| format!("A.{id}"))
            .collect::<BTreeSet<_>>()
            .iter()
            .collect::<BTreeSet<_>>(),
        "each Annex A control exactly once, with its letter"
    );
    assert_eq!(
        additional,
        [
            "CLD.6.3.1",
            "CLD.8.1.5",
            "CLD.9.5.1",
            "CLD.9.5.2",
            "CLD.12.1.5",
            "CLD.12.4.5",
            "CLD.13.1.4"
        ]
    );
    assert_eq!(rows.len(), 100, "the additional rows come after Annex A");
    assert!(rows[93..].iter().all(|r| r["additional"] == true));
}

fn set(
    session: &mut Session,
    catalogue: &Catalogue,
    id: &str,
    applicability: Applicability,
    status: Status,
    justification: &str,
) {
    let mut a = Assessment::new(id);
    a.applicability = applicability;
    a.status = status;
    a.justification = justification.into();
    a.evidence.push(Evidence {
        kind: EvidenceKind::Ticket,
        location: format!("EVID-{id}"),
        ..Evidence::default()
    });
    a.responsibility_mut("AWS").holder = Holder::Shared;
    a.responsibility_mut("AWS").customer_owner = format!("owner of {id}");
    session.apply(
        Edit::SetAssessment {
            control: id.into(),
            assessment: Some(Box::new(a)),
        },
        catalogue,
    );
}

fn crafted() -> (Session, Catalogue) {
    use Applicability::*;
    let catalogue = default_catalogue();
    let mut s = Session::new(
        "Combining",
        &catalogue,
        Timestamp::from_unix(1_790_000_000).unwrap(),
    );
    s.meta.providers = vec![Provider {
        name: "AWS".into(),
        services: vec![],
    }];
    let c = &catalogue;
    // 5.1 <- 5.1.1 + 5.1.2
    set(
        &mut s,
        c,
        "5.1.1",
        Applicable,
        Status::Implemented,
        "policy exists",
    );
    set(
        &mut s,
        c,
        "5.1.2",
        Applicable,
        Status::Planned,
        "review planned",
    );
    // 5.9 <- 8.1.1 + 8.1.2: unknown is weaker than planned
    set(&mut s, c, "8.1.1", Applicable, Status::Unknown, "inventory");
    set(&mut s, c, "8.1.2", Applicable, Status::Planned, "ownership");
    // 5.10 <- 8.1.3 + 8.2.3: both excluded
    set(
        &mut s,
        c,
        "8.1.3",
        NotApplicable,
        Status::Unknown,
        "no assets in use",
    );
    set(
        &mut s,
        c,
        "8.2.3",
        NotApplicable,
        Status::Unknown,
        "nothing to handle",
    );
    // 5.15 <- 9.1.1 + 9.1.2: an excluded one does not weaken the applicable one
    set(
        &mut s,
        c,
        "9.1.1",
        NotApplicable,
        Status::NotImplemented,
        "covered elsewhere",
    );
    set(
        &mut s,
        c,
        "9.1.2",
        Applicable,
        Status::Partial,
        "network access",
    );
    // 8.15 <- 12.4.1 + 12.4.2 + 12.4.3
    set(
        &mut s,
        c,
        "12.4.1",
        Applicable,
        Status::Implemented,
        "event logs",
    );
    set(
        &mut s,
        c,
        "12.4.2",
        Applicable,
        Status::NotImplemented,
        "log protection",
    );
    set(
        &mut s,
        c,
        "12.4.3",
        Applicable,
        Status::Partial,
        "admin logs",
    );
    // 5.18 <- 9.2.2 + 9.2.5 (+ 9.2.6): one excluded, the rest unassessed: undecided
    set(
        &mut s,
        c,
        "9.2.2",
        NotApplicable,
        Status::Unknown,
        "no provisioning",
    );
    // 8.22 <- 13.1.3 only; CLD.9.5.1 is related to 8.22 by gapwalk, which never combines
    set(
        &mut s,
        c,
        "13.1.3",
        Applicable,
        Status::Implemented,
        "segregated networks",
    );
    set(
        &mut s,
        c,
        "CLD.9.5.1",
        Applicable,
        Status::NotImplemented,
        "tenant isolation",
    );
    (s, catalogue)
}

/// The row of `id`; a 2022 Annex A id is written as exports write it (`5.1` is `A.5.1`).
fn row<'a>(rows: &'a [Value], id: &str) -> &'a Value {
    let id = gapwalk::catalogue::annex_a_label(id);
    let id = id.as_str();
    rows.iter()
        .find(|r| r["id"] == id && r["additional"] == false)
        .or_else(|| rows.iter().find(|r| r["id"] == id))
        .unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn a_2022_row_is_applicable_if_any_mapped_control_is_and_takes_the_weakest_status() {
    let (s, c) = crafted();
    let rows = soa_json(&s, &c, Numbering::Iso27001_2022);
    let check = |id: &str, applicable: &str, status: Value| {
        let r = row(&rows, id);
        assert_eq!(r["applicable"], applicable, "{id} applicable");
        assert_eq!(r["status"], status, "{id} status");
    };
    check("5.1", "yes", "planned".into());
    check("5.9", "yes", "unknown".into());
    check("5.10", "no", Value::Null);
    check("5.15", "yes", "partial".into());
    check("8.15", "yes", "not_implemented".into());
    check("5.18", "undecided", Value::Null);
    check("8.22", "yes", "implemented".into());
    check("CLD.9.5.1", "yes", "not_implemented".into());
    assert_eq!(
        row(&rows, "5.1")["combines"],
        serde_json::json!(["5.1.1", "5.1.2"])
    );
}

#[test]
fn justifications_evidence_and_owners_keep_the_id_they_were_recorded_against() {
    let (s, c) = crafted();
    let rows = soa_json(&s, &c, Numbering::Iso27001_2022);
    let r = row(&rows, "5.1");
    assert_eq!(
        r["justification"],
        serde_json::json!([
            {"from": "5.1.1", "text": "policy exists"},
            {"from": "5.1.2", "text": "review planned"}
        ])
    );
    let evidence: Vec<(&str, &str)> = r["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["from"].as_str().unwrap(), e["location"].as_str().unwrap()))
        .collect();
    assert_eq!(evidence, [("5.1.1", "EVID-5.1.1"), ("5.1.2", "EVID-5.1.2")]);
    let owners: Vec<&str> = r["responsibilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["customer_owner"].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["owner of 5.1.1", "owner of 5.1.2"]);
    let md = render_text(
        &s,
        &c,
        &options(
            Some(View::Soa),
            Format::Md,
            Some(Numbering::Iso27001_2022),
            Audience::Internal,
        ),
    );
    let line = md.lines().find(|l| l.starts_with("| A.5.1 |")).unwrap();
    assert!(
        line.contains("\\[5.1.1\\] policy exists<br>\\[5.1.2\\] review planned"),
        "{line}"
    );
}

#[test]
fn a_2022_control_with_no_2013_predecessor_is_decided_in_the_27017_workshop() {
    let (s, c) = crafted();
    let rows = soa_json(&s, &c, Numbering::Iso27001_2022);
    for id in [
        "5.7", "5.23", "8.9", "8.10", "8.11", "8.12", "8.16", "8.23", "8.28", "5.30", "7.4",
    ] {
        let r = row(&rows, id);
        // The 27017 catalogue carries it, so its row is its own control's, undecided until walked.
        assert_eq!(r["applicable"], "undecided", "{id}");
        assert_eq!(r["combines"], serde_json::json!([id]), "{id}");
        assert!(
            r["note"].as_str().unwrap().contains("not assessed yet"),
            "{id}: {}",
            r["note"]
        );
    }
    // gapwalk's relations from the CLD controls are named for information, never combined.
    let cloud_use = row(&rows, "5.23");
    assert!(
        cloud_use["note"]
            .as_str()
            .unwrap()
            .contains("for information, gapwalk relates CLD.6.3.1"),
        "{}",
        cloud_use["note"]
    );
    assert_eq!(cloud_use["combines"], serde_json::json!(["5.23"]));
}

#[test]
fn an_unassessed_control_is_undecided_in_the_soa_never_yes_or_no() {
    let (s, c) = crafted();
    let rows = soa_json(&s, &c, Numbering::Iso27017);
    assert_eq!(rows.len(), 132);
    let r = row(&rows, "6.1.2");
    assert_eq!(r["applicable"], "undecided");
    assert_eq!(r["status"], Value::Null);
    assert_eq!(r["note"], "not assessed yet");
    assert_eq!(row(&rows, "8.1.3")["applicable"], "no");
}

#[test]
fn a_session_on_the_annex_a_catalogue_defaults_to_its_numbering_and_refuses_the_27017_one() {
    let catalogue = gapwalk::catalogue::embedded("iso27001-2022").unwrap();
    let mut s = Session::new(
        "Plain 27001",
        &catalogue,
        Timestamp::from_unix(1_790_000_000).unwrap(),
    );
    set(
        &mut s,
        &catalogue,
        "5.1",
        Applicability::Applicable,
        Status::Partial,
        "policies",
    );
    let rows = soa_json(&s, &catalogue, Numbering::Iso27001_2022);
    assert_eq!(rows.len(), 93, "no additional controls");
    assert_eq!(row(&rows, "5.1")["status"], "partial");
    assert_eq!(row(&rows, "5.1")["justification"][0]["from"], Value::Null);
    let source = gapwalk::export::Source {
        session: &s,
        catalogue: &catalogue,
        session_file: "plain.ron",
        generated_at: Timestamp::from_unix(1_790_000_000).unwrap(),
    };
    let mut asked = options(Some(View::Soa), Format::Md, None, Audience::Internal);
    let text = String::from_utf8(gapwalk::export::render(&source, &asked).unwrap()).unwrap();
    assert!(text.contains("| Numbering | ISO/IEC 27001:2022 Annex A |"));
    asked.numbering = Some(Numbering::Iso27017);
    assert!(gapwalk::export::render(&source, &asked).is_err());
}

const SECRETS: [&str; 7] = [
    "NOTE-SECRET-1",
    "GAP-SECRET-2",
    "RISK-SECRET-3",
    "ACCEPTOR-SECRET-4",
    "LOCNOTE-SECRET-5",
    "DECISION-SECRET-6",
    "ACTION-SECRET-7",
];

/// The fixture with a distinctive string in every field the external edition withholds.
fn with_secrets() -> (Session, Catalogue) {
    let (mut s, c) = common::fixture();
    s.meta.data_locations.push(DataLocation {
        provider: "AWS".into(),
        location: "eu-west-2".into(),
        jurisdiction: "UK".into(),
        notes: SECRETS[4].into(),
    });
    // A provider too: the customer responsibility matrix's internal edition adds our gap.
    s.meta.role = Role::Both;
    s.meta.offerings.push(Offering {
        name: "Payroll".into(),
        description: String::new(),
    });
    s.decisions.push(Decision {
        at: Timestamp::from_unix(1_790_000_100).unwrap(),
        by: "Ana Lima".into(),
        control: Some("9.2.3".into()),
        text: SECRETS[5].into(),
    });
    for a in &mut s.assessments {
        a.offering_mut("Payroll").holder = Holder::Shared;
        a.notes = SECRETS[0].into();
        a.flagged = true;
        if a.is_gap() {
            a.gap = SECRETS[1].into();
        }
        if let Some(r) = &mut a.remediation {
            r.action = SECRETS[6].into();
        }
        if let Some(ra) = &mut a.risk_acceptance {
            ra.rationale = SECRETS[2].into();
            ra.accepted_by = SECRETS[3].into();
        }
    }
    (s, c)
}

#[test]
fn the_external_edition_leaks_no_note_gap_text_or_risk_acceptance_in_any_format() {
    let (s, c) = with_secrets();
    for opts in every_export(Audience::External) {
        let text = visible_text(opts.format, &render(&s, &c, &opts));
        for secret in SECRETS {
            assert!(!text.contains(secret), "{opts:?} leaks {secret}");
        }
        assert!(
            text.contains("external edition"),
            "{opts:?} says which edition it is"
        );
    }
}

#[test]
fn the_internal_edition_carries_every_withheld_field_somewhere_in_each_format() {
    let (s, c) = with_secrets();
    for format in Format::ALL {
        let all: String = every_export(Audience::Internal)
            .iter()
            .filter(|o| o.format == *format)
            .map(|o| visible_text(o.format, &render(&s, &c, o)))
            .collect();
        for secret in SECRETS {
            // The minutes (decision log, follow-up notes) are several tables, which a csv
            // file never holds: csv is refused for them, and they are in every other format.
            let minutes_only = [SECRETS[0], SECRETS[5]].contains(&secret);
            if *format == Format::Csv && minutes_only {
                assert!(!all.contains(secret));
                continue;
            }
            // OSCAL holds the SSP and the POA&M only: of the withheld fields, the gap and its
            // planned action (in the POA&M); notes, risk acceptances, location notes and the
            // decision log have no place in either.
            if *format == Format::Oscal && ![SECRETS[1], SECRETS[6]].contains(&secret) {
                continue;
            }
            assert!(all.contains(secret), "{format:?} internal lacks {secret}");
        }
    }
}

const HOSTILE: [&str; 9] = [
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(A1:A9)",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "\u{1b}[2J\u{1b}]0;pwned\u{7}esc",
    "\u{202e}txt.exe",
    "pipe | in | cell",
];

/// Hostile text in the fields that reach every view: names, justifications, gaps, decisions.
fn hostile() -> (Session, Catalogue) {
    let (mut s, c) = common::fixture();
    let h = |i: usize| HOSTILE[i % HOSTILE.len()].to_string();
    s.meta.title = h(4);
    s.meta.organisation = h(0);
    s.meta.scope = h(6);
    s.meta.providers[0].services = vec![h(1)];
    s.meta.participants[0].role = h(5);
    s.meta.participants[1].name = h(2);
    s.meta.facilitator = h(3);
    // A provider too, so the customer responsibility matrix has an offering to publish.
    s.meta.role = Role::Both;
    s.meta.offerings.push(Offering {
        name: h(5),
        description: h(6),
    });
    s.decisions.push(Decision {
        at: Timestamp::from_unix(1_790_000_100).unwrap(),
        by: h(7),
        control: None,
        text: h(0),
    });
    for (k, a) in s.assessments.iter_mut().enumerate() {
        a.justification = h(k);
        a.notes = h(k + 1);
        a.flagged = true;
        a.gap = h(k + 2);
        if let Some(r) = &mut a.remediation {
            r.action = h(k + 3);
            r.owner = h(k + 4);
        }
        if let Some(ra) = &mut a.risk_acceptance {
            ra.rationale = h(k + 5);
            ra.accepted_by = h(k);
        }
        for r in &mut a.responsibilities {
            r.customer_owner = h(k + 6);
            r.inherited = h(k + 7);
        }
        let offering = a.offering_mut(&h(5));
        offering.holder = Holder::Shared;
        offering.we_do = h(k);
        offering.customer_must = h(k + 2);
        offering.customer_evidence = h(k + 4);
        offering.contact_role = h(k + 8);
        a.evidence.push(Evidence {
            kind: EvidenceKind::Url,
            location: h(k + 8),
            description: h(k),
            ..Evidence::default()
        });
    }
    (s, c)
}

fn assert_no_control_characters(what: &str, text: &str) {
    for c in text.chars() {
        let control = c.is_control() && c != '\n' && c != '\r';
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
        assert!(
            !control && !bidi,
            "{what}: control or bidi character {c:?} passed through"
        );
    }
}

fn assert_cell_inert(what: &str, cell: &str) {
    assert!(
        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
        "{what}: cell {cell:?} could be read as a formula"
    );
    assert_no_control_characters(what, cell);
}

#[test]
fn hostile_text_comes_out_inert_in_csv() {
    let (s, c) = hostile();
    let mut every_file = String::new();
    for view in View::ALL {
        if gapwalk::export::supported(Some(*view), Format::Csv, Audience::Internal).is_err() {
            continue;
        }
        let bytes = render(
            &s,
            &c,
            &options(Some(*view), Format::Csv, None, Audience::Internal),
        );
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[3..]);
        let mut fields = 0;
        for record in reader.records() {
            let record = record.expect("valid csv");
            for cell in record.iter() {
                assert_cell_inert(&format!("csv {view:?}"), cell);
                fields += 1;
            }
        }
        assert!(fields > 0);
        every_file.push_str(&String::from_utf8(bytes).unwrap());
    }
    // The formula text (the organisation, on the about view) is kept, neutralised.
    assert!(every_file.contains("'=HYPERLINK"));
}

#[test]
fn hostile_text_comes_out_inert_in_xlsx() {
    let (s, c) = hostile();
    let bytes = render(
        &s,
        &c,
        &options(None, Format::Xlsx, None, Audience::Internal),
    );
    // A string cell is never evaluated, so the text is kept as typed, without the apostrophe
    // csv needs; what makes it inert is that no cell is a formula (below).
    let mut seen = false;
    for (sheet, rows) in read_xlsx(&bytes) {
        for cell in rows.iter().flatten() {
            if let calamine::Data::String(text) = cell {
                assert_no_control_characters(&sheet, text);
                assert!(
                    !text.starts_with('\''),
                    "{sheet}: {text:?} shows an apostrophe"
                );
                seen |= text == HOSTILE[0];
            }
        }
    }
    assert!(seen, "the formula text is kept as text");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().next().is_none(),
            "{name} holds a formula"
        );
    }
}

#[test]
fn hostile_text_comes_out_inert_in_html() {
    let (s, c) = hostile();
    for view in View::ALL {
        let text = render_text(
            &s,
            &c,
            &options(Some(*view), Format::Html, None, Audience::Internal),
        );
        let lower = text.to_lowercase();
        assert!(!lower.contains("<script"), "{view:?}");
        assert!(!lower.contains("<img"), "{view:?}");
        assert!(!lower.contains("http://evil") || lower.contains("=hyperlink(&quot;http://evil"));
        assert!(
            text.contains("&lt;script&gt;"),
            "{view:?} keeps the text, escaped"
        );
        // Text never holds a literal `<`, so every tag is gapwalk's own: none may load or run
        // anything.
        for tag in text.split('<').skip(1).filter_map(|t| t.split('>').next()) {
            let tag = tag.to_lowercase();
            for attribute in [
                " src=", " href=", " on", "script", "iframe", "@import", "url(",
            ] {
                assert!(
                    !tag.contains(attribute),
                    "{view:?}: tag <{tag}> has {attribute}"
                );
            }
        }
        assert_no_control_characters(&format!("html {view:?}"), &text);
    }
}

#[test]
fn hostile_text_comes_out_inert_in_markdown() {
    let (s, c) = hostile();
    for view in View::ALL {
        let text = render_text(
            &s,
            &c,
            &options(Some(*view), Format::Md, None, Audience::Internal),
        );
        assert!(
            !text.contains("<script") && !text.contains("<img"),
            "{view:?}"
        );
        assert_no_control_characters(&format!("md {view:?}"), &text);
        // Every table row has exactly as many unescaped pipes as its header.
        let mut expected = None;
        for line in text.lines() {
            if !line.starts_with('|') {
                expected = None;
                continue;
            }
            let pipes = line.matches('|').count() - line.matches("\\|").count();
            match expected {
                None => expected = Some(pipes),
                Some(n) => assert_eq!(pipes, n, "{view:?}: a cell broke its table row: {line}"),
            }
        }
        if *view == View::Soa {
            assert!(
                text.contains("pipe \\| in \\| cell"),
                "the pipe stays, escaped"
            );
        }
    }
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn hostile_text_comes_out_inert_in_json() {
    let (s, c) = hostile();
    for view in View::ALL {
        let text = render_text(
            &s,
            &c,
            &options(Some(*view), Format::Json, None, Audience::Internal),
        );
        let doc: Value = serde_json::from_str(&text).expect("valid json");
        let mut all = Vec::new();
        strings(&doc, &mut all);
        assert!(all.len() > 10);
        for s in &all {
            assert_no_control_characters(&format!("json {view:?}"), s);
        }
    }
}

#[test]
fn an_excluded_control_gives_its_exclusion_reasons_not_the_inclusion_reasons_it_once_had() {
    let (mut session, catalogue) = export_support::example();
    // A control first included for contractual reasons, then excluded: the reasons it had are
    // still in the file (nothing typed is thrown away) but no longer true of the control.
    let mut a = session.assessment("5.1.1", &catalogue).unwrap().clone();
    assert!(
        !a.reasons.is_empty(),
        "the example includes 5.1.1 with reasons"
    );
    a.applicability = Applicability::NotApplicable;
    a.exclusion_reasons = vec![Exclusion::RiskNotPresent];
    a.justification = "No such risk in scope".into();
    session.apply(
        Edit::SetAssessment {
            control: "5.1.1".into(),
            assessment: Some(Box::new(a)),
        },
        &catalogue,
    );
    let rows = soa_json(&session, &catalogue, Numbering::Iso27017);
    let r = row(&rows, "5.1.1");
    assert_eq!(r["applicable"], "no");
    assert_eq!(r["reasons"], serde_json::json!([]));
    assert_eq!(
        r["exclusion_reasons"],
        serde_json::json!(["risk_not_present"])
    );
    // The 2022 row that combines it with the still-applicable 5.1.2 keeps only 5.1.2's reasons.
    let rows = soa_json(&session, &catalogue, Numbering::Iso27001_2022);
    let combined = row(&rows, "A.5.1");
    let own = session.assessment("5.1.2", &catalogue).unwrap();
    let expected: Vec<Value> = own
        .reasons
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect();
    assert_eq!(combined["reasons"], Value::Array(expected));
}
