//! The key-and-frame budget (docs/performance.md), at 121, 1,000 and 10,000 controls, on a
//! 120x40 terminal and on 200x60, the largest screen the budget covers. Each case is one key as the runner handles it: `update`, then the frame rendered, its
//! cells sanitised, diffed against the previous frame and encoded as crossterm escape sequences
//! (into a sink instead of a terminal). Run with `cargo bench --bench frame`.

mod generate;

use std::cell::RefCell;
use std::io::Write;
use std::path::PathBuf;

use divan::Bencher;
use gapwalk::catalogue::Catalogue;
use gapwalk::session::{Session, Timestamp};
use gapwalk::tui::action::{Action, Command};
use gapwalk::tui::app::App;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::theme::Theme;
use generate::{SIZES, catalogue, rich_session, session};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

fn main() {
    divan::main();
}

/// Stands in for the terminal: takes the escape sequences a frame writes and drops them.
struct Discard;

impl Write for Discard {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The workshop screen on a terminal of a fixed size, the selection on a control in the middle
/// of the list.
struct Screen {
    app: App,
    terminal: Terminal<CrosstermBackend<Discard>>,
    theme: Theme,
}

impl Screen {
    fn new(mut s: Session, cat: Catalogue, (width, height): (u16, u16)) -> Screen {
        let middle = cat.controls.len() / 2 / 3 * 3;
        s.resume_at = Some(cat.controls[middle].id.clone());
        let mut app = App::new(
            s,
            cat,
            PathBuf::from("b.ron"),
            Keymap::default(),
            "b".into(),
            Timestamp::from_unix(0).unwrap(),
        );
        app.update(Action::Resize(width, height));
        let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
        let terminal =
            Terminal::with_options(CrosstermBackend::new(Discard), TerminalOptions { viewport })
                .unwrap();
        let mut screen = Screen {
            app,
            terminal,
            theme: Theme { color: true },
        };
        screen.frame();
        screen
    }

    fn frame(&mut self) {
        let Screen {
            app,
            terminal,
            theme,
        } = self;
        terminal
            .draw(|f| gapwalk::tui::view::render(app, theme, f))
            .unwrap();
    }

    /// One key handled and its frame drawn.
    fn key(&mut self, command: Command) {
        self.act(Action::Command(command));
    }

    fn act(&mut self, action: Action) {
        self.app.update(action);
        self.frame();
    }
}

/// Keys that undo each other, alternating, each with its frame.
fn alternate(bencher: Bencher, screen: Screen, [first, second]: [Command; 2]) {
    alternate_actions(
        bencher,
        screen,
        [Action::Command(first), Action::Command(second)],
    );
}

fn alternate_actions(bencher: Bencher, mut screen: Screen, actions: [Action; 2]) {
    let mut odd = true;
    bencher.bench_local(|| {
        screen.act(actions[usize::from(!odd)].clone());
        odd = !odd;
    });
}

/// A key that opens something, with its frame, timed alone: `reset` (untimed, with a frame of
/// its own) puts the screen back before each run. Benches using it take one run per sample.
fn open(bencher: Bencher, screen: Screen, key: Command, reset: fn(&mut App)) {
    let screen = RefCell::new(screen);
    bencher
        .with_inputs(|| {
            let mut screen = screen.borrow_mut();
            reset(&mut screen.app);
            screen.frame();
        })
        .bench_local_values(|()| screen.borrow_mut().key(key));
}

/// Down, then up: each frame redraws two list rows and the whole detail pane.
const MOVE: [Command; 2] = [Command::SelectNext, Command::SelectPrevious];

/// The typical session (a third of the controls assessed) on a 120x40 terminal.
#[divan::bench(args = SIZES)]
fn key_and_frame(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    alternate(bencher, Screen::new(session(&cat), cat, (120, 40)), MOVE);
}

#[divan::bench(args = SIZES)]
fn key_and_frame_200x60(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    alternate(bencher, Screen::new(session(&cat), cat, (200, 60)), MOVE);
}

/// Every control assessed with long text in every field: the fullest detail pane, which wraps
/// and scrolls (its wrapped height is measured on every frame).
#[divan::bench(args = SIZES)]
fn key_and_frame_rich(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    alternate(
        bencher,
        Screen::new(rich_session(&cat), cat, (120, 40)),
        MOVE,
    );
}

#[divan::bench(args = SIZES)]
fn key_and_frame_rich_200x60(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    alternate(
        bencher,
        Screen::new(rich_session(&cat), cat, (200, 60)),
        MOVE,
    );
}

/// A key that changes the session (unpark the control, then undo parks it again: each an
/// undoable edit that also rebuilds the list's rows), on the fully assessed session. Parking
/// asks why, so the control is parked once (untimed) first.
#[divan::bench(args = SIZES)]
fn edit_key_and_frame(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let mut screen = Screen::new(rich_session(&cat), cat, (120, 40));
    let selected = screen
        .app
        .selected()
        .expect("a control in the middle of the list");
    if !screen.app.assessment(selected).flagged {
        screen.key(Command::ToggleFlag);
        screen.act(Action::Paste("owner to confirm".into()));
        screen.key(Command::Confirm);
    }
    alternate(bencher, screen, [Command::ToggleFlag, Command::Undo]);
}

/// `n` on a session assessed to the end: the search for the next open control goes round the
/// whole catalogue and finds none.
#[divan::bench(args = SIZES)]
fn next_unassessed_key_and_frame(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let screen = Screen::new(rich_session(&cat), cat, (120, 40));
    alternate(
        bencher,
        screen,
        [Command::NextUnassessed, Command::NextUnassessed],
    );
}

/// Opening the dashboard: progress by clause and the splits, counted over the whole session.
#[divan::bench(args = SIZES, sample_size = 1)]
fn dashboard_key_and_frame(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let screen = Screen::new(session(&cat), cat, (120, 40));
    open(bencher, screen, Command::ToggleDashboard, |app| {
        if app.dashboard() {
            app.update(Action::Command(Command::ToggleDashboard));
        }
    });
}

/// Opening the jump popup: the search text of every control is built here, once, so that each
/// keystroke after it only ranks (`workshop.rs`, `fuzzy_jump_keystroke`).
#[divan::bench(args = SIZES, sample_size = 1)]
fn jump_open_key_and_frame(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let screen = Screen::new(session(&cat), cat, (120, 40));
    open(bencher, screen, Command::OpenJump, |app| {
        while !app.popups().is_empty() {
            app.update(Action::Command(Command::Cancel));
        }
    });
}

/// A keystroke in the jump popup, with its frame: `p` typed after `backu`, then taken back,
/// each ranking every control again (the ranking alone is `fuzzy_jump_keystroke` in
/// `workshop.rs`).
#[divan::bench(args = SIZES)]
fn jump_keystroke_and_frame(bencher: Bencher, n: usize) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let cat = catalogue(n);
    let mut screen = Screen::new(session(&cat), cat, (120, 40));
    let key = |code| Action::Type(KeyEvent::new(code, KeyModifiers::NONE));
    screen.key(Command::OpenJump);
    for c in "backu".chars() {
        screen.act(key(KeyCode::Char(c)));
    }
    alternate_actions(
        bencher,
        screen,
        [key(KeyCode::Char('p')), key(KeyCode::Backspace)],
    );
}

/// A 10 MB note on the selected control (a pasted log): the idle tick redraws the screen four
/// times a second, so a frame (here a scroll of the detail pane, which re-measures it) must not
/// lay the whole note out. It cost about 2 s a key before the pane showed only its start.
#[divan::bench(sample_size = 1)]
fn ten_megabyte_note_key_and_frame(bencher: Bencher) {
    let cat = catalogue(SIZES[0]);
    let mut s = session(&cat);
    let id = cat.controls[cat.controls.len() / 2 / 3 * 3].id.clone();
    let mut a = s
        .assessment(&id, &cat)
        .cloned()
        .unwrap_or_else(|| gapwalk::session::Assessment::new(&id));
    let line = "2026-11-25T09:30:00Z backup job 812 finished, 40 GiB copied to the vault\n";
    a.notes = line.repeat(10 * 1024 * 1024 / line.len());
    s.apply(
        gapwalk::session::Edit::SetAssessment {
            control: id,
            assessment: Some(Box::new(a)),
        },
        &cat,
    );
    alternate(
        bencher,
        Screen::new(s, cat, (120, 40)),
        [Command::ScrollDetailDown, Command::ScrollDetailUp],
    );
}
