//! `gapwalk import` follows `set`'s rules and treats the provider's file as untrusted: refused
//! while a workshop has the session open (a dry run only reads), text cleaned as session text
//! is, a csv row that does not parse named by row and column, a file over the cap refused, and
//! in every refusal the session file is left exactly as it was, with no backup made.

use std::path::Path;
use std::process::Output;

use gapwalk::lock::SessionLock;

fn gapwalk(dir: &Path, args: &[&str]) -> Output {
    crate::common::gapwalk(dir)
        .args(args)
        .output()
        .expect("run gapwalk")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn customer(dir: &Path) {
    let out = gapwalk(
        dir,
        &[
            "new",
            "customer.ron",
            "--provider",
            "Kestrel",
            "--provider",
            "AWS",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A matrix in gapwalk's csv form, with the given rows after the header.
fn crm_csv(rows: &[&str]) -> String {
    let mut text = String::from(
        "Control,Title,Held by,Provider does,Customer must do,Evidence for customers,Contact role,Catalogue,Edition\r\n",
    );
    for row in rows {
        text.push_str(row);
        text.push_str(",iso27017-2015 version 2015,external edition\r\n");
    }
    text
}

fn kestrel_line(dir: &Path, control: &str) -> Option<gapwalk::session::Responsibility> {
    let loaded = gapwalk::persist::load(&dir.join("customer.ron")).unwrap();
    loaded
        .session
        .assessment(control, &loaded.catalogue)
        .and_then(|a| a.responsibility("Kestrel"))
        .cloned()
}

fn refused(dir: &Path, out: &Output, before: &[u8], what: &str) {
    assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr(out));
    assert_eq!(
        std::fs::read(dir.join("customer.ron")).unwrap(),
        before,
        "{what}: the session was not touched"
    );
    assert!(!dir.join("customer.ron.bak").exists(), "{what}: no backup");
}

#[test]
fn import_refuses_a_session_a_workshop_holds_but_a_dry_run_only_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    customer(d);
    std::fs::write(
        d.join("crm.csv"),
        crm_csv(&["9.2.3,,shared,We review admins.,,,"]),
    )
    .unwrap();
    let before = std::fs::read(d.join("customer.ron")).unwrap();
    let held = SessionLock::acquire(&d.join("customer.ron"), "gapwalk open").unwrap();
    let args = ["import", "customer.ron", "--provider", "Kestrel", "crm.csv"];
    let out = gapwalk(d, &args);
    refused(d, &out, &before, "held by a workshop");
    assert!(
        stderr(&out).contains(&format!("(process {})", std::process::id())),
        "{}",
        stderr(&out)
    );
    let dry = gapwalk(d, &[&args[..], &["--dry-run"]].concat());
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(
        String::from_utf8_lossy(&dry.stdout).contains("control 9.2.3"),
        "a dry run says what would change"
    );
    assert_eq!(std::fs::read(d.join("customer.ron")).unwrap(), before);
    drop(held);
    let out = gapwalk(d, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        kestrel_line(d, "9.2.3").unwrap().holder,
        gapwalk::session::Holder::Shared
    );
}

#[test]
fn escapes_in_a_providers_text_never_reach_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    customer(d);
    let hostile = "\"We \u{1b}[2Jrotate\u{7} keys \u{202e}yearly\"";
    std::fs::write(
        d.join("crm.csv"),
        crm_csv(&[&format!(
            "10.1.2,,shared,{hostile},'- rotate your keys,\"'=HYPERLINK(\"\"x\"\")\",Desk"
        )]),
    )
    .unwrap();
    let out = gapwalk(
        d,
        &["import", "customer.ron", "--provider", "Kestrel", "crm.csv"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = kestrel_line(d, "10.1.2").unwrap();
    for text in [
        &line.inherited,
        &line.customer_duty,
        &line.provider_evidence,
    ] {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(!text.contains('\u{202e}'), "{text:?}");
    }
    assert!(line.inherited.contains("rotate") && line.inherited.contains("yearly"));
    // The formula guard of gapwalk's csv is undone: the text is what the provider wrote, and
    // stays text in the session.
    assert_eq!(line.customer_duty, "- rotate your keys");
    assert_eq!(line.provider_evidence, "=HYPERLINK(\"x\")");
}

#[test]
fn a_row_that_does_not_parse_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    customer(d);
    let before = std::fs::read(d.join("customer.ron")).unwrap();
    std::fs::write(
        d.join("crm.csv"),
        crm_csv(&[
            "9.2.3,,shared,We review admins.,,,",
            "10.1.2,,mostly ours,We rotate keys.,,,",
        ]),
    )
    .unwrap();
    let out = gapwalk(
        d,
        &["import", "customer.ron", "--provider", "Kestrel", "crm.csv"],
    );
    refused(d, &out, &before, "a bad holder");
    let err = stderr(&out);
    assert!(err.contains("crm.csv: row 3, column C"), "{err}");
    assert!(err.contains("\"mostly ours\""), "{err}");
}

#[test]
fn a_file_over_the_cap_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    customer(d);
    let before = std::fs::read(d.join("customer.ron")).unwrap();
    let big = std::fs::File::create(d.join("huge.csv")).unwrap();
    big.set_len(17 * 1024 * 1024).unwrap();
    let out = gapwalk(
        d,
        &[
            "import",
            "customer.ron",
            "--provider",
            "Kestrel",
            "huge.csv",
        ],
    );
    refused(d, &out, &before, "over the cap");
    assert!(stderr(&out).contains("MiB"), "{}", stderr(&out));
}
