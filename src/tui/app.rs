//! The workshop's state and `update`, the only code that changes it. `update` does no I/O: it
//! returns effects (save, quit) for the runner to perform and takes their results back as actions.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::action::{Action, Command, Effect};
use super::keymap::Keymap;
use super::layout::{self};
use super::model::Model;
use super::popup::Popup;
use super::walk::WalkPopup;
use crate::catalogue::Catalogue;
use crate::recovery::RecoveryStore;
use crate::session::{Assessment, Edit, Session, Timestamp};

mod ending;
mod shell;
mod stack;

pub use super::model::GlyphKind;
pub use super::rows::{Filter, List, Row};
pub use super::save::{SaveState, SaveStatus};

/// The workshop: its model (what popups see and change) and the shell around it (the control
/// list, the popup stack, what is shown). Every `impl App` is in its own module: the update
/// here, the stack's dispatch and what the popups ask of it in `app/stack.rs`, saving,
/// quitting and the rescue on the way out in `app/ending.rs`, the mouse over the list and the
/// read-only views in `app/shell.rs`; the list (`rows::List`), the popups (`popup::Room`) and the
/// model keep their own logic. Its fields are the screen's own: outside `src/tui` they are
/// read through the methods below and changed only through `update`. `App` derefs to its
/// `Model`, so `app.session` reads as before; code in this folder names `app.model` where it
/// changes the model.
pub struct App {
    pub(super) model: Model,
    pub(super) keymap: Keymap,
    /// The control list: its rows under the filter and the selected one.
    pub(super) list: List,
    pub(super) popups: Vec<Popup>,
    pub(super) dashboard: bool,
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
            list: List::default(),
            popups: Vec::new(),
            dashboard: false,
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
        self.list.selected()
    }

    /// Whether the list's filter shows control `index`.
    pub fn matches_filter(&self, index: usize) -> bool {
        self.list.matches_filter(&self.model, index)
    }

    /// Recomputes the list's rows after a change of filter or data, keeping the selection.
    pub fn rebuild_rows(&mut self) {
        self.list.rebuild(&mut self.model);
    }

    /// Selects a control in the list; when the filter hides it, the nearest visible one after.
    pub fn select_control(&mut self, index: usize) {
        self.list.select(&mut self.model, index);
    }

    fn move_cursor(&mut self, delta: isize) {
        self.list.move_cursor(&mut self.model, delta);
    }

    /// The page size for PgUp/PgDn: the list's height at the current size.
    pub fn page(&self) -> isize {
        (self.size.1 as isize - 4).max(1)
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
        if let Some(effects) = self
            .model
            .refuse_when_read_only(&action, self.popups.is_empty())
        {
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
            Command::SelectFirst => self.move_cursor(-(self.list.rows().len() as isize)),
            Command::SelectLast => self.move_cursor(self.list.rows().len() as isize),
            Command::NextUnassessed => {
                let from = self.selected().unwrap_or(0);
                match self.model.next_unassessed(from) {
                    Some(i) => self.list.reveal(&mut self.model, i),
                    None => self.model.message = Some("every control is assessed".into()),
                }
            }
            Command::ScrollDetailDown => {
                let max = layout::detail_max_scroll(&self.screen());
                self.list.scroll_detail_down(1, max);
            }
            Command::ScrollDetailUp => self.list.scroll_detail_up(1),
            Command::ToggleFlag => self.toggle_flag(),
            Command::ToggleDashboard => self.dashboard = !self.dashboard,
            Command::TogglePresenter => {
                self.model.presenter = !self.model.presenter;
                self.model.message = Some(if self.model.presenter {
                    "presenter view: internal notes, gap details and risk acceptances hidden".into()
                } else {
                    "presenter view off".into()
                });
            }
            Command::Help => self.popups.push(Popup::help()),
            Command::OpenJump => self.popups.push(Popup::jump(&self.model)),
            Command::OpenFilter => self
                .popups
                .push(Popup::filter(&self.model, self.list.filter())),
            // Writing an entry shows it on the shared screen as much as reading the log does.
            Command::LogDecision | Command::ReadDecisions
                if self.model.presenter
                    && crate::fields::SessionRecord::DecisionLog.is_internal() =>
            {
                self.model.message =
                    Some("presenter view: the decision log is internal and stays hidden".into());
            }
            Command::LogDecision => self
                .popups
                .push(Popup::decision(&self.model, self.selected())),
            Command::ReadDecisions => self.popups.push(Popup::DecisionLog(Box::new(
                super::popup::DecisionLogPopup::new(&self.model),
            ))),
            Command::EditMetadata => self.popups.push(Popup::metadata(&self.keymap)),
            Command::Walk => {
                if let Some(i) = self.selected() {
                    let filter = self.list.filter();
                    let filtered = (*filter != Filter::All).then(|| (filter, self.list.controls()));
                    let walk = WalkPopup::start(&mut self.model, i, filtered, &self.keymap);
                    self.select_control(walk.control);
                    self.dashboard = false;
                    self.popups.push(Popup::Walk(Box::new(walk)));
                }
            }
            Command::Edit => {
                if let Some(i) = self.selected() {
                    self.popups.push(Popup::form(&self.model, i, &self.keymap));
                }
            }
            Command::Export => {
                self.popups.push(Popup::export(&self.model));
            }
            Command::ResolveConflict => {
                if let Some(i) = self.selected() {
                    let target = super::conflict::ConflictTarget::Control(i);
                    if let Some(picker) =
                        super::popup::ResolvePopup::open(&mut self.model, target, 0)
                    {
                        self.popups.push(Popup::Resolve(picker));
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }
}
