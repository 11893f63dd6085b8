//! The edit form: every field of one control, in the domain table's order, with the screen's
//! evidence steps. A field is picked with the arrows, a choice with a digit, text in a line
//! editor whose own undo applies while typing; keeping a field is one undoable edit of the
//! control and settles the merge conflicts recorded on it. It sees the model, never the app.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::{CursorMove, TextArea};

use crate::sanitise::one_line;
use crate::tui::action::{Action, Command};
use crate::tui::conflict::{ConflictTarget, concerns, conflicts_of, shown};
use crate::tui::draw::{centred, draw_input, fit, open};
use crate::tui::field::{Field, Kind, date_preview, form_fields};
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::line_edit::{edit_field, input_text, line_input};
use crate::tui::model::Model;
use crate::tui::room::typing_or;
use crate::tui::room::{Context, InputMode, ListKeys, Outcome, Room};
use crate::tui::theme::Theme;

pub struct FormPopup {
    pub control: usize,
    pub fields: Vec<Field>,
    pub selected: usize,
    pub editing: Option<TextArea<'static>>,
    pub error: Option<String>,
    /// The list's keys its messages name.
    pub keys: ListKeys,
}

impl FormPopup {
    pub fn new(model: &Model, control: usize, keymap: &Keymap) -> FormPopup {
        FormPopup {
            control,
            fields: fields_of(model, control),
            selected: 0,
            editing: None,
            error: None,
            keys: ListKeys::new(keymap),
        }
    }

    /// The fields again, after a change of the record (an evidence line more or less).
    pub fn refresh(&mut self, model: &Model) {
        self.fields = fields_of(model, self.control);
        self.selected = self.selected.min(self.fields.len().saturating_sub(1));
    }
}

fn fields_of(model: &Model, control: usize) -> Vec<Field> {
    form_fields(
        &model.assessment(control),
        &model.session.provider_names(),
        &model.session.meta.seats().offerings,
    )
}

/// Moves a list selection by one, within bounds.
pub(super) fn step(selected: &mut usize, len: usize, forward: bool) {
    if forward {
        if *selected + 1 < len {
            *selected += 1;
        }
    } else {
        *selected = selected.saturating_sub(1);
    }
}

/// Keys shared by both forms while a text box is open. Returns the text on Enter.
pub(super) fn edit_text(
    input: &mut TextArea<'static>,
    action: &Action,
    done: &mut bool,
) -> Option<String> {
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

impl Room for FormPopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        if let Some(input) = self.editing.as_mut() {
            let mut cancelled = false;
            if let Some(text) = edit_text(input, &action, &mut cancelled) {
                let field = self.fields[self.selected].clone();
                let mut a = model.assessment(self.control);
                let today = model.today();
                let user = model.user.clone();
                match field.set_text(&mut a, &text, &user, today) {
                    Ok(()) => {
                        a.conflicts.retain(|c| !concerns(c, &field));
                        model.commit(a);
                        self.editing = None;
                        self.error = None;
                        self.refresh(model);
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
        let field = self.fields[self.selected].clone();
        match action {
            Action::Command(Command::Cancel) => return Outcome::close(),
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                step(&mut self.selected, self.fields.len(), true)
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                step(&mut self.selected, self.fields.len(), false)
            }
            Action::Command(Command::RemoveRecord) => match field.record() {
                Some((what, remove)) => {
                    let mut a = model.assessment(self.control);
                    remove(&field, &mut a);
                    model.commit(a);
                    model.message = Some(format!("{what} removed (undo brings it back)"));
                    self.error = None;
                    self.refresh(model);
                }
                None => {
                    self.error = Some(
                        "nothing to remove here: evidence, a responsibility line, a remediation or a risk acceptance can be"
                            .into(),
                    );
                }
            },
            Action::Command(Command::ResolveConflict) => {
                let conflicts = model.assessment(self.control).conflicts;
                let at = conflicts.iter().position(|c| concerns(c, &field));
                let target = ConflictTarget::Control(self.control);
                if let Some(popup) =
                    super::resolve::ResolvePopup::open(model, target, at.unwrap_or(0))
                {
                    return Outcome::open(popup);
                }
            }
            // Parking asks why, here as on the list and in the walk.
            Action::Choose(0)
                if field == Field::Flagged && !model.assessment(self.control).flagged =>
            {
                return Outcome::open(super::park::ParkPopup::new(self.control, model));
            }
            Action::Choose(n) if field.kind() == Kind::Choice => {
                let mut a = model.assessment(self.control);
                if field.choose(&mut a, n) {
                    a.conflicts.retain(|c| !concerns(c, &field));
                    model.commit(a);
                    self.error = None;
                } else {
                    self.error = Some(format!("pick 1 to {}", field.options().len()));
                }
            }
            Action::Command(Command::Confirm) => match field.kind() {
                // Enter never changes a choice: it used to step to the next option, so the
                // Enter that opened the form, pressed once more, could exclude a control.
                Kind::Choice if field.is_multiple() => {
                    self.error = Some(format!(
                        "digits 1 to {} switch each option on or off",
                        field.options().len()
                    ));
                }
                Kind::Choice => {
                    self.error = Some(format!("pick with a digit, 1 to {}", field.options().len()));
                }
                // The editor would show the hidden text on the shared screen.
                _ if model.presenter && field.is_internal() => {
                    self.error = Some(format!(
                        "hidden in presenter view: leave it ({}) to edit",
                        self.keys.presenter
                    ));
                }
                _ => {
                    let a = model.assessment(self.control);
                    self.editing = Some(line_input(&field.editable_text(&a)));
                }
            },
            _ => {}
        }
        Outcome::stay()
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let mode = typing_or(Mode::Form, Room::input_mode(self));
        let key = |c: Command| cx.keymap.hint(mode, c);
        let control = &cx.model.catalogue.controls[self.control];
        let a = cx.model.assessment(self.control);
        let area = centred(screen, 100, screen.height.saturating_sub(2));
        let inner = open(
            frame,
            theme,
            area,
            format!(
                " Edit {} {} ",
                one_line(&control.id),
                fit(&control.title, 50)
            ),
        );
        let rows: Vec<(String, String, bool)> = self
            .fields
            .iter()
            .map(|f| {
                let hidden = cx.presenter && f.is_internal();
                let mut value = if hidden {
                    "(hidden in presenter view)".into()
                } else if *f == Field::Flagged
                    && a.flagged
                    && !cx.presenter
                    && !a.follow_up.trim().is_empty()
                {
                    // Why it was parked: an internal note, hidden in presenter view as in
                    // the parking lot.
                    format!("{} · why: {}", f.value(&a), one_line(&a.follow_up))
                } else {
                    f.value(&a)
                };
                if let Some(c) = conflicts_of(&a, f).first() {
                    let theirs = if hidden {
                        "…".into()
                    } else {
                        shown(&c.theirs)
                    };
                    value = format!("{value}  ≠ theirs: {theirs}");
                }
                (f.label(), value, matches!(f.kind(), Kind::Choice))
            })
            .collect();
        let conflicted = self
            .fields
            .get(self.selected)
            .map(|f| conflicts_of(&a, f).len())
            .unwrap_or(0);
        let hint = match (
            &self.editing,
            self.fields.get(self.selected).map(Field::kind),
        ) {
            (None, _) if conflicted > 0 => format!(
                "≠ merge conflict on this field: {} keeps ours or takes theirs; changing the field settles it",
                key(Command::ResolveConflict)
            ),
            (Some(input), Some(Kind::Date)) => format!(
                "{} · {} keeps it · {} cancels",
                date_preview(&input.lines().join(""), cx.model.today()),
                key(Command::Confirm),
                key(Command::Cancel)
            ),
            (Some(_), _) => format!(
                "{} saves the field · {} cancels · clear evidence text to remove it",
                key(Command::Confirm),
                key(Command::Cancel)
            ),
            (None, Some(Kind::Choice)) => {
                let options = self.fields[self.selected].options();
                let numbered: Vec<String> = options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| format!("{} {o}", i + 1))
                    .collect();
                numbered.join("  ")
            }
            _ => browse_hint(&key),
        };
        // Where a whole record can go, the hint says how.
        let hint = match self.fields.get(self.selected).and_then(Field::record) {
            Some((what, _)) if self.editing.is_none() => {
                format!("{hint} · {} removes the {what}", key(Command::RemoveRecord))
            }
            _ => hint,
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
        } else if self.fields.get(self.selected).map(Field::kind) == Some(Kind::Choice) {
            InputMode::Choice
        } else {
            InputMode::Commands
        }
    }
}

/// A form's rows (label, value), the selected one open in its editor when editing, and the
/// footer: the error, or the hint.
#[allow(clippy::too_many_arguments)]
pub(super) fn field_list(
    frame: &mut Frame,
    theme: &Theme,
    inner: Rect,
    rows: &[(String, String, bool)],
    selected: usize,
    editing: Option<&TextArea<'static>>,
    error: Option<&str>,
    hint: &str,
) {
    let [list, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
    let height = list.height as usize;
    let start = selected
        .saturating_sub(height / 2)
        .min(rows.len().saturating_sub(height));
    let label_width = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(10)
        .min(34);
    let value_width = (list.width as usize).saturating_sub(label_width + 2);
    for (k, (label, value, _)) in rows.iter().enumerate().skip(start).take(height) {
        let y = list.y + (k - start) as u16;
        let row = Rect {
            y,
            height: 1,
            ..list
        };
        let label_span = Span::styled(
            format!("{:<label_width$}  ", fit(label, label_width)),
            theme.label(),
        );
        if k == selected
            && let Some(input) = editing
        {
            frame.render_widget(Paragraph::new(Line::from(label_span)), row);
            let input_area = Rect {
                x: row.x + label_width as u16 + 2,
                width: value_width as u16,
                ..row
            };
            draw_input(frame, theme, input, input_area);
            continue;
        }
        let mut line = Line::from(vec![label_span, Span::raw(fit(value, value_width))]);
        if k == selected {
            line = line.style(theme.selected());
        }
        frame.render_widget(Paragraph::new(line), row);
    }
    let footer_line = match error {
        Some(e) => Line::styled(e.to_string(), theme.error()),
        None => Line::styled(hint.to_string(), theme.muted()),
    };
    frame.render_widget(
        Paragraph::new(footer_line).wrap(Wrap { trim: true }),
        footer,
    );
}

/// The hint of a form row that is not being edited: how to edit, move and close.
pub(super) fn browse_hint(key: &dyn Fn(Command) -> String) -> String {
    format!(
        "{} edits · {}{} move · {} closes",
        key(Command::Confirm),
        key(Command::PreviousField),
        key(Command::NextField),
        key(Command::Cancel)
    )
}
