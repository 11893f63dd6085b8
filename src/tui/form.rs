//! Editing outside the walk: a form over every field of one control, and one over the session's
//! details (title, scope, role, providers, participants, data locations). Committing a field is
//! one undoable edit; the text box keeps its own undo while typing.

use ratatui_textarea::{CursorMove, TextArea};

use super::action::{Action, Command};
use super::app::App;
use super::conflict::{ConflictTarget, concerns, concerns_meta};
use super::field::{Field, Kind, form_fields};
use super::popup::{InputMode, edit_field, input_text, line_input};
use crate::session::{DataLocation, Edit, Metadata, Participant, Provider, Role, Side};

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
                } else if self.presenter && field == MetaField::DataLocations {
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

/// The session details, each edited as one line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaField {
    Title,
    Organisation,
    Scope,
    Role,
    Facilitator,
    Providers,
    Participants,
    DataLocations,
    /// The offerings we provide (a provider's seat).
    Offerings,
}

impl MetaField {
    pub const ALL: [MetaField; 9] = [
        MetaField::Title,
        MetaField::Organisation,
        MetaField::Scope,
        MetaField::Role,
        MetaField::Facilitator,
        MetaField::Providers,
        MetaField::Participants,
        MetaField::DataLocations,
        MetaField::Offerings,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MetaField::Title => "Title",
            MetaField::Organisation => "Organisation",
            MetaField::Scope => "Scope",
            MetaField::Role => "Our role",
            MetaField::Facilitator => "Facilitator",
            MetaField::Providers => "Providers",
            MetaField::Participants => "Participants",
            MetaField::DataLocations => "Data locations",
            MetaField::Offerings => "Offerings we provide",
        }
    }

    /// How the line is written, shown under the field while editing.
    pub fn hint(self) -> &'static str {
        match self {
            MetaField::Role => "1 customer (csc), 2 provider (csp), 3 both",
            MetaField::Providers => {
                "Name: service, service; Name: service   (\\ before ; / : , keeps it as text)"
            }
            MetaField::Participants => {
                "Name / role / customer|provider|third_party|a provider's name [/ for whom]; ...   (\\ before ; or / keeps it as text)"
            }
            MetaField::DataLocations => {
                "provider / location / jurisdiction / notes; ...   (\\ before ; or / keeps it as text)"
            }
            MetaField::Offerings => {
                "Name / description; ...   (role csp or both; \\ before ; or / keeps it as text)"
            }
            _ => "",
        }
    }

    pub fn value(self, m: &Metadata) -> String {
        use super::line_list::escape;
        match self {
            MetaField::Title => m.title.clone(),
            MetaField::Organisation => m.organisation.clone(),
            MetaField::Scope => m.scope.clone(),
            MetaField::Role => m.role.label().to_string(),
            MetaField::Facilitator => m.facilitator.clone(),
            MetaField::Providers => m
                .providers
                .iter()
                .map(|p| {
                    if p.services.is_empty() {
                        escape(&p.name)
                    } else {
                        let services: Vec<String> = p.services.iter().map(|s| escape(s)).collect();
                        format!("{}: {}", escape(&p.name), services.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            MetaField::Participants => m
                .participants
                .iter()
                .map(|p| {
                    let line = format!(
                        "{} / {} / {}",
                        escape(&p.name),
                        escape(&p.role),
                        p.side.key()
                    );
                    if p.speaks_for.is_empty() {
                        line
                    } else {
                        format!("{line} / {}", escape(&p.speaks_for))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            MetaField::DataLocations => m
                .data_locations
                .iter()
                .map(|d| {
                    let line = format!(
                        "{} / {} / {}",
                        escape(&d.provider),
                        escape(&d.location),
                        escape(&d.jurisdiction)
                    );
                    if d.notes.is_empty() {
                        line
                    } else {
                        format!("{line} / {}", escape(&d.notes))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            MetaField::Offerings => m
                .offerings
                .iter()
                .map(|o| {
                    if o.description.is_empty() {
                        escape(&o.name)
                    } else {
                        format!("{} / {}", escape(&o.name), escape(&o.description))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// Reads the field back from its line; `value` then `set` changes nothing.
    pub fn set(self, m: &mut Metadata, text: &str) -> Result<(), String> {
        use super::line_list::{split, split_once, value};
        let items = || {
            split(text, ';')
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
        };
        let parts =
            |item: &str| -> Vec<String> { split(item, '/').into_iter().map(value).collect() };
        match self {
            MetaField::Title => {
                if text.trim().is_empty() {
                    return Err("a session needs a title".into());
                }
                m.title = text.trim().into()
            }
            MetaField::Organisation => m.organisation = text.trim().into(),
            MetaField::Scope => m.scope = text.trim().into(),
            MetaField::Facilitator => m.facilitator = text.trim().into(),
            MetaField::Role => {
                let text = text.trim();
                m.role = Role::from_key(text)
                    .or_else(|| {
                        [Role::Csc, Role::Csp, Role::Both]
                            .into_iter()
                            .find(|r| r.label() == text)
                    })
                    .ok_or_else(|| format!("role is one of: {}", Role::keys().join(", ")))?
            }
            MetaField::Providers => {
                // `Name: service, service` when there is a colon; without one, commas separate
                // provider names, as people type them ("AWS, Azure").
                m.providers = items()
                    .into_iter()
                    .flat_map(|item| match split_once(item, ':') {
                        Some((name, services)) => vec![Provider {
                            name: value(name),
                            services: split(services, ',')
                                .into_iter()
                                .map(value)
                                .filter(|s| !s.is_empty())
                                .collect(),
                        }],
                        None => split(item, ',')
                            .into_iter()
                            .map(value)
                            .filter(|name| !name.is_empty())
                            .map(|name| Provider {
                                name,
                                services: Vec::new(),
                            })
                            .collect(),
                    })
                    .collect()
            }
            MetaField::Participants => {
                let mut list = Vec::new();
                for item in items() {
                    let p = parts(item);
                    // The third part is a side, or the provider they speak for (its side is
                    // then the provider's); a fourth names the party they speak for.
                    let provider = |s: &str| {
                        m.providers
                            .iter()
                            .find(|pr| pr.name.eq_ignore_ascii_case(s))
                            .map(|pr| pr.name.clone())
                    };
                    let (side, mut speaks_for) = match p.get(2).map(String::as_str) {
                        None | Some("") => (Side::Customer, String::new()),
                        Some(s) => match Side::from_key(&s.to_lowercase().replace('-', "_")) {
                            Some(side) => (side, String::new()),
                            None => match provider(s) {
                                Some(name) => (Side::Provider, name),
                                None => {
                                    return Err(format!(
                                        "{s:?} is not a side or a provider; write one of: {}, or a provider's name (a \\ before / or ; keeps it as text)",
                                        Side::keys().join(", ")
                                    ));
                                }
                            },
                        },
                    };
                    if let Some(party) = p.get(3).filter(|x| !x.trim().is_empty()) {
                        crate::session::people::check_speaks_for(m, party)?;
                        speaks_for = provider(party).unwrap_or_else(|| party.trim().to_string());
                    }
                    list.push(Participant {
                        name: p[0].clone(),
                        role: p.get(1).cloned().unwrap_or_default(),
                        side,
                        speaks_for,
                    });
                }
                m.participants = list;
            }
            MetaField::DataLocations => {
                m.data_locations = items()
                    .into_iter()
                    .map(|item| {
                        let p = parts(item);
                        DataLocation {
                            provider: p[0].clone(),
                            location: p.get(1).cloned().unwrap_or_default(),
                            jurisdiction: p.get(2).cloned().unwrap_or_default(),
                            notes: p.get(3..).map(|rest| rest.join(" / ")).unwrap_or_default(),
                        }
                    })
                    .collect()
            }
            MetaField::Offerings => {
                m.offerings = items()
                    .into_iter()
                    .map(|item| {
                        let p = parts(item);
                        crate::session::Offering {
                            name: p[0].clone(),
                            description: p
                                .get(1..)
                                .map(|rest| rest.join(" / "))
                                .unwrap_or_default(),
                        }
                    })
                    .filter(|o| !o.name.is_empty())
                    .collect()
            }
        }
        // The documented caps hold for what is typed here as for a file that is loaded.
        crate::session::limits::check_metadata(m).map_err(|over| over.message)
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
