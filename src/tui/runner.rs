//! The runner: owns the terminal and the clock, feeds events to `update` and performs the
//! effects it returns: saves on a worker thread, exports, opening and creating sessions.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use ratatui::crossterm::event;

use super::action::{Action, Effect};
use super::app::App;
use super::input::translate;
use super::keymap::Keymap;
use super::start::{Recent, StartOutcome, StartScreen};
use super::terminal::Term;
use super::theme::Theme;
use super::view;
use crate::persist::{self, Loaded};
use crate::recovery::RecoveryStore;
use crate::session::Timestamp;

/// How long to wait for input before ticking the clock (timers, autosave).
const TICK: Duration = Duration::from_millis(250);

/// The start screen, until the user picks or creates a session (or quits).
pub fn start_screen(
    terminal: &mut Term,
    theme: &Theme,
) -> std::io::Result<Option<(PathBuf, Loaded)>> {
    let catalogues = crate::catalogue::list()
        .into_iter()
        .filter(|c| c.controls > 0)
        .map(|c| super::start::CatalogueChoice {
            name: c.name,
            title: c.title,
        })
        .collect();
    let mut screen = StartScreen::new(recent_entries(), catalogues);
    loop {
        terminal.draw(|f| screen.render(theme, f))?;
        if !event::poll(TICK)? {
            continue;
        }
        let event = event::read()?;
        if matches!(event, event::Event::Resize(..)) {
            repaint_all(terminal)?;
        }
        match screen.update(event) {
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
                catalogue,
            } => match create(&path, &spec, &providers, &participants, &catalogue) {
                Ok(loaded) => return Ok(Some((path, loaded))),
                Err(e) => screen.error = Some(e),
            },
        }
    }
}

fn create(
    path: &Path,
    spec: &crate::cli::NewSession,
    providers: &str,
    participants: &str,
    catalogue: &str,
) -> Result<Loaded, String> {
    let catalogue = crate::catalogue::resolve(catalogue).map_err(|e| e.to_string())?;
    let mut session = crate::cli::new_session(spec, &catalogue, None, Timestamp::now());
    super::form::MetaField::Providers.set(&mut session.meta, providers)?;
    super::form::MetaField::Participants.set(&mut session.meta, participants)?;
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
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    if let Some(w) = loaded.warnings.first() {
        app.message = Some(w.clone());
    }
    let store = RecoveryStore::user();
    // Held until the workshop ends; dropping it releases the session for others.
    let _lock = super::opening::prepare(&mut app, read_only, store.as_ref());
    let started = Instant::now();
    let (tx, rx) = channel();
    let mut saver = Saver {
        tx,
        in_flight: false,
        again: false,
        store: store.clone(),
    };
    loop {
        terminal.draw(|f| view::render(&app, theme, f))?;
        let mut actions = Vec::new();
        if event::poll(TICK)? {
            // Take everything already waiting, so a paste or a key burst costs one frame.
            loop {
                let event = event::read()?;
                if matches!(event, event::Event::Resize(..)) {
                    repaint_all(terminal)?;
                }
                if let Some(action) = translate(&app, event) {
                    actions.push(action);
                    break;
                }
                if !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        actions.push(Action::Tick(started.elapsed()));
        while let Ok(result) = rx.try_recv() {
            saver.in_flight = false;
            actions.push(Action::Saved(result));
            if saver.again {
                saver.again = false;
                saver.save(&app);
            }
        }
        for action in actions {
            for effect in app.update(action) {
                match effect {
                    Effect::Save if app.quitting || app.read_only.is_some() => {}
                    Effect::Save => saver.save(&app),
                    Effect::Quit => {
                        return Ok(finish(&mut app, &rx, saver.in_flight, store.as_ref()));
                    }
                    Effect::SetAsideRecovery => {
                        let notice = super::opening::set_aside(&app, store.as_ref());
                        app.update(Action::Notice(notice));
                    }
                    Effect::Export(request) => {
                        let result = super::export::perform(&app, &request);
                        app.update(Action::Exported(result));
                    }
                    Effect::OpenSession(_) | Effect::CreateSession { .. } => {}
                }
            }
        }
    }
}

/// After a resize the terminal may have dropped or reflowed what was on it, even when the size
/// ends where it started (a window snapped smaller and back between two frames), so ratatui's
/// diff against its last frame cannot be trusted: clear and draw everything again.
fn repaint_all(terminal: &mut Term) -> std::io::Result<()> {
    terminal.autoresize()?;
    terminal.clear()
}

struct Saver {
    tx: Sender<Result<String, String>>,
    in_flight: bool,
    again: bool,
    /// Where the work goes when the file cannot be written.
    store: Option<RecoveryStore>,
}

impl Saver {
    /// Writes a snapshot of the session off the keystroke path.
    fn save(&mut self, app: &App) {
        if self.in_flight {
            self.again = true;
            return;
        }
        self.in_flight = true;
        let session = app.session.clone();
        let path = app.path.clone();
        let generation = app.generation;
        let tx = self.tx.clone();
        let store = self.store.clone();
        // A copy still on offer must survive until the user answers.
        let keep_copy = app.recovery_pending();
        std::thread::spawn(move || {
            let result = save_or_recover(&path, &session, store.as_ref(), keep_copy)
                .map(|()| generation.to_string());
            let _ = tx.send(result);
        });
    }
}

/// Saves to the session file; when that fails, to the recovery copy, and says where the work
/// is. After a successful save, an older recovery copy of the file has nothing left to offer.
fn save_or_recover(
    path: &Path,
    session: &crate::session::Session,
    store: Option<&RecoveryStore>,
    keep_copy: bool,
) -> Result<(), String> {
    match persist::save(path, session) {
        Ok(()) => {
            if let Some(store) = store.filter(|_| !keep_copy) {
                store.remove(path);
            }
            Ok(())
        }
        // What happened to the work comes first: the status bar shows the start of this.
        Err(e) => Err(match store.map(|s| s.write(path, session)) {
            Some(Ok(copy)) => format!(
                "your changes are kept in the recovery copy {}, offered the next time you open {} ({e})",
                copy.display(),
                path.display()
            ),
            Some(Err(again)) => format!("{e}; the recovery copy failed too ({again})"),
            None => format!("{e}; no state folder for a recovery copy"),
        }),
    }
}

/// The last save, on the way out: waits for any save in flight, then writes synchronously.
fn finish(
    app: &mut App,
    rx: &Receiver<Result<String, String>>,
    in_flight: bool,
    store: Option<&RecoveryStore>,
) -> Result<String, String> {
    if in_flight {
        let _ = rx.recv_timeout(Duration::from_secs(10));
    }
    if app.read_only.is_some() {
        return Ok(format!(
            "closed {} (read-only: nothing was written)",
            app.path.display()
        ));
    }
    match save_or_recover(&app.path, &app.session, store, app.recovery_pending()) {
        Ok(()) => Ok(format!(
            "saved {} ({} of {} controls assessed); reopen with: gapwalk open {}",
            app.path.display(),
            app.progress().0,
            app.progress().1,
            app.path.display()
        )),
        Err(e) => Err(format!("could not save {}: {e}", app.path.display())),
    }
}

fn state_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "gapwalk")
        .map(|d| d.state_dir().unwrap_or(d.data_local_dir()).to_path_buf())
}

fn recent_file() -> Option<PathBuf> {
    state_dir().map(|d| d.join("recent.ron"))
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
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(text) = ron::ser::to_string_pretty(&list, ron::ser::PrettyConfig::default()) {
        let _ = persist::write_atomic(&file, text.as_bytes(), false);
    }
}
