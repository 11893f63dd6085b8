//! What each edition of the customer responsibility matrix carries: the external one, which a
//! provider publishes to its customers, the offering's lines only; the internal one adds the
//! provider's own status and gap. The status stays in the SoA's external edition (an auditor
//! reads it): the CRM leaves it out by its own format's rule, not by the field table's class.

use crate::export_support;

use export_support::{example, options, render};
use gapwalk::export::{Audience, Format, View};
use serde_json::Value;

fn crm_json(audience: Audience) -> Value {
    let (session, catalogue) = example();
    let bytes = render(
        &session,
        &catalogue,
        &options(Some(View::Crm), Format::Json, None, audience),
    );
    serde_json::from_slice(&bytes).unwrap()
}

/// The first line of a view's external edition as CSV: its column names.
fn csv_header(view: View) -> String {
    let (session, catalogue) = example();
    let csv = render(
        &session,
        &catalogue,
        &options(Some(view), Format::Csv, None, Audience::External),
    );
    String::from_utf8_lossy(&csv)
        .lines()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn the_external_crm_leaves_out_the_providers_status_and_gap_the_internal_one_keeps_them() {
    let find = |doc: &Value, id: &str| -> Value {
        let controls = doc["crm"]["controls"]
            .as_array()
            .or_else(|| doc["controls"].as_array())
            .unwrap_or_else(|| panic!("no controls in {doc}"))
            .clone();
        controls
            .into_iter()
            .find(|c| c["control"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let internal = find(&crm_json(Audience::Internal), "6.1.1");
    assert!(internal["status"].is_string(), "{internal}");
    let external = find(&crm_json(Audience::External), "6.1.1");
    assert!(external.get("status").is_none(), "{external}");
    assert!(external.get("gap").is_none(), "{external}");
    assert!(external["provider_does"].is_string(), "{external}");

    let header = csv_header(View::Crm);
    assert!(
        !header.contains("Our status") && !header.contains("Gap"),
        "{header}"
    );
    // The SoA's external edition, for auditors, shows the status.
    let header = csv_header(View::Soa);
    assert!(header.contains("Status"), "{header}");
}
