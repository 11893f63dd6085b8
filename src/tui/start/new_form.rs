//! The start screen's new-session form: its rows, moving and editing in them, and the session
//! it asks the runner to create.

use std::path::PathBuf;

use ratatui_textarea::TextArea;

use super::{StartOutcome, StartScreen};
use crate::session::NewSession;
use crate::session::Role;
use crate::tui::line_edit::input_text;

pub const NEW_FIELDS: [&str; 10] = [
    "File",
    "Title",
    "Organisation",
    "Scope",
    "Our role",
    "Catalogue",
    "Providers",
    "Facilitator",
    "Participants",
    // Shown only when our role is a provider's (it is then what the provider's seat walks).
    "Offerings",
];

pub(super) const ROLE: usize = 4;
pub(super) const CATALOGUE: usize = 5;
const PROVIDERS: usize = 6;
const FACILITATOR: usize = 7;
const PARTICIPANTS: usize = 8;
const OFFERINGS: usize = 9;

pub struct NewForm {
    pub values: [String; 10],
    pub selected: usize,
    pub editing: Option<TextArea<'static>>,
    pub role: Role,
    /// Index into the screen's catalogues.
    pub catalogue: usize,
    /// The values the form opened with: Esc leaves without asking only while nothing changed.
    pub(super) initial: [String; 10],
    /// Esc was pressed on a changed form: `y` discards it, any other key keeps editing.
    pub confirm_discard: bool,
}

impl NewForm {
    pub(super) fn changed(&self) -> bool {
        self.values != self.initial
            || self
                .editing
                .as_ref()
                .is_some_and(|input| input_text(input).trim() != self.values[self.selected].trim())
    }

    /// Keeps what the row's text box holds and closes it.
    pub(super) fn commit(&mut self) {
        if let Some(input) = self.editing.take() {
            self.values[self.selected] = input_text(&input).trim().to_string();
        }
    }

    /// Whether row `i` is on the form: the offerings row only in a provider's session.
    pub fn shows(&self, i: usize) -> bool {
        i != OFFERINGS || self.role.is_provider()
    }

    /// The next row shown (or Create), and the one before.
    pub(super) fn next_row(&self) -> usize {
        let mut i = self.selected + 1;
        while i < NEW_FIELDS.len() && !self.shows(i) {
            i += 1;
        }
        i.min(NEW_FIELDS.len())
    }

    pub(super) fn previous_row(&self) -> usize {
        let mut i = self.selected.saturating_sub(1);
        while i > 0 && !self.shows(i) {
            i -= 1;
        }
        i
    }

    /// Rows that take typed text (the role and catalogue rows are choices; then Create).
    pub(super) fn is_text_row(&self) -> bool {
        !matches!(self.selected, ROLE | CATALOGUE) && self.selected < NEW_FIELDS.len()
    }
}

/// How the rows that hold lists are written, shown while such a row is selected.
pub(super) fn syntax(row: usize) -> Option<String> {
    match row {
        PROVIDERS => Some(
            "Providers: AWS: EC2, S3; Azure: Entra ID  (a provider, its services after a colon; ; between providers; or just AWS, Azure)".into(),
        ),
        OFFERINGS => Some(
            "Offerings: Payroll Cloud; Payroll API / the public API  (what we provide to our customers: each one's lines are asked from the provider's seat; / before a description; ; between offerings)".into(),
        ),
        PARTICIPANTS => Some(format!(
            "Participants: Ana Lima / CISO / customer; Ben Ode / architect / AWS  (name / role / side: {}, or the provider they speak for; ; between people)",
            crate::session::Side::keys().join(", ")
        )),
        _ => None,
    }
}
impl std::fmt::Debug for NewForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewForm")
            .field("values", &self.values)
            .finish()
    }
}
impl StartScreen {
    pub(super) fn open_form(&mut self) {
        let user = std::env::var("USER").unwrap_or_default();
        let values = [
            "workshop.ron".into(),
            String::new(),
            String::new(),
            String::new(),
            "csc".into(),
            self.catalogue_value(0),
            String::new(),
            user,
            String::new(),
            String::new(),
        ];
        self.form = Some(NewForm {
            initial: values.clone(),
            values,
            selected: 1,
            editing: None,
            role: Role::Csc,
            catalogue: 0,
            confirm_discard: false,
        });
    }

    pub(super) fn create(&mut self) -> StartOutcome {
        let Some(form) = &self.form else {
            return StartOutcome::Stay;
        };
        let file = form.values[0].trim();
        if file.is_empty() {
            self.error = Some("the new session needs a file name".into());
            return StartOutcome::Stay;
        }
        let path = PathBuf::from(file);
        if path.exists() {
            self.error = Some(format!(
                "{} already exists; choose another name or open it from the list",
                path.display()
            ));
            return StartOutcome::Stay;
        }
        let spec = NewSession {
            title: form.values[1].clone(),
            organisation: form.values[2].clone(),
            scope: form.values[3].clone(),
            role: form.role,
            // Read by the session-details parser, so `AWS: EC2, S3; Google Cloud: BigQuery`
            // means here what it means there.
            providers: Vec::new(),
            facilitator: form.values[FACILITATOR].clone(),
            offerings: Vec::new(),
        };
        StartOutcome::Create {
            path,
            spec: Box::new(spec),
            providers: form.values[PROVIDERS].clone(),
            participants: form.values[PARTICIPANTS].clone(),
            offerings: if form.role.is_provider() {
                form.values[OFFERINGS].clone()
            } else {
                String::new()
            },
            catalogue: self.catalogues[form.catalogue.min(self.catalogues.len() - 1)]
                .name
                .clone(),
        }
    }
}
