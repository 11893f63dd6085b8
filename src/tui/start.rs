//! The start screen: recent sessions to reopen, a session file to open by path, and a form for a
//! new session on any catalogue the runner found. Keys become actions through the keymap's
//! `start` section (`input::translate_start`); its state changes only in `update`; footers and
//! help read the live bindings. The runner lists the catalogues and opens or creates the file it
//! asks for.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::action::{Action, Command};
use super::keymap::{Key, Keymap, Mode};
use super::line_edit::{input_text, line_input, paste_into, type_into};
use super::theme::Theme;
use super::view::fit;
use crate::sanitise::one_line;
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

const ROLE: usize = 4;
const CATALOGUE: usize = 5;
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
    initial: [String; 10],
    /// Esc was pressed on a changed form: `y` discards it, any other key keeps editing.
    pub confirm_discard: bool,
}

impl NewForm {
    fn changed(&self) -> bool {
        self.values != self.initial
            || self
                .editing
                .as_ref()
                .is_some_and(|input| input_text(input).trim() != self.values[self.selected].trim())
    }

    /// Keeps what the row's text box holds and closes it.
    fn commit(&mut self) {
        if let Some(input) = self.editing.take() {
            self.values[self.selected] = input_text(&input).trim().to_string();
        }
    }

    /// Whether row `i` is on the form: the offerings row only in a provider's session.
    pub fn shows(&self, i: usize) -> bool {
        i != OFFERINGS || self.role.is_provider()
    }

    /// The next row shown (or Create), and the one before.
    fn next_row(&self) -> usize {
        let mut i = self.selected + 1;
        while i < NEW_FIELDS.len() && !self.shows(i) {
            i += 1;
        }
        i.min(NEW_FIELDS.len())
    }

    fn previous_row(&self) -> usize {
        let mut i = self.selected.saturating_sub(1);
        while i > 0 && !self.shows(i) {
            i -= 1;
        }
        i
    }

    /// Rows that take typed text (the role and catalogue rows are choices; then Create).
    fn is_text_row(&self) -> bool {
        !matches!(self.selected, ROLE | CATALOGUE) && self.selected < NEW_FIELDS.len()
    }
}

/// How the rows that hold lists are written, shown while such a row is selected.
fn syntax(row: usize) -> Option<String> {
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

impl std::fmt::Debug for NewForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewForm")
            .field("values", &self.values)
            .finish()
    }
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

    fn open_form(&mut self) {
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

    fn create(&mut self) -> StartOutcome {
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

    pub fn render(&self, theme: &Theme, frame: &mut Frame) {
        let area = frame.area();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(
                " gapwalk · ISO/IEC 27017 cloud security gap analysis ",
                theme.title(),
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [body, footer] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
        let width = body.width as usize;
        let mut lines = Vec::new();
        match &self.form {
            None => {
                lines.push(Line::styled("Recent sessions", theme.heading()));
                if self.recent.is_empty() {
                    lines.push(Line::styled(
                        "  none yet: sessions you open appear here",
                        theme.muted(),
                    ));
                }
                for (i, r) in self.recent.iter().enumerate() {
                    let summary = match &r.summary {
                        Ok(s) => s.clone(),
                        Err(e) => format!("cannot open: {e}"),
                    };
                    let text = format!("  {}  {}", r.path.display(), one_line(&summary));
                    let line = Line::raw(fit(&text, width));
                    lines.push(if i == self.selected {
                        line.style(theme.selected())
                    } else {
                        line
                    });
                }
                lines.push(Line::raw(""));
                for (i, label) in ["  + New session…", "  ↗ Open a session file…"]
                    .into_iter()
                    .enumerate()
                {
                    let line = Line::raw(label);
                    lines.push(if self.selected == self.recent.len() + i {
                        line.style(theme.selected())
                    } else {
                        line
                    });
                }
                if self.opening.is_some() {
                    lines.push(Line::raw(""));
                    lines.push(Line::styled("Session file to open:", theme.label()));
                }
            }
            Some(form) => {
                lines.push(Line::styled("New session", theme.heading()));
                for (i, label) in NEW_FIELDS.iter().enumerate() {
                    if !form.shows(i) {
                        continue;
                    }
                    let value = if i == ROLE {
                        format!(
                            "{}  (1 customer, 2 provider, 3 both; Space: next)",
                            form.role.label()
                        )
                    } else if i == CATALOGUE && self.catalogues.len() > 1 {
                        format!(
                            "({} of {}, a digit or Space: next)  {}",
                            form.catalogue + 1,
                            self.catalogues.len(),
                            one_line(&form.values[i])
                        )
                    } else {
                        form.values[i].clone()
                    };
                    let line = Line::from(vec![
                        Span::styled(format!("  {label:<14}"), theme.label()),
                        Span::raw(fit(&value, width.saturating_sub(16))),
                    ]);
                    lines.push(if i == form.selected && form.editing.is_none() {
                        line.style(theme.selected())
                    } else {
                        line
                    });
                }
                let create = Line::raw("  [ Create and open ]");
                lines.push(if form.selected == NEW_FIELDS.len() {
                    create.style(theme.selected())
                } else {
                    create
                });
                if let Some(syntax) = syntax(form.selected) {
                    lines.push(Line::raw(""));
                    for part in textwrap_lines(&syntax, width.saturating_sub(2)) {
                        lines.push(Line::styled(format!("  {part}"), theme.muted()));
                    }
                }
            }
        }
        let path_row = body.y + lines.len() as u16;
        frame.render_widget(Paragraph::new(lines), body);
        if let Some(input) = &self.opening
            && path_row < body.y + body.height
        {
            let row = Rect {
                x: body.x + 2,
                y: path_row,
                width: body.width.saturating_sub(2),
                height: 1,
            };
            frame.render_widget(Clear, row);
            let mut input = input.clone();
            input.set_style(theme.selected());
            frame.render_widget(&input, row);
        }
        if let Some(form) = &self.form
            && let Some(input) = &form.editing
        {
            let row = Rect {
                x: body.x + 16,
                y: body.y + 1 + form.selected as u16,
                width: body.width.saturating_sub(16),
                height: 1,
            };
            if row.y < body.y + body.height {
                // The row's old value was drawn underneath: clear it, so a value made shorter
                // leaves nothing of the longer one behind.
                frame.render_widget(Clear, row);
                let mut input = input.clone();
                input.set_style(theme.selected());
                frame.render_widget(&input, row);
            }
        }
        let key = |command| self.keymap.hint(Mode::Start, command);
        // Where a text box may have the keys, the keys that do not type.
        let typing_key = |command| self.keymap.hint_while_typing(Mode::Start, command);
        let hint = match (&self.error, &self.form) {
            (_, Some(form)) if form.confirm_discard => Line::styled(
                "Discard this new session? y discards it · any other key keeps editing",
                theme.error(),
            ),
            (Some(e), _) => Line::styled(one_line(e).into_owned(), theme.error()),
            (None, None) if self.opening.is_some() => Line::styled(
                format!(
                    "type or paste a path · {} open · {} back",
                    typing_key(Command::Confirm),
                    typing_key(Command::Cancel)
                ),
                theme.muted(),
            ),
            (None, None) => Line::styled(
                format!(
                    "{}{} choose · {} open · {} new session · {} open a file · {} quit",
                    key(Command::SelectPrevious),
                    key(Command::SelectNext),
                    key(Command::Confirm),
                    key(Command::NewSession),
                    key(Command::OpenFile),
                    key(Command::Quit)
                ),
                theme.muted(),
            ),
            (None, Some(_)) => Line::styled(
                format!(
                    "{}{} move · type to fill a row · {} next · {} back · {} help",
                    typing_key(Command::SelectPrevious),
                    typing_key(Command::SelectNext),
                    typing_key(Command::Confirm),
                    typing_key(Command::Cancel),
                    typing_key(Command::Help)
                ),
                theme.muted(),
            ),
        };
        frame.render_widget(Paragraph::new(hint).wrap(Wrap { trim: true }), footer);
        if self.help {
            render_help(&self.keymap, theme, frame, area);
        }
        super::view::sanitise_cells(frame.buffer_mut());
    }
}

/// `text` broken at spaces into lines of at most `width` columns (a word longer than that
/// stands on its own line and is cut when drawn).
fn textwrap_lines(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.width() + 1 + word.width() > width.max(1) {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// What each of the start screen's commands does there, for its help.
const HELP: [(Command, &str); 10] = [
    (Command::SelectPrevious, "previous session or row"),
    (Command::SelectNext, "next session or row"),
    (Command::Confirm, "open / edit a row / next row / create"),
    (Command::NewSession, "new session"),
    (Command::OpenFile, "open a session file by path"),
    (Command::Skip, "next row of the new-session form"),
    (Command::Back, "previous row of the new-session form"),
    (
        Command::Cancel,
        "leave a row or the form (asks first); quit from the list",
    ),
    (Command::Help, "this help"),
    (Command::Quit, "quit"),
];

/// The keys that are no command: typing and moving in a text box, digits for a choice.
const TEXT_KEYS: [(&str, &str); 4] = [
    ("typing", "fills the selected row of the new-session form"),
    (
        "1-3, 1-9, Space",
        "our role; the catalogue (Space: the next one)",
    ),
    ("← → Home End", "move in a text box"),
    ("Backspace Del", "delete in a text box"),
];

/// The start screen's keys from the live bindings, over the screen; any key closes it.
fn render_help(keymap: &Keymap, theme: &Theme, frame: &mut Frame, area: Rect) {
    let bound: Vec<(String, &str)> = HELP
        .iter()
        .map(|(command, what)| {
            let keys: Vec<String> = keymap
                .keys(Mode::Start, *command)
                .iter()
                .map(Key::label)
                .collect();
            (keys.join(" "), *what)
        })
        .filter(|(keys, _)| !keys.is_empty())
        .collect();
    let rows: Vec<(String, &str)> = bound
        .into_iter()
        .chain(TEXT_KEYS.iter().map(|(k, w)| (k.to_string(), *w)))
        .chain(std::iter::once((
            String::new(),
            "character keys above act on the list; elsewhere they type",
        )))
        .collect();
    let popup = super::draw::centred(area, 76, rows.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(" Help · any key closes ", theme.title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let lines: Vec<Line> = rows
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(format!(" {key:<14}"), theme.label()),
                Span::raw(fit(what, (inner.width as usize).saturating_sub(15))),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
