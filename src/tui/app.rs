//! The workshop's state and `update`, the only code that changes it. `update` does no I/O: it
//! returns effects (save, quit) for the runner to perform and takes their results back as actions.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;

use super::action::{Action, Command, Effect, SetAside};
use super::export::{ExportJob, ExportRequest};
use super::keymap::Keymap;
use super::popup::Popup;
use super::save::{Next, SaveKind, SaveReport};
use crate::catalogue::Catalogue;
use crate::recovery::RecoveryStore;
use crate::review::{self, Finding};
use crate::session::{Applicability, Assessment, Edit, Session, Timestamp};

pub use super::rows::{Filter, Row};
pub use super::save::{SaveState, SaveStatus};

pub struct App {
    /// Shared with the save thread, which validates a changed file against it: a copy would
    /// cost 4 MB at 10,000 controls.
    pub catalogue: Arc<Catalogue>,
    pub session: Session,
    pub path: PathBuf,
    pub keymap: Keymap,
    /// Who is recorded as making changes.
    pub user: String,
    /// Wall time when the app started; with `clock` it gives the time of each change.
    pub started_at: Timestamp,
    pub clock: Duration,
    pub control_since: Duration,
    /// When the session last changed, for autosave.
    pub last_change: Duration,
    pub rows: Vec<Row>,
    /// Index into `rows` of the selected control.
    pub cursor: usize,
    /// Lines the detail pane is scrolled down; back to the top when the selection changes.
    pub detail_scroll: u16,
    pub filter: Filter,
    pub popups: Vec<Popup>,
    pub dashboard: bool,
    pub presenter: bool,
    pub undo: Vec<Edit>,
    pub redo: Vec<Edit>,
    /// Where saving stands, for autosave, `Ctrl-s` and the save on quit alike.
    pub save: SaveState,
    pub message: Option<String>,
    pub size: (u16, u16),
    /// Why the session cannot be changed here (another gapwalk holds it, `--read-only`);
    /// `None` when it can.
    pub read_only: Option<String>,
}

/// Autosave waits this long after the last change, so typing bursts become one write…
pub const AUTOSAVE_IDLE: Duration = Duration::from_secs(1);
/// …but never lets a change sit unsaved longer than this.
pub const AUTOSAVE_MAX: Duration = Duration::from_secs(3);

impl App {
    pub fn new(
        session: Session,
        catalogue: Catalogue,
        path: PathBuf,
        keymap: Keymap,
        user: String,
        started_at: Timestamp,
    ) -> App {
        let mut app = App {
            catalogue: Arc::new(catalogue),
            session,
            path,
            keymap,
            user,
            started_at,
            clock: Duration::ZERO,
            control_since: Duration::ZERO,
            last_change: Duration::ZERO,
            rows: Vec::new(),
            cursor: 0,
            detail_scroll: 0,
            filter: Filter::All,
            popups: Vec::new(),
            dashboard: false,
            presenter: false,
            undo: Vec::new(),
            redo: Vec::new(),
            save: SaveState::new(Arc::new(String::new()), None, None),
            message: None,
            size: (80, 24),
            read_only: None,
        };
        app.save = SaveState::new(Arc::new(String::new()), None, app.session.resume_at.clone());
        app.rebuild_rows();
        let resume = app
            .session
            .resume_at
            .as_deref()
            .and_then(|id| app.catalogue.position(id))
            .unwrap_or(0);
        app.select_control(resume);
        app
    }

    /// Says what the file held when it was read (`text`) and where a recovery copy goes: a
    /// save then writes over exactly that version, or merges first.
    pub fn attach_file(&mut self, text: String, store: Option<RecoveryStore>) {
        self.save = SaveState::new(Arc::new(text), store, self.session.resume_at.clone());
    }

    /// Where saving stands.
    pub fn save_status(&self) -> &SaveStatus {
        self.save.status()
    }

    /// How many changes the session has had since it was opened.
    pub fn generation(&self) -> u64 {
        self.save.generation()
    }

    /// The catalogue index of the selected control.
    pub fn selected(&self) -> Option<usize> {
        match self.rows.get(self.cursor) {
            Some(Row::Control(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn now(&self) -> Timestamp {
        Timestamp::from_unix(self.started_at.datetime().timestamp() + self.clock.as_secs() as i64)
            .unwrap_or(self.started_at)
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
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

    /// Applies an edit, records its inverse for undo and marks the session unsaved.
    pub fn apply_edit(&mut self, edit: Edit) {
        if self.refuse_edit() {
            return;
        }
        let inverse = self.session.apply(edit, &self.catalogue);
        self.undo.push(inverse);
        self.redo.clear();
        self.touch();
    }

    fn touch(&mut self) {
        let mut meta = self.session.meta.clone();
        meta.updated = self.now();
        self.session.meta = meta;
        self.save.changed(self.clock);
        self.last_change = self.clock;
        self.rebuild_rows();
    }

    pub(super) fn undo_or_redo(&mut self, undo: bool) {
        let (from, name) = if undo {
            (&mut self.undo, "undo")
        } else {
            (&mut self.redo, "redo")
        };
        let Some(edit) = from.pop() else {
            self.message = Some(format!("nothing to {name}"));
            return;
        };
        let control = match &edit {
            Edit::SetAssessment { control, .. } => Some(control.clone()),
            _ => None,
        };
        let inverse = self.session.apply(edit, &self.catalogue);
        if undo {
            self.redo.push(inverse);
        } else {
            self.undo.push(inverse);
        }
        self.touch();
        if let Some(i) = control.and_then(|c| self.catalogue.position(&c)) {
            self.select_control(i);
            self.message = Some(format!("{name}: {}", self.catalogue.controls[i].id));
        } else {
            self.message = Some(format!("{name} done"));
        }
    }

    pub fn toggle_flag(&mut self) {
        if let Some(i) = self.selected() {
            let mut a = self.assessment(i);
            a.flagged = !a.flagged;
            self.message = Some(if a.flagged {
                format!("{} parked for follow-up", a.control)
            } else {
                format!("{} no longer flagged", a.control)
            });
            self.commit(a);
        }
    }

    /// The single entry point for change.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Tick(now) => return self.tick(now),
            Action::Resize(w, h) => {
                self.size = (w, h);
                return Vec::new();
            }
            Action::Saved(report) => return self.saved(report),
            Action::Click(column, row) => {
                if self.popups.is_empty() {
                    self.click(column, row);
                }
                return Vec::new();
            }
            Action::Wheel(column, row, delta) => {
                if self.popups.is_empty() {
                    self.wheel(column, row, delta);
                }
                return Vec::new();
            }
            Action::Exported(result) => {
                self.message = Some(match result {
                    Ok(path) => format!("exported to {}", path.display()),
                    Err(e) => format!("export failed: {e}"),
                });
                return Vec::new();
            }
            Action::Notice(message) => {
                self.message = Some(message);
                return Vec::new();
            }
            _ => {}
        }
        if let Some(effects) = self.refuse_when_read_only(&action) {
            return effects;
        }
        if !self.popups.is_empty() {
            return self.update_popup(action);
        }
        self.message = None;
        let Action::Command(command) = action else {
            return Vec::new();
        };
        match command {
            Command::Quit => return self.quit(),
            Command::Save => return self.request_save(),
            Command::Undo => self.undo_or_redo(true),
            Command::Redo => self.undo_or_redo(false),
            Command::SelectNext => self.move_cursor(1),
            Command::SelectPrevious => self.move_cursor(-1),
            Command::PageDown => self.move_cursor(self.page()),
            Command::PageUp => self.move_cursor(-self.page()),
            Command::SelectFirst => self.move_cursor(-(self.rows.len() as isize)),
            Command::SelectLast => self.move_cursor(self.rows.len() as isize),
            Command::NextUnassessed => {
                let from = self.selected().unwrap_or(0);
                match self.next_unassessed(from) {
                    Some(i) => {
                        if self.filter != Filter::All && !self.matches_filter(i) {
                            self.filter = Filter::All;
                            self.rebuild_rows();
                        }
                        self.select_control(i);
                    }
                    None => self.message = Some("every control is assessed".into()),
                }
            }
            Command::ScrollDetailDown => {
                let max = super::view::detail_max_scroll(self);
                self.detail_scroll = self.detail_scroll.saturating_add(1).min(max);
            }
            Command::ScrollDetailUp => self.detail_scroll = self.detail_scroll.saturating_sub(1),
            Command::ToggleFlag => self.toggle_flag(),
            Command::ToggleDashboard => self.dashboard = !self.dashboard,
            Command::TogglePresenter => {
                self.presenter = !self.presenter;
                self.message = Some(if self.presenter {
                    "presenter view: internal notes, gap details and risk acceptances hidden".into()
                } else {
                    "presenter view off".into()
                });
            }
            Command::Help => self.popups.push(Popup::help()),
            Command::OpenJump => self.popups.push(Popup::jump(self)),
            Command::OpenFilter => self.popups.push(Popup::filter(self)),
            Command::LogDecision => self.popups.push(Popup::decision()),
            Command::EditMetadata => self.popups.push(Popup::metadata(self)),
            Command::Walk => {
                if let Some(i) = self.selected() {
                    self.dashboard = false;
                    self.popups.push(Popup::walk(i, &self.assessment(i)));
                }
            }
            Command::Edit => {
                if let Some(i) = self.selected() {
                    self.popups.push(Popup::form(self, i));
                }
            }
            Command::Export => {
                self.popups.push(Popup::export(self));
            }
            Command::ResolveConflict => {
                if let Some(i) = self.selected() {
                    self.open_resolve(super::conflict::ConflictTarget::Control(i), 0);
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn tick(&mut self, now: Duration) -> Vec<Effect> {
        self.clock = now;
        if self
            .save
            .due(now, self.last_change, AUTOSAVE_IDLE, AUTOSAVE_MAX)
        {
            return self.request_save();
        }
        Vec::new()
    }

    /// Asks the worker to save now (after the save it is running, if any). A read-only
    /// workshop never writes.
    pub(super) fn request_save(&mut self) -> Vec<Effect> {
        self.start_save(SaveKind::Write)
    }

    fn start_save(&mut self, kind: SaveKind) -> Vec<Effect> {
        if self.read_only.is_some() {
            return Vec::new();
        }
        let keep_copy = self.recovery_pending();
        self.save
            .start(kind, &self.path, &self.session, &self.catalogue, keep_copy)
            .map(|request| Effect::Save(Box::new(request)))
            .into_iter()
            .collect()
    }

    /// Takes in what a save came to: a write, a version found on disk to merge, a failure.
    fn saved(&mut self, report: SaveReport) -> Vec<Effect> {
        let next = self
            .save
            .absorb(report, self.now(), self.clock, &self.session.resume_at);
        self.follow(next)
    }

    fn follow(&mut self, next: Next) -> Vec<Effect> {
        match next {
            Next::Nothing => Vec::new(),
            Next::Save => self.request_save(),
            Next::Recover(why) => self.start_save(SaveKind::Recover(why)),
            Next::Quit => vec![Effect::Quit],
            Next::Merge { base, theirs } => match self.absorb_disk_change(*base, *theirs) {
                Ok(message) => {
                    let next = self
                        .save
                        .merged(self.clock, Some(message), &self.session.resume_at);
                    self.follow(next)
                }
                Err(why) => {
                    self.save.merge_failed();
                    self.start_save(SaveKind::Recover(why))
                }
            },
        }
    }

    /// Leaving: a read-only workshop goes at once; otherwise whatever the file lacks is saved
    /// first (after a save already running reports), and `Effect::Quit` follows once it is in.
    fn quit(&mut self) -> Vec<Effect> {
        if self.read_only.is_some() {
            return vec![Effect::Quit];
        }
        let next = self.save.quit(&self.session.resume_at);
        self.follow(next)
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

    /// The export the dialog asked for, with a snapshot of the session to run off the
    /// drawing thread.
    pub(super) fn export_job(&self, request: ExportRequest) -> ExportJob {
        ExportJob {
            request,
            session: self.session.clone(),
            catalogue: Arc::clone(&self.catalogue),
            session_path: self.path.clone(),
        }
    }

    /// Moving the recovery copy aside after the user chose to keep the file.
    pub(super) fn set_aside_recovery(&self) -> Effect {
        Effect::SetAsideRecovery(SetAside {
            store: self.save.store().cloned(),
            path: self.path.clone(),
            now: self.now(),
        })
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlyphKind {
    Unassessed,
    Implemented,
    Gap,
    NotApplicable,
    Unknown,
}
