//! Command-line conventions the rest of a toolchain relies on: shell completions and a manual
//! page, a silent `fmt --check` on success, `check --format json` as a versioned object whose
//! kinds are the text's words, and `stats` over several sessions (a portfolio).

use crate::common;
use crate::common::Run;

use std::path::Path;
use std::process::Command;

fn gapwalk(args: &[&str], dir: &Path) -> Run {
    crate::common::run(crate::common::gapwalk(dir).args(args))
}

fn ok(args: &[&str], dir: &Path) -> Run {
    let run = gapwalk(args, dir);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run
}

#[test]
fn completions_know_every_command_and_the_shell_loads_them() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = ok(&["completions", shell], dir.path());
        for word in ["git-setup", "export", "completions"] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    // bash itself reads the script and offers the subcommands.
    let script = ok(&["completions", "bash"], dir.path()).stdout;
    std::fs::write(dir.path().join("c.bash"), script).unwrap();
    let bash = Command::new("bash")
        .arg("-c")
        .arg(
            "source ./c.bash; COMP_WORDS=(gapwalk git-); COMP_CWORD=1; COMP_LINE='gapwalk git-'; \
             COMP_POINT=12; _gapwalk gapwalk git- gapwalk; printf '%s\\n' \"${COMPREPLY[@]}\"",
        )
        .current_dir(dir.path())
        .output()
        .expect("run bash");
    assert_eq!(String::from_utf8_lossy(&bash.stdout).trim(), "git-setup");
    let bad = gapwalk(&["completions", "tcsh"], dir.path());
    assert_eq!(bad.code, 2);
}

#[test]
fn the_manual_page_is_roff_for_man_and_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let page = ok(&["man"], dir.path()).stdout;
    assert!(page.contains(".TH gapwalk 1"), "{page}");
    assert!(page.contains("git\\-setup"), "{page}");
    ok(&["man", "--dir", "pages"], dir.path());
    for name in [
        "gapwalk.1",
        "gapwalk-export.1",
        "gapwalk-git-setup.1",
        "gapwalk-merge.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join("pages").join(name)).unwrap();
        assert!(text.starts_with(".ie"), "{name}");
    }
    // `man` itself renders it, when the machine has man.
    if Command::new("man").arg("--version").output().is_ok() {
        let shown = Command::new("man")
            .arg("-l")
            .arg(dir.path().join("pages/gapwalk-merge.1"))
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .expect("run man");
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(text.contains("--from-index"), "{text}");
    }
}

#[test]
fn fmt_check_says_nothing_on_success_and_one_line_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    common::new_session_file(dir.path(), &[]);
    let run = ok(&["fmt", "--check", "s.ron"], dir.path());
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let text = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    std::fs::write(dir.path().join("s.ron"), text.replacen("(\n", "(\n\n", 1)).unwrap();
    let bad = gapwalk(&["fmt", "--check", "s.ron"], dir.path());
    assert_eq!(bad.code, 1);
    assert_eq!(bad.stderr.lines().count(), 1, "{}", bad.stderr);
}

#[test]
fn check_json_carries_its_version_file_date_and_the_texts_kind_names() {
    let dir = tempfile::tempdir().unwrap();
    common::new_session_file(dir.path(), &["--provider", "AWS"]);
    ok(
        &[
            "set",
            "s.ron",
            "9.2.3",
            "applicability=applicable",
            "status=planned",
        ],
        dir.path(),
    );
    let json = gapwalk(
        &[
            "check",
            "s.ron",
            "--as-of",
            "2026-03-01",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(json.code, 1);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["format_version"], 1);
    assert_eq!(value["file"], "s.ron");
    assert_eq!(value["as_of"], "2026-03-01");
    let kinds: Vec<String> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}: {}",
                f["control"].as_str().unwrap(),
                f["kind"].as_str().unwrap()
            )
        })
        .collect();
    let text = gapwalk(&["check", "s.ron", "--as-of", "2026-03-01"], dir.path());
    let text_kinds: Vec<String> = text
        .stdout
        .lines()
        .map(|l| {
            l.splitn(4, ": ")
                .skip(1)
                .take(2)
                .collect::<Vec<_>>()
                .join(": ")
        })
        .collect();
    assert_eq!(kinds, text_kinds);
    assert!(
        kinds.iter().any(|k| k == "9.2.3: missing-justification"),
        "{kinds:?}"
    );
}

#[test]
fn stats_over_several_sessions_gives_a_row_each_and_a_total() {
    let dir = tempfile::tempdir().unwrap();
    common::new_session_file(dir.path(), &["--title", "First client"]);
    std::fs::rename(dir.path().join("s.ron"), dir.path().join("a.ron")).unwrap();
    ok(
        &[
            "set",
            "a.ron",
            "9.2.3",
            "applicability=applicable",
            "status=planned",
        ],
        dir.path(),
    );
    common::new_session_file(dir.path(), &["--title", "Second client"]);
    std::fs::rename(dir.path().join("s.ron"), dir.path().join("b.ron")).unwrap();
    ok(
        &[
            "set",
            "b.ron",
            "12.3.1",
            "applicability=not_applicable",
            "justification=no backups here",
        ],
        dir.path(),
    );
    let json = ok(&["stats", "a.ron", "b.ron", "--format", "json"], dir.path());
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(v["sessions"][0]["title"], "First client");
    assert_eq!(v["sessions"][1]["file"], "b.ron");
    // Two sessions on the default catalogue.
    let controls = gapwalk::catalogue::default_catalogue().controls.len();
    assert_eq!(v["total"]["total"], 2 * controls);
    assert_eq!(v["total"]["assessed"], 2);
    assert_eq!(v["total"]["gaps"], 1);
    let clauses = v["by_clause"].as_array().unwrap();
    let sum: u64 = clauses.iter().map(|c| c["total"].as_u64().unwrap()).sum();
    assert_eq!(sum, 2 * controls as u64);
    let text = ok(&["stats", "a.ron", "b.ron"], dir.path()).stdout;
    assert!(
        text.contains("First client") && text.contains("Second client"),
        "{text}"
    );
    assert!(text.contains("total of 2 sessions"), "{text}");
    // Another catalogue: a total still, but no clauses added across catalogues.
    ok(
        &["new", "c.ron", "--catalogue", "iso27001-2022"],
        dir.path(),
    );
    let mixed = ok(&["stats", "a.ron", "c.ron", "--format", "json"], dir.path());
    let v: serde_json::Value = serde_json::from_str(&mixed.stdout).unwrap();
    assert!(v["by_clause"].is_null(), "{v}");
    assert_eq!(v["sessions"][1]["catalogue"], "iso27001-2022");
    // One file keeps the single-session layout.
    let one = ok(&["stats", "a.ron", "--format", "json"], dir.path());
    let v: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(v["total"], controls);
    assert!(v.get("sessions").is_none());
}

#[test]
fn set_help_lists_every_key_set_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let help = ok(&["set", "--help"], dir.path()).stdout;
    let words: Vec<&str> = help.split_whitespace().collect();
    for key in gapwalk::fields::FieldKey::names()
        .into_iter()
        .chain(gapwalk::fields::MetaKey::names())
    {
        assert!(
            words.contains(&key),
            "`set --help` does not name {key}:\n{help}"
        );
    }
    // And `set`'s manual page, made from the same command line, carries them too.
    ok(&["man", "--dir", "pages"], dir.path());
    let page = std::fs::read_to_string(dir.path().join("pages/gapwalk-set.1")).unwrap();
    assert!(page.contains("meeting.attendees"), "{page}");
}
