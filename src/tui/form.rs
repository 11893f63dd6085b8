//! Editing outside the walk: a form over every field of one control, and one over the session's
//! details (title, scope, role, providers, participants, data locations). Committing a field is
//! one undoable edit; the text box keeps its own undo while typing.

use ratatui_textarea::{CursorMove, TextArea};

use super::action::{Action, Command};
use super::app::App;
use super::conflict::{ConflictTarget, concerns, concerns_meta};
use super::field::{Field, Kind, form_fields};
use super::popup::{InputMode, edit_field, input_text, line_input};
pub use crate::fields::MetaField;
use crate::session::{Edit, Metadata, Role};

pub struct FormPopup {
    pub control: usize,
    pub fields: Vec<Field>,
    pub selected: usize,
    pub editing: Option<TextArea<'static>>,
    pub error: Option<String>,
}

impl FormPopup {
    pub fn new(app: &App, control: usize) -> FormPopup {
        FormPopup {
            control,
            fields: form_fields(
                &app.assessment(control),
                &app.session.provider_names(),
                &app.session.meta.seats().offerings,
            ),
            selected: 0,
            editing: None,
            error: None,
        }
    }

    pub fn input_mode(&self) -> InputMode {
        if self.editing.is_some() {
            InputMode::Text
        } else if self.fields.get(self.selected).map(Field::kind) == Some(Kind::Choice) {
            InputMode::Choice
        } else {
            InputMode::Commands
        }
    }
}

/// Moves a list selection by one, within bounds.
fn step(selected: &mut usize, len: usize, forward: bool) {
    if forward {
        if *selected + 1 < len {
            *selected += 1;
        }
    } else {
        *selected = selected.saturating_sub(1);
    }
}

/// Keys shared by both forms while a text box is open. Returns the text on Enter.
fn edit_text(input: &mut TextArea<'static>, action: &Action, done: &mut bool) -> Option<String> {
    match action {
        Action::Command(Command::Confirm) => return Some(input_text(input)),
        Action::Command(Command::Cancel) => *done = true,
        Action::Command(Command::AcceptSuggestion) => input.move_cursor(CursorMove::Forward),
        _ => {
            edit_field(input, action);
        }
    }
    None
}

impl App {
    pub(super) fn update_form(&mut self, form: &mut FormPopup, action: Action) -> bool {
        let providers = self.session.provider_names();
        let offerings = self.session.meta.seats().offerings;
        if let Some(input) = form.editing.as_mut() {
            let mut cancelled = false;
            if let Some(text) = edit_text(input, &action, &mut cancelled) {
                let field = form.fields[form.selected].clone();
                let mut a = self.assessment(form.control);
                let today = self.today();
                let user = self.user.clone();
                match field.set_text(&mut a, &text, &user, today) {
                    Ok(()) => {
                        a.conflicts.retain(|c| !concerns(c, &field));
                        self.commit(a);
                        form.editing = None;
                        form.error = None;
                        form.fields =
                            form_fields(&self.assessment(form.control), &providers, &offerings);
                        form.selected = form.selected.min(form.fields.len() - 1);
                    }
                    Err(e) => form.error = Some(e),
                }
            }
            if cancelled {
                form.editing = None;
                form.error = None;
            }
            return true;
        }
        let field = form.fields[form.selected].clone();
        match action {
            Action::Command(Command::Cancel) => return false,
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                step(&mut form.selected, form.fields.len(), true)
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                step(&mut form.selected, form.fields.len(), false)
            }
            Action::Command(Command::RemoveRecord) => match field.record() {
                Some((what, remove)) => {
                    let mut a = self.assessment(form.control);
                    remove(&field, &mut a);
                    self.commit(a);
                    self.message = Some(format!("{what} removed (undo brings it back)"));
                    form.error = None;
                    form.fields =
                        form_fields(&self.assessment(form.control), &providers, &offerings);
                    form.selected = form.selected.min(form.fields.len() - 1);
                }
                None => {
                    form.error = Some(
                        "nothing to remove here: evidence, a responsibility line, a remediation or a risk acceptance can be"
                            .into(),
                    );
                }
            },
            Action::Command(Command::ResolveConflict) => {
                let conflicts = self.assessment(form.control).conflicts;
                let at = conflicts.iter().position(|c| concerns(c, &field));
                self.open_resolve(ConflictTarget::Control(form.control), at.unwrap_or(0));
            }
            Action::Choose(n) if field.kind() == Kind::Choice => {
                let mut a = self.assessment(form.control);
                if field.choose(&mut a, n) {
                    a.conflicts.retain(|c| !concerns(c, &field));
                    self.commit(a);
                    form.error = None;
                } else {
                    form.error = Some(format!("pick 1 to {}", field.options().len()));
                }
            }
            Action::Command(Command::Confirm) => match field.kind() {
                // Enter never changes a choice: it used to step to the next option, so the
                // Enter that opened the form, pressed once more, could exclude a control.
                Kind::Choice if field.is_multiple() => {
                    form.error = Some(format!(
                        "digits 1 to {} switch each option on or off",
                        field.options().len()
                    ));
                }
                Kind::Choice => {
                    form.error = Some(format!("pick with a digit, 1 to {}", field.options().len()));
                }
                // The editor would show the hidden text on the shared screen.
                _ if self.presenter && field.is_internal() => {
                    form.error = Some("hidden in presenter view: leave it (P) to edit".into());
                }
                _ => {
                    let a = self.assessment(form.control);
                    form.editing = Some(line_input(&field.editable_text(&a)));
                }
            },
            _ => {}
        }
        true
    }

    pub(super) fn update_metadata(&mut self, form: &mut MetadataPopup, action: Action) -> bool {
        if let Some(input) = form.editing.as_mut() {
            let mut cancelled = false;
            if let Some(text) = edit_text(input, &action, &mut cancelled) {
                let mut meta = self.session.meta.clone();
                let field = MetaField::ALL[form.selected];
                match field.set(&mut meta, &text) {
                    Ok(()) => {
                        settle_meta(&self.session.meta, &mut meta, field);
                        if meta != self.session.meta {
                            self.change_metadata(meta);
                        }
                        form.editing = None;
                        form.error = None;
                    }
                    Err(e) => form.error = Some(e),
                }
            }
            if cancelled {
                form.editing = None;
                form.error = None;
            }
            return true;
        }
        let field = MetaField::ALL[form.selected];
        match action {
            Action::Command(Command::Cancel) => return false,
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                step(&mut form.selected, MetaField::ALL.len(), true)
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                step(&mut form.selected, MetaField::ALL.len(), false)
            }
            Action::Command(Command::ResolveConflict) => {
                let conflicts = &self.session.meta.conflicts;
                let at = conflicts.iter().position(|c| concerns_meta(c, field));
                self.open_resolve(ConflictTarget::Session, at.unwrap_or(0));
            }
            Action::Choose(n) if field == MetaField::Role => {
                if let Some(role) = [Role::Csc, Role::Csp, Role::Both].get(n) {
                    let mut meta = self.session.meta.clone();
                    meta.role = *role;
                    settle_meta(&self.session.meta, &mut meta, field);
                    if meta != self.session.meta {
                        self.apply_edit(Edit::SetMetadata(Box::new(meta)));
                    }
                }
            }
            Action::Command(Command::Confirm) => {
                if field == MetaField::Role {
                    let mut meta = self.session.meta.clone();
                    meta.role = match meta.role {
                        Role::Csc => Role::Csp,
                        Role::Csp => Role::Both,
                        Role::Both => Role::Csc,
                    };
                    settle_meta(&self.session.meta, &mut meta, field);
                    self.apply_edit(Edit::SetMetadata(Box::new(meta)));
                } else if self.presenter && field.holds_internal() {
                    form.error =
                        Some("notes are hidden in presenter view: leave it (P) to edit".into());
                } else {
                    form.editing = Some(line_input(&field.value(&self.session.meta)));
                }
            }
            _ => {}
        }
        true
    }
}

/// Writing a detail settles the merge conflicts recorded on it (and on anything it changed).
fn settle_meta(before: &Metadata, after: &mut Metadata, field: MetaField) {
    after.conflicts.retain(|c| !concerns_meta(c, field));
    crate::fields::clear_changed_meta_conflicts(before, after);
}

pub struct MetadataPopup {
    pub selected: usize,
    pub editing: Option<TextArea<'static>>,
    pub error: Option<String>,
}

impl MetadataPopup {
    pub fn new(_meta: &Metadata) -> MetadataPopup {
        MetadataPopup {
            selected: 0,
            editing: None,
            error: None,
        }
    }

    pub fn input_mode(&self) -> InputMode {
        if self.editing.is_some() {
            InputMode::Text
        } else if MetaField::ALL[self.selected] == MetaField::Role {
            InputMode::Choice
        } else {
            InputMode::Commands
        }
    }
}

impl App {
    /// Replaces the session details as one undoable change; a renamed provider takes its
    /// responsibility lines and data locations along, and the message says what happened.
    fn change_metadata(&mut self, meta: Metadata) {
        let (edit, renames) = self.session.change_metadata(meta);
        self.apply_edit(edit);
        let out_of_scope = self.session.providers_out_of_scope();
        self.message = if !renames.is_empty() {
            let renamed: Vec<String> = renames
                .iter()
                .map(|(old, new)| format!("{old} is now {new}"))
                .collect();
            Some(format!(
                "{}: its responsibility lines follow (u undoes)",
                renamed.join(", ")
            ))
        } else if !out_of_scope.is_empty() {
            let names: Vec<String> = out_of_scope
                .iter()
                .map(|(name, n)| format!("{n} line(s) for {name}"))
                .collect();
            Some(format!(
                "kept {} no longer in scope: check lists them; clear them in a control's form",
                names.join(", ")
            ))
        } else {
            None
        };
    }
}
