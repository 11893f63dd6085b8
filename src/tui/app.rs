//! The workshop's state and `update`, the only code that changes it. `update` does no I/O: it
//! returns effects (save, quit) for the runner to perform and takes their results back as actions.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::action::{Action, Command, Effect};
use super::keymap::Keymap;
use super::model::Model;
use super::popup::Popup;
use super::save::{Next, SaveKind, SaveReport};
use crate::catalogue::Catalogue;
use crate::recovery::RecoveryStore;
use crate::session::{Assessment, Edit, Session, Timestamp};

pub use super::model::GlyphKind;
pub use super::rows::{Filter, Row};
pub use super::save::{SaveState, SaveStatus};

/// The workshop: its model (what popups see and change) and the shell around it (the list,
/// the cursor, the popup stack, what is shown). Its fields are the screen's own: outside
/// `src/tui` they are read through the methods below and changed only through `update`. `App` derefs to its `Model`, so `app.model.session`
/// reads as before; code in this folder names `app.model` where it changes the model.
pub struct App {
    pub(super) model: Model,
    pub(super) keymap: Keymap,
    pub(super) control_since: Duration,
    pub(super) rows: Vec<Row>,
    /// Index into `rows` of the selected control.
    pub(super) cursor: usize,
    /// Lines the detail pane is scrolled down; back to the top when the selection changes.
    pub(super) detail_scroll: u16,
    pub(super) filter: Filter,
    pub(super) popups: Vec<Popup>,
    pub(super) dashboard: bool,
    pub(super) presenter: bool,
    pub(super) size: (u16, u16),
    /// The workshop is ending with nobody to answer (a signal, a closed terminal).
    pub(super) unattended: bool,
    /// The end of the meeting has offered the parking-lot review once; the next `q` leaves.
    pub(super) parking_offered: bool,
    /// The end of the meeting has asked who attended once.
    pub(super) attendance_offered: bool,
}

impl std::ops::Deref for App {
    type Target = Model;
    fn deref(&self) -> &Model {
        &self.model
    }
}

impl std::ops::DerefMut for App {
    fn deref_mut(&mut self) -> &mut Model {
        &mut self.model
    }
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
            model: Model::new(session, catalogue, path, user, started_at),
            keymap,
            control_since: Duration::ZERO,
            rows: Vec::new(),
            cursor: 0,
            detail_scroll: 0,
            filter: Filter::All,
            popups: Vec::new(),
            dashboard: false,
            presenter: false,
            size: (80, 24),
            unattended: false,
            parking_offered: false,
            attendance_offered: false,
        };
        app.rebuild_rows();
        let resume = app
            .model
            .session
            .resume_at
            .as_deref()
            .and_then(|id| app.model.catalogue.position(id))
            .unwrap_or(0);
        app.select_control(resume);
        app
    }

    /// Says what the file held when it was read (`text`) and where a recovery copy goes: a
    /// save then writes over exactly that version, or merges first.
    pub fn attach_file(&mut self, text: String, store: Option<RecoveryStore>) {
        self.model.save =
            SaveState::new(Arc::new(text), store, self.model.session.resume_at.clone());
    }

    /// The catalogue index of the selected control.
    pub fn selected(&self) -> Option<usize> {
        match self.rows.get(self.cursor) {
            Some(Row::Control(i)) => Some(*i),
            _ => None,
        }
    }

    /// Replaces the assessment of a control as one undoable change, and brings the list up
    /// to date.
    pub fn commit(&mut self, assessment: Assessment) {
        self.model.commit(assessment);
        self.rebuild_rows();
    }

    /// Applies an edit (see `Model::apply_edit`) and brings the list up to date.
    pub fn apply_edit(&mut self, edit: Edit) {
        self.model.apply_edit(edit);
        self.rebuild_rows();
    }

    pub(super) fn undo_or_redo(&mut self, undo: bool) {
        let control = self.model.undo_or_redo(undo);
        self.rebuild_rows();
        if let Some(i) = control {
            self.select_control(i);
        }
    }

    /// `p` on the list: parking asks why (the park room keeps the answer as the follow-up
    /// note); un-parking a parked control asks nothing.
    pub fn toggle_flag(&mut self) {
        let Some(i) = self.selected() else { return };
        let mut a = self.model.assessment(i);
        if !a.flagged {
            let park = super::popup::ParkPopup::new(i, &self.model);
            self.popups.push(Popup::Park(Box::new(park)));
            return;
        }
        a.flagged = false;
        self.model.message = Some(format!("{} no longer parked", a.control));
        self.commit(a);
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
                self.model.message = Some(match result {
                    Ok(path) => format!("exported to {}", path.display()),
                    Err(e) => format!("export failed: {e}"),
                });
                return Vec::new();
            }
            Action::Notice(message) => {
                self.model.message = Some(message);
                return Vec::new();
            }
            Action::Rescued(result) => return self.rescued(result),
            Action::Terminate => {
                self.unattended = true;
                return self.quit();
            }
            _ => {}
        }
        if let Some(effects) = self.refuse_when_read_only(&action) {
            return effects;
        }
        if !self.popups.is_empty() {
            return self.update_popup(action);
        }
        self.model.message = None;
        let Action::Command(command) = action else {
            return Vec::new();
        };
        match command {
            Command::Quit => return self.end_meeting(),
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
                    None => self.model.message = Some("every control is assessed".into()),
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
                self.model.message = Some(if self.presenter {
                    "presenter view: internal notes, gap details and risk acceptances hidden".into()
                } else {
                    "presenter view off".into()
                });
            }
            Command::Help => self.popups.push(Popup::help()),
            Command::OpenJump => self.popups.push(Popup::jump(self)),
            Command::OpenFilter => self.popups.push(Popup::filter(self)),
            Command::LogDecision => self.popups.push(Popup::decision(self)),
            Command::ReadDecisions if self.presenter => {
                self.model.message =
                    Some("presenter view: the decision log is internal and stays hidden".into());
            }
            Command::ReadDecisions => self.popups.push(Popup::DecisionLog(Box::new(
                super::popup::DecisionLogPopup::new(&self.model),
            ))),
            Command::EditMetadata => self.popups.push(Popup::metadata(self)),
            Command::Walk => {
                if let Some(i) = self.selected() {
                    self.start_walk(i);
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
                    let target = super::conflict::ConflictTarget::Control(i);
                    if let Some(popup) = super::conflict::resolve_popup(&mut self.model, target, 0)
                    {
                        self.popups.push(popup);
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn tick(&mut self, now: Duration) -> Vec<Effect> {
        self.model.clock = now;
        if self
            .model
            .save
            .due(now, self.model.last_change, AUTOSAVE_IDLE, AUTOSAVE_MAX)
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
        if self.model.read_only.is_some() {
            return Vec::new();
        }
        let keep_copy = self.recovery_pending();
        self.model
            .save
            .start(
                kind,
                &self.model.path,
                &self.model.session,
                &self.model.catalogue,
                keep_copy,
            )
            .map(|request| Effect::Save(Box::new(request)))
            .into_iter()
            .collect()
    }

    /// Takes in what a save came to: a write, a version found on disk to merge, a failure.
    fn saved(&mut self, report: SaveReport) -> Vec<Effect> {
        let next = self.model.save.absorb(
            report,
            self.model.now(),
            self.model.clock,
            &self.model.session.resume_at,
        );
        self.follow(next)
    }

    fn follow(&mut self, next: Next) -> Vec<Effect> {
        match next {
            Next::Nothing => Vec::new(),
            Next::Save => self.request_save(),
            Next::Recover(why) => self.start_save(SaveKind::Recover(why)),
            Next::Quit => vec![Effect::Quit],
            Next::Rescue(why) => self.rescue(why),
            Next::Merge { base, theirs } => match self.model.absorb_disk_change(*base, *theirs) {
                Ok(message) => {
                    let next = self.model.save.merged(
                        self.model.clock,
                        Some(message),
                        &self.model.session.resume_at,
                    );
                    self.follow(next)
                }
                Err(why) => {
                    self.model.save.merge_failed();
                    self.start_save(SaveKind::Recover(why))
                }
            },
        }
    }

    /// `q` on the list: a workshop that changed the session while a control is parked with a
    /// reason offers the parking-lot review first (once); one that recorded a meeting then asks
    /// who attended (once); then it leaves.
    pub(super) fn end_meeting(&mut self) -> Vec<Effect> {
        let changed = self.model.read_only.is_none() && self.model.generation() > 0;
        if changed
            && !self.parking_offered
            && let Some(review) = super::popup::ParkingLotPopup::new(&self.model)
        {
            self.parking_offered = true;
            self.popups.push(Popup::ParkingLot(Box::new(review)));
            return Vec::new();
        }
        if !self.attendance_offered
            && let Some(ask) = super::popup::AttendancePopup::new(&self.model)
        {
            self.attendance_offered = true;
            self.popups.push(Popup::Attendance(Box::new(ask)));
            return Vec::new();
        }
        self.quit()
    }

    /// Leaving: a read-only workshop goes at once; otherwise whatever the file lacks is saved
    /// first (after a save already running reports), and `Effect::Quit` follows once it is in.
    pub(super) fn quit(&mut self) -> Vec<Effect> {
        if self.model.read_only.is_some() {
            return vec![Effect::Quit];
        }
        let next = self.model.save.quit(&self.model.session.resume_at);
        self.follow(next)
    }

    /// Whether the workshop is on its way out, saving what the file lacks.
    pub fn quitting(&self) -> bool {
        self.model.save.quitting()
    }

    /// What to print on the normal terminal once the workshop has ended: `Err` when the work
    /// did not reach the file (and where it went instead).
    pub fn farewell(&self) -> Result<String, String> {
        let path = self.model.path.display();
        if self.model.read_only.is_some() {
            return Ok(format!("closed {path} (read-only: nothing was written)"));
        }
        let (assessed, total, _) = self.model.progress();
        let reopen =
            format!("({assessed} of {total} controls assessed); reopen with: gapwalk open {path}");
        match self.model.save.farewell() {
            Some(Err(message)) => Err(format!("could not save {path}: {message}")),
            _ => match self.model.save.quit_wrote() {
                (true, merged) => {
                    let merged = merged.map(|m| format!("; {m}")).unwrap_or_default();
                    Ok(format!("saved {path} {reopen}{merged}"))
                }
                (false, _) => Ok(format!("closed {path} {reopen}")),
            },
        }
    }

    /// Whether a recovery copy is still waiting for an answer (the runner keeps it until then).
    pub fn recovery_pending(&self) -> bool {
        self.popups.iter().any(|p| matches!(p, Popup::Recovery(_)))
    }
}

/// Read-only mode: when another gapwalk holds the session, or it was opened with
/// `--read-only`, everything that would change the session or write its file is refused with a
/// message, while moving, searching, filtering, the dashboard and exports still work.
impl App {
    /// Answers, in read-only mode, an action that would change the session or write the file;
    /// `None` lets the action through.
    pub(super) fn refuse_when_read_only(&mut self, action: &Action) -> Option<Vec<Effect>> {
        self.model.read_only.as_ref()?;
        let Action::Command(command) = action else {
            return None;
        };
        let on_list = self.popups.is_empty();
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
        self.model.refuse_edit();
        Some(Vec::new())
    }
}

/// What the shell shows, for tests, benchmarks and the runner's callers: read-only views of
/// the fields `update` keeps.
impl App {
    /// The popup stack, bottom first; the last one has the keyboard.
    pub fn popups(&self) -> &[Popup] {
        &self.popups
    }

    /// Opens a popup on top of the stack, as a key that opens it would.
    pub fn open_popup(&mut self, popup: Popup) {
        self.popups.push(popup);
    }

    /// The popup with the keyboard, to set up a state a test needs.
    pub fn top_popup_mut(&mut self) -> Option<&mut Popup> {
        self.popups.last_mut()
    }

    /// Takes the popup with the keyboard off the stack (a test puts it back with `open_popup`).
    pub fn take_top_popup(&mut self) -> Option<Popup> {
        self.popups.pop()
    }

    /// What the control list keeps.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Shows what a filter keeps, as the filter popup does (without its message).
    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
        self.rebuild_rows();
    }

    /// The control list's rows and the selected one.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The terminal's size, columns then lines.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn dashboard(&self) -> bool {
        self.dashboard
    }

    pub fn presenter(&self) -> bool {
        self.presenter
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Takes the keys a user's keymap file gives.
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
    }

    /// Lines the detail pane is scrolled down.
    pub fn detail_scroll(&self) -> u16 {
        self.detail_scroll
    }
}
