//! The start screen: recent sessions to reopen, a session file to open by path, and a form for a
//! new session on any catalogue the runner found. Keys become actions through the keymap's
//! `start` section (`input::translate_start`); its state changes only in `update`; footers and
//! help read the live bindings. The runner lists the catalogues and opens or creates the file it
//! asks for.

mod help;
mod new_form;
mod render;

use new_form::{CATALOGUE, ROLE};
pub use new_form::{NEW_FIELDS, NewForm};

use std::path::PathBuf;

use ratatui::crossterm::event::KeyCode;
use ratatui_textarea::TextArea;

use super::action::{Action, Command};
use super::keymap::{Key, Keymap};
use super::line_edit::{input_text, line_input, paste_into, type_into};
use crate::session::NewSession;
use crate::session::Role;

/// A recent session with a one-line summary read by the runner (or why it cannot be read).
#[derive(Debug, Clone)]
pub struct Recent {
    pub path: PathBuf,
    pub summary: Result<String, String>,
}

/// A catalogue the new-session form offers: its name (what `--catalogue` takes) and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueChoice {
    pub name: String,
    pub title: String,
}
pub struct StartScreen {
    /// The help overlay: `?` where no text box has focus, F1 everywhere.
    pub help: bool,
    keymap: Keymap,
    pub recent: Vec<Recent>,
    pub catalogues: Vec<CatalogueChoice>,
    /// 0..recent: a recent session; then "New session", then "Open a session file".
    pub selected: usize,
    pub form: Option<NewForm>,
    /// The path being typed for "Open a session file".
    pub opening: Option<TextArea<'static>>,
    pub error: Option<String>,
}

/// Who has the keys on the start screen, for turning a key into an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartFocus {
    /// The list of sessions: every binding of the `start` section applies.
    List,
    /// A text box (the path to open, a text row of the form): printable keys type.
    Text,
    /// A choice row of the form, or Create: digits pick an option.
    Choice,
    /// Help is showing: the next key closes it.
    Help,
    /// The form asks whether to discard it: the next key answers (`y` discards). On a choice
    /// row the help key still shows help, as it does there without the question.
    Question { on_text_row: bool },
}

/// What the start screen asks the runner to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartOutcome {
    Stay,
    Open(PathBuf),
    Create {
        path: PathBuf,
        /// Boxed: the other outcomes are small.
        spec: Box<NewSession>,
        /// The providers line, as the session-details form writes it.
        providers: String,
        participants: String,
        /// The offerings we provide (a provider's session), as the session-details form
        /// writes them.
        offerings: String,
        /// The catalogue's name, as `gapwalk new --catalogue` takes it.
        catalogue: String,
    },
    Quit,
}
impl StartScreen {
    /// `catalogues` lists the default first; an empty list means the default only.
    pub fn new(
        recent: Vec<Recent>,
        catalogues: Vec<CatalogueChoice>,
        keymap: Keymap,
    ) -> StartScreen {
        let catalogues = if catalogues.is_empty() {
            vec![CatalogueChoice {
                name: crate::catalogue::DEFAULT_CATALOGUE.into(),
                title: String::new(),
            }]
        } else {
            catalogues
        };
        StartScreen {
            help: false,
            keymap,
            recent,
            catalogues,
            selected: 0,
            form: None,
            opening: None,
            error: None,
        }
    }

    fn catalogue_value(&self, index: usize) -> String {
        let c = &self.catalogues[index.min(self.catalogues.len() - 1)];
        if c.title.is_empty() {
            c.name.clone()
        } else {
            format!("{} · {}", c.name, c.title)
        }
    }

    /// Whether a text box has the keys: typed characters go there, not to commands.
    fn text_has_focus(&self) -> bool {
        self.opening.is_some()
            || self
                .form
                .as_ref()
                .is_some_and(|f| f.editing.is_some() || f.is_text_row())
    }

    /// The live bindings the screen's keys go through.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Who has the keys now.
    pub fn focus(&self) -> StartFocus {
        if self.help {
            StartFocus::Help
        } else if self.form.as_ref().is_some_and(|f| f.confirm_discard) {
            StartFocus::Question {
                on_text_row: self.text_has_focus(),
            }
        } else if self.text_has_focus() {
            StartFocus::Text
        } else if self.form.is_some() {
            StartFocus::Choice
        } else {
            StartFocus::List
        }
    }

    pub fn update(&mut self, action: Action) -> StartOutcome {
        // Only what a person does counts: a resize or a tick neither closes help nor answers
        // the discard question.
        if !matches!(
            action,
            Action::Command(_) | Action::Type(_) | Action::Choose(_) | Action::Paste(_)
        ) {
            return StartOutcome::Stay;
        }
        if let Action::Paste(text) = &action {
            if let Some(input) = self
                .opening
                .as_mut()
                .or_else(|| self.form.as_mut().and_then(|f| f.editing.as_mut()))
            {
                paste_into(input, text);
            }
            return StartOutcome::Stay;
        }
        let command = match action {
            Action::Command(c) => Some(c),
            _ => None,
        };
        if command == Some(Command::Quit) {
            return StartOutcome::Quit;
        }
        // While help shows, any key closes it.
        if self.help {
            self.help = false;
            return StartOutcome::Stay;
        }
        if command == Some(Command::Help) {
            self.help = true;
            return StartOutcome::Stay;
        }
        if let Some(input) = self.opening.as_mut() {
            match action {
                Action::Command(Command::Confirm) => {
                    let path = input_text(input).trim().to_string();
                    if path.is_empty() {
                        self.error = Some("type the path of a session file".into());
                        return StartOutcome::Stay;
                    }
                    self.opening = None;
                    self.error = None;
                    return StartOutcome::Open(PathBuf::from(path));
                }
                Action::Command(Command::Cancel) => {
                    self.opening = None;
                    self.error = None;
                }
                Action::Type(key_event) => type_into(input, key_event),
                _ => {}
            }
            return StartOutcome::Stay;
        }
        let catalogues = self.catalogues.len();
        let catalogue_values: Vec<String> =
            (0..catalogues).map(|i| self.catalogue_value(i)).collect();
        if let Some(form) = self.form.as_mut() {
            if form.confirm_discard {
                form.confirm_discard = false;
                if let Action::Type(key_event) = action
                    && matches!(key_event.code, KeyCode::Char('y' | 'Y'))
                {
                    self.form = None;
                    self.error = None;
                }
                return StartOutcome::Stay;
            }
            if let Some(input) = form.editing.as_mut() {
                match action {
                    // Confirm, skip and next keep the row and go on; from the last row, to
                    // Create.
                    Action::Command(Command::Confirm | Command::Skip | Command::SelectNext) => {
                        form.commit();
                        form.selected = form.next_row();
                    }
                    Action::Command(Command::Back | Command::SelectPrevious) => {
                        form.commit();
                        form.selected = form.previous_row();
                    }
                    Action::Command(Command::Cancel) => form.editing = None,
                    Action::Type(key_event) => type_into(input, key_event),
                    _ => {}
                }
                return StartOutcome::Stay;
            }
            match action {
                Action::Command(Command::Cancel) if form.changed() => form.confirm_discard = true,
                Action::Command(Command::Cancel) => self.form = None,
                Action::Command(Command::SelectNext | Command::Skip) => {
                    form.selected = form.next_row()
                }
                Action::Command(Command::SelectPrevious | Command::Back) => {
                    form.selected = form.previous_row()
                }
                Action::Choose(n) if form.selected == ROLE && n < 3 => {
                    form.role = [Role::Csc, Role::Csp, Role::Both][n];
                    form.values[ROLE] = form.role.key().into();
                }
                // A choice row keeps its value on Enter and moves on, as a text row does;
                // Space steps through the choices.
                Action::Type(key_event)
                    if form.selected == ROLE && key_event.code == KeyCode::Char(' ') =>
                {
                    form.role = match form.role {
                        Role::Csc => Role::Csp,
                        Role::Csp => Role::Both,
                        Role::Both => Role::Csc,
                    };
                    form.values[ROLE] = form.role.key().into();
                }
                Action::Choose(n) if form.selected == CATALOGUE && n < catalogues => {
                    form.catalogue = n;
                    form.values[CATALOGUE] = catalogue_values[n].clone();
                }
                Action::Type(key_event)
                    if form.selected == CATALOGUE && key_event.code == KeyCode::Char(' ') =>
                {
                    form.catalogue = (form.catalogue + 1) % catalogues;
                    form.values[CATALOGUE] = catalogue_values[form.catalogue].clone();
                }
                Action::Command(Command::Confirm) if form.selected == NEW_FIELDS.len() => {
                    return self.create();
                }
                Action::Command(Command::Confirm) if !form.is_text_row() => {
                    form.selected = form.next_row()
                }
                Action::Command(Command::Confirm) => {
                    form.editing = Some(line_input(&form.values[form.selected]));
                }
                // Typing on a text row edits it at once: the key goes in after what it holds.
                Action::Type(key_event)
                    if form.is_text_row()
                        && matches!(
                            key_event.code,
                            KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete
                        )
                        && Key::from_event(&key_event).is_some_and(|k| !k.ctrl && !k.alt) =>
                {
                    // A value the form suggested (the file name, the facilitator) is
                    // replaced by what is typed over it; Enter edits it instead.
                    let suggested = form.values[form.selected] == form.initial[form.selected]
                        && matches!(key_event.code, KeyCode::Char(_));
                    let mut input = line_input(if suggested {
                        ""
                    } else {
                        &form.values[form.selected]
                    });
                    type_into(&mut input, key_event);
                    form.editing = Some(input);
                }
                _ => {}
            }
            return StartOutcome::Stay;
        }
        let items = self.recent.len() + 2;
        match command {
            Some(Command::Cancel) => return StartOutcome::Quit,
            Some(Command::SelectNext) => self.selected = (self.selected + 1).min(items - 1),
            Some(Command::SelectPrevious) => self.selected = self.selected.saturating_sub(1),
            Some(Command::NewSession) => self.open_form(),
            Some(Command::OpenFile) => self.opening = Some(TextArea::default()),
            Some(Command::Confirm) => {
                if self.selected < self.recent.len() {
                    return StartOutcome::Open(self.recent[self.selected].path.clone());
                }
                if self.selected == self.recent.len() {
                    self.open_form();
                } else {
                    self.opening = Some(TextArea::default());
                }
            }
            _ => {}
        }
        StartOutcome::Stay
    }
}
