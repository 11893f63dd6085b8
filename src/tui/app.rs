//! The workshop's state and `update`, the only code that changes it. `update` does no I/O: it
//! returns effects (save, quit) for the runner to perform and takes their results back as actions.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::action::{Action, Command, Effect};
use super::keymap::Keymap;
use super::layout::{self, Hit, Screen};
use super::model::Model;
use super::popup::{InputMode, Popup, Request, Step};
use super::rescue::{RescueJob, RescuePopup, Rescued};
use super::save::{Next, SaveKind, SaveReport};
use super::walk::WalkPopup;
use crate::catalogue::Catalogue;
use crate::recovery::{RecoveryStore, rescue_paths};
use crate::session::{Assessment, Edit, Session, Timestamp};

pub use super::model::GlyphKind;
pub use super::rows::{Filter, List, Row};
pub use super::save::{SaveState, SaveStatus};

/// The workshop: its model (what popups see and change) and the shell around it (the control
/// list, the popup stack, what is shown). Every `impl App` is in this file: the update, the
/// stack's dispatch and what the popups ask of it, saving and quitting, the rescue on the way
/// out, the mouse over the list; the list (`rows::List`), the popups (`popup::Room`) and the
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

    /// A save of this kind (a recovery copy is kept while the offer of one waits).
    fn start_save(&mut self, kind: SaveKind) -> Vec<Effect> {
        let keep_copy = self.recovery_pending();
        self.model.start_save(kind, keep_copy)
    }

    /// Takes in what a save came to: a write, a version found on disk to merge, a failure.
    fn saved(&mut self, report: SaveReport) -> Vec<Effect> {
        let next = self.model.absorb_save(report);
        self.follow(next)
    }

    fn follow(&mut self, next: Next) -> Vec<Effect> {
        match next {
            Next::Nothing => Vec::new(),
            Next::Save => self.request_save(),
            Next::Recover(why) => self.start_save(SaveKind::Recover(why)),
            Next::Quit => vec![Effect::Quit],
            Next::Rescue(why) => self.rescue(why),
            Next::Merge { base, theirs } => {
                let next = self.model.merge_from_disk(*base, *theirs);
                self.follow(next)
            }
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
            && let Some(ask) = super::popup::AttendancePopup::new(&self.model, &self.keymap)
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

    /// Whether a recovery copy is still waiting for an answer (the runner keeps it until then).
    pub fn recovery_pending(&self) -> bool {
        self.popups.iter().any(|p| matches!(p, Popup::Recovery(_)))
    }
}

/// The popup stack's dispatch: the top popup takes the action as a room, and the app carries
/// out what it asks of the list and the workshop.
impl App {
    /// What keys mean right now; the input layer asks before translating a key.
    pub fn input_mode(&self) -> InputMode {
        super::popup::input_mode(&self.popups)
    }

    pub(super) fn update_popup(&mut self, action: Action) -> Vec<Effect> {
        // Saving and undo work from anywhere.
        match action {
            Action::Command(Command::Save) => return self.request_save(),
            Action::Command(Command::Help)
                if !matches!(self.popups.last(), Some(Popup::Help(_))) =>
            {
                self.popups.push(Popup::help());
                return Vec::new();
            }
            // Outside a text box, undo and redo take back session changes, as on the list; in
            // a text box they belong to the box. Who attended is asked of a meeting as it ends:
            // that question says why it takes back nothing.
            Action::Command(c @ (Command::Undo | Command::Redo))
                if self.input_mode() != InputMode::Text
                    && !matches!(self.popups.last(), Some(Popup::Attendance(_))) =>
            {
                self.undo_or_redo(c == Command::Undo);
                super::popup::refresh_forms(&mut self.popups, &self.model);
                return Vec::new();
            }
            _ => {}
        }
        let Some(mut popup) = self.popups.pop() else {
            return Vec::new();
        };
        // The list follows the popup: the walk's control stays selected while it asks.
        if let Some(i) = popup.room().selection()
            && self.selected() != Some(i)
        {
            self.select_control(i);
        }
        let generation = self.model.generation();
        let outcome = popup.room_mut().update(&mut self.model, action);
        if self.model.generation() != generation {
            self.rebuild_rows();
        }
        let mut effects = outcome.effects;
        let mut opened = Vec::new();
        for request in outcome.requests {
            match request {
                // Quitting may open a popup (where to write the work): it goes on top.
                Request::Quit => {
                    let before = self.popups.len();
                    effects.extend(self.end_meeting());
                    opened.extend(self.popups.split_off(before));
                }
                request => self.grant(request),
            }
        }
        match outcome.step {
            Step::Stay => self.popups.push(popup),
            Step::Close => {}
            Step::Open(next) => {
                let next = Popup::from_room(next);
                self.popups.push(popup);
                self.popups.push(next);
            }
        }
        self.popups.extend(opened);
        effects
    }

    /// Carries out what a popup asked of the list.
    fn grant(&mut self, request: Request) {
        match request {
            Request::Reveal(index) => self.list.reveal(&mut self.model, index),
            Request::Filter(filter) => {
                self.model.message = Some(format!("showing {}", filter.label()));
                self.list.set_filter(&mut self.model, filter);
            }
            Request::Select(index) => self.select_control(index),
            Request::WalkTo(index) => {
                let Some(Popup::Walk(walk)) = self.popups.last_mut() else {
                    return;
                };
                let generation = self.model.generation();
                let requests = walk.jumped_to(&mut self.model, index);
                if self.model.generation() != generation {
                    self.rebuild_rows();
                }
                for request in requests {
                    self.grant(request);
                }
            }
            Request::WithdrawRecoveryOffer => {
                self.popups.retain(|p| !matches!(p, Popup::Recovery(_)));
            }
            // `update_popup` quits itself: the effects are its to return.
            Request::Quit => {}
        }
    }
}

/// Leaving when nothing could take the work (see `rescue`): the app opens the question and
/// takes back what writing the work somewhere came to.
impl App {
    /// Nothing could take the work and the workshop was about to end (`why`). Attended, it
    /// stays open and asks where to write the work; unattended, the work goes to the first
    /// place that takes it.
    fn rescue(&mut self, why: String) -> Vec<Effect> {
        let paths = rescue_paths(&self.model.path, self.model.now());
        if self.unattended {
            return vec![Effect::Rescue(Box::new(RescueJob {
                paths,
                session: self.model.session.clone(),
            }))];
        }
        self.model.save.stay();
        let popup = RescuePopup::new(why, &paths);
        self.popups.push(Popup::Rescue(Box::new(popup)));
        Vec::new()
    }

    /// What writing the work somewhere came to.
    fn rescued(&mut self, result: Result<PathBuf, String>) -> Vec<Effect> {
        match Rescued::from_result(result, &self.model.path, self.unattended) {
            Rescued::Written(farewell) => {
                self.popups.retain(|p| !matches!(p, Popup::Rescue(_)));
                self.model.save.rescued(Err(farewell));
                vec![Effect::Quit]
            }
            Rescued::Lost(farewell) => {
                self.model.save.rescued(Err(farewell));
                vec![Effect::Quit]
            }
            Rescued::Refused(why) => {
                let open = self.popups.iter_mut().rev().find_map(|p| match p {
                    Popup::Rescue(popup) => Some(popup),
                    _ => None,
                });
                if let Some(popup) = open {
                    popup.error = Some(why);
                }
                Vec::new()
            }
        }
    }
}

/// The control list under the mouse: the app knows the screen's layout, the list its rows.
impl App {
    /// What the layout reads of the workshop.
    pub(super) fn screen(&self) -> Screen<'_> {
        Screen {
            model: &self.model,
            keymap: &self.keymap,
            list: &self.list,
            size: self.size,
            dashboard: self.dashboard,
        }
    }

    /// A click on a list line selects it (a clause heading selects its first control).
    fn click(&mut self, column: u16, row: u16) {
        if let Hit::ListRow(r) = layout::hit(&self.screen(), column, row) {
            self.list.click(&mut self.model, r);
        }
    }

    /// The wheel moves the selection over the list and scrolls the detail pane over it.
    fn wheel(&mut self, column: u16, row: u16, delta: i8) {
        const STEP: u16 = 3;
        match layout::hit(&self.screen(), column, row) {
            Hit::ListRow(_) | Hit::List => self.move_cursor(isize::from(delta) * STEP as isize),
            Hit::Detail if delta > 0 => {
                let max = layout::detail_max_scroll(&self.screen());
                self.list.scroll_detail_down(STEP, max);
            }
            Hit::Detail => self.list.scroll_detail_up(STEP),
            Hit::Elsewhere => {}
        }
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
        self.list.filter()
    }

    /// Shows what a filter keeps, as the filter popup does (without its message).
    pub fn set_filter(&mut self, filter: Filter) {
        self.list.set_filter(&mut self.model, filter);
    }

    /// The control list's rows and the selected one.
    pub fn rows(&self) -> &[Row] {
        self.list.rows()
    }

    pub fn cursor(&self) -> usize {
        self.list.cursor()
    }

    /// The terminal's size, columns then lines.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn dashboard(&self) -> bool {
        self.dashboard
    }

    pub fn presenter(&self) -> bool {
        self.model.presenter
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
        self.list.detail_scroll()
    }
}
