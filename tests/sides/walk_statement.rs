//! A provider's statement read by `gapwalk import` meets the customer's walk: the walk offers
//! it as a stated value (whose statement, from which file) that Enter confirms, and does not
//! also call it "recorded before" (the workshop never recorded it: that is what confirming is).

use crate::common::{Pty, esc, gapwalk, gapwalk_ok as ok, new_provider_session, run};

#[test]
fn the_customer_walk_offers_an_imported_statement_and_enter_confirms_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_provider_session(d, "provider.ron", "Payroll Cloud");
    ok(
        d,
        &[
            "set",
            "provider.ron",
            "CLD.6.3.1",
            "applicability=applicable",
            "offering.holder=shared",
            "offering.we_do=We publish the split",
            "--offering",
            "Payroll Cloud",
        ],
    );
    ok(
        d,
        &[
            "export",
            "provider.ron",
            "--format",
            "json",
            "--view",
            "crm",
            "--audience",
            "external",
            "--out",
            "crm.json",
        ],
    );
    ok(
        d,
        &[
            "new",
            "s.ron",
            "--provider",
            "Northwind",
            "--facilitator",
            "Ana Lima",
        ],
    );
    ok(d, &["set", "s.ron", "session", "walk.depth=triage"]);
    let import = run(gapwalk(d).args(["import", "s.ron", "--provider", "Northwind", "crm.json"]));
    assert_eq!(import.code, 0, "{}", import.stderr);
    // One control holds a decided line; the matrix lists them all. The count said 132 (every
    // control listed) as if all had been filled.
    assert!(
        import.stderr.contains(
            "imported the lines of 1 control(s) for Northwind from crm.json (the matrix lists 132)"
        ),
        "{}",
        import.stderr
    );

    let mut pty = Pty::spawn(&["open", "s.ron"], d, 120, 40);
    pty.wait_text("assessed");
    pty.send("w");
    pty.wait_text("Walk · CLD.6.3.1");
    pty.send("11");
    pty.wait_text("Northwind's statement (from crm.json): shared");
    assert!(
        !pty.screen().contains("recorded before"),
        "an imported statement called recorded before:\n{}",
        pty.screen()
    );
    pty.send("\r");
    pty.wait_text("How far is it implemented?");
    pty.send("1");
    pty.wait_text("between controls");
    esc(&mut pty);
    pty.wait_text("left the walk");
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);

    let loaded = gapwalk::persist::load(&d.join("s.ron")).unwrap();
    let a = loaded
        .session
        .assessments
        .iter()
        .find(|a| a.control == "CLD.6.3.1")
        .unwrap();
    let line = a.responsibility("Northwind").unwrap();
    assert_eq!(line.holder, gapwalk::session::Holder::Shared);
    assert!(!line.unconfirmed, "Enter confirmed the statement");
    assert_eq!(line.inherited, "We publish the split");
}
