//! The typed save pipeline. `update` decides when to save and asks with a `SaveRequest` that
//! carries everything the worker needs (a snapshot of the session, the file as last read or
//! written, where a recovery copy goes); the worker answers with a `SaveReport` that comes back
//! as an action through the same queue as every other. `SaveState` is the one record of where
//! saving stands, shared by autosave, `Ctrl-s` and the save on quit. Only `SaveRequest::run`
//! and `RescueJob::run` (the work written elsewhere when nothing else took it) touch the disk;
//! nothing here draws.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::catalogue::Catalogue;
use crate::persist::{self, Guarded};
use crate::recovery::{RecoveryStore, write_rescue};
use crate::session::{Session, Timestamp};

/// Where saving stands, as the status bar says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    Saved,
    /// Unsaved changes since this point of the clock.
    Dirty(Duration),
    Saving,
    Failed(String),
}

/// What a request asks of the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveKind {
    /// Write the session over the version last known, merging first if the file changed.
    Write,
    /// The version found on disk cannot take the work (the reason): keep it in the recovery
    /// copy and write nothing over that version.
    Recover(String),
}

/// One save, with everything it needs to run on its own thread.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveRequest {
    pub kind: SaveKind,
    pub path: PathBuf,
    pub session: Session,
    /// The change count of `session`, reported back so `update` knows what reached the file.
    pub generation: u64,
    /// The file as gapwalk last read or wrote it: a save writes over exactly this or nothing.
    pub expected: Arc<String>,
    /// Shared with the app, to validate a changed file, instead of a copy per save
    /// (docs/performance.md).
    pub catalogue: Arc<Catalogue>,
    /// Where the work goes when the file cannot be written.
    pub store: Option<RecoveryStore>,
    /// A recovery copy still on offer must survive a successful save until the user answers.
    pub keep_copy: bool,
}

/// What a save came to, as the worker reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveReport {
    pub generation: u64,
    /// The request was a `SaveKind::Recover`.
    pub recovery: bool,
    pub outcome: SaveOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Written: the text now on disk, for the next save to expect, and where the walk stood.
    Written {
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
    /// Nothing was written to the file nor to a recovery copy (the message says why): the work
    /// exists only in the workshop's memory.
    Stranded(String),
}

impl SaveRequest {
    /// Performs the request. Saves over the version last known; when the file holds another,
    /// reads it for merging; when it cannot be written or read, the work goes to the recovery
    /// copy. After a successful save, an older recovery copy has nothing left to offer.
    pub fn run(self) -> SaveReport {
        let outcome = match &self.kind {
            SaveKind::Recover(why) => self.recover(why.clone()),
            SaveKind::Write => self.write(),
        };
        SaveReport {
            generation: self.generation,
            recovery: matches!(self.kind, SaveKind::Recover(_)),
            outcome,
        }
    }

    fn write(&self) -> SaveOutcome {
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
                SaveOutcome::Written {
                    text,
                    resume_at: self.session.resume_at.clone(),
                }
            }
            Ok(Guarded::Changed(current)) => match (parse(&self.expected), parse(&current)) {
                (Ok(base), Ok(theirs)) => SaveOutcome::Changed {
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
    fn recover(&self, why: String) -> SaveOutcome {
        SaveOutcome::Failed(
            match self
                .store
                .as_ref()
                .map(|s| s.write_from(&self.path, &self.session, &self.expected))
            {
                Some(Ok(copy)) => format!(
                    "your changes are kept in the recovery copy {}, offered the next time you open {} ({why})",
                    copy.display(),
                    self.path.display()
                ),
                Some(Err(again)) => {
                    return SaveOutcome::Stranded(format!(
                        "{why}; the recovery copy failed too ({again})"
                    ));
                }
                None => {
                    return SaveOutcome::Stranded(format!(
                        "{why}; no state folder for a recovery copy"
                    ));
                }
            },
        )
    }
}

/// How many times the save on quit merges a file that keeps changing before the work goes to
/// the recovery copy instead.
const QUIT_ROUNDS: u8 = 3;

/// Where saving stands: one record for autosave, `Ctrl-s` and the save on quit. `update` owns
/// it; the runner only carries requests to the worker and reports back.
#[derive(Debug, Clone)]
pub struct SaveState {
    status: SaveStatus,
    /// Bumped on every change; a save reports which generation it wrote.
    generation: u64,
    saved_generation: u64,
    last_saved_at: Option<Timestamp>,
    /// A request is with the worker; another waits for its report (`again`).
    in_flight: bool,
    again: bool,
    store: Option<RecoveryStore>,
    /// The file as gapwalk last read or wrote it: a save expects to write over exactly this.
    /// An `Arc<String>` takes the loaded text as it is; an `Arc<str>` would copy it, a second
    /// whole file at the peak of opening a session (docs/performance.md).
    disk: Arc<String>,
    /// A version found on disk, adopted as `disk` only once its merge is in the session: until
    /// then a save must still see the file as changed, never write over it.
    pending_disk: Option<Arc<String>>,
    /// Where the walk stood in the version last written; moving alone is saved with the next
    /// write, or on quit.
    written_resume: Option<String>,
    quit: Option<Quit>,
}

/// The save on quit, while it runs.
#[derive(Debug, Clone, Default)]
struct Quit {
    /// Writes asked for since quitting.
    rounds: u8,
    /// One of them reached the file.
    wrote: bool,
    /// What merging a version found on disk came to, for the farewell.
    merged: Option<String>,
    /// Set once the workshop may end: `Err` says where the work went when the file could not
    /// take it.
    farewell: Option<Result<(), String>>,
}

/// What `update` should do after a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    Nothing,
    /// Merge this version found on disk into the session.
    Merge {
        base: Box<Session>,
        theirs: Box<Session>,
    },
    /// Save again: a save asked for while the last one ran, or the next round of quitting.
    Save,
    /// The work goes to the recovery copy (the reason).
    Recover(String),
    /// The workshop may end: `farewell` says how.
    Quit,
    /// Quitting would lose the work: neither the file nor a recovery copy could take it (the
    /// reason). Ask where to write it; an unattended end (a signal, a closed terminal) writes
    /// it to the first place that takes it.
    Rescue(String),
}

impl SaveState {
    /// The state of a session just opened: `disk` is the file's text as read (empty for a
    /// file not written yet) and `resume_at` where it says the walk stood.
    pub fn new(disk: Arc<String>, store: Option<RecoveryStore>, resume_at: Option<String>) -> Self {
        SaveState {
            status: SaveStatus::Saved,
            generation: 0,
            saved_generation: 0,
            last_saved_at: None,
            in_flight: false,
            again: false,
            store,
            disk,
            pending_disk: None,
            written_resume: resume_at,
            quit: None,
        }
    }

    pub fn status(&self) -> &SaveStatus {
        &self.status
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn last_saved_at(&self) -> Option<Timestamp> {
        self.last_saved_at
    }

    /// Where recovery copies go, if anywhere.
    pub fn store(&self) -> Option<&RecoveryStore> {
        self.store.as_ref()
    }

    pub fn in_flight(&self) -> bool {
        self.in_flight
    }

    pub fn quitting(&self) -> bool {
        self.quit.is_some()
    }

    /// Whether anything the file lacks is in memory: a change, or only where the walk stands.
    pub fn unsaved(&self, resume_at: &Option<String>) -> bool {
        self.generation != self.saved_generation || *resume_at != self.written_resume
    }

    /// The session changed at `clock`.
    pub fn changed(&mut self, clock: Duration) {
        self.generation += 1;
        if !matches!(self.status, SaveStatus::Dirty(_)) {
            self.status = SaveStatus::Dirty(clock);
        }
    }

    /// The merged version must reach the file even when nothing new is here.
    pub fn must_write(&mut self, clock: Duration) {
        self.status = SaveStatus::Dirty(clock);
    }

    /// Whether autosave is due: a second idle, or three seconds with changes waiting.
    pub fn due(&self, now: Duration, last_change: Duration, idle: Duration, max: Duration) -> bool {
        match self.status {
            SaveStatus::Dirty(since) if self.quit.is_none() => {
                now.saturating_sub(last_change) >= idle || now.saturating_sub(since) >= max
            }
            _ => false,
        }
    }

    /// Starts a save of `session`; `None` while another is with the worker (this one then goes
    /// after its report).
    pub fn start(
        &mut self,
        kind: SaveKind,
        path: &std::path::Path,
        session: &Session,
        catalogue: &Arc<Catalogue>,
        keep_copy: bool,
    ) -> Option<SaveRequest> {
        if matches!(kind, SaveKind::Write) {
            self.status = SaveStatus::Saving;
            if self.in_flight {
                self.again = true;
                return None;
            }
        }
        self.in_flight = true;
        Some(SaveRequest {
            kind,
            path: path.to_path_buf(),
            session: session.clone(),
            generation: self.generation,
            expected: Arc::clone(&self.disk),
            catalogue: Arc::clone(catalogue),
            store: self.store.clone(),
            keep_copy,
        })
    }

    /// Takes in a report; `now` and `clock` date a successful write, `resume_at` is where the
    /// walk stands now.
    pub fn absorb(
        &mut self,
        report: SaveReport,
        now: Timestamp,
        clock: Duration,
        resume_at: &Option<String>,
    ) -> Next {
        self.in_flight = false;
        match report.outcome {
            SaveOutcome::Written { text, resume_at } => {
                self.disk = text;
                self.written_resume = resume_at;
                self.saved_generation = self.saved_generation.max(report.generation);
                self.last_saved_at = Some(now);
                self.status = if self.generation > self.saved_generation {
                    SaveStatus::Dirty(clock)
                } else {
                    SaveStatus::Saved
                };
                if let Some(quit) = &mut self.quit {
                    quit.wrote |= quit.rounds > 0;
                }
            }
            SaveOutcome::Changed { base, theirs, text } => {
                self.pending_disk = Some(text);
                return Next::Merge { base, theirs };
            }
            SaveOutcome::Stranded(message) => {
                self.status = SaveStatus::Failed(message.clone());
                if let Some(quit) = &self.quit
                    && (report.recovery || quit.rounds > 0)
                {
                    return Next::Rescue(message);
                }
            }
            SaveOutcome::Failed(message) => {
                self.status = SaveStatus::Failed(message.clone());
                if let Some(quit) = &mut self.quit
                    && (report.recovery || quit.rounds > 0)
                {
                    quit.farewell = Some(Err(message));
                    return Next::Quit;
                }
            }
        }
        self.after_report(resume_at)
    }

    /// The merge of the version found on disk is in the session (`message` says how it went):
    /// the next save writes over that version.
    pub fn merged(
        &mut self,
        clock: Duration,
        message: Option<String>,
        resume_at: &Option<String>,
    ) -> Next {
        if let Some(text) = self.pending_disk.take() {
            self.disk = text;
        }
        self.must_write(clock);
        if let Some(quit) = &mut self.quit {
            quit.merged = message;
        }
        self.after_report(resume_at)
    }

    /// The version found on disk cannot be merged: it stays the version a save expects to
    /// differ from, so nothing is ever written over it.
    pub fn merge_failed(&mut self) {
        self.pending_disk = None;
    }

    fn after_report(&mut self, resume_at: &Option<String>) -> Next {
        if self.quit.is_some() {
            return self.quit(resume_at);
        }
        if std::mem::take(&mut self.again) {
            return Next::Save;
        }
        Next::Nothing
    }

    /// Starts (or carries on) the save on quit: `Next::Quit` once the workshop may end,
    /// `Next::Save` for a write, `Next::Recover` when the file keeps changing, `Next::Nothing`
    /// while a save with the worker must report first.
    pub fn quit(&mut self, resume_at: &Option<String>) -> Next {
        let unsaved = self.unsaved(resume_at);
        let quit = self.quit.get_or_insert_with(Quit::default);
        if quit.farewell.is_some() {
            return Next::Quit;
        }
        if self.in_flight {
            return Next::Nothing;
        }
        if !unsaved {
            quit.farewell = Some(Ok(()));
            return Next::Quit;
        }
        if quit.rounds >= QUIT_ROUNDS {
            return Next::Recover("the file kept changing on disk while saving".into());
        }
        quit.rounds += 1;
        Next::Save
    }

    /// Quitting is called off: the work exists only here and the user is asked where to put
    /// it; `q` starts over.
    pub fn stay(&mut self) {
        self.quit = None;
    }

    /// The work that nothing else could take was written where `message` says (or, `Err`,
    /// could not be): the workshop may end.
    pub fn rescued(&mut self, message: Result<(), String>) {
        self.quit.get_or_insert_with(Quit::default).farewell = Some(message);
    }

    /// Whether quitting has settled; `Some` once the workshop may end.
    pub fn farewell(&self) -> Option<&Result<(), String>> {
        self.quit.as_ref().and_then(|q| q.farewell.as_ref())
    }

    /// Whether the save on quit wrote the file, and what a merge on the way said.
    pub fn quit_wrote(&self) -> (bool, Option<&str>) {
        match &self.quit {
            Some(q) => (q.wrote, q.merged.as_deref()),
            None => (false, None),
        }
    }
}

/// Writing the work to the first of `paths` that takes it.
#[derive(Debug, Clone, PartialEq)]
pub struct RescueJob {
    pub paths: Vec<PathBuf>,
    pub session: Session,
}

impl RescueJob {
    /// Where the work went, or why no place took it.
    pub fn run(&self) -> Result<PathBuf, String> {
        let mut failures = Vec::new();
        for path in &self.paths {
            match write_rescue(path, &self.session) {
                Ok(()) => return Ok(path.clone()),
                Err(e) => failures.push(e.to_string()),
            }
        }
        Err(failures.join("; "))
    }
}
