//! `gapwalk export` as a user runs it: the built binary on real files, every option, stdout,
//! and the refusals (the session path itself, a bad session, xlsx to a terminal).

use crate::common;

use std::path::{Path, PathBuf};

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn text(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("UTF-8 output")
    }
}

fn gapwalk_env(args: &[&str], dir: &Path, epoch: Option<&str>) -> Run {
    let mut cmd = crate::common::gapwalk(dir);
    cmd.args(args);
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    let out = cmd.output().expect("run gapwalk");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn gapwalk(args: &[&str], dir: &Path) -> Run {
    gapwalk_env(args, dir, Some("1795000000"))
}

/// A temporary folder holding a copy of the example session as `s.ron`.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("s.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron"),
        &session,
    )
    .unwrap();
    (dir, session)
}

#[test]
fn every_format_writes_its_file_and_says_where() {
    let (dir, session) = setup();
    let before = std::fs::read(&session).unwrap();
    for format in ["md", "csv", "xlsx", "html", "json"] {
        let out = format!("out.{format}");
        let run = gapwalk(
            &["export", "s.ron", "--format", format, "--out", &out],
            dir.path(),
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("to {out}")), "{}", run.stderr);
        let bytes = std::fs::read(dir.path().join(&out)).unwrap();
        assert!(bytes.len() > 1000, "{format}");
        assert!(run.stdout.is_empty(), "data goes to the file, not stdout");
    }
    assert_eq!(
        std::fs::read(&session).unwrap(),
        before,
        "the session is only read"
    );
    assert!(!dir.path().join("s.ron.bak").exists());
    assert!(
        String::from_utf8(std::fs::read(dir.path().join("out.html")).unwrap())
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    assert!(
        std::fs::read(dir.path().join("out.xlsx"))
            .unwrap()
            .starts_with(b"PK")
    );
}

#[cfg(unix)]
#[test]
fn a_new_export_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = setup();
    let run = gapwalk(
        &[
            "export", "s.ron", "--format", "csv", "--view", "gaps", "--out", "g.csv",
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mode = std::fs::metadata(dir.path().join("g.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "a gap register is not world-readable");
}

#[test]
fn views_numbering_and_audience_change_what_is_written() {
    let (dir, _) = setup();
    let md = |args: &[&str]| {
        let mut all = vec!["export", "s.ron", "--format", "md", "--out", "-"];
        all.extend_from_slice(args);
        let run = gapwalk(&all, dir.path());
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run.text()
    };
    assert!(md(&[]).starts_with("# Statement of Applicability: "));
    // The default SoA is numbered by ISO/IEC 27001:2022 Annex A, as a certification audit reads it.
    assert!(md(&["--view", "soa"]).contains("| A.8.2 | 9.2.3 | Privileged access rights |"));
    assert!(
        md(&["--numbering", "iso27017"])
            .contains("| 9.2.3 | A.8.2 | Management of privileged access rights |")
    );
    assert!(md(&["--view", "gaps"]).starts_with("# Gap register and action plan"));
    assert!(md(&["--view", "responsibility"]).contains("| Inherited from provider |"));
    assert!(md(&["--view", "minutes"]).contains("## Decision log"));
    let annex = md(&["--numbering", "iso27001-2022"]);
    assert!(annex.contains("| A.8.2 | 9.2.3 | Privileged access rights |"));
    assert!(md(&["--numbering", "iso27017"]).contains("| 9.2.3 |"));
    let external = md(&["--view", "gaps", "--audience", "external"]);
    assert!(external.contains("External edition"));
    assert!(!external.contains("break-glass accounts are never reviewed"));
    assert!(!external.contains("## Risk acceptances"));
    let internal = md(&["--view", "gaps", "--audience", "internal"]);
    assert!(internal.contains("The two break-glass accounts are never reviewed"));
    assert!(internal.contains("## Risk acceptances"));
}

#[test]
fn out_dash_writes_text_to_stdout_and_xlsx_to_a_pipe() {
    let (dir, _) = setup();
    let run = gapwalk(
        &["export", "s.ron", "--format", "json", "--out", "-"],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json on stdout");
    assert_eq!(doc["format_version"], gapwalk::export::JSON_FORMAT_VERSION);
    assert!(run.stderr.contains("to stdout"));
    assert!(!dir.path().join("-").exists());
    let run = gapwalk(
        &["export", "s.ron", "--format", "xlsx", "--out", "-"],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(b"PK"), "a workbook goes down a pipe");
}

#[test]
fn xlsx_is_refused_when_stdout_is_a_terminal() {
    let (dir, _) = setup();
    let mut pty = common::Pty::spawn(
        &["export", "s.ron", "--format", "xlsx", "--out", "-"],
        dir.path(),
        100,
        10,
    );
    pty.wait_text("stdout is a terminal");
    assert_eq!(pty.wait_exit(), 2);
}

#[test]
fn the_session_file_itself_is_refused_by_any_name() {
    let (dir, session) = setup();
    let before = std::fs::read(&session).unwrap();
    let absolute = session.display().to_string();
    let mut names = vec!["s.ron".to_string(), "./s.ron".to_string(), absolute];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&session, dir.path().join("link.ron")).unwrap();
        names.push("link.ron".into());
    }
    for name in names {
        let run = gapwalk(
            &["export", "s.ron", "--format", "md", "--out", &name],
            dir.path(),
        );
        assert_eq!(run.code, 2, "{name}");
        assert!(
            run.stderr.contains("is the session file itself"),
            "{}",
            run.stderr
        );
        assert_eq!(
            std::fs::read(&session).unwrap(),
            before,
            "{name}: session untouched"
        );
    }
}

#[test]
fn a_bad_session_exits_2_with_its_location_and_writes_nothing() {
    let (dir, session) = setup();
    let text = std::fs::read_to_string(&session).unwrap();
    std::fs::write(
        &session,
        text.replacen("status: implemented", "status: done", 1),
    )
    .unwrap();
    let run = gapwalk(
        &["export", "s.ron", "--format", "xlsx", "--out", "out.xlsx"],
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("s.ron:"), "{}", run.stderr);
    assert!(run.stderr.contains("done"), "{}", run.stderr);
    assert!(!dir.path().join("out.xlsx").exists());
    let run = gapwalk(
        &["export", "missing.ron", "--format", "md", "--out", "m.md"],
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(!dir.path().join("m.md").exists());
}

#[test]
fn bad_usage_exits_2_and_writes_nothing() {
    let (dir, _) = setup();
    for args in [
        vec!["export", "s.ron", "--format", "pdf", "--out", "x"],
        vec!["export", "s.ron", "--format", "md"],
        vec![
            "export",
            "s.ron",
            "--format",
            "md",
            "--out",
            "x",
            "--view",
            "everything",
        ],
        vec![
            "export",
            "s.ron",
            "--format",
            "md",
            "--out",
            "x",
            "--audience",
            "public",
        ],
        vec![
            "export",
            "s.ron",
            "--format",
            "md",
            "--out",
            "x",
            "--numbering",
            "nist",
        ],
        vec![
            "export",
            "s.ron",
            "--format",
            "md",
            "--out",
            "no/such/folder/x.md",
        ],
    ] {
        let run = gapwalk(&args, dir.path());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!dir.path().join("x").exists());
    }
    let run = gapwalk(
        &["export", "s.ron", "--format", "md", "--out", "no/x.md"],
        dir.path(),
    );
    assert!(
        run.stderr.contains("the folder no does not exist"),
        "{}",
        run.stderr
    );
    let run = gapwalk_env(
        &["export", "s.ron", "--format", "md", "--out", "x"],
        dir.path(),
        Some("last tuesday"),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("SOURCE_DATE_EPOCH"), "{}", run.stderr);
    assert!(!dir.path().join("x").exists());
}

#[test]
fn source_date_epoch_makes_the_output_reproducible_and_the_clock_is_used_otherwise() {
    let (dir, _) = setup();
    let args = ["export", "s.ron", "--format", "xlsx", "--out", "-"];
    let first = gapwalk(&args, dir.path());
    let second = gapwalk(&args, dir.path());
    assert_eq!(first.code, 0);
    assert_eq!(
        first.stdout, second.stdout,
        "same session, same epoch, same bytes"
    );
    let md = gapwalk(
        &["export", "s.ron", "--format", "md", "--out", "-"],
        dir.path(),
    )
    .text();
    assert!(md.contains("| Generated at | 2026-11-18T11:06:40Z |"));
    let now = gapwalk_env(
        &["export", "s.ron", "--format", "md", "--out", "-"],
        dir.path(),
        None,
    )
    .text();
    assert!(!now.contains("| Generated at | 2026-11-18T11:06:40Z |"));
}

#[test]
fn a_session_on_the_annex_a_catalogue_refuses_the_27017_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let run = gapwalk(
        &["new", "a.ron", "--catalogue", "iso27001-2022"],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = gapwalk(
        &["export", "a.ron", "--format", "csv", "--out", "-"],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.text()
            .contains("\r\nA.5.1,A.5.1,Policies for information security,")
    );
    let run = gapwalk(
        &[
            "export",
            "a.ron",
            "--format",
            "csv",
            "--out",
            "x.csv",
            "--numbering",
            "iso27017",
        ],
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--numbering iso27001-2022"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("x.csv").exists());
}

#[test]
fn help_lists_every_option_with_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let run = gapwalk(&["export", "--help"], dir.path());
    assert_eq!(run.code, 0);
    let help = run.text();
    for word in [
        "--format",
        "--out",
        "--view",
        "--numbering",
        "--audience",
        "responsibility",
        "iso27001-2022",
        "external",
        "SOURCE_DATE_EPOCH",
    ] {
        assert!(help.contains(word), "help lacks {word}");
    }
}
