//! Monkey tests: thousands of seeded random keys, pastes and resizes go through the same input
//! translation as the real screen, then `App::update`, with every frame drawn into a TestBackend
//! at sizes from 1x1 to 300x100. Nothing may panic, and the session must stay valid: one
//! assessment per control, in catalogue order, every id in the catalogue, and canonical text
//! that loads back equal. A read-only run must change nothing at all.

use crate::common;

use common::Rng;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use gapwalk::persist;
use gapwalk::recovery::{Offer, differences};
use gapwalk::session::{Applicability, Assessment, Edit, Session, Status, Timestamp};
use gapwalk::tui::action::{Action, Effect, perform};
use gapwalk::tui::app::App;
use gapwalk::tui::input::translate;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::popup::Popup;
use gapwalk::tui::safety_popup::RecoveryPopup;
use gapwalk::tui::theme::Theme;
use gapwalk::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};

const TEXT: &[&str] = &[
    "Ana Lima",
    "2027-02-30",
    "2026-12-01",
    "https://wiki.example/x",
    "\u{1b}]0;title\u{7}",
    "\u{1b}[2J",
    "\u{9b}31m",
    "\u{202e}gnp.exe",
    "line one\nline two\r\nthree",
    "漢字とemoji 😀",
    "\t",
    "",
    "'\"\\",
];

fn random_key(rng: &mut Rng) -> KeyEvent {
    let code = match rng.below(10) {
        0..=4 => KeyCode::Char(rng.pick(&[
            'w', 'j', 'k', 'n', 'p', 'l', 'm', 'd', 'P', 'e', 'u', 'q', 'f', '/', '?', '1', '2',
            '3', '4', '5', '6', '7', '8', '9', 'a', 'x', 'A', ' ', '-', '漢', '😀', 'é',
        ])),
        5 => KeyCode::Char(char::from_u32(0x20 + rng.below(0x5f) as u32).unwrap_or('z')),
        _ => rng.pick(&[
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::F(1),
        ]),
    };
    let modifiers = match rng.below(20) {
        0 => KeyModifiers::CONTROL,
        1 => KeyModifiers::ALT,
        2 => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    let kind = if rng.below(30) == 0 {
        KeyEventKind::Release
    } else {
        KeyEventKind::Press
    };
    KeyEvent {
        code,
        modifiers,
        kind,
        state: KeyEventState::NONE,
    }
}

fn random_event(rng: &mut Rng) -> Event {
    match rng.below(100) {
        0..=3 => {
            let mut text = String::new();
            for _ in 0..1 + rng.below(4) {
                text.push_str(rng.pick(TEXT));
            }
            if rng.below(10) == 0 {
                text = text.repeat(200);
            }
            Event::Paste(text)
        }
        4..=6 => Event::Resize(1 + rng.below(300) as u16, 1 + rng.below(100) as u16),
        _ => Event::Key(random_key(rng)),
    }
}

/// The fixture session written to a file in `dir`, opened as `gapwalk open` opens it: saves
/// are real writes through the same `perform` as the runner's.
fn app(dir: &Path) -> App {
    let path = dir.join("monkey.ron");
    if !path.exists() {
        let (session, _) = common::fixture();
        persist::save(&path, &session).unwrap();
    }
    let loaded = persist::load(&path).unwrap();
    let mut app = App::new(
        loaded.session,
        loaded.catalogue,
        path,
        Keymap::default(),
        "Monkey".into(),
        Timestamp::from_unix(1_795_000_000).unwrap(),
    );
    app.attach_file(loaded.text, None);
    app.update(Action::Resize(80, 24));
    app
}

fn assert_session_valid(app: &App, step: usize, reload: bool) {
    let positions: Vec<Option<usize>> = app
        .session
        .assessments
        .iter()
        .map(|a| app.catalogue.position(&a.control))
        .collect();
    assert!(
        positions.iter().all(Option::is_some),
        "step {step}: an assessment outside the catalogue"
    );
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "step {step}: assessments repeated or out of catalogue order"
    );
    if reload {
        let text = persist::to_canonical(&app.session).unwrap();
        let parsed = persist::parse(&text, "monkey.ron")
            .unwrap_or_else(|e| panic!("step {step}: canonical text does not parse: {e}"));
        let back = persist::validate(parsed, &app.catalogue, &text, "monkey.ron")
            .unwrap_or_else(|e| panic!("step {step}: canonical text does not validate: {e}"));
        assert_eq!(back, app.session, "step {step}: reload differs");
    }
}

/// Feeds `steps` random events to `app`, drawing every frame; the effects go through the
/// runner's own `perform`. Quitting must save everything: the monkey then opens the file again
/// and carries on. Returns how many saves were asked for.
fn run_monkey(app: &mut App, seed: u64, steps: usize) -> usize {
    let mut rng = Rng(seed);
    let theme = Theme {
        color: rng.below(2) == 0,
    };
    let (mut width, mut height) = (80u16, 24u16);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut clock = Duration::ZERO;
    let mut saves = 0;
    for step in 0..steps {
        let event = random_event(&mut rng);
        if let Event::Resize(w, h) = event {
            (width, height) = (w, h);
            terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        }
        let mut actions: VecDeque<Action> = translate(app, event).into_iter().collect();
        clock += Duration::from_millis(rng.below(1500));
        actions.push_back(Action::Tick(clock));
        while let Some(action) = actions.pop_front() {
            for effect in app.update(action) {
                match effect {
                    Effect::Quit => {
                        assert_session_valid(app, step, true);
                        reopen_after_quit(app, step);
                        actions.clear();
                    }
                    effect => {
                        saves += usize::from(matches!(effect, Effect::Save(_)));
                        actions.extend(perform(effect));
                    }
                }
            }
        }
        terminal
            .draw(|f| view::render(app, &theme, f))
            .unwrap_or_else(|e| panic!("step {step}: drawing at {width}x{height} failed: {e}"));
        assert_session_valid(app, step, step % 250 == 0);
    }
    assert_session_valid(app, steps, true);
    saves
}

/// The runner would end here: everything the workshop held must be in the file, which opens
/// again where the walk stood.
fn reopen_after_quit(app: &mut App, step: usize) {
    let farewell = app.farewell();
    let read_only = app.read_only.clone();
    if read_only.is_some() {
        return;
    }
    assert!(
        farewell.is_ok(),
        "step {step}: quitting failed: {farewell:?}"
    );
    let loaded = persist::load(&app.path).unwrap();
    let mut on_disk = loaded.session.clone();
    on_disk.meta.updated = app.session.meta.updated;
    assert_eq!(on_disk, app.session, "step {step}: quit left work unsaved");
    let size = app.size();
    let dir = app.path.parent().unwrap().to_path_buf();
    *app = self::app(&dir);
    app.update(Action::Resize(size.0, size.1));
}

#[test]
fn random_keys_pastes_and_resizes_never_break_the_workshop() {
    for seed in [1, 27017, 0xdead_beef] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path());
        let before = app.session.clone();
        run_monkey(&mut app, seed, 2_500);
        // The monkey really worked the session, so the invariants were tested under change.
        assert_ne!(app.session, before, "seed {seed}: nothing changed");
    }
}

#[test]
fn tiny_and_huge_screens_draw_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let mut rng = Rng(7);
    for _ in 0..1_500 {
        let (w, h) = match rng.below(4) {
            0 => (1 + rng.below(5) as u16, 1 + rng.below(5) as u16),
            1 => (280 + rng.below(21) as u16, 90 + rng.below(11) as u16),
            _ => (1 + rng.below(300) as u16, 1 + rng.below(100) as u16),
        };
        app.update(Action::Resize(w, h));
        let event = Event::Key(random_key(&mut rng));
        if let Some(action) = translate(&app, event) {
            app.update(action);
        }
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| view::render(&app, &Theme { color: true }, f))
            .unwrap();
    }
    assert_session_valid(&app, 0, true);
}

#[test]
fn a_read_only_workshop_survives_the_monkey_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.read_only = Some("monkey test".into());
    let before = app.session.clone();
    let saves = run_monkey(&mut app, 42, 2_500);
    assert_eq!(saves, 0, "a read-only workshop asked to save");
    let mut after = app.session.clone();
    after.resume_at = before.resume_at.clone();
    assert_eq!(after, before);
}

#[test]
fn the_recovery_offer_survives_the_monkey() {
    for seed in [5, 6, 7, 8] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path());
        let mut copy: Session = app.session.clone();
        let mut a = Assessment::new("13.1.1");
        a.applicability = Applicability::Applicable;
        a.status = Status::Planned;
        copy.apply(
            Edit::SetAssessment {
                control: "13.1.1".into(),
                assessment: Some(Box::new(a)),
            },
            &app.catalogue,
        );
        let offer = Offer {
            copy: PathBuf::from("/state/copy.ron"),
            written: Timestamp::from_unix(1_795_000_000).unwrap(),
            differences: differences(&app.session, &copy, &app.catalogue),
            summary: "monkey".into(),
            session: copy,
        };
        app.open_popup(Popup::Recovery(Box::new(RecoveryPopup::new(
            offer,
            app.keymap(),
        ))));
        run_monkey(&mut app, seed, 600);
    }
}

/// Found by the monkey: moving up in a list that a filter left empty indexed past its end.
#[test]
fn a_filter_that_matches_nothing_leaves_an_empty_list_keys_cannot_break() {
    use gapwalk::tui::action::Command;
    use gapwalk::tui::app::Filter;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.set_filter(Filter::Owner("nobody at all".into()));
    app.rebuild_rows();
    assert!(app.rows().is_empty());
    for command in [
        Command::SelectPrevious,
        Command::SelectNext,
        Command::PageUp,
        Command::PageDown,
        Command::SelectFirst,
        Command::SelectLast,
        Command::ToggleFlag,
        Command::Walk,
        Command::Edit,
    ] {
        app.update(Action::Command(command));
    }
    assert_eq!(app.selected(), None);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| view::render(&app, &Theme { color: false }, f))
        .unwrap();
}
