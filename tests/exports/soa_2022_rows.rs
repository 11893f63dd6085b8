//! Combined rows of the ISO/IEC 27001:2022 SoA: no status while any combined control is
//! undecided (the note names them), and an owner, a document or an evidence pointer that
//! several combined controls share is listed once.

use crate::export_support;

use export_support::{example, options, render_text};
use gapwalk::catalogue::Catalogue;
use gapwalk::export::{Audience, Format, View};
use gapwalk::session::{Applicability, Assessment, Holder, Session, Status};
use serde_json::Value;

fn rows(session: &Session, catalogue: &Catalogue) -> Vec<Value> {
    let text = render_text(
        session,
        catalogue,
        &options(Some(View::Soa), Format::Json, None, Audience::Internal),
    );
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        json["metadata"]["numbering"], "iso27001-2022",
        "the default"
    );
    json["soa"].as_array().unwrap().clone()
}

/// The row of a 2022 id, written as exports write it (`5.17` is `A.5.17`).
fn row<'a>(rows: &'a [Value], id: &str) -> &'a Value {
    let id = gapwalk::catalogue::annex_a_label(id);
    rows.iter().find(|r| r["id"] == id.as_str()).unwrap()
}

/// The record of a control, created when missing.
fn record<'a>(s: &'a mut Session, cat: &Catalogue, id: &str) -> &'a mut Assessment {
    if s.assessment(id, cat).is_none() {
        s.assessments.push(Assessment::new(id));
        s.sort(cat);
    }
    s.assessments.iter_mut().find(|a| a.control == id).unwrap()
}

fn decide(s: &mut Session, cat: &Catalogue, id: &str, status: Status) {
    let a = record(s, cat, id);
    a.applicability = Applicability::Applicable;
    a.status = status;
    a.justification = format!("{id} matters");
    a.accountable_owner = "Ana Lima".into();
    a.documents = vec!["Access Control Policy".into()];
    a.responsibility_mut("AWS").holder = Holder::Customer;
    a.responsibility_mut("AWS").customer_owner = "Bruno Costa".into();
}

#[test]
fn a_combined_row_with_an_undecided_input_has_no_status_and_names_it() {
    let (mut s, cat) = example();
    // 5.17 combines 9.2.4, 9.3.1 and 9.4.3.
    for id in ["9.2.4", "9.3.1", "9.4.3"] {
        *record(&mut s, &cat, id) = Assessment::new(id);
    }
    decide(&mut s, &cat, "9.2.4", Status::Implemented);
    let all = rows(&s, &cat);
    let r = row(&all, "5.17");
    assert_eq!(
        r["combines"],
        serde_json::json!(["9.2.4", "9.3.1", "9.4.3"])
    );
    assert_eq!(r["applicable"], "yes");
    assert_eq!(r["status"], Value::Null);
    assert_eq!(r["note"], "still undecided: 9.3.1, 9.4.3");

    // Decided, the weakest status among the applicable ones.
    decide(&mut s, &cat, "9.3.1", Status::Partial);
    let a = record(&mut s, &cat, "9.4.3");
    a.applicability = Applicability::NotApplicable;
    let all = rows(&s, &cat);
    let r = row(&all, "5.17");
    assert_eq!(r["status"], "partial");
    assert_eq!(r["note"], Value::Null, "no note: missing text is null");
}

#[test]
fn what_every_combined_control_shares_is_listed_once_without_a_tag() {
    let (mut s, cat) = example();
    for id in ["9.2.4", "9.3.1", "9.4.3"] {
        *record(&mut s, &cat, id) = Assessment::new(id);
        decide(&mut s, &cat, id, Status::Implemented);
    }
    let all = rows(&s, &cat);
    let r = row(&all, "5.17");
    let aws: Vec<&Value> = r["responsibilities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["provider"] == "AWS")
        .collect();
    assert_eq!(aws.len(), 1, "{aws:?}");
    assert_eq!(aws[0]["from"], Value::Null);
    assert_eq!(aws[0]["customer_owner"], "Bruno Costa");
    assert_eq!(r["accountable_owner"].as_array().unwrap().len(), 1);
    assert_eq!(r["accountable_owner"][0]["from"], Value::Null);
    assert_eq!(r["documents"], serde_json::json!(["Access Control Policy"]));
    // Different justifications stay apart, each with its control.
    assert_eq!(r["justification"].as_array().unwrap().len(), 3);
    assert_eq!(r["justification"][1]["from"], "9.3.1");
}

#[test]
fn what_some_combined_controls_share_is_listed_once_tagged_with_each() {
    let (mut s, cat) = example();
    for id in ["9.2.4", "9.3.1", "9.4.3"] {
        *record(&mut s, &cat, id) = Assessment::new(id);
        decide(&mut s, &cat, id, Status::Implemented);
    }
    record(&mut s, &cat, "9.4.3")
        .responsibility_mut("AWS")
        .customer_owner = "Chidi Okafor".into();
    let all = rows(&s, &cat);
    let aws: Vec<&Value> = row(&all, "5.17")["responsibilities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["provider"] == "AWS")
        .collect();
    assert_eq!(aws.len(), 2, "{aws:?}");
    assert_eq!(aws[0]["from"], "9.2.4, 9.3.1");
    assert_eq!(aws[1]["from"], "9.4.3");
}
