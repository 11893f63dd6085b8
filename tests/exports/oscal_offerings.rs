//! The SSP of a provider's session (role `csp` or `both`): each offering we provide is a
//! component, and each control a by-component for it, written as a leveraged system writes
//! them for the customers that build on it: what we provide, what our customers must do (tied
//! to what we provide), us as the provider party, the holder, the evidence we give and whom
//! customers ask. A customer's session (`csc`) has none of that. Validity against OSCAL is
//! checked by trestle in `tests/exports/oscal.rs` on the same sessions.

use crate::export_support;

use export_support::{example, options, render};
use gapwalk::export::{Audience, Format, View};
use gapwalk::session::{Role, Session};
use serde_json::Value;

const OFFERING: &str = "Northwind Payroll, to our clients";

fn ssp(session: &Session, audience: Audience) -> Value {
    let catalogue = example().1;
    let bytes = render(
        session,
        &catalogue,
        &options(Some(View::Soa), Format::Oscal, None, audience),
    );
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    doc["system-security-plan"].clone()
}

fn by_components<'a>(ssp: &'a Value, control: &str) -> &'a Vec<Value> {
    ssp["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["control-id"] == control)
        .unwrap_or_else(|| panic!("no requirement {control}"))["by-components"]
        .as_array()
        .unwrap()
}

fn offering_component(ssp: &Value) -> Option<String> {
    ssp["system-implementation"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == OFFERING)
        .map(|c| c["uuid"].as_str().unwrap().to_string())
}

#[test]
fn each_offering_we_provide_has_a_by_component_with_what_we_provide_and_what_customers_must_do() {
    let (session, _) = example();
    for audience in [Audience::Internal, Audience::External] {
        let ssp = ssp(&session, audience);
        let component = offering_component(&ssp).expect("the offering is a component");
        // 6.1.1 is shared between Northwind and its clients.
        let by = by_components(&ssp, "c-6.1.1");
        let ours: Vec<&Value> = by
            .iter()
            .filter(|b| b["component-uuid"] == component.as_str())
            .collect();
        assert_eq!(ours.len(), 1, "one by-component per offering");
        let ours = ours[0];
        let provided = &ours["export"]["provided"][0];
        assert_eq!(
            provided["description"],
            "We name an owner for every production service and publish our security contacts to clients."
        );
        let duty = &ours["export"]["responsibilities"][0];
        assert_eq!(
            duty["description"],
            "Name a payroll administrator and a security contact, and keep them current."
        );
        assert_eq!(duty["provided-uuid"], provided["uuid"]);
        assert_eq!(duty["responsible-roles"][0]["role-id"], "customer");
        // We are the provider: the organisation is the party in that role.
        let party = ours["responsible-roles"][0]["party-uuids"][0].clone();
        assert_eq!(ours["responsible-roles"][0]["role-id"], "provider");
        let parties = ssp["metadata"]["parties"].as_array().unwrap();
        let org = parties.iter().find(|p| p["uuid"] == party).unwrap();
        assert_eq!(org["name"], "Northwind Payroll Ltd");
        assert_eq!(org["type"], "organization");
        let description = ours["description"].as_str().unwrap();
        assert!(description.starts_with(&format!("{OFFERING}: shared")));
        assert!(description.contains("Security RACI summary (trust pack)"));
        assert!(description.contains("Client success manager"));
        assert_eq!(ours["props"][0]["value"], "shared");
        assert_eq!(ours["implementation-status"]["state"], "implemented");
        // The providers we use keep their own by-components beside it.
        assert_eq!(
            by.len(),
            1 + 2 + 1,
            "this system, AWS, Google Cloud, the offering"
        );
    }
}

#[test]
fn a_line_our_customers_hold_alone_provides_nothing_and_states_their_duty() {
    let (session, _) = example();
    let ssp = ssp(&session, Audience::Internal);
    let component = offering_component(&ssp).unwrap();
    let (mut seen, mut customer_held) = (0, 0);
    for r in ssp["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap()
    {
        for b in r["by-components"].as_array().unwrap() {
            if b["component-uuid"] != component.as_str() {
                continue;
            }
            seen += 1;
            if b["props"][0]["value"] == "customer" {
                customer_held += 1;
                assert!(
                    b["export"]["provided"].is_null(),
                    "{}: a customer-held line provides nothing",
                    r["control-id"]
                );
            }
        }
    }
    assert!(
        seen >= 10,
        "the example records many offering lines: {seen}"
    );
    assert!(customer_held >= 2, "the example has customer-held lines");
}

#[test]
fn a_customer_session_has_no_offering_component_or_by_component() {
    let (mut session, _) = example();
    session.meta.role = Role::Csc;
    let ssp = ssp(&session, Audience::Internal);
    assert_eq!(offering_component(&ssp), None);
    let text = ssp.to_string();
    assert!(!text.contains(OFFERING));
    assert!(!text.contains("\"offering\""));
    assert!(!text.contains("organization"));
}
