//! The runner: owns the terminal and the clock, feeds events to `update` and performs the
//! effects it returns: saves on a worker thread, exports, opening and creating sessions.

use std::path::{Path, PathBuf};
use std::sync::Arc;
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
use crate::catalogue::Catalogue;
use crate::persist::{self, Guarded, Loaded};
use crate::recovery::RecoveryStore;
use crate::session::{Session, Timestamp};

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
        catalogue: Arc::clone(&app.catalogue),
        disk: Arc::new(loaded.text),
        pending_disk: None,
        written_resume: app.session.resume_at.clone(),
    };
    loop {
        terminal.draw(|f| view::render(&app, theme, f))?;
        let mut actions = Vec::new();
        // What saves came to goes first: a tick's autosave must start from what they changed.
        while let Ok(outcome) = rx.try_recv() {
            saver.in_flight = false;
            actions.push(saver.absorb(outcome));
        }
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
        for action in actions {
            for effect in app.update(action) {
                match effect {
                    Effect::Save if app.quitting || app.read_only.is_some() => {}
                    Effect::Save => saver.save(&app),
                    Effect::Quit => return Ok(finish(&mut app, &mut saver, &rx)),
                    Effect::SetAsideRecovery => {
                        let notice = super::opening::set_aside(&app, store.as_ref());
                        app.update(Action::Notice(notice));
                    }
                    Effect::Export(request) => {
                        let result = super::export::perform(&app, &request);
                        app.update(Action::Exported(result));
                    }
                    Effect::DiskMerged => saver.adopt_disk(),
                    Effect::Recover(why) => {
                        let message = saver.recover(&app, why);
                        app.update(Action::Saved(Err(message)));
                    }
                    Effect::OpenSession(_) | Effect::CreateSession { .. } => {}
                }
            }
        }
        // A save asked for while another ran goes now, after what that one came to is in.
        if saver.again && !saver.in_flight {
            saver.again = false;
            saver.save(&app);
        }
    }
}

/// After a resize the terminal may have dropped or reflowed what was on it, even when the size
/// ends where it started (a window snapped smaller and back between two frames), so ratatui's
/// diff against its last frame cannot be trusted: clear and draw everything again.
fn repaint_all(terminal: &mut Term) -> std::io::Result<()> {
    super::terminal::clear_all(terminal)
}

/// What a save on the worker thread came to.
enum Outcome {
    /// Written: the text now on disk, for the next save to expect.
    Written {
        generation: u64,
        text: Arc<String>,
        resume_at: Option<String>,
    },
    /// The file holds another version than the one last read or written: both, parsed, to
    /// merge with the workshop's, and the text now on disk.
    Changed {
        base: Box<Session>,
        theirs: Box<Session>,
        text: Arc<String>,
    },
    /// Nothing was written to the file; the message says where the work is.
    Failed(String),
}

struct Saver {
    tx: Sender<Outcome>,
    in_flight: bool,
    again: bool,
    /// Where the work goes when the file cannot be written.
    store: Option<RecoveryStore>,
    catalogue: Arc<Catalogue>,
    /// The file as gapwalk last read or wrote it: a save expects to write over exactly this.
    /// An `Arc<String>` takes the loaded text as it is; an `Arc<str>` would copy it, 23 MB
    /// more at the peak of opening the largest session.
    disk: Arc<String>,
    /// A version found on disk, adopted as `disk` only once its merge is in the session: until
    /// then a save must still see the file as changed, never write over it.
    pending_disk: Option<Arc<String>>,
    /// Where the walk stood in the version last written; moving alone is saved with the next
    /// write, or on quit.
    written_resume: Option<String>,
}

impl Saver {
    /// Writes a snapshot of the session off the keystroke path.
    fn save(&mut self, app: &App) {
        if self.in_flight {
            self.again = true;
            return;
        }
        self.in_flight = true;
        let job = self.job(app);
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(job.run());
        });
    }

    fn job(&self, app: &App) -> SaveJob {
        SaveJob {
            path: app.path.clone(),
            session: app.session.clone(),
            generation: app.generation,
            expected: Arc::clone(&self.disk),
            catalogue: Arc::clone(&self.catalogue),
            store: self.store.clone(),
            // A copy still on offer must survive until the user answers.
            keep_copy: app.recovery_pending(),
        }
    }

    /// Takes in what a save came to and says it to `update`.
    fn absorb(&mut self, outcome: Outcome) -> Action {
        match outcome {
            Outcome::Written {
                generation,
                text,
                resume_at,
            } => {
                self.disk = text;
                self.written_resume = resume_at;
                Action::Saved(Ok(generation.to_string()))
            }
            Outcome::Changed { base, theirs, text } => {
                self.pending_disk = Some(text);
                Action::DiskChanged { base, theirs }
            }
            Outcome::Failed(message) => Action::Saved(Err(message)),
        }
    }

    /// The merge of the version found on disk is in the session: the next save writes over
    /// that version.
    fn adopt_disk(&mut self) {
        if let Some(text) = self.pending_disk.take() {
            self.disk = text;
        }
    }

    /// The version found on disk cannot take the workshop's work: it stays as the version a
    /// save expects to differ from (so nothing is ever written over it) and the work goes to
    /// the recovery copy. Returns what to tell the user.
    fn recover(&mut self, app: &App, why: String) -> String {
        self.pending_disk = None;
        match self.job(app).recover(why) {
            Outcome::Failed(message) => message,
            _ => String::new(),
        }
    }
}

/// One save, with everything it needs to run on its own thread.
struct SaveJob {
    path: PathBuf,
    session: Session,
    generation: u64,
    expected: Arc<String>,
    catalogue: Arc<Catalogue>,
    store: Option<RecoveryStore>,
    keep_copy: bool,
}

impl SaveJob {
    /// Saves over the version last known; when the file holds another, reads it for merging;
    /// when it cannot be written or read, the work goes to the recovery copy. After a
    /// successful save, an older recovery copy of the file has nothing left to offer.
    fn run(self) -> Outcome {
        let file = self.path.display().to_string();
        let parse = |text: &str| {
            persist::parse(text, &file)
                .and_then(|s| persist::validate(s, &self.catalogue, text, &file))
        };
        match persist::save_over(&self.path, &self.session, &self.expected) {
            Ok(Guarded::Written(text)) => {
                if let Some(store) = self.store.as_ref().filter(|_| !self.keep_copy) {
                    store.remove(&self.path);
                }
                Outcome::Written {
                    generation: self.generation,
                    text,
                    resume_at: self.session.resume_at.clone(),
                }
            }
            Ok(Guarded::Changed(current)) => match (parse(&self.expected), parse(&current)) {
                (Ok(base), Ok(theirs)) => Outcome::Changed {
                    base: Box::new(base),
                    theirs: Box::new(theirs),
                    text: Arc::new(current),
                },
                (_, Err(e)) | (Err(e), _) => self.recover(format!(
                    "the file changed on disk and no longer loads ({e}); nothing was written over it"
                )),
            },
            Ok(Guarded::Unreadable(why)) => self.recover(format!(
                "the file changed on disk and no longer reads ({why}); nothing was written over it"
            )),
            Err(e) => self.recover(e.to_string()),
        }
    }

    /// The work goes to the recovery copy; what happened to it comes first in the message,
    /// since the status bar shows the start.
    fn recover(&self, why: String) -> Outcome {
        Outcome::Failed(
            match self
                .store
                .as_ref()
                .map(|s| s.write(&self.path, &self.session))
            {
                Some(Ok(copy)) => format!(
                    "your changes are kept in the recovery copy {}, offered the next time you open {} ({why})",
                    copy.display(),
                    self.path.display()
                ),
                Some(Err(again)) => format!("{why}; the recovery copy failed too ({again})"),
                None => format!("{why}; no state folder for a recovery copy"),
            },
        )
    }
}

/// Feeds what a save came to into `update` on the way out, following its verdict on a version
/// found on disk; `Err` says where the work went when that version could not take it.
fn settle(app: &mut App, saver: &mut Saver, action: Action) -> Result<(), String> {
    for effect in app.update(action) {
        match effect {
            Effect::DiskMerged => saver.adopt_disk(),
            Effect::Recover(why) => {
                let message = saver.recover(app, why);
                return Err(format!("could not save {}: {message}", app.path.display()));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The last save, on the way out: takes in any save in flight, then writes synchronously,
/// merging first if the file changed on disk meanwhile. With nothing new since the last write
/// the file is left alone, so a workshop merely looked at never rewrites it.
fn finish(app: &mut App, saver: &mut Saver, rx: &Receiver<Outcome>) -> Result<String, String> {
    if saver.in_flight
        && let Ok(outcome) = rx.recv_timeout(Duration::from_secs(10))
    {
        let action = saver.absorb(outcome);
        settle(app, saver, action)?;
    }
    if app.read_only.is_some() {
        return Ok(format!(
            "closed {} (read-only: nothing was written)",
            app.path.display()
        ));
    }
    let reopen = |app: &App| {
        format!(
            "({} of {} controls assessed); reopen with: gapwalk open {}",
            app.progress().0,
            app.progress().1,
            app.path.display()
        )
    };
    if app.generation == app.saved_generation && app.session.resume_at == saver.written_resume {
        return Ok(format!("closed {} {}", app.path.display(), reopen(app)));
    }
    let mut merged = None;
    // Another writer could change the file again between our read and write; a few rounds
    // settle it, and the recovery copy takes the work if they do not.
    for _ in 0..3 {
        match saver.job(app).run() {
            Outcome::Written { .. } => {
                let merged = merged.map(|m| format!("; {m}")).unwrap_or_default();
                return Ok(format!(
                    "saved {} {}{merged}",
                    app.path.display(),
                    reopen(app)
                ));
            }
            changed @ Outcome::Changed { .. } => {
                let action = saver.absorb(changed);
                settle(app, saver, action)?;
                merged = app.message.clone();
            }
            Outcome::Failed(message) => {
                return Err(format!("could not save {}: {message}", app.path.display()));
            }
        }
    }
    let job = saver.job(app);
    match job.recover("the file kept changing on disk while saving".into()) {
        Outcome::Failed(message) => {
            Err(format!("could not save {}: {message}", app.path.display()))
        }
        _ => Err(format!("could not save {}", app.path.display())),
    }
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
