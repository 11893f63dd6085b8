//! A provider's seat in the SoA and the responsibility matrix: a session whose role is `csp`
//! or `both` shows the line of each offering it provides (who holds the control between us and
//! our customers, what we do, what they must do, the evidence we give, whom they ask) in every
//! format and both editions; a customer's session (`csc`) shows none, even when its file still
//! carries offering lines from an earlier role.

use crate::export_support;

use std::path::Path;

use export_support::{example, options, render, visible_text};
use gapwalk::export::{Audience, Format, Numbering, View};
use gapwalk::persist;
use gapwalk::session::{Applicability, Holder, Role, Session};
use serde_json::Value;

const OFFERING: &str = "Northwind Payroll, to our clients";
/// What the example says Northwind does for its clients on 6.1.1 (recorded with a full stop,
/// which the SoA's one-line summary drops before the next part).
const WE_DO: &str =
    "We name an owner for every production service and publish our security contacts to clients";
const CUSTOMERS_MUST: &str =
    "Name a payroll administrator and a security contact, and keep them current";

fn formats(view: View) -> Vec<Format> {
    Format::ALL
        .iter()
        .copied()
        .filter(|f| *f != Format::Oscal)
        .filter(|f| gapwalk::export::supported(Some(view), *f, Audience::Internal).is_ok())
        .collect()
}

fn seen(session: &Session, view: View, format: Format, audience: Audience) -> String {
    let catalogue = example().1;
    let bytes = render(
        session,
        &catalogue,
        &options(Some(view), format, None, audience),
    );
    visible_text(format, &bytes)
}

#[test]
fn a_provider_session_shows_its_offering_lines_in_every_format_and_edition() {
    let (session, _) = example();
    assert_eq!(session.meta.role, Role::Both);
    for view in [View::Soa, View::Responsibility] {
        let formats = formats(view);
        assert!(formats.contains(&Format::Csv) && formats.contains(&Format::Xlsx));
        if view == View::Soa {
            assert!(formats.contains(&Format::Docx));
        }
        for format in formats {
            for audience in [Audience::Internal, Audience::External] {
                let text = seen(&session, view, format, audience);
                let what = format!("{view:?} {format:?} {audience:?}");
                assert!(text.contains(OFFERING), "{what}: the offering is named");
                assert!(text.contains(WE_DO), "{what}: what we do is shown");
                assert!(
                    text.contains(CUSTOMERS_MUST),
                    "{what}: what customers must do is shown"
                );
                assert!(
                    text.contains("Security RACI summary (trust pack)"),
                    "{what}: the evidence we give is shown"
                );
                assert!(
                    text.contains("Client success manager"),
                    "{what}: whom customers ask is shown"
                );
                if format == Format::Html {
                    let held = |holder: Holder| {
                        session
                            .assessments
                            .iter()
                            .filter(|a| a.applicability == Applicability::Applicable)
                            .filter(|a| a.offering(OFFERING).is_some_and(|l| l.holder == holder))
                            .count()
                    };
                    let summary = format!(
                        "offering we provide (provider is us): customer {} · shared {} · provider {}",
                        held(Holder::Customer),
                        held(Holder::Shared),
                        held(Holder::Provider)
                    );
                    assert!(
                        text.contains(&summary),
                        "{what}: the summary charts how the offering's controls are held ({summary})"
                    );
                }
            }
        }
    }
}

#[test]
fn a_customer_session_shows_no_offering_even_with_lines_left_in_its_file() {
    let (mut session, _) = example();
    session.meta.role = Role::Csc;
    assert!(
        session.assessments.iter().any(|a| !a.offerings.is_empty()),
        "the file still carries offering lines"
    );
    for view in [View::Soa, View::Responsibility, View::About] {
        for format in formats(view) {
            for audience in [Audience::Internal, Audience::External] {
                let text = seen(&session, view, format, audience);
                let what = format!("{view:?} {format:?} {audience:?}");
                for word in [
                    OFFERING,
                    WE_DO,
                    "Offered to our customers",
                    "Offering we provide",
                    "Offerings we provide",
                    "Contact role",
                    "offering we provide",
                ] {
                    assert!(!text.contains(word), "{what} shows {word:?}");
                }
                if format == Format::Json {
                    assert!(!text.contains("\"offering"), "{what}: no offering key");
                    assert!(!text.contains("\"contact_role\""), "{what}");
                }
            }
        }
    }
}

#[test]
fn a_customer_session_keeps_the_matrix_columns_it_always_had() {
    let (mut session, _) = example();
    session.meta.role = Role::Csc;
    let (headers, _) = csv_records(&session, View::Responsibility);
    assert_eq!(
        headers,
        [
            "Control",
            "ISO/IEC 27001:2022",
            "Title",
            "Applicable",
            "Provider",
            "Held by",
            "Customer owner",
            "Provider owner",
            "Inherited from provider",
            "Customer still does",
            "Provider evidence",
            "Edition",
            "Document status"
        ]
    );
}

#[test]
fn a_customer_session_publishes_no_customer_responsibility_matrix() {
    let (mut session, catalogue) = example();
    session.meta.role = Role::Csc;
    let source = gapwalk::export::Source {
        session: &session,
        catalogue: &catalogue,
        session_file: "example.ron",
        generated_at: gapwalk::session::Timestamp::from_unix(0).unwrap(),
    };
    let refused = gapwalk::export::render(
        &source,
        &options(Some(View::Crm), Format::Json, None, Audience::External),
    )
    .unwrap_err()
    .to_string();
    assert!(refused.contains("role is csc"), "{refused}");
    // Every view at once leaves the CRM sheet out rather than failing.
    let bytes = render(
        &session,
        &catalogue,
        &options(None, Format::Xlsx, None, Audience::Internal),
    );
    let sheets: Vec<String> = export_support::read_xlsx(&bytes)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(!sheets.contains(&"CRM".to_string()), "{sheets:?}");
}

fn csv_records(session: &Session, view: View) -> (Vec<String>, Vec<Vec<String>>) {
    let catalogue = example().1;
    let bytes = render(
        session,
        &catalogue,
        &options(Some(view), Format::Csv, None, Audience::Internal),
    );
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("BOM");
    let mut reader = csv::Reader::from_reader(body);
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

#[test]
fn the_responsibility_csv_has_a_row_per_provider_and_per_offering_of_each_control_in_scope() {
    let (session, catalogue) = example();
    let (headers, rows) = csv_records(&session, View::Responsibility);
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} column"))
    };
    let (provider, offering, held, inherited, duty, evidence, contact) = (
        column("Provider"),
        column("Offering we provide"),
        column("Held by"),
        column("Inherited from provider"),
        column("Customer still does"),
        column("Provider evidence"),
        column("Contact role"),
    );
    let excluded = session
        .assessments
        .iter()
        .filter(|a| a.applicability == Applicability::NotApplicable)
        .count();
    let in_scope = catalogue.controls.len() - excluded;
    // Per control: AWS's and Google Cloud's rows (one shared row when neither has a line),
    // then the offering's.
    assert!(rows.len() > in_scope * 2 && rows.len() <= in_scope * 3);
    let ours: Vec<&Vec<String>> = rows.iter().filter(|r| r[offering] == OFFERING).collect();
    assert_eq!(ours.len(), in_scope);
    for r in &ours {
        assert_eq!(r[provider], "", "an offering's row names no provider");
    }
    for r in rows.iter().filter(|r| r[offering].is_empty()) {
        assert!(["AWS", "Google Cloud", "AWS, Google Cloud"].contains(&r[provider].as_str()));
        assert_eq!(r[contact], "", "a provider's row has no contact role");
    }
    let line = ours.iter().find(|r| r[0] == "6.1.1").expect("6.1.1's line");
    assert_eq!(line[held], "shared");
    assert_eq!(line[inherited], format!("{WE_DO}."));
    assert_eq!(line[duty], format!("{CUSTOMERS_MUST}."));
    assert_eq!(line[evidence], "Security RACI summary (trust pack)");
    assert_eq!(line[contact], "Client success manager");
    // An undecided control is listed for the offering too, with nothing recorded.
    let open = ours.iter().find(|r| r[0] == "6.1.2").expect("6.1.2 listed");
    assert_eq!(open[held], "not recorded");
}

fn json(session: &Session, view: View, numbering: Option<Numbering>) -> Value {
    let catalogue = example().1;
    let bytes = render(
        session,
        &catalogue,
        &options(Some(view), Format::Json, numbering, Audience::External),
    );
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn the_json_carries_each_offering_line_beside_the_provider_lines() {
    let (session, _) = example();
    let doc = json(&session, View::Soa, Some(Numbering::Iso27017));
    assert_eq!(doc["metadata"]["offerings"][0]["name"], OFFERING);
    let row = doc["soa"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "6.1.1")
        .unwrap();
    let line = &row["offerings"][0];
    assert_eq!(line["offering"], OFFERING);
    assert_eq!(line["holder"], "shared");
    assert_eq!(line["we_do"], format!("{WE_DO}."));
    assert_eq!(line["customer_must"], format!("{CUSTOMERS_MUST}."));
    assert_eq!(line["contact_role"], "Client success manager");
    // An excluded control lists no offering line (nothing recorded, nothing owed).
    let excluded = doc["soa"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["applicable"] == "no")
        .unwrap();
    assert_eq!(excluded["offerings"], serde_json::json!([]));

    let doc = json(&session, View::Responsibility, None);
    let line = doc["responsibility"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["control"] == "6.1.1" && r["offerings"] == serde_json::json!([OFFERING]))
        .unwrap();
    assert_eq!(line["providers"], serde_json::json!([]));
    assert_eq!(line["inherited"], format!("{WE_DO}."));
    assert_eq!(line["contact_role"], "Client success manager");
}

#[test]
fn a_provider_without_providers_has_only_its_offering_rows() {
    let kestrel =
        persist::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/kestrel.ron"))
            .expect("the provider example loads");
    let (session, catalogue) = (kestrel.session, kestrel.catalogue);
    assert_eq!(session.meta.role, Role::Csp);
    assert!(session.meta.providers.is_empty());
    let bytes = render(
        &session,
        &catalogue,
        &options(
            Some(View::Responsibility),
            Format::Json,
            None,
            Audience::Internal,
        ),
    );
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    let rows = doc["responsibility"].as_array().unwrap();
    let excluded = session
        .assessments
        .iter()
        .filter(|a| a.applicability == Applicability::NotApplicable)
        .count();
    assert_eq!(rows.len(), catalogue.controls.len() - excluded);
    assert!(rows.iter().all(|r| r["offerings"]
        == serde_json::json!(["Kestrel SSO, to our tenants"])
        && r["providers"] == serde_json::json!([])));
    // Its SoA names the offering's line and no provider's.
    let bytes = render(
        &session,
        &catalogue,
        &options(Some(View::Soa), Format::Md, None, Audience::External),
    );
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("| Offered to our customers |"));
    assert!(text.contains(
        "Kestrel SSO, to our tenants: provider; we do: We keep an information security policy"
    ));
}
