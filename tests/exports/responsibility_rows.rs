//! The responsibility matrix grows with what a session records, not with controls times
//! providers (issue 10, case 12): the providers with nothing recorded for a control share one
//! row, in every format. A session at the provider cap with nothing recorded used to export a
//! row per control and provider (8.9 GB for 1,000 providers on 10,000 controls).

use crate::export_support;

use export_support::{options, read_xlsx, render, render_text};
use gapwalk::catalogue::{Catalogue, default_catalogue};
use gapwalk::export::{Audience, Format, View};
use gapwalk::session::limits::MAX_PROVIDER_SCOPE;
use gapwalk::session::*;
use serde_json::Value;

fn names() -> Vec<String> {
    (0..MAX_PROVIDER_SCOPE)
        .map(|i| format!("Provider {i:02}"))
        .collect()
}

/// A customer's session at the provider cap on the embedded catalogue; nothing recorded.
fn at_the_cap() -> (Session, Catalogue) {
    let catalogue = default_catalogue();
    let mut session = Session::new(
        "Caps",
        &catalogue,
        Timestamp::from_unix(1_790_000_000).unwrap(),
    );
    session.meta.providers = names()
        .into_iter()
        .map(|name| Provider {
            name,
            services: Vec::new(),
        })
        .collect();
    assert!(limits::check(&session).is_ok());
    (session, catalogue)
}

/// The cap session with one control recorded: lines for providers 05 and 40, and one kept for
/// a provider no longer in scope; and one control excluded.
fn with_lines() -> (Session, Catalogue, String) {
    let (mut session, catalogue) = at_the_cap();
    let control = catalogue.controls[3].id.clone();
    let mut a = Assessment::new(&control);
    a.applicability = Applicability::Applicable;
    a.responsibility_mut("Provider 05").holder = Holder::Provider;
    let shared = a.responsibility_mut("Provider 40");
    shared.holder = Holder::Shared;
    shared.customer_duty = "Rotate the keys".into();
    a.responsibility_mut("Gone Ltd").holder = Holder::Customer;
    session.assessments.push(a);
    let mut excluded = Assessment::new(&catalogue.controls[7].id);
    excluded.applicability = Applicability::NotApplicable;
    session.assessments.push(excluded);
    session.sort(&catalogue);
    (session, catalogue, control)
}

fn json_rows(session: &Session, catalogue: &Catalogue) -> Vec<Value> {
    let bytes = render(
        session,
        catalogue,
        &options(
            Some(View::Responsibility),
            Format::Json,
            None,
            Audience::Internal,
        ),
    );
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    doc["responsibility"].as_array().unwrap().clone()
}

fn csv_rows(session: &Session, catalogue: &Catalogue) -> Vec<csv::StringRecord> {
    let text = render_text(
        session,
        catalogue,
        &options(
            Some(View::Responsibility),
            Format::Csv,
            None,
            Audience::Internal,
        ),
    );
    csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn providers_with_nothing_recorded_share_one_row_per_control() {
    let (session, catalogue) = at_the_cap();
    let rows = json_rows(&session, &catalogue);
    assert_eq!(
        rows.len(),
        catalogue.controls.len(),
        "one row per control, not one per control and provider"
    );
    let all: Vec<Value> = names().into_iter().map(Value::from).collect();
    for row in &rows {
        assert_eq!(row["providers"].as_array().unwrap(), &all);
        assert_eq!(row["holder"], Value::Null);
        assert_eq!(row["applicable"], "undecided");
    }
    let csv = csv_rows(&session, &catalogue);
    assert_eq!(csv.len(), catalogue.controls.len());
    assert_eq!(&csv[0][4], names().join(", "));
    assert_eq!(&csv[0][5], "not recorded");
}

#[test]
fn a_recorded_line_keeps_its_own_row_beside_the_shared_one() {
    let (session, catalogue, control) = with_lines();
    let rows = json_rows(&session, &catalogue);
    let mine: Vec<&Value> = rows.iter().filter(|r| r["control"] == control).collect();
    let providers = |r: &Value| -> Vec<String> {
        r["providers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect()
    };
    // The 62 providers with no line stand where the first of them (Provider 00) stands, then
    // the two recorded lines in scope order, then the line of a provider no longer in scope.
    assert_eq!(mine.len(), 4, "{mine:#?}");
    let unrecorded: Vec<String> = names()
        .into_iter()
        .filter(|n| n != "Provider 05" && n != "Provider 40")
        .collect();
    assert_eq!(providers(mine[0]), unrecorded);
    assert_eq!(mine[0]["holder"], Value::Null);
    assert_eq!(providers(mine[1]), ["Provider 05"]);
    assert_eq!(mine[1]["holder"], "provider");
    assert_eq!(providers(mine[2]), ["Provider 40"]);
    assert_eq!(mine[2]["holder"], "shared");
    assert_eq!(mine[2]["customer_duty"], "Rotate the keys");
    assert_eq!(providers(mine[3]), ["Gone Ltd"]);
    // Every other control not excluded has its one shared row; the excluded one none.
    assert_eq!(rows.len(), catalogue.controls.len() - 1 + 3);
    assert!(
        !rows
            .iter()
            .any(|r| r["control"] == catalogue.controls[7].id.as_str())
    );
}

#[test]
fn every_format_writes_the_same_collapsed_rows() {
    let (session, catalogue, control) = with_lines();
    let expected = catalogue.controls.len() - 1 + 3;
    let view = Some(View::Responsibility);
    let internal = Audience::Internal;

    let csv = csv_rows(&session, &catalogue);
    assert_eq!(csv.len(), expected);
    let mine: Vec<&csv::StringRecord> = csv.iter().filter(|r| r[0] == *control).collect();
    assert_eq!(&mine[1][4], "Provider 05");
    assert_eq!(&mine[1][5], "provider");
    assert_eq!(&mine[3][4], "Gone Ltd");

    let md = render_text(
        &session,
        &catalogue,
        &options(view, Format::Md, None, internal),
    );
    let table_rows = md
        .lines()
        .skip_while(|l| !l.starts_with("| Control |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .count();
    assert_eq!(table_rows, expected);

    let html = render_text(
        &session,
        &catalogue,
        &options(view, Format::Html, None, internal),
    );
    let data = &html[html.find("<section class=\"data\">").unwrap()..];
    assert_eq!(data.matches("<tr>").count(), 1 + expected);

    let sheets = read_xlsx(&render(
        &session,
        &catalogue,
        &options(view, Format::Xlsx, None, internal),
    ));
    assert_eq!(sheets[0].0, "Responsibility");
    assert_eq!(sheets[0].1.len(), 1 + expected);
    let every_view = read_xlsx(&render(
        &session,
        &catalogue,
        &options(None, Format::Xlsx, None, internal),
    ));
    let sheet = every_view
        .iter()
        .find(|(name, _)| name == "Responsibility")
        .unwrap();
    assert_eq!(sheet.1.len(), 1 + expected);
}
