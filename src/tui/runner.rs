//! The runner: owns the terminal and the clock, feeds events to `update` and performs the
//! effects it returns: saves on a worker thread, exports, opening and creating sessions.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use ratatui::crossterm::event;

use super::action::{Action, Effect, perform};
use super::app::App;
use super::input::translate;
use super::keymap::Keymap;
use super::save::{SaveOutcome, SaveReport};
use super::start::{Recent, StartOutcome, StartScreen};
use super::terminal::Term;
use super::theme::Theme;
use super::view;
use crate::persist::{self, Loaded};
use crate::recovery::RecoveryStore;
use crate::session::Timestamp;

/// How long to wait for input before ticking the clock (timers, autosave).
const TICK: Duration = Duration::from_millis(250);
/// How long quitting waits for a save already running before writing without it.
const SAVE_PATIENCE: Duration = Duration::from_secs(10);

/// The start screen, until the user picks or creates a session (or quits).
pub fn start_screen(
    terminal: &mut Term,
    theme: &Theme,
    keymap: &Keymap,
) -> std::io::Result<Option<(PathBuf, Loaded)>> {
    let catalogues = crate::catalogue::list()
        .into_iter()
        .filter(|c| c.controls > 0)
        .map(|c| super::start::CatalogueChoice {
            name: c.name,
            title: c.title,
        })
        .collect();
    let mut screen = StartScreen::new(recent_entries(), catalogues, keymap.clone());
    loop {
        terminal.draw(|f| screen.render(theme, f))?;
        if !event::poll(TICK)? {
            continue;
        }
        let event = event::read()?;
        if matches!(event, event::Event::Resize(..)) {
            repaint_all(terminal)?;
        }
        let Some(action) = super::input::translate_start(&screen, event) else {
            continue;
        };
        match screen.update(action) {
            StartOutcome::Stay => {}
            StartOutcome::Quit => return Ok(None),
            StartOutcome::Open(path) => match persist::load(&path) {
                Ok(loaded) => return Ok(Some((path, loaded))),
                Err(e) => screen.error = Some(e.to_string()),
            },
            StartOutcome::Create {
                path,
                spec,
                providers,
                participants,
                offerings,
                catalogue,
            } => match create(
                &path,
                &spec,
                &providers,
                &participants,
                &offerings,
                &catalogue,
            ) {
                Ok(loaded) => return Ok(Some((path, loaded))),
                Err(e) => screen.error = Some(e),
            },
        }
    }
}

fn create(
    path: &Path,
    spec: &crate::session::NewSession,
    providers: &str,
    participants: &str,
    offerings: &str,
    catalogue: &str,
) -> Result<Loaded, String> {
    let catalogue = crate::catalogue::resolve(catalogue).map_err(|e| e.to_string())?;
    let mut session = crate::session::new_session(spec, &catalogue, None, Timestamp::now());
    super::form::MetaField::Providers.set(&mut session.meta, providers)?;
    super::form::MetaField::Participants.set(&mut session.meta, participants)?;
    super::form::MetaField::Offerings.set(&mut session.meta, offerings)?;
    let text = persist::to_canonical(&session).map_err(|e| e.to_string())?;
    persist::write_new(path, text.as_bytes()).map_err(|e| e.to_string())?;
    persist::load(path).map_err(|e| e.to_string())
}

/// Runs the workshop screen until the user quits. Returns a message for the normal terminal.
pub fn workshop(
    terminal: &mut Term,
    theme: &Theme,
    keymap: Keymap,
    path: PathBuf,
    loaded: Loaded,
    read_only: bool,
) -> std::io::Result<Result<String, String>> {
    remember_recent(&path);
    let user = if loaded.session.meta.facilitator.trim().is_empty() {
        std::env::var("USER").unwrap_or_else(|_| "facilitator".into())
    } else {
        loaded.session.meta.facilitator.clone()
    };
    let mut app = App::new(
        loaded.session,
        loaded.catalogue,
        path,
        keymap,
        user,
        Timestamp::now(),
    );
    let store = RecoveryStore::user();
    app.attach_file(loaded.text, store.clone());
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    if let Some(w) = loaded.warnings.first() {
        app.message = Some(w.clone());
    }
    // Held until the workshop ends; dropping it releases the session for others.
    let _lock = super::opening::prepare(&mut app, read_only, store.as_ref());
    let started = Instant::now();
    // What effects came to, from the worker threads: the same queue as every other action.
    let (tx, rx) = channel::<Vec<Action>>();
    // Since when quitting has waited on a save in flight.
    let mut waiting: Option<Instant> = None;
    // SIGTERM, SIGHUP, or a terminal that can no longer be read or drawn on (closed, the ssh
    // connection dropped): the workshop ends the way `q` does, with nobody to ask.
    let ending = ending_signals();
    let mut terminal_lost = false;
    loop {
        if !terminal_lost && terminal.draw(|f| view::render(&app, theme, f)).is_err() {
            terminal_lost = true;
        }
        let gone = terminal_lost || ending.load(Ordering::Relaxed);
        let mut actions = VecDeque::new();
        // What saves came to goes first: a tick's autosave must start from what they changed.
        while let Ok(results) = rx.try_recv() {
            actions.extend(results);
        }
        if gone && !app.unattended {
            actions.push_back(Action::Terminate);
        }
        if app.quitting() || gone {
            // On the way out only the save in flight matters: wait for it, keys are not read.
            let since = *waiting.get_or_insert_with(Instant::now);
            match rx.recv_timeout(TICK) {
                Ok(results) => actions.extend(results),
                // A save that never reports must not keep the workshop open: the save on quit
                // then writes on its own.
                Err(_) if since.elapsed() >= SAVE_PATIENCE => {
                    actions.push_back(Action::Saved(SaveReport {
                        generation: 0,
                        recovery: false,
                        outcome: SaveOutcome::Failed("the save in progress did not finish".into()),
                    }));
                    waiting = None;
                }
                Err(_) => {}
            }
        } else if event::poll(TICK).unwrap_or_else(|_| {
            terminal_lost = true;
            false
        }) {
            // A key is taken with what the terminal already holds behind it (a paste, a burst),
            // up to the first that means something, so it costs one frame.
            loop {
                let Ok(event) = event::read() else {
                    terminal_lost = true;
                    break;
                };
                if matches!(event, event::Event::Resize(..)) {
                    let _ = repaint_all(terminal);
                }
                if let Some(action) = translate(&app, event) {
                    actions.push_back(action);
                    break;
                }
                if !event::poll(Duration::ZERO).unwrap_or(false) {
                    break;
                }
            }
        }
        actions.push_back(Action::Tick(started.elapsed()));
        while let Some(action) = actions.pop_front() {
            for effect in app.update(action) {
                match effect {
                    Effect::Quit => return Ok(app.farewell()),
                    // The last save runs here, on the way out, with nothing left to draw.
                    effect if app.quitting() => actions.extend(perform(effect)),
                    effect => {
                        let tx = tx.clone();
                        std::thread::spawn(move || {
                            let _ = tx.send(perform(effect));
                        });
                    }
                }
            }
        }
    }
}

/// Set once SIGTERM or SIGHUP arrives (a closed terminal or a dropped ssh connection sends
/// SIGHUP): the runner then ends the workshop the way `q` does instead of dying mid-work.
fn ending_signals() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&flag));
    #[cfg(unix)]
    let _ = signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&flag));
    flag
}

/// After a resize the terminal may have dropped or reflowed what was on it, even when the size
/// ends where it started (a window snapped smaller and back between two frames), so ratatui's
/// diff against its last frame cannot be trusted: clear and draw everything again.
fn repaint_all(terminal: &mut Term) -> std::io::Result<()> {
    super::terminal::clear_all(terminal)
}

fn recent_file() -> Option<PathBuf> {
    crate::recovery::state_dir().map(|d| d.join("recent.ron"))
}

fn read_recent() -> Vec<PathBuf> {
    recent_file()
        .and_then(|f| {
            crate::textfile::read_text(&f, crate::textfile::MAX_KEYMAP_BYTES, "a list").ok()
        })
        .and_then(|text| ron::from_str::<Vec<PathBuf>>(&text).ok())
        .unwrap_or_default()
}

/// Recent sessions with a summary each; ones that no longer exist are left out.
pub fn recent_entries() -> Vec<Recent> {
    read_recent()
        .into_iter()
        .filter(|p| p.exists())
        .map(|path| {
            let summary = persist::load(&path)
                .map(|l| {
                    let s = crate::review::stats(&l.session, &l.catalogue);
                    format!(
                        "{} · {}/{} assessed · {} gaps",
                        l.session.meta.title, s.assessed, s.total, s.gaps
                    )
                })
                .map_err(|e| e.to_string());
            Recent { path, summary }
        })
        .collect()
}

fn remember_recent(path: &Path) {
    let Some(file) = recent_file() else { return };
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut list = read_recent();
    list.retain(|p| p != &path);
    list.insert(0, path);
    list.truncate(12);
    if let Some(dir) = file.parent() {
        let _ = persist::create_private_dir(dir);
    }
    if let Ok(text) = ron::ser::to_string_pretty(&list, ron::ser::PrettyConfig::default()) {
        let _ = persist::write_private(&file, text.as_bytes());
    }
}
