//! git with no hand set-up, as a user meets it: `gapwalk git-setup` in a fresh repository, a
//! clone that never ran it (git leaves conflict markers; gapwalk says what to run, then
//! `merge --from-index` merges from git's index), and the README's pre-commit hook on a session
//! whose name is not ASCII. The user's own git and gapwalk settings are kept out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_gapwalk");

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A folder to run git and gapwalk in, with a PATH of our choosing.
struct Place {
    dir: PathBuf,
    home: PathBuf,
    path_var: String,
}

impl Place {
    fn new(dir: &Path, home: &Path, extra_path: Option<&Path>) -> Place {
        let system = std::env::var("PATH").unwrap_or_default();
        let path_var = match extra_path {
            Some(p) => format!("{}:{system}", p.display()),
            None => system,
        };
        Place {
            dir: dir.to_path_buf(),
            home: home.to_path_buf(),
            path_var,
        }
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        Command::new(program)
            .args(args)
            .current_dir(&self.dir)
            .env("PATH", &self.path_var)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.join("no-global-config"))
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_STATE_HOME", self.home.join("state"))
            .env("GIT_AUTHOR_NAME", "Test Runner")
            .env("GIT_AUTHOR_EMAIL", "runner@example.invalid")
            .env("GIT_COMMITTER_NAME", "Test Runner")
            .env("GIT_COMMITTER_EMAIL", "runner@example.invalid")
            .env("GIT_PAGER", "cat")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("run a command")
    }

    fn git_ok(&self, args: &[&str]) -> String {
        let out = self.run("git", args);
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn gapwalk(&self, args: &[&str]) -> Output {
        self.run(BIN, args)
    }

    fn gapwalk_ok(&self, args: &[&str]) -> Output {
        let out = self.gapwalk(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "gapwalk {args:?}: {}",
            text(&out)
        );
        out
    }

    fn commit(&self, message: &str) {
        self.git_ok(&["add", "-A"]);
        self.git_ok(&["commit", "-q", "-m", message]);
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file)).unwrap()
    }
}

/// A repository holding `sessions/review.ron` and a catalogue file outside the sessions folder.
fn repository(root: &Path, place: &Place) {
    std::fs::create_dir_all(root.join("sessions")).unwrap();
    std::fs::create_dir_all(root.join("catalogues")).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/catalogues/iso27017-2015.ron"
        ),
        root.join("catalogues/ours.ron"),
    )
    .unwrap();
    place.git_ok(&["init", "-q", "-b", "main"]);
    place.gapwalk_ok(&[
        "new",
        "sessions/review.ron",
        "--title",
        "Quarterly review",
        "--provider",
        "AWS",
    ]);
}

#[test]
fn git_setup_writes_attributes_for_the_sessions_folder_the_ignore_lines_and_the_drivers() {
    let tmp = tempfile::tempdir().unwrap();
    let place = Place::new(tmp.path(), tmp.path(), None);
    repository(tmp.path(), &place);
    std::fs::write(tmp.path().join(".gitignore"), "target/").unwrap();
    let out = place.gapwalk_ok(&["git-setup", "sessions"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        place.read(".gitattributes"),
        "sessions/**/*.ron diff=gapwalk merge=gapwalk\n"
    );
    // What was there stays; the lines are added below it.
    assert_eq!(
        place.read(".gitignore"),
        "target/\n*.gapwalk-lock\n*.ron.bak\n.gapwalk-*.tmp\n"
    );
    let attrs = place.git_ok(&[
        "check-attr",
        "merge",
        "--",
        "sessions/review.ron",
        "sessions/2027/next.ron",
        "catalogues/ours.ron",
    ]);
    assert!(
        attrs.contains("sessions/review.ron: merge: gapwalk"),
        "{attrs}"
    );
    assert!(
        attrs.contains("sessions/2027/next.ron: merge: gapwalk"),
        "{attrs}"
    );
    assert!(
        attrs.contains("catalogues/ours.ron: merge: unspecified"),
        "{attrs}"
    );
    // No gapwalk on PATH: the drivers name this executable, and the user is told.
    let driver = place.git_ok(&["config", "merge.gapwalk.driver"]);
    assert_eq!(driver.trim(), format!("'{BIN}' merge %O %A %B --path %P"));
    let diff = place.git_ok(&["config", "diff.gapwalk.command"]);
    assert_eq!(diff.trim(), format!("'{BIN}' diff"));
    assert!(stderr.contains("no gapwalk is on PATH"), "{stderr}");
    // Once more: nothing is added twice.
    let again = place.gapwalk_ok(&["git-setup", "sessions"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already set up"));
    assert_eq!(
        place.read(".gitattributes"),
        "sessions/**/*.ron diff=gapwalk merge=gapwalk\n"
    );
    assert_eq!(place.read(".gitignore").matches("*.ron.bak").count(), 1);
}

#[cfg(unix)]
#[test]
fn git_setup_uses_gapwalk_from_path_when_that_is_this_executable() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(BIN, bin.join("gapwalk")).unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    let place = Place::new(&repo, tmp.path(), Some(&bin));
    place.git_ok(&["init", "-q"]);
    let out = place.gapwalk_ok(&["git-setup"]);
    assert_eq!(
        place.git_ok(&["config", "merge.gapwalk.driver"]).trim(),
        "gapwalk merge %O %A %B --path %P"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("from PATH"));
    // The top folder itself: only its own RON files, never every RON file below it.
    assert_eq!(
        place.read(".gitattributes"),
        "/*.ron diff=gapwalk merge=gapwalk\n"
    );
}

#[test]
fn git_setup_outside_a_repository_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let place = Place::new(tmp.path(), tmp.path(), None);
    let out = place.gapwalk(&["git-setup"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not inside a git repository"));
    assert!(!tmp.path().join(".gitattributes").exists());
}

#[test]
fn a_clone_without_the_drivers_gets_markers_then_resolves_from_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let origin = tmp.path().join("origin");
    std::fs::create_dir(&origin).unwrap();
    let first = Place::new(&origin, tmp.path(), None);
    repository(&origin, &first);
    first.gapwalk_ok(&["git-setup", "sessions"]);
    first.commit("start the review");
    // A clone has the attributes but not the driver config.
    first.run(
        "git",
        &["clone", "-q", origin.to_str().unwrap(), "../clone"],
    );
    let clone = Place::new(&tmp.path().join("clone"), tmp.path(), None);
    assert!(
        clone
            .run("git", &["config", "merge.gapwalk.driver"])
            .stdout
            .is_empty()
    );
    clone.git_ok(&["checkout", "-q", "-b", "theirs"]);
    clone.gapwalk_ok(&["set", "sessions/review.ron", "9.2.3", "status=implemented"]);
    clone.commit("theirs");
    clone.git_ok(&["checkout", "-q", "main"]);
    clone.gapwalk_ok(&[
        "set",
        "sessions/review.ron",
        "9.2.3",
        "justification=Admin access is our top risk",
    ]);
    clone.commit("ours");
    let merge = clone.run("git", &["merge", "--no-edit", "theirs"]);
    assert!(!merge.status.success(), "{}", text(&merge));
    assert!(clone.read("sessions/review.ron").contains("<<<<<<<"));
    // gapwalk recognises the markers and says what to do, instead of a bare parse error.
    let check = clone.gapwalk(&["check", "sessions/review.ron"]);
    assert_eq!(check.status.code(), Some(2));
    let message = String::from_utf8_lossy(&check.stderr);
    assert!(message.contains("conflict markers"), "{message}");
    assert!(message.contains("no gapwalk merge driver"), "{message}");
    assert!(message.contains("gapwalk git-setup"), "{message}");
    assert!(message.contains("gapwalk merge --from-index"), "{message}");
    let marked = clone.read("sessions/review.ron");
    clone.gapwalk_ok(&["git-setup", "sessions"]);
    let resolved = clone.gapwalk_ok(&["merge", "--from-index", "sessions/review.ron"]);
    assert!(String::from_utf8_lossy(&resolved.stderr).contains("merged cleanly"));
    let session = clone.read("sessions/review.ron");
    assert!(session.contains("status: implemented"), "{session}");
    assert!(
        session.contains("Admin access is our top risk"),
        "{session}"
    );
    assert!(!session.contains("<<<<<<<"));
    assert_eq!(clone.read("sessions/review.ron.bak"), marked);
    clone.gapwalk_ok(&["fmt", "--check", "sessions/review.ron"]);
    clone.git_ok(&["add", "sessions/review.ron"]);
    clone.git_ok(&["commit", "-q", "--no-edit"]);
    // Nothing left to merge: the index holds no conflict any more.
    let again = clone.gapwalk(&["merge", "--from-index", "sessions/review.ron"]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(String::from_utf8_lossy(&again.stderr).contains("holds no conflict"));
    assert_eq!(clone.read("sessions/review.ron"), session);
}

/// The pre-commit hook exactly as the README prints it.
fn readme_hook() -> String {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("```sh\n#!/bin/sh\n# Refuse a commit")
        .expect("the README has the hook");
    let body = &readme[start + "```sh\n".len()..];
    body[..body.find("```").expect("the hook's block ends")].to_string()
}

#[cfg(unix)]
#[test]
fn the_readme_hook_checks_sessions_whose_names_are_not_ascii() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(BIN, bin.join("gapwalk")).unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    let place = Place::new(&repo, tmp.path(), Some(&bin));
    repository(&repo, &place);
    let hook = repo.join(".git/hooks/pre-commit");
    std::fs::write(&hook, readme_hook()).unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    place.commit("start");
    let name = "sessions/révision été 2026.ron";
    let canonical = place.read("sessions/review.ron");
    // Not canonical: the hook refuses the commit and names the file.
    std::fs::write(repo.join(name), canonical.replacen("(\n", "(\n\n", 1)).unwrap();
    place.git_ok(&["add", "-A"]);
    let refused = place.run("git", &["commit", "-q", "-m", "bad"]);
    assert!(!refused.status.success(), "{}", text(&refused));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("révision été 2026.ron: not in canonical form"),
        "{stderr}"
    );
    assert!(stderr.contains("fix with"), "{stderr}");
    // Canonical: the commit goes through, and the hook says nothing.
    std::fs::write(repo.join(name), &canonical).unwrap();
    place.git_ok(&["add", "-A"]);
    let accepted = place.run("git", &["commit", "-q", "-m", "good"]);
    assert!(accepted.status.success(), "{}", text(&accepted));
    assert!(accepted.stderr.is_empty(), "{}", text(&accepted));
    // A commit with no session in it runs no check at all.
    std::fs::write(repo.join("notes.txt"), "x").unwrap();
    place.git_ok(&["add", "-A"]);
    let plain = place.run("git", &["commit", "-q", "-m", "notes"]);
    assert!(plain.status.success(), "{}", text(&plain));
}
