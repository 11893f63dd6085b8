//! The save machine without a terminal: `update` asks for saves, the runner's own `perform`
//! writes real files in a temporary folder, and its reports go back through `update`, as the
//! workshop screen does it. Autosave, a failed save's recovery copy, a file changed on disk,
//! and quitting while a save is still running.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use gapwalk::persist;
use gapwalk::recovery::RecoveryStore;
use gapwalk::session::{Edit, Session, Status, Timestamp};
use gapwalk::tui::action::{Action, Command, Effect, perform};
use gapwalk::tui::app::{App, SaveStatus};
use gapwalk::tui::keymap::Keymap;

/// The fixture written to `path` and opened from it, with its recovery copies in `state`.
fn open(path: &Path, state: &Path) -> App {
    let (session, _) = common::fixture();
    persist::save(path, &session).unwrap();
    reopen(path, state)
}

fn reopen(path: &Path, state: &Path) -> App {
    let loaded = persist::load(path).unwrap();
    let mut app = App::new(
        loaded.session,
        loaded.catalogue,
        path.to_path_buf(),
        Keymap::default(),
        "Ana Lima".into(),
        Timestamp::from_unix(1_795_000_000).unwrap(),
    );
    app.attach_file(loaded.text, Some(RecoveryStore::at(state.to_path_buf())));
    app
}

/// Performs effects as the runner does and feeds what they came to back, until nothing is
/// left to do. Returns whether the workshop may end.
fn run(app: &mut App, effects: Vec<Effect>) -> bool {
    let mut effects = effects;
    let mut quit = false;
    while !effects.is_empty() {
        let mut next = Vec::new();
        for effect in effects {
            if effect == Effect::Quit {
                quit = true;
                continue;
            }
            for action in perform(effect) {
                next.extend(app.update(action));
            }
        }
        effects = next;
    }
    quit
}

/// Ticks the clock past autosave's wait and performs the save it asks for.
fn autosave(app: &mut App, at: u64) {
    let effects = app.update(Action::Tick(Duration::from_secs(at)));
    assert!(
        matches!(effects.as_slice(), [Effect::Save(_)]),
        "no autosave at {at} s: {effects:?}"
    );
    run(app, effects);
}

fn flag(app: &mut App, id: &str) {
    let i = app.catalogue.position(id).unwrap();
    app.select_control(i);
    common::park(app, "owner to confirm");
}

fn flagged(session: &Session, id: &str) -> bool {
    let catalogue = gapwalk::catalogue::default_catalogue();
    session
        .assessment(id, &catalogue)
        .is_some_and(|a| a.flagged)
}

fn on_disk(path: &Path) -> Session {
    persist::load(path).unwrap().session
}

/// Another program (a `git pull`) rewrites the file with one change of its own.
fn change_on_disk(path: &Path, id: &str, status: Status) {
    let catalogue = gapwalk::catalogue::default_catalogue();
    let mut session = on_disk(path);
    let mut a = session.assessment(id, &catalogue).cloned().unwrap();
    a.status = status;
    session.apply(
        Edit::SetAssessment {
            control: id.into(),
            assessment: Some(Box::new(a)),
        },
        &catalogue,
    );
    std::fs::write(path, persist::to_canonical(&session).unwrap()).unwrap();
}

fn dirs() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let state = dir.path().join("state");
    (dir, path, state)
}

#[test]
fn a_change_is_autosaved_to_the_file_and_nothing_more_is_written_after() {
    let (_dir, path, state) = dirs();
    let mut app = open(&path, &state);
    assert!(!flagged(&on_disk(&path), "12.3.1"));
    flag(&mut app, "12.3.1");
    autosave(&mut app, 2);
    assert_eq!(*app.save_status(), SaveStatus::Saved);
    assert!(flagged(&on_disk(&path), "12.3.1"));
    assert!(persist::backup_path(&path).exists(), "FILE.bak kept");
    assert!(
        app.update(Action::Tick(Duration::from_secs(60))).is_empty(),
        "a saved session is not written again"
    );
    // Quitting with everything in the file writes nothing and says so.
    let before = std::fs::read(&path).unwrap();
    let effects = common::quit_meeting(&mut app);
    assert_eq!(effects, [Effect::Quit]);
    assert!(app.farewell().unwrap().starts_with("closed "));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_save_that_cannot_write_keeps_the_work_in_the_recovery_copy_and_says_where() {
    let (dir, _, state) = dirs();
    let folder = dir.path().join("usb");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("s.ron");
    let mut app = open(&path, &state);
    // The folder goes away under the workshop (a drive pulled out).
    std::fs::remove_dir_all(&folder).unwrap();
    flag(&mut app, "12.3.1");
    autosave(&mut app, 2);
    let SaveStatus::Failed(message) = app.save_status().clone() else {
        panic!("the save did not fail: {:?}", app.save_status());
    };
    // Each workshop writes its own copy; the one waiting for the file is this workshop's.
    let copy = RecoveryStore::at(state.clone())
        .waiting_copy(&path)
        .expect("a recovery copy")
        .copy;
    assert!(
        message.starts_with("your changes are kept in the recovery copy"),
        "{message}"
    );
    assert!(message.contains(&copy.display().to_string()), "{message}");
    let text = std::fs::read_to_string(&copy).unwrap();
    let body = text.split_once('\n').unwrap().1;
    let kept = persist::parse(body, "copy").unwrap();
    assert!(flagged(&kept, "12.3.1"), "the copy holds the work");
    // Quitting tries once more, then says the work is not in the file.
    let effects = common::quit_meeting(&mut app);
    assert!(run(&mut app, effects));
    let farewell = app.farewell().unwrap_err();
    assert!(farewell.starts_with("could not save"), "{farewell}");
    assert!(farewell.contains("recovery copy"), "{farewell}");
}

#[test]
fn a_file_changed_on_disk_is_merged_with_the_work_and_both_reach_the_file() {
    let (_dir, path, state) = dirs();
    let mut app = open(&path, &state);
    change_on_disk(&path, "12.3.1", Status::Partial);
    flag(&mut app, "13.1.1");
    autosave(&mut app, 2);
    assert_eq!(
        app.message.as_deref(),
        Some("file changed on disk: merged with your work")
    );
    // Nothing was written over the other version yet: the merge goes with the next save.
    assert!(!flagged(&on_disk(&path), "13.1.1"));
    assert!(matches!(app.save_status(), SaveStatus::Dirty(_)));
    autosave(&mut app, 4);
    let both = on_disk(&path);
    assert!(flagged(&both, "13.1.1"), "the workshop's change");
    let catalogue = gapwalk::catalogue::default_catalogue();
    assert_eq!(
        both.assessment("12.3.1", &catalogue).unwrap().status,
        Status::Partial,
        "the change made on disk"
    );
    // The workshop holds exactly what the file now holds.
    assert_eq!(app.session, both);
}

#[test]
fn a_version_on_disk_that_no_longer_loads_is_never_written_over_even_on_quit() {
    let (_dir, path, state) = dirs();
    let mut app = open(&path, &state);
    std::fs::write(&path, "(this is not a session").unwrap();
    flag(&mut app, "12.3.1");
    autosave(&mut app, 2);
    assert!(matches!(app.save_status(), SaveStatus::Failed(_)));
    let effects = common::quit_meeting(&mut app);
    assert!(run(&mut app, effects));
    assert!(app.farewell().is_err());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "(this is not a session"
    );
    let copy = RecoveryStore::at(state).waiting_copy(&path);
    assert!(copy.is_some(), "the work is in the recovery copy");
}

#[test]
fn quit_while_a_save_is_running_waits_for_it_then_saves_what_came_after() {
    let (_dir, path, state) = dirs();
    let mut app = open(&path, &state);
    flag(&mut app, "12.3.1");
    let in_flight = app.update(Action::Tick(Duration::from_secs(2)));
    assert!(matches!(in_flight.as_slice(), [Effect::Save(_)]));
    // While the worker writes, the room makes another change and quits.
    flag(&mut app, "13.1.1");
    let quit = common::quit_meeting(&mut app);
    assert!(
        quit.is_empty(),
        "quit must wait for the save in flight: {quit:?}"
    );
    assert!(app.quitting());
    // Autosave no longer starts saves of its own while quitting.
    assert!(app.update(Action::Tick(Duration::from_secs(30))).is_empty());
    // The save in flight reports; quitting then writes the rest and ends.
    assert!(run(&mut app, in_flight));
    let farewell = app.farewell().unwrap();
    assert!(farewell.starts_with("saved "), "{farewell}");
    let saved = on_disk(&path);
    assert!(flagged(&saved, "12.3.1") && flagged(&saved, "13.1.1"));
    assert_eq!(saved.resume_at.as_deref(), Some("13.1.1"));
}

#[test]
fn a_save_asked_for_while_another_runs_goes_after_it_and_never_over_an_unmerged_version() {
    let (_dir, path, state) = dirs();
    let mut app = open(&path, &state);
    flag(&mut app, "12.3.1");
    let first = app.update(Action::Tick(Duration::from_secs(2)));
    assert!(matches!(first.as_slice(), [Effect::Save(_)]));
    flag(&mut app, "13.1.1");
    assert!(
        app.update(Action::Command(Command::Save)).is_empty(),
        "a second save waits for the first"
    );
    assert_eq!(*app.save_status(), SaveStatus::Saving);
    // A teammate's version lands before the first save reaches the disk.
    change_on_disk(&path, "9.2.3", Status::Planned);
    run(&mut app, first);
    let catalogue = gapwalk::catalogue::default_catalogue();
    let merged = on_disk(&path);
    assert_eq!(
        merged.assessment("9.2.3", &catalogue).unwrap().status,
        Status::Planned,
        "the teammate's change survived"
    );
    assert!(flagged(&merged, "12.3.1") && flagged(&merged, "13.1.1"));
    assert_eq!(*app.save_status(), SaveStatus::Saved);
    // A reopened workshop finds all of it.
    let again = reopen(&path, &state);
    assert!(flagged(&again.session, "13.1.1"));
}
