//! Overlays are a stack; the top one owns the keyboard. This file holds the small ones (help,
//! jump, filter, decision) and the dispatcher; the walk and the forms live in their own files.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use super::action::{Action, Command, Effect};
use super::app::{App, Filter};
use super::conflict::ResolvePopup;
use super::export_popup::ExportPopup;
use super::form::{FormPopup, MetadataPopup};
use super::safety_popup::{LockedPopup, RecoveryPopup};
use super::walk::WalkPopup;
use crate::sanitise::one_line;
use crate::search::{Hit, Searcher};
use crate::session::{Decision, Edit, Holder};

pub enum Popup {
    Help { scroll: u16 },
    Jump(Box<JumpPopup>),
    Walk(Box<WalkPopup>),
    Form(Box<FormPopup>),
    Metadata(Box<MetadataPopup>),
    Filter(FilterPopup),
    Decision { input: Box<TextArea<'static>> },
    Export(Box<ExportPopup>),
    Resolve(ResolvePopup),
    Locked(Box<LockedPopup>),
    Recovery(Box<RecoveryPopup>),
}

/// What the keyboard means while a popup is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    /// Only bound commands.
    Commands,
    /// Digits pick options.
    Choice,
    /// Keys type into a text field.
    Text,
}

pub struct JumpPopup {
    pub input: TextArea<'static>,
    pub searcher: Searcher,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

pub struct FilterPopup {
    pub options: Vec<Filter>,
    pub selected: usize,
}

/// A one-line text input holding `text`, cursor at the end.
pub fn line_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_string()]);
    input.move_cursor(CursorMove::End);
    input
}

/// The text of a one-line input.
pub fn input_text(input: &TextArea<'_>) -> String {
    input.lines().join(" ")
}

/// Feeds a key to a text input; Enter never inserts a line break here.
pub fn type_into(input: &mut TextArea<'static>, key: KeyEvent) {
    if key.code == KeyCode::Enter
        || (key.code == KeyCode::Char('m') && key.modifiers == KeyModifiers::CONTROL)
    {
        return;
    }
    input.input(key);
}

/// Pasted text goes in on one line, stripped of control characters.
pub fn paste_into(input: &mut TextArea<'static>, text: &str) {
    input.insert_str(one_line(text));
}

const JUMP_LIMIT: usize = 200;

impl Popup {
    pub fn help() -> Popup {
        Popup::Help { scroll: 0 }
    }

    pub fn jump(app: &App) -> Popup {
        let searcher = Searcher::new(&app.catalogue, &app.session);
        let hits = searcher.rank("", JUMP_LIMIT);
        Popup::Jump(Box::new(JumpPopup {
            input: TextArea::default(),
            searcher,
            hits,
            selected: 0,
        }))
    }

    pub fn filter(app: &App) -> Popup {
        let mut options = vec![
            Filter::All,
            Filter::Gaps,
            Filter::Unassessed,
            Filter::Flagged,
            Filter::Incomplete,
            Filter::Conflicts,
        ];
        options.extend(
            [
                Holder::Customer,
                Holder::Provider,
                Holder::Shared,
                Holder::ThirdParty,
            ]
            .into_iter()
            .map(Filter::Holder),
        );
        options.extend(
            app.catalogue
                .themes
                .iter()
                .map(|t| Filter::Theme(t.id.clone())),
        );
        options.extend(app.session.known_names().into_iter().map(Filter::Owner));
        let selected = options.iter().position(|f| *f == app.filter).unwrap_or(0);
        Popup::Filter(FilterPopup { options, selected })
    }

    pub fn decision() -> Popup {
        Popup::Decision {
            input: Box::default(),
        }
    }

    pub fn walk(control: usize, a: &crate::session::Assessment) -> Popup {
        Popup::Walk(Box::new(WalkPopup::new(control, a)))
    }

    pub fn form(app: &App, control: usize) -> Popup {
        Popup::Form(Box::new(FormPopup::new(app, control)))
    }

    pub fn metadata(app: &App) -> Popup {
        Popup::Metadata(Box::new(MetadataPopup::new(&app.session.meta)))
    }

    pub fn export(app: &App) -> Popup {
        Popup::Export(Box::new(ExportPopup::new(app)))
    }
}

impl App {
    /// What keys mean right now; the input layer asks before translating a key.
    pub fn input_mode(&self) -> InputMode {
        match self.popups.last() {
            None => InputMode::Commands,
            Some(Popup::Help { .. }) => InputMode::Commands,
            Some(Popup::Filter(_)) | Some(Popup::Resolve(_)) => InputMode::Choice,
            Some(Popup::Jump(_)) | Some(Popup::Decision { .. }) => InputMode::Text,
            Some(Popup::Walk(w)) => w.input_mode(),
            Some(Popup::Form(f)) => f.input_mode(),
            Some(Popup::Metadata(m)) => m.input_mode(),
            Some(Popup::Export(e)) => e.input_mode(),
            Some(Popup::Locked(l)) => l.input_mode(),
            Some(Popup::Recovery(r)) => r.input_mode(),
        }
    }

    pub(super) fn update_popup(&mut self, action: Action) -> Vec<Effect> {
        // Saving and undo work from anywhere.
        match action {
            Action::Command(Command::Save) => return self.request_save(),
            Action::Command(Command::Help)
                if !matches!(self.popups.last(), Some(Popup::Help { .. })) =>
            {
                self.popups.push(Popup::help());
                return Vec::new();
            }
            // Outside a text box, undo and redo take back session changes, as on the list; in
            // a text box they belong to the box.
            Action::Command(c @ (Command::Undo | Command::Redo))
                if self.input_mode() != InputMode::Text =>
            {
                self.undo_or_redo(c == Command::Undo);
                self.refresh_forms();
                return Vec::new();
            }
            _ => {}
        }
        let Some(mut popup) = self.popups.pop() else {
            return Vec::new();
        };
        let mut effects = Vec::new();
        let keep = match &mut popup {
            Popup::Help { scroll } => match action {
                Action::Command(Command::NextField | Command::SelectNext) => {
                    *scroll = scroll.saturating_add(1);
                    true
                }
                Action::Command(Command::PreviousField | Command::SelectPrevious) => {
                    *scroll = scroll.saturating_sub(1);
                    true
                }
                Action::Command(_) => false,
                _ => true,
            },
            Popup::Jump(jump) => self.update_jump(jump, action),
            Popup::Filter(filter) => self.update_filter(filter, action),
            Popup::Decision { input } => self.update_decision(input, action),
            Popup::Walk(walk) => self.update_walk(walk, action),
            Popup::Form(form) => self.update_form(form, action),
            Popup::Metadata(meta) => self.update_metadata(meta, action),
            Popup::Export(export) => self.update_export(export, action, &mut effects),
            Popup::Resolve(resolve) => self.update_resolve(resolve, action),
            Popup::Locked(_) => self.update_locked(action, &mut effects),
            Popup::Recovery(recovery) => self.update_recovery(recovery, action, &mut effects),
        };
        if keep {
            // A popup opened while handling this one stays on top.
            let opened: Vec<Popup> = self.popups.drain(..).collect();
            self.popups.push(popup);
            self.popups.extend(opened);
        }
        effects
    }

    /// Open edit forms list one line per evidence pointer: after an undo the list may have
    /// changed under them.
    fn refresh_forms(&mut self) {
        let providers = self.session.provider_names();
        let offerings = self.session.meta.seats().offerings;
        for i in 0..self.popups.len() {
            let Popup::Form(form) = &self.popups[i] else {
                continue;
            };
            let fields =
                super::field::form_fields(&self.assessment(form.control), &providers, &offerings);
            if let Popup::Form(form) = &mut self.popups[i] {
                form.selected = form.selected.min(fields.len().saturating_sub(1));
                form.fields = fields;
            }
        }
    }

    fn update_jump(&mut self, jump: &mut JumpPopup, action: Action) -> bool {
        match action {
            Action::Command(Command::Cancel) => return false,
            Action::Command(Command::Confirm) => {
                if let Some(hit) = jump.hits.get(jump.selected) {
                    let index = hit.index;
                    if !self.matches_filter(index) {
                        self.filter = Filter::All;
                        self.rebuild_rows();
                    }
                    self.select_control(index);
                }
                return false;
            }
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                if jump.selected + 1 < jump.hits.len() {
                    jump.selected += 1;
                }
                return true;
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                jump.selected = jump.selected.saturating_sub(1);
                return true;
            }
            Action::Command(Command::AcceptSuggestion) => {
                jump.input.move_cursor(CursorMove::Forward);
                return true;
            }
            Action::Type(key) => type_into(&mut jump.input, key),
            Action::Paste(text) => paste_into(&mut jump.input, &text),
            _ => return true,
        }
        jump.hits = jump.searcher.rank(&input_text(&jump.input), JUMP_LIMIT);
        jump.selected = 0;
        true
    }

    fn update_filter(&mut self, filter: &mut FilterPopup, action: Action) -> bool {
        let apply = |app: &mut App, f: Filter| {
            app.filter = f;
            app.rebuild_rows();
            app.message = Some(format!("showing {}", app.filter.label()));
        };
        match action {
            Action::Command(Command::Cancel) => false,
            Action::Command(Command::Confirm) => {
                if let Some(f) = filter.options.get(filter.selected).cloned() {
                    apply(self, f);
                }
                false
            }
            Action::Choose(n) => match filter.options.get(n).cloned() {
                Some(f) => {
                    apply(self, f);
                    false
                }
                None => true,
            },
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                if filter.selected + 1 < filter.options.len() {
                    filter.selected += 1;
                }
                true
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                filter.selected = filter.selected.saturating_sub(1);
                true
            }
            _ => true,
        }
    }

    fn update_decision(&mut self, input: &mut TextArea<'static>, action: Action) -> bool {
        match action {
            Action::Command(Command::Cancel) => false,
            Action::Command(Command::Confirm) => {
                let text = input_text(input).trim().to_string();
                if text.is_empty() {
                    return false;
                }
                let decision = Decision {
                    at: self.now(),
                    by: self.user.clone(),
                    control: self
                        .selected()
                        .map(|i| self.catalogue.controls[i].id.clone()),
                    text,
                };
                let index = self.session.decisions.len();
                self.apply_edit(Edit::InsertDecision { index, decision });
                self.message = Some("decision logged".into());
                false
            }
            Action::Command(Command::AcceptSuggestion) => {
                input.move_cursor(CursorMove::Forward);
                true
            }
            Action::Type(key) => {
                type_into(input, key);
                true
            }
            Action::Paste(text) => {
                paste_into(input, &text);
                true
            }
            _ => true,
        }
    }
}
