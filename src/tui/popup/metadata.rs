//! The session details form: title, organisation, scope, our role, facilitator, providers,
//! participants, data locations and offerings, each one line of text (`fields::MetaField`).
//! Keeping a row is one undoable change of the details; a renamed provider takes its lines
//! along. It sees the model, never the app.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::form::{browse_hint, edit_text, field_list, step};
use crate::fields::MetaField;
use crate::session::{Edit, Metadata, Role};
use crate::tui::action::{Action, Command};
use crate::tui::conflict::{ConflictTarget, concerns_meta, shown};
use crate::tui::draw::{centred, open};
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::line_edit::line_input;
use crate::tui::model::Model;
use crate::tui::room::typing_or;
use crate::tui::room::{Context, InputMode, ListKeys, Outcome, Room};

pub struct MetadataPopup {
    pub selected: usize,
    pub editing: Option<TextArea<'static>>,
    pub error: Option<String>,
    /// The list's keys its messages name.
    pub keys: ListKeys,
}

impl MetadataPopup {
    pub fn new(keymap: &Keymap) -> MetadataPopup {
        MetadataPopup {
            selected: 0,
            editing: None,
            error: None,
            keys: ListKeys::new(keymap),
        }
    }
}

impl Room for MetadataPopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        if let Some(input) = self.editing.as_mut() {
            let mut cancelled = false;
            if let Some(text) = edit_text(input, &action, &mut cancelled) {
                let mut meta = model.session.meta.clone();
                let field = MetaField::ALL[self.selected];
                match field.set(&mut meta, &text) {
                    Ok(()) => {
                        settle_meta(&model.session.meta, &mut meta, field);
                        if meta != model.session.meta {
                            change_metadata(model, meta, &self.keys);
                        }
                        self.editing = None;
                        self.error = None;
                    }
                    Err(e) => self.error = Some(e),
                }
            }
            if cancelled {
                self.editing = None;
                self.error = None;
            }
            return Outcome::stay();
        }
        let field = MetaField::ALL[self.selected];
        match action {
            Action::Command(Command::Cancel) => return Outcome::close(),
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                step(&mut self.selected, MetaField::ALL.len(), true)
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                step(&mut self.selected, MetaField::ALL.len(), false)
            }
            Action::Command(Command::ResolveConflict) => {
                let conflicts = &model.session.meta.conflicts;
                let at = conflicts.iter().position(|c| concerns_meta(c, field));
                if let Some(popup) = super::resolve::ResolvePopup::open(
                    model,
                    ConflictTarget::Session,
                    at.unwrap_or(0),
                ) {
                    return Outcome::open(popup);
                }
            }
            Action::Choose(n) if field == MetaField::Role => {
                if let Some(role) = [Role::Csc, Role::Csp, Role::Both].get(n) {
                    let mut meta = model.session.meta.clone();
                    meta.role = *role;
                    settle_meta(&model.session.meta, &mut meta, field);
                    if meta != model.session.meta {
                        model.apply_edit(Edit::SetMetadata(Box::new(meta)));
                    }
                }
            }
            Action::Command(Command::Confirm) => {
                if field == MetaField::Role {
                    let mut meta = model.session.meta.clone();
                    meta.role = match meta.role {
                        Role::Csc => Role::Csp,
                        Role::Csp => Role::Both,
                        Role::Both => Role::Csc,
                    };
                    settle_meta(&model.session.meta, &mut meta, field);
                    model.apply_edit(Edit::SetMetadata(Box::new(meta)));
                } else if model.presenter && field.holds_internal() {
                    self.error = Some(format!(
                        "notes are hidden in presenter view: leave it ({}) to edit",
                        self.keys.presenter
                    ));
                } else {
                    self.editing = Some(line_input(&field.value(&model.session.meta)));
                }
            }
            _ => {}
        }
        Outcome::stay()
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let area = centred(screen, 100, 14);
        let inner = open(frame, theme, area, " Session details ".into());
        let rows: Vec<(String, String, bool)> = MetaField::ALL
            .iter()
            .map(|f| {
                let mut value = if cx.presenter && f.holds_internal() {
                    f.value(&crate::fields::external_details(&cx.model.session.meta))
                } else {
                    f.value(&cx.model.session.meta)
                };
                let mut conflicts = cx.model.session.meta.conflicts.iter();
                if let Some(c) = conflicts.find(|c| concerns_meta(c, *f)) {
                    value = format!("{value}  ≠ theirs: {}", shown(&c.theirs));
                }
                (f.label().to_string(), value, *f == MetaField::Role)
            })
            .collect();
        let field = MetaField::ALL[self.selected];
        let mode = typing_or(Mode::Form, Room::input_mode(self));
        let key = |c: Command| cx.keymap.hint(mode, c);
        let conflicted = cx
            .model
            .session
            .meta
            .conflicts
            .iter()
            .any(|c| concerns_meta(c, field));
        let hint = if conflicted && self.editing.is_none() {
            format!(
                "≠ merge conflict on this detail: {} keeps ours or takes theirs; changing it settles it",
                key(Command::ResolveConflict)
            )
        } else if field.hint().is_empty() {
            browse_hint(&key)
        } else {
            field.hint().to_string()
        };
        field_list(
            frame,
            theme,
            inner,
            &rows,
            self.selected,
            self.editing.as_ref(),
            self.error.as_deref(),
            &hint,
        );
    }

    fn input_mode(&self) -> InputMode {
        if self.editing.is_some() {
            InputMode::Text
        } else if MetaField::ALL[self.selected] == MetaField::Role {
            InputMode::Choice
        } else {
            InputMode::Commands
        }
    }
}

/// Writing a detail settles the merge conflicts recorded on it (and on anything it changed).
fn settle_meta(before: &Metadata, after: &mut Metadata, field: MetaField) {
    after.conflicts.retain(|c| !concerns_meta(c, field));
    crate::fields::clear_changed_meta_conflicts(before, after);
}

/// Replaces the session details as one undoable change; a renamed provider takes its
/// responsibility lines and data locations along, and the message says what happened.
fn change_metadata(model: &mut Model, meta: Metadata, keys: &ListKeys) {
    let (edit, renames) = model.session.change_metadata(meta);
    model.apply_edit(edit);
    let out_of_scope = model.session.providers_out_of_scope();
    model.message = if !renames.is_empty() {
        let renamed: Vec<String> = renames
            .iter()
            .map(|(old, new)| format!("{old} is now {new}"))
            .collect();
        Some(format!(
            "{}: its responsibility lines follow ({} undoes)",
            renamed.join(", "),
            keys.undo
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
