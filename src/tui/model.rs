//! The workshop's model: the session and what changing it involves (the catalogue it is read
//! against, undo and redo, the clock, who is making changes, where saving stands, the line the
//! status bar shows). A popup is given this and nothing else of the app: it can read and change
//! the session, never the list, the cursor or the popup stack (it asks for those through its
//! `Outcome`). Nothing here draws or does I/O.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;

use super::action::{Action, Command, Effect};
use super::save::{Next, SaveKind, SaveReport, SaveState, SaveStatus};
use crate::catalogue::Catalogue;
use crate::review::{self, Finding};
use crate::session::{Applicability, Assessment, Edit, Session, Timestamp};

pub struct Model {
    /// Shared with the save thread, which validates a changed file against it, instead of a
    /// copy per save (docs/performance.md).
    pub catalogue: Arc<Catalogue>,
    pub session: Session,
    pub path: PathBuf,
    /// Who is recorded as making changes.
    pub user: String,
    /// Wall time when the app started; with `clock` it gives the time of each change.
    pub started_at: Timestamp,
    pub clock: Duration,
    /// When the session last changed, for autosave.
    pub last_change: Duration,
    pub undo: Vec<Edit>,
    pub redo: Vec<Edit>,
    /// Where saving stands, for autosave, `Ctrl-s` and the save on quit alike.
    pub save: SaveState,
    /// The status bar's line.
    pub message: Option<String>,
    /// Why the session cannot be changed here (another gapwalk holds it, `--read-only`);
    /// `None` when it can.
    pub read_only: Option<String>,
    /// Presenter view: the screen is shared, so what is internal stays hidden and is not
    /// typed into blind. The list turns it on and off; every popup reads it.
    pub presenter: bool,
    /// The stamp and meeting records the session was opened with: once every change of this
    /// workshop is undone they come back too, so a workshop that changed nothing in the end
    /// records no meeting and leaves the file as it was.
    opened_with: (Timestamp, Vec<crate::session::Meeting>),
}

impl Model {
    /// The export the dialog asked for, with a snapshot of the session to run off the
    /// drawing thread.
    pub fn export_job(&self, request: super::export::ExportRequest) -> super::export::ExportJob {
        super::export::ExportJob {
            request,
            session: self.session.clone(),
            catalogue: Arc::clone(&self.catalogue),
            session_path: self.path.clone(),
        }
    }

    /// Moving the recovery copy aside, after the user chose to keep the file.
    pub fn set_aside_recovery(&self) -> super::action::Effect {
        super::action::Effect::SetAsideRecovery(super::action::SetAside {
            store: self.save.store().cloned(),
            path: self.path.clone(),
            now: self.now(),
        })
    }

    pub fn new(
        session: Session,
        catalogue: Catalogue,
        path: PathBuf,
        user: String,
        started_at: Timestamp,
    ) -> Model {
        let save = SaveState::new(Arc::new(String::new()), None, session.resume_at.clone());
        let opened_with = (session.meta.updated, session.meta.meetings.clone());
        Model {
            catalogue: Arc::new(catalogue),
            session,
            path,
            user,
            started_at,
            clock: Duration::ZERO,
            last_change: Duration::ZERO,
            undo: Vec::new(),
            redo: Vec::new(),
            save,
            message: None,
            read_only: None,
            presenter: false,
            opened_with,
        }
    }

    /// Where saving stands.
    pub fn save_status(&self) -> &SaveStatus {
        self.save.status()
    }

    /// How many changes the session has had since it was opened.
    pub fn generation(&self) -> u64 {
        self.save.generation()
    }

    pub fn now(&self) -> Timestamp {
        Timestamp::from_unix(self.started_at.datetime().timestamp() + self.clock.as_secs() as i64)
            .unwrap_or(self.started_at)
    }

    /// The local calendar date of the workshop's clock: what `today` and `+90d` count from.
    pub fn today(&self) -> NaiveDate {
        self.now()
            .datetime()
            .with_timezone(&chrono::Local)
            .date_naive()
    }

    /// The recorded assessment of a control, or a blank one.
    pub fn assessment(&self, index: usize) -> Assessment {
        let id = &self.catalogue.controls[index].id;
        self.session
            .assessment(id, &self.catalogue)
            .cloned()
            .unwrap_or_else(|| Assessment::new(id))
    }

    pub fn findings_for(&self, index: usize) -> Vec<Finding> {
        let control = &self.catalogue.controls[index];
        match self.session.assessment(&control.id, &self.catalogue) {
            Some(a) if a.is_assessed() => {
                let mut out = Vec::new();
                review::findings::control_findings(
                    control,
                    a,
                    &self.session.provider_names(),
                    &self.session.meta.seats().offerings,
                    self.today(),
                    &mut out,
                );
                out
            }
            _ => Vec::new(),
        }
    }

    /// Replaces the assessment of a control as one undoable change.
    pub fn commit(&mut self, mut assessment: Assessment) {
        assessment.tidy();
        let id = assessment.control.clone();
        let current = self.session.assessment(&id, &self.catalogue).cloned();
        // Writing a field settles the merge conflict recorded on it.
        let before = current.clone().unwrap_or_else(|| Assessment::new(&id));
        crate::fields::clear_changed_conflicts(&before, &mut assessment);
        assessment.changed_by = self.user.clone();
        assessment.changed_at = Some(self.now());
        let compare = |a: &Assessment| {
            let mut a = a.clone();
            a.changed_by.clear();
            a.changed_at = None;
            a
        };
        if current.as_ref().map(compare) == Some(compare(&assessment)) {
            return;
        }
        if current.is_none() && assessment.is_blank() {
            return;
        }
        self.apply_edit(Edit::SetAssessment {
            control: id,
            assessment: Some(Box::new(assessment)),
        });
    }

    /// Applies an edit, records its inverse for undo and marks the session unsaved. The app
    /// sees the change by the generation and brings its list up to date. `false` when the
    /// change was refused (read-only; the status bar says why).
    pub fn apply_edit(&mut self, edit: Edit) -> bool {
        if self.refuse_edit() {
            return false;
        }
        let controls = edited_controls(&edit);
        let inverse = self.session.apply(edit, &self.catalogue);
        self.undo.push(inverse);
        self.redo.clear();
        self.touch(&controls);
        true
    }

    /// Marks the session changed: stamps it, schedules the autosave and records the change in
    /// the day's meeting (begun by the first change, continued by later ones; see
    /// `session::Meeting`). Every change of the workshop comes through here, so a workshop
    /// that only looks records no meeting.
    fn touch(&mut self, controls: &[String]) {
        let now = self.now();
        self.session.meta.updated = now;
        let (day, opened) = (self.opened_on(), self.started_at);
        let change = |control| crate::session::Change {
            day,
            opened,
            now,
            control,
        };
        if controls.is_empty() {
            self.session.meta.record_change(change(None));
        }
        for c in controls {
            self.session.meta.record_change(change(Some(c)));
        }
        self.save.changed(self.clock);
        self.last_change = self.clock;
    }

    /// The meeting this workshop recorded (began, or continued from earlier that day) with a
    /// change of its own still standing; `None` when it is read-only or changed nothing in
    /// the end.
    pub fn recorded_meeting(&self) -> Option<&crate::session::Meeting> {
        if self.read_only.is_some() || self.undo.is_empty() {
            return None;
        }
        self.session.meta.meeting_on(self.opened_on())
    }

    /// The local day the workshop was opened on: its meeting's day, past midnight too.
    pub fn opened_on(&self) -> NaiveDate {
        self.started_at
            .datetime()
            .with_timezone(&chrono::Local)
            .date_naive()
    }

    /// The meeting's own clock: since the start of the day's meeting when one is recorded
    /// (so it carries on when the session is closed and reopened the same day), else since
    /// the workshop opened.
    pub fn meeting_clock(&self) -> Duration {
        let since_open = self.clock;
        match self.session.meta.meeting_on(self.opened_on()) {
            Some(m) => (self.now().datetime() - m.start.datetime())
                .to_std()
                .unwrap_or(since_open)
                .max(since_open),
            None => since_open,
        }
    }

    /// Takes back the last change (or redoes the last undone one); the control it concerned,
    /// for the list to show.
    pub fn undo_or_redo(&mut self, undo: bool) -> Option<usize> {
        let (from, name) = if undo {
            (&mut self.undo, "undo")
        } else {
            (&mut self.redo, "redo")
        };
        let Some(edit) = from.pop() else {
            self.message = Some(format!("nothing to {name}"));
            return None;
        };
        let control = match &edit {
            Edit::SetAssessment { control, .. } => Some(control.clone()),
            _ => None,
        };
        let controls = edited_controls(&edit);
        let inverse = self.session.apply(edit, &self.catalogue);
        if undo {
            self.redo.push(inverse);
        } else {
            self.undo.push(inverse);
        }
        self.touch(&controls);
        if self.undo.is_empty() {
            // Back where the workshop began: no change of its own is left to record.
            (self.session.meta.updated, self.session.meta.meetings) = self.opened_with.clone();
        }
        match control.and_then(|c| self.catalogue.position(&c)) {
            Some(i) => {
                self.message = Some(format!("{name}: {}", self.catalogue.controls[i].id));
                Some(i)
            }
            None => {
                self.message = Some(format!("{name} done"));
                None
            }
        }
    }

    /// Whether a change must be refused; says why in the status bar when it must.
    pub fn refuse_edit(&mut self) -> bool {
        let Some(reason) = &self.read_only else {
            return false;
        };
        self.message = Some(format!("read-only: nothing can be changed here ({reason})"));
        true
    }

    /// The next control after `from` (wrapping) that has not been assessed.
    pub fn next_unassessed(&self, from: usize) -> Option<usize> {
        // A walk over the records, not a search per control: in a session assessed to the
        // end, the key would otherwise cost milliseconds at 10,000 controls.
        let open: Vec<bool> = self
            .session
            .by_control(&self.catalogue)
            .map(|(_, a)| !a.is_some_and(|a| a.is_assessed()))
            .collect();
        let n = open.len();
        (1..=n).map(|k| (from + k) % n).find(|&i| open[i])
    }

    /// How many controls are assessed, for the status bar.
    pub fn progress(&self) -> (usize, usize, usize) {
        let assessed = self
            .session
            .assessments
            .iter()
            .filter(|a| a.is_assessed())
            .count();
        let gaps = self
            .session
            .assessments
            .iter()
            .filter(|a| a.is_gap())
            .count();
        (assessed, self.catalogue.controls.len(), gaps)
    }

    /// State glyph of a control: also readable without colour.
    pub fn glyph(&self, index: usize) -> (&'static str, GlyphKind) {
        let id = &self.catalogue.controls[index].id;
        match self.session.assessment(id, &self.catalogue) {
            None => ("·", GlyphKind::Unassessed),
            Some(a) => match a.applicability {
                Applicability::Undecided => ("·", GlyphKind::Unassessed),
                Applicability::NotApplicable => ("–", GlyphKind::NotApplicable),
                Applicability::Applicable if a.is_gap() => ("✗", GlyphKind::Gap),
                Applicability::Applicable => match a.status {
                    crate::session::Status::Implemented => ("✓", GlyphKind::Implemented),
                    _ => ("?", GlyphKind::Unknown),
                },
            },
        }
    }
}

/// The controls an edit changes, for the meeting's record.
fn edited_controls(edit: &Edit) -> Vec<String> {
    match edit {
        Edit::SetAssessment { control, .. } => vec![control.clone()],
        Edit::Batch(edits) => edits.iter().flat_map(edited_controls).collect(),
        _ => Vec::new(),
    }
}

/// What a control's glyph says, for the theme to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlyphKind {
    Unassessed,
    Implemented,
    Gap,
    NotApplicable,
    Unknown,
}

/// Saving and leaving, as far as the model goes: the app adds what only it knows (whether a
/// recovery offer is still open, the rescue question).
impl Model {
    /// A save of this kind for the worker (after the save it is running, if any); nothing in a
    /// read-only workshop. `keep_copy` while a recovery copy still waits for an answer.
    pub fn start_save(&mut self, kind: SaveKind, keep_copy: bool) -> Vec<Effect> {
        if self.read_only.is_some() {
            return Vec::new();
        }
        self.save
            .start(kind, &self.path, &self.session, &self.catalogue, keep_copy)
            .map(|request| Effect::Save(Box::new(request)))
            .into_iter()
            .collect()
    }

    /// Takes in what a save came to (a write, a version found on disk to merge, a failure)
    /// and says what follows.
    pub fn absorb_save(&mut self, report: SaveReport) -> Next {
        let now = self.now();
        self.save
            .absorb(report, now, self.clock, &self.session.resume_at)
    }

    /// Merges the version found on disk (`theirs`, changed from `base`) into the session: the
    /// save then goes on, or, when it cannot be merged, the work goes to a recovery copy.
    pub fn merge_from_disk(&mut self, base: Session, theirs: Session) -> Next {
        match self.absorb_disk_change(base, theirs) {
            Ok(message) => self
                .save
                .merged(self.clock, Some(message), &self.session.resume_at),
            Err(why) => {
                self.save.merge_failed();
                Next::Recover(why)
            }
        }
    }

    /// Whether the workshop is on its way out, saving what the file lacks.
    pub fn quitting(&self) -> bool {
        self.save.quitting()
    }

    /// What to print on the normal terminal once the workshop has ended: `Err` when the work
    /// did not reach the file (and where it went instead).
    pub fn farewell(&self) -> Result<String, String> {
        let path = self.path.display();
        if self.read_only.is_some() {
            return Ok(format!("closed {path} (read-only: nothing was written)"));
        }
        let (assessed, total, _) = self.progress();
        let reopen =
            format!("({assessed} of {total} controls assessed); reopen with: gapwalk open {path}");
        match self.save.farewell() {
            Some(Err(message)) => Err(format!("could not save {path}: {message}")),
            _ => match self.save.quit_wrote() {
                (true, merged) => {
                    let merged = merged.map(|m| format!("; {m}")).unwrap_or_default();
                    Ok(format!("saved {path} {reopen}{merged}"))
                }
                (false, _) => Ok(format!("closed {path} {reopen}")),
            },
        }
    }

    /// Read-only mode (another gapwalk holds the session, or `--read-only`): answers an
    /// action that would change the session or write the file with a message, while moving,
    /// searching, filtering, the dashboard and exports still work. `on_list` when no popup is
    /// open; `None` lets the action through.
    pub fn refuse_when_read_only(&mut self, action: &Action, on_list: bool) -> Option<Vec<Effect>> {
        self.read_only.as_ref()?;
        let Action::Command(command) = action else {
            return None;
        };
        match command {
            // Leaving writes nothing: the file belongs to whoever holds it.
            Command::Quit if on_list => return Some(vec![Effect::Quit]),
            Command::Save | Command::Undo | Command::Redo => {}
            Command::Walk
            | Command::Edit
            | Command::ToggleFlag
            | Command::LogDecision
            | Command::EditMetadata
                if on_list => {}
            _ => return None,
        }
        self.refuse_edit();
        Some(Vec::new())
    }
}
