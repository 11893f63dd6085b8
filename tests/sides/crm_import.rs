//! Both sides of the boundary, as scripts run them: a provider records its offering's lines with
//! `gapwalk set`, publishes its customer responsibility matrix with `gapwalk export --view crm`,
//! and a customer reads that matrix into its own session with `gapwalk import`. The lines the
//! customer ends up with are the provider's statement, word for word, through json and csv
//! alike; disagreements, unknown ids, another catalogue and a missing provider keep their exit
//! codes and leave the session file as it was.

use crate::common::Run;

use std::path::Path;

fn gapwalk(args: &[&str], dir: &Path) -> Run {
    crate::common::run(
        crate::common::gapwalk(dir)
            .args(args)
            .env("SOURCE_DATE_EPOCH", "1795000000"),
    )
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

/// What the provider states, per control: (control, holder, we do, customers must, evidence,
/// contact role).
const STATEMENT: [(&str, &str, &str, &str, &str, &str); 3] = [
    (
        "9.2.3",
        "provider",
        "Privileged access is reviewed monthly.",
        "",
        "SOC 2 Type II, section CC6.1",
        "Head of Security",
    ),
    (
        "10.1.2",
        "shared",
        "We rotate platform keys yearly.",
        "- rotate keys\n- keep your API tokens secret",
        "ISO/IEC 27001 certificate",
        "Security desk",
    ),
    ("12.3.1", "not_applicable", "", "", "", ""),
];

fn provider_session(dir: &Path) {
    crate::common::new_provider_session(dir, "provider.ron", "Northwind Payroll");
    for (control, holder, we_do, must, evidence, contact) in STATEMENT {
        ok(
            &[
                "set",
                "provider.ron",
                control,
                "applicability=applicable",
                &format!("offering.holder={holder}"),
                &format!("offering.we_do={we_do}"),
                &format!("offering.customer_must={must}"),
                &format!("offering.customer_evidence={evidence}"),
                &format!("offering.contact_role={contact}"),
            ],
            dir,
        );
    }
}

fn customer_session(dir: &Path) {
    ok(
        &[
            "new",
            "customer.ron",
            "--provider",
            "Northwind",
            "--provider",
            "AWS",
        ],
        dir,
    );
}

fn line(dir: &Path, control: &str) -> gapwalk::session::Responsibility {
    let text = std::fs::read_to_string(dir.join("customer.ron")).unwrap();
    let session = gapwalk::persist::parse(&text, "customer.ron").unwrap();
    session
        .assessments
        .iter()
        .find(|a| a.control == control)
        .and_then(|a| a.responsibility("Northwind"))
        .cloned()
        .unwrap_or_else(|| panic!("no Northwind line for {control}"))
}

#[test]
fn a_providers_crm_read_into_a_customer_session_gives_the_providers_statement() {
    for format in ["json", "csv", "xlsx"] {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        provider_session(dir);
        let crm = format!("crm.{format}");
        ok(
            &[
                "export",
                "provider.ron",
                "--view",
                "crm",
                "--format",
                format,
                "--audience",
                "external",
                "--out",
                &crm,
            ],
            dir,
        );
        customer_session(dir);
        let run = ok(
            &["import", "customer.ron", "--provider", "Northwind", &crm],
            dir,
        );
        assert!(
            run.stdout.contains("control 10.1.2"),
            "prints the changes as diff does: {}",
            run.stdout
        );
        for (control, holder, we_do, must, evidence, contact) in STATEMENT {
            let l = line(dir, control);
            assert_eq!(l.holder.key(), holder, "{format} {control}");
            assert_eq!(l.inherited, we_do, "{format} {control}");
            assert_eq!(l.customer_duty, must, "{format} {control}");
            assert_eq!(l.provider_evidence, evidence, "{format} {control}");
            assert_eq!(l.provider_owner, contact, "{format} {control}");
            if !we_do.is_empty() || holder != "undecided" {
                assert!(l.unconfirmed, "{format} {control}");
                let p = l.provenance.unwrap();
                assert_eq!(p.file, crm);
                assert_eq!(p.sha256.len(), 64);
            }
        }
        assert!(dir.join("customer.ron.bak").exists());
        // The file is canonical, and check lists the statements still to confirm.
        ok(&["fmt", "--check", "customer.ron"], dir);
        let check = gapwalk(&["check", "customer.ron"], dir);
        assert!(
            check.stdout.contains("not yet confirmed"),
            "{}",
            check.stdout
        );
        // Importing again changes nothing and disagrees with nothing.
        let again = ok(
            &["import", "customer.ron", "--provider", "Northwind", &crm],
            dir,
        );
        assert!(again.stdout.trim().is_empty(), "{}", again.stdout);
    }
}

#[test]
fn a_disagreement_is_reported_and_left_alone_unless_replace() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    provider_session(dir);
    ok(
        &[
            "export",
            "provider.ron",
            "--view",
            "crm",
            "--format",
            "json",
            "--out",
            "crm.json",
        ],
        dir,
    );
    customer_session(dir);
    ok(
        &[
            "set",
            "customer.ron",
            "9.2.3",
            "holder=customer",
            "--provider",
            "Northwind",
        ],
        dir,
    );
    let before = std::fs::read(dir.join("customer.ron")).unwrap();
    let dry = gapwalk(
        &[
            "import",
            "customer.ron",
            "--provider",
            "Northwind",
            "crm.json",
            "--dry-run",
        ],
        dir,
    );
    assert_eq!(dry.code, 1, "{}", dry.stderr);
    assert!(
        dry.stderr.contains("disagreement: control 9.2.3 holder"),
        "{}",
        dry.stderr
    );
    assert_eq!(std::fs::read(dir.join("customer.ron")).unwrap(), before);
    let run = gapwalk(
        &[
            "import",
            "customer.ron",
            "--provider",
            "Northwind",
            "crm.json",
        ],
        dir,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(line(dir, "9.2.3").holder.key(), "customer");
    assert_eq!(line(dir, "10.1.2").holder.key(), "shared");
    let run = gapwalk(
        &[
            "import",
            "customer.ron",
            "--provider",
            "Northwind",
            "crm.json",
            "--replace",
        ],
        dir,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(line(dir, "9.2.3").holder.key(), "provider");
}

#[test]
fn bad_imports_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    provider_session(dir);
    ok(
        &[
            "export",
            "provider.ron",
            "--view",
            "crm",
            "--format",
            "json",
            "--out",
            "crm.json",
        ],
        dir,
    );
    customer_session(dir);
    let before = std::fs::read(dir.join("customer.ron")).unwrap();
    let unchanged = |run: &Run, what: &str| {
        assert_eq!(run.code, 2, "{what}: {}{}", run.stdout, run.stderr);
        assert_eq!(
            std::fs::read(dir.join("customer.ron")).unwrap(),
            before,
            "{what}"
        );
        assert!(!dir.join("customer.ron.bak").exists(), "{what}");
    };
    let run = gapwalk(
        &["import", "customer.ron", "--provider", "Azure", "crm.json"],
        dir,
    );
    unchanged(&run, "provider not in the session");
    assert!(run.stderr.contains("Northwind, AWS"), "{}", run.stderr);

    let json = std::fs::read_to_string(dir.join("crm.json")).unwrap();
    let bad_ids = json
        .replacen("\"control\": \"5.1.1\"", "\"control\": \"5.1.99\"", 1)
        .replacen("\"control\": \"5.1.2\"", "\"control\": \"X.1\"", 1);
    std::fs::write(dir.join("bad.json"), bad_ids).unwrap();
    let run = gapwalk(
        &[
            "import",
            "customer.ron",
            "--provider",
            "Northwind",
            "bad.json",
        ],
        dir,
    );
    unchanged(&run, "unknown ids");
    assert!(
        run.stderr.contains("bad.json: line")
            && run.stderr.contains("\"5.1.99\"")
            && run.stderr.contains("\"X.1\""),
        "every unknown id, located: {}",
        run.stderr
    );

    let other = json.replace("\"id\": \"iso27017-2015\"", "\"id\": \"iso27001-2022\"");
    std::fs::write(dir.join("other.json"), other).unwrap();
    let run = gapwalk(
        &[
            "import",
            "customer.ron",
            "--provider",
            "Northwind",
            "other.json",
        ],
        dir,
    );
    unchanged(&run, "another catalogue");
    assert!(
        run.stderr.contains("made on catalogue iso27001-2022"),
        "{}",
        run.stderr
    );

    std::fs::write(dir.join("junk.csv"), "a,b\n\"unterminated\n").unwrap();
    let run = gapwalk(
        &[
            "import",
            "customer.ron",
            "--provider",
            "Northwind",
            "junk.csv",
        ],
        dir,
    );
    unchanged(&run, "unreadable file");
}
