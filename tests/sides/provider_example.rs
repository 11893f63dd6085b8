//! The second example, `sessions/kestrel.ron`, is a provider's own session (Kestrel Identity
//! assessing its SSO service from the provider's seat), and `sessions/kestrel-crm.json` is the
//! customer responsibility matrix it publishes. The matrix must be what the session exports
//! today, and a customer who imports it into a fresh session must end up with responsibility
//! lines equal to the provider's statement, marked unconfirmed and traced to the file.

use crate::common::Run;

use std::path::{Path, PathBuf};

use gapwalk::persist;
use gapwalk::session::{Holder, Role};

fn sessions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions")
}

fn gapwalk(args: &[&str], dir: &Path) -> Run {
    crate::common::run(crate::common::gapwalk(dir).args(args))
}

fn ok(args: &[&str], dir: &Path) -> Run {
    let run = gapwalk(args, dir);
    assert_eq!(
        run.code, 0,
        "gapwalk {args:?}: {}{}",
        run.stdout, run.stderr
    );
    run
}

/// The statement of a CRM json: its provider, offering, catalogue id and every decided line
/// (a catalogue revision adds undecided lines and may retitle controls; the statement stays).
fn statement(json: &str) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("valid json");
    let crm = &doc["crm"];
    let mut out = vec![
        crm["provider"].to_string(),
        crm["offering"].to_string(),
        crm["catalogue"]["id"].to_string(),
    ];
    for line in crm["controls"].as_array().expect("controls") {
        if line["holder"] != "undecided" {
            out.push(
                [
                    "control",
                    "holder",
                    "provider_does",
                    "customer_must",
                    "evidence",
                    "contact_role",
                ]
                .map(|k| line[k].to_string())
                .join(" | "),
            );
        }
    }
    out
}

#[test]
fn the_provider_example_is_a_providers_own_canonical_session() {
    let path = sessions().join("kestrel.ron");
    let loaded = persist::load(&path).expect("sessions/kestrel.ron loads");
    let s = &loaded.session;
    assert_eq!(s.meta.role, Role::Csp);
    assert!(s.meta.providers.is_empty(), "it assesses its own service");
    let seats = s.meta.seats();
    assert!(seats.providers.is_empty());
    assert_eq!(seats.offerings, ["Kestrel SSO, to our tenants"]);
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert_eq!(persist::to_canonical(s).unwrap(), on_disk);
    // A believable part of a real workshop: every holder class a provider uses, not one.
    let lines: Vec<_> = s
        .assessments
        .iter()
        .filter_map(|a| a.offering(&seats.offerings[0]))
        .collect();
    assert!(lines.len() >= 30, "{} offering lines", lines.len());
    for holder in [
        Holder::Provider,
        Holder::Customer,
        Holder::Shared,
        Holder::ThirdParty,
        Holder::NotApplicable,
    ] {
        assert!(lines.iter().any(|l| l.holder == holder), "{holder:?}");
    }
}

#[test]
fn the_shipped_crm_is_what_the_provider_example_exports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crm.json");
    ok(
        &[
            "export",
            sessions().join("kestrel.ron").to_str().unwrap(),
            "--view",
            "crm",
            "--format",
            "json",
            "--audience",
            "external",
            "--out",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    let fresh = statement(&std::fs::read_to_string(&out).unwrap());
    let shipped = statement(&std::fs::read_to_string(sessions().join("kestrel-crm.json")).unwrap());
    assert!(fresh.len() > 30, "{fresh:?}");
    assert_eq!(
        fresh, shipped,
        "re-export sessions/kestrel-crm.json after changing sessions/kestrel.ron"
    );
}

#[test]
fn importing_the_providers_crm_gives_a_customer_the_providers_statement() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        sessions().join("kestrel-crm.json"),
        d.join("kestrel-crm.json"),
    )
    .unwrap();
    ok(
        &[
            "new",
            "customer.ron",
            "--title",
            "Our cloud review",
            "--provider",
            "Kestrel",
            "--provider",
            "AWS",
        ],
        d,
    );
    let run = ok(
        &[
            "import",
            "customer.ron",
            "--provider",
            "Kestrel",
            "kestrel-crm.json",
        ],
        d,
    );
    assert!(run.stdout.contains("control CLD.6.3.1"), "{}", run.stdout);

    let provider = persist::load(&sessions().join("kestrel.ron"))
        .unwrap()
        .session;
    let customer = persist::load(&d.join("customer.ron")).unwrap();
    let offering = "Kestrel SSO, to our tenants";
    let mut compared = 0;
    for (control, a) in provider.by_control(&customer.catalogue) {
        let Some(statement) = a.and_then(|a| a.offering(offering)) else {
            continue;
        };
        let excluded =
            a.is_some_and(|a| a.applicability == gapwalk::session::Applicability::NotApplicable);
        let line = customer
            .session
            .assessment(&control.id, &customer.catalogue)
            .and_then(|a| a.responsibility("Kestrel").cloned());
        if excluded {
            assert!(line.is_none(), "{}: excluded by the provider", control.id);
            continue;
        }
        let line = line.unwrap_or_else(|| panic!("{}: no Kestrel line", control.id));
        assert_eq!(line.holder, statement.holder, "{}", control.id);
        assert_eq!(line.inherited, statement.we_do, "{}", control.id);
        assert_eq!(
            line.customer_duty, statement.customer_must,
            "{}",
            control.id
        );
        assert_eq!(
            line.provider_evidence, statement.customer_evidence,
            "{}",
            control.id
        );
        assert_eq!(
            line.provider_owner, statement.contact_role,
            "{}",
            control.id
        );
        assert!(line.unconfirmed, "{}: the provider's statement", control.id);
        assert_eq!(
            line.provenance.as_ref().map(|p| p.file.as_str()),
            Some("kestrel-crm.json"),
            "{}",
            control.id
        );
        compared += 1;
    }
    assert!(compared >= 30, "{compared} lines compared");
    // The other provider's lines are untouched, and the session stays canonical.
    assert!(
        customer
            .session
            .assessments
            .iter()
            .all(|a| a.responsibility("AWS").is_none())
    );
    let on_disk = std::fs::read_to_string(d.join("customer.ron")).unwrap();
    assert_eq!(persist::to_canonical(&customer.session).unwrap(), on_disk);
}
