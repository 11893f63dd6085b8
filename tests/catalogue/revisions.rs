//! A catalogue's content revisions: the history an embedded catalogue carries tells the truth
//! about what changed since each older revision kept in `tests/reference/catalogue-history/`, a
//! session pinned to an older revision still opens and is told what is new, and
//! `gapwalk catalogue upgrade` moves it onto the current revision as one change.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use gapwalk::catalogue::{Catalogue, Changes, Pin, embedded};
use gapwalk::lock::SessionLock;

fn history_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/catalogue-history")
}

/// The older revisions kept for the tests: (catalogue id, revision, the catalogue as it was).
fn older_revisions() -> Vec<(String, u32, Catalogue)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(history_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let Some((id, revision)) = name.rsplit_once("-r") else {
            continue;
        };
        let old = Catalogue::load(&path).expect("an older revision still loads");
        assert_eq!(old.id, id, "{name} holds catalogue {id}");
        found.push((id.to_string(), revision.parse().unwrap(), old));
    }
    found.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    found
}

#[test]
fn each_history_note_names_exactly_what_changed_since_the_revision_it_replaces() {
    let older = older_revisions();
    assert!(
        older.iter().any(|(id, _, _)| id == "iso27017-2015"),
        "the first 27017 revision is kept"
    );
    for (id, revision, old) in &older {
        let current = embedded(id).unwrap_or_else(|| panic!("{id} is embedded"));
        assert!(
            current.revision > *revision,
            "{id} moved past revision {revision}"
        );
        // Sessions started on the old revision recorded this hash.
        let Pin::Older {
            revision: at,
            since,
        } = current.pin(&old.content_hash())
        else {
            panic!("{id} does not recognise its revision {revision}");
        };
        assert_eq!(at, *revision);
        let told = Changes::of(since);
        let before: BTreeSet<&str> = old.controls.iter().map(|c| c.id.as_str()).collect();
        let after: BTreeSet<&str> = current.controls.iter().map(|c| c.id.as_str()).collect();
        let added: BTreeSet<&str> = after.difference(&before).copied().collect();
        let removed: BTreeSet<&str> = before.difference(&after).copied().collect();
        let changed: BTreeSet<&str> = current
            .controls
            .iter()
            .filter(|c| old.control(&c.id).is_some_and(|o| o != *c))
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(set(&told.added), added, "{id}: ids added");
        assert_eq!(set(&told.removed), removed, "{id}: ids removed");
        assert_eq!(set(&told.changed), changed, "{id}: ids changed");
    }
}

#[test]
fn the_27017_catalogue_is_revision_1_and_its_first_revision_keeps_its_hash() {
    let current = embedded("iso27017-2015").unwrap();
    assert_eq!(current.revision, 1);
    assert_eq!(current.history.len(), 1);
    // The hash every session before revision 1 recorded, sessions/example.ron among them.
    assert_eq!(
        current.history[0].replaces,
        "sha256:de15b4d9190f543befcff1cacd9cbd880c8d3150b99fac9b46d8a80758431572"
    );
    assert_eq!(current.pin(&current.content_hash()), Pin::Current);
    assert_eq!(current.pin("sha256:never-shipped"), Pin::Unknown);
}

fn set(ids: &[String]) -> BTreeSet<&str> {
    ids.iter().map(String::as_str).collect()
}

fn gapwalk(dir: &Path, args: &[&str]) -> Output {
    crate::common::gapwalk(dir).args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A session with one decided control, pinned to the first revision of the 27017 catalogue.
fn session_on_revision_0(dir: &Path) -> String {
    let new = gapwalk(
        dir,
        &["new", "s.ron", "--title", "Old", "--provider", "Acme"],
    );
    assert!(new.status.success(), "{}", stderr(&new));
    let set = gapwalk(
        dir,
        &[
            "set",
            "s.ron",
            "9.2.3",
            "applicability=applicable",
            "status=implemented",
        ],
    );
    assert!(set.status.success(), "{}", stderr(&set));
    let current = embedded("iso27017-2015").unwrap();
    let file = dir.join("s.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let old = text.replace(&current.content_hash(), &current.history[0].replaces);
    assert_ne!(old, text, "the session records the catalogue's hash");
    std::fs::write(&file, &old).unwrap();
    old
}

#[test]
fn a_session_on_an_older_revision_opens_and_is_told_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    session_on_revision_0(dir.path());
    let out = gapwalk(dir.path(), &["stats", "s.ron"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("has a newer revision (1)"), "{err}");
    assert!(err.contains("11 added (5.7, 5.23, 5.30"), "{err}");
    assert!(err.contains("changed ("), "{err}");
    assert!(err.contains("gapwalk catalogue upgrade s.ron"), "{err}");
}

#[test]
fn upgrade_repins_the_session_as_one_change_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let old = session_on_revision_0(dir.path());
    let out = gapwalk(dir.path(), &["catalogue", "upgrade", "s.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("now on catalogue iso27017-2015 revision 1"),
        "{err}"
    );
    assert!(
        !err.contains("warning"),
        "the notice is answered, not repeated: {err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.ron.bak")).unwrap(),
        old
    );
    // Opens without a notice, in canonical form, with the recorded work intact.
    let stats = gapwalk(dir.path(), &["stats", "s.ron"]);
    assert!(stats.status.success());
    assert!(!stderr(&stats).contains("revision"), "{}", stderr(&stats));
    let fmt = gapwalk(dir.path(), &["fmt", "--check", "s.ron"]);
    assert_eq!(fmt.status.code(), Some(0), "{}", stderr(&fmt));
    let diff = gapwalk(dir.path(), &["diff", "s.ron.bak", "s.ron"]);
    let shown = String::from_utf8_lossy(&diff.stdout);
    assert!(shown.contains("catalogue.hash"), "{shown}");
    assert!(!shown.contains("9.2.3"), "no control changed: {shown}");
    // A second upgrade has nothing to do and writes nothing.
    let before = std::fs::read(dir.path().join("s.ron")).unwrap();
    let again = gapwalk(dir.path(), &["catalogue", "upgrade", "s.ron"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stderr(&again).contains("nothing to change"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(dir.path().join("s.ron")).unwrap(), before);
}

#[test]
fn upgrade_is_refused_while_the_session_is_open_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let old = session_on_revision_0(dir.path());
    let file = dir.path().join("s.ron");
    let held = SessionLock::acquire(&file, "gapwalk open").unwrap();
    let out = gapwalk(dir.path(), &["catalogue", "upgrade", "s.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), old);
    drop(held);
}

#[test]
fn a_session_on_content_the_history_does_not_know_is_warned_and_can_be_repinned() {
    let dir = tempfile::tempdir().unwrap();
    let old = session_on_revision_0(dir.path());
    let current = embedded("iso27017-2015").unwrap();
    let unknown = old.replace(&current.history[0].replaces, "sha256:0000");
    std::fs::write(dir.path().join("s.ron"), unknown).unwrap();
    let err = stderr(&gapwalk(dir.path(), &["stats", "s.ron"]));
    assert!(err.contains("history does not name"), "{err}");
    let out = gapwalk(dir.path(), &["catalogue", "upgrade", "s.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    assert!(text.contains(&current.content_hash()));
}
