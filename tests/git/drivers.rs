//! Sessions in real git repositories, with gapwalk as the diff and merge driver the way the
//! README sets it up: branches that touch different controls or different fields merge clean,
//! the same field changed both ways becomes a recorded conflict in a valid session, and
//! `git diff` / `git log -p` print the semantic diff. The user's git configuration is kept out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_gapwalk");

struct Repo {
    dir: tempfile::TempDir,
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

impl Repo {
    /// A repository with the drivers configured, a session committed on `main`.
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.git_ok(&["init", "-q", "-b", "main"]);
        repo.git_ok(&["config", "user.name", "Test Runner"]);
        repo.git_ok(&["config", "user.email", "runner@example.invalid"]);
        repo.git_ok(&["config", "diff.gapwalk.command", &format!("'{BIN}' diff")]);
        repo.git_ok(&["config", "merge.gapwalk.name", "gapwalk session merge"]);
        repo.git_ok(&[
            "config",
            "merge.gapwalk.driver",
            &format!("'{BIN}' merge %O %A %B --path %P"),
        ]);
        std::fs::write(
            repo.path().join(".gitattributes"),
            "*.ron diff=gapwalk merge=gapwalk\n",
        )
        .unwrap();
        std::fs::write(repo.path().join(".gitignore"), "*.bak\n").unwrap();
        std::fs::create_dir(repo.path().join("sessions")).unwrap();
        repo.gapwalk_ok(&[
            "new",
            "sessions/review.ron",
            "--title",
            "Quarterly review",
            "--provider",
            "AWS",
            "--provider",
            "Google Cloud",
            "--facilitator",
            "Ana Lima",
        ]);
        repo.commit("start the review");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn session(&self) -> PathBuf {
        self.path().join("sessions/review.ron")
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        Command::new(program)
            .args(args)
            .current_dir(self.path())
            // Neither the machine's nor the user's git or gapwalk settings may leak in.
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.path().join("no-global-config"))
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("GIT_PAGER", "cat")
            .env("PAGER", "cat")
            .env_remove("GIT_EXTERNAL_DIFF")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("run a command")
    }

    fn git(&self, args: &[&str]) -> Output {
        self.run("git", args)
    }

    fn git_ok(&self, args: &[&str]) -> String {
        let out = self.git(args);
        assert!(out.status.success(), "git {args:?} failed: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn gapwalk(&self, args: &[&str]) -> Output {
        self.run(BIN, args)
    }

    fn gapwalk_ok(&self, args: &[&str]) {
        let out = self.gapwalk(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "gapwalk {args:?}: {}",
            text(&out)
        );
    }

    fn set(&self, control: &str, assignments: &[&str]) {
        let mut args = vec!["set", "sessions/review.ron", control];
        args.extend_from_slice(assignments);
        self.gapwalk_ok(&args);
    }

    fn commit(&self, message: &str) {
        self.git_ok(&["add", "-A"]);
        self.git_ok(&["commit", "-q", "-m", message]);
    }

    fn read(&self) -> String {
        std::fs::read_to_string(self.session()).unwrap()
    }

    /// Branch `theirs` from main, run `theirs_edit` there and `ours_edit` on main, merge.
    fn diverge(&self, theirs_edit: impl FnOnce(&Repo), ours_edit: impl FnOnce(&Repo)) -> Output {
        self.git_ok(&["checkout", "-q", "-b", "theirs"]);
        theirs_edit(self);
        self.commit("their change");
        self.git_ok(&["checkout", "-q", "main"]);
        ours_edit(self);
        self.commit("our change");
        self.git(&["merge", "--no-edit", "theirs"])
    }

    fn assert_canonical_and_loads(&self) {
        self.gapwalk_ok(&["fmt", "--check", "sessions/review.ron"]);
    }
}

#[test]
fn branches_that_change_different_controls_merge_clean() {
    let repo = Repo::new();
    let merge = repo.diverge(
        |r| r.set("9.2.3", &["applicability=applicable", "status=implemented"]),
        |r| r.set("12.3.1", &["applicability=applicable", "status=planned"]),
    );
    assert!(merge.status.success(), "{}", text(&merge));
    let session = repo.read();
    assert!(session.contains("control: \"9.2.3\""), "{session}");
    assert!(session.contains("control: \"12.3.1\""), "{session}");
    assert!(session.contains("status: implemented"));
    assert!(session.contains("status: planned"));
    assert!(!session.contains("conflicts"));
    repo.assert_canonical_and_loads();
    assert!(repo.git_ok(&["status", "--porcelain"]).is_empty());
}

#[test]
fn different_fields_of_one_control_merge_clean() {
    let repo = Repo::new();
    let merge = repo.diverge(
        |r| {
            r.set(
                "9.2.3",
                &[
                    "status=partial",
                    "holder=shared",
                    "customer_owner=Bruno Costa",
                    "--provider",
                    "AWS",
                ],
            )
        },
        |r| {
            r.set(
                "9.2.3",
                &[
                    "justification=Admin access is our top risk",
                    "provider_owner=AWS IAM",
                    "--provider",
                    "AWS",
                    "evidence+=https://wiki.example/iam",
                ],
            )
        },
    );
    assert!(merge.status.success(), "{}", text(&merge));
    let session = repo.read();
    for expected in [
        "status: partial",
        "holder: shared",
        "customer_owner: \"Bruno Costa\"",
        "provider_owner: \"AWS IAM\"",
        "justification: \"Admin access is our top risk\"",
        "location: \"https://wiki.example/iam\"",
    ] {
        assert!(session.contains(expected), "{expected} missing:\n{session}");
    }
    assert!(!session.contains("conflicts"));
    repo.assert_canonical_and_loads();
}

#[test]
fn evidence_added_on_both_branches_is_kept_once_each() {
    let repo = Repo::new();
    let merge = repo.diverge(
        |r| {
            r.set(
                "12.3.1",
                &["evidence+=https://wiki.example/restore", "evidence+=SEC-12"],
            )
        },
        |r| {
            r.set(
                "12.3.1",
                &[
                    "evidence+=https://wiki.example/restore",
                    "evidence+=docs/backup.pdf",
                ],
            )
        },
    );
    assert!(merge.status.success(), "{}", text(&merge));
    let session = repo.read();
    assert_eq!(
        session.matches("https://wiki.example/restore").count(),
        1,
        "{session}"
    );
    assert_eq!(session.matches("\"SEC-12\"").count(), 1);
    assert_eq!(session.matches("\"docs/backup.pdf\"").count(), 1);
}

#[test]
fn the_same_field_changed_both_ways_is_a_recorded_conflict_in_a_valid_session() {
    let repo = Repo::new();
    let merge = repo.diverge(
        |r| r.set("9.2.3", &["status=implemented"]),
        |r| r.set("9.2.3", &["status=planned", "notes=from our branch"]),
    );
    assert!(
        !merge.status.success(),
        "the merge must stop: {}",
        text(&merge)
    );
    let stdout = String::from_utf8_lossy(&merge.stdout);
    assert!(stdout.contains("CONFLICT"), "{}", text(&merge));
    assert!(
        repo.git_ok(&["status", "--porcelain"])
            .contains("UU sessions/review.ron")
    );
    let session = repo.read();
    assert!(
        !session.contains("<<<<<<<"),
        "no text conflict markers:\n{session}"
    );
    // Ours stays in the record; both values are kept in the conflict.
    assert!(session.contains("status: planned"), "{session}");
    assert!(session.contains("notes: \"from our branch\""));
    for expected in [
        "field: \"status\"",
        "base: \"unknown\"",
        "ours: \"planned\"",
        "theirs: \"implemented\"",
    ] {
        assert!(session.contains(expected), "{expected} missing:\n{session}");
    }
    repo.assert_canonical_and_loads();
    let check = repo.gapwalk(&["check", "sessions/review.ron", "--as-of", "2026-11-25"]);
    assert_eq!(check.status.code(), Some(1));
    let findings = String::from_utf8_lossy(&check.stdout);
    let conflict_lines: Vec<&str> = findings
        .lines()
        .filter(|l| l.contains("merge-conflict"))
        .collect();
    assert_eq!(conflict_lines.len(), 1, "{findings}");
    assert!(conflict_lines[0].contains("9.2.3"));
    assert!(
        conflict_lines[0].contains("\"planned\"") && conflict_lines[0].contains("\"implemented\"")
    );
    // Settling it from a script is setting the field; then the merge can be committed.
    repo.set("9.2.3", &["status=implemented"]);
    let settled = repo.read();
    assert!(settled.contains("status: implemented") && !settled.contains("conflicts"));
    let check = repo.gapwalk(&["check", "sessions/review.ron", "--as-of", "2026-11-25"]);
    assert!(!String::from_utf8_lossy(&check.stdout).contains("merge-conflict"));
    repo.commit("merge theirs, keeping their status");
}

#[test]
fn git_diff_and_log_show_the_semantic_diff_through_the_driver() {
    let repo = Repo::new();
    repo.set(
        "9.2.3",
        &[
            "status=implemented",
            "customer_owner=Bruno Costa",
            "--provider",
            "AWS",
        ],
    );
    let diff = repo.git(&["diff"]);
    assert_eq!(diff.status.code(), Some(0), "{}", text(&diff));
    let shown = String::from_utf8_lossy(&diff.stdout);
    assert!(
        shown.contains("gapwalk diff sessions/review.ron"),
        "{shown}"
    );
    assert!(shown.contains("control 9.2.3 Management of privileged access rights"));
    assert!(shown.contains("status: unknown → implemented"), "{shown}");
    assert!(
        shown.contains("responsibility added: AWS: undecided; customer owner Bruno Costa"),
        "{shown}"
    );
    assert!(!shown.contains("@@"), "no line diff:\n{shown}");
    repo.commit("record 9.2.3");
    let log = repo.git_ok(&["log", "-p", "--ext-diff", "--format=commit %s"]);
    let record = log.find("commit record 9.2.3").expect("newest commit");
    let start = log.find("commit start the review").expect("first commit");
    assert!(
        log[record..start].contains("status: unknown → implemented"),
        "{log}"
    );
    assert!(log[start..].contains("(new session file)"), "{log}");
    assert!(
        log[start..].contains("title: (empty) → \"Quarterly review\""),
        "{log}"
    );
}

#[test]
fn the_driver_exit_status_follows_trust_exit_code() {
    let repo = Repo::new();
    repo.set("12.3.1", &["status=planned"]);
    // Without trustExitCode git wants 0 from a driver, and judges "differs" by the bytes.
    let plain = repo.git(&["diff", "--exit-code"]);
    assert_eq!(plain.status.code(), Some(1), "{}", text(&plain));
    assert!(String::from_utf8_lossy(&plain.stdout).contains("status: unknown → planned"));
    assert!(!String::from_utf8_lossy(&plain.stderr).contains("died"));
    // With it, the driver decides: 1 for a change to the session…
    repo.git_ok(&["config", "diff.gapwalk.trustExitCode", "true"]);
    repo.git_ok(&[
        "config",
        "diff.gapwalk.command",
        &format!("'{BIN}' diff --exit-code"),
    ]);
    let trusted = repo.git(&["diff", "--exit-code"]);
    assert_eq!(trusted.status.code(), Some(1), "{}", text(&trusted));
    assert!(String::from_utf8_lossy(&trusted.stdout).contains("status: unknown → planned"));
    // …and 0 when only the file's layout changed.
    repo.commit("plan 12.3.1");
    let mut session = repo.read();
    session.push_str("// reviewed in the November meeting\n");
    std::fs::write(repo.session(), session).unwrap();
    let layout = repo.git(&["diff", "--exit-code"]);
    assert_eq!(layout.status.code(), Some(0), "{}", text(&layout));
    assert!(String::from_utf8_lossy(&layout.stdout).contains("no change to the session"));
}

#[test]
fn an_unreadable_version_in_history_does_not_stop_git_log() {
    let repo = Repo::new();
    std::fs::write(repo.session(), "(format_version: 1, this is not a session").unwrap();
    repo.commit("break the file");
    repo.gapwalk_ok(&["new", "sessions/fresh.ron", "--title", "Again"]);
    std::fs::remove_file(repo.session()).unwrap();
    std::fs::rename(repo.path().join("sessions/fresh.ron"), repo.session()).unwrap();
    repo.commit("start again");
    let log = repo.git(&["log", "-p", "--ext-diff", "--format=commit %s"]);
    assert!(log.status.success(), "{}", text(&log));
    let shown = String::from_utf8_lossy(&log.stdout);
    assert!(shown.contains("cannot compare"), "{shown}");
    assert!(
        shown.contains("commit start the review"),
        "git log went on:\n{shown}"
    );
}

#[test]
fn sessions_created_apart_at_one_path_merge_against_nothing() {
    let repo = Repo::new();
    repo.git_ok(&["rm", "-q", "sessions/review.ron"]);
    repo.commit("drop the session");
    let create = |r: &Repo, control: &str| {
        std::fs::create_dir_all(r.path().join("sessions")).unwrap();
        r.gapwalk_ok(&[
            "new",
            "sessions/review.ron",
            "--title",
            "Second round",
            "--provider",
            "AWS",
        ]);
        r.set(control, &["status=planned"]);
    };
    let merge = repo.diverge(|r| create(r, "9.2.3"), |r| create(r, "12.3.1"));
    assert!(merge.status.success(), "{}", text(&merge));
    let session = repo.read();
    assert!(session.contains("control: \"9.2.3\"") && session.contains("control: \"12.3.1\""));
    assert!(!session.contains("conflicts"), "{session}");
    repo.assert_canonical_and_loads();
}
