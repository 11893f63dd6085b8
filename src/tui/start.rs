//! The start screen: recent sessions to reopen, a session file to open by path, and a form for a
//! new session on any catalogue the runner found. Its state changes only in `update`; the runner
//! lists the catalogues and opens or creates the file it asks for.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::keymap::Key;
use super::popup::{input_text, line_input, paste_into, type_into};
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

pub const NEW_FIELDS: [&str; 9] = [
    "File",
    "Title",
    "Organisation",
    "Scope",
    "Our role",
    "Catalogue",
    "Providers",
    "Facilitator",
    "Participants",
];

const ROLE: usize = 4;
const CATALOGUE: usize = 5;
const PROVIDERS: usize = 6;
const FACILITATOR: usize = 7;
const PARTICIPANTS: usize = 8;

pub struct NewForm {
    pub values: [String; 9],
    pub selected: usize,
    pub editing: Option<TextArea<'static>>,
    pub role: Role,
    /// Index into the screen's catalogues.
    pub catalogue: usize,
    /// The values the form opened with: Esc leaves without asking only while nothing changed.
    initial: [String; 9],
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

    /// Rows that take typed text (the role and catalogue rows are choices; then Create).
    fn is_text_row(&self) -> bool {
        !matches!(self.selected, ROLE | CATALOGUE) && self.selected < NEW_FIELDS.len()
    }
}

/// How the rows that hold lists are written, shown while such a row is selected.
fn syntax(row: usize) -> Option<String> {
    match row {
        PROVIDERS => Some(
            "Providers: AWS: EC2, S3; Azure: Entra ID  (a provider, its offerings after a colon; ; between providers; or just AWS, Azure)".into(),
        ),
        PARTICIPANTS => Some(format!(
            "Participants: Ana Lima / CISO / customer; Ben Ode / architect / provider  (name / role / side: {}; ; between people)",
            crate::session::Side::keys().join(", ")
        )),
        _ => None,
    }
}

pub struct StartScreen {
    /// The help overlay: `?` where no text box has focus, F1 everywhere.
    pub help: bool,
    pub recent: Vec<Recent>,
    pub catalogues: Vec<CatalogueChoice>,
    /// 0..recent: a recent session; then "New session", then "Open a session file".
    pub selected: usize,
    pub form: Option<NewForm>,
    /// The path being typed for "Open a session file".
    pub opening: Option<TextArea<'static>>,
    pub error: Option<String>,
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
    pub fn new(recent: Vec<Recent>, catalogues: Vec<CatalogueChoice>) -> StartScreen {
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

    pub fn update(&mut self, event: Event) -> StartOutcome {
        if let Event::Paste(text) = &event
            && let Some(input) = self
                .opening
                .as_mut()
                .or_else(|| self.form.as_mut().and_then(|f| f.editing.as_mut()))
        {
            paste_into(input, text);
            return StartOutcome::Stay;
        }
        let Event::Key(key_event) = event else {
            return StartOutcome::Stay;
        };
        let Some(key) = Key::from_event(&key_event) else {
            return StartOutcome::Stay;
        };
        if key.ctrl && key.code == KeyCode::Char('c') {
            return StartOutcome::Quit;
        }
        // Help: F1 anywhere, `?` where it cannot be text; while it shows, a key closes it.
        let help_key = key.code == KeyCode::F(1)
            || (key.code == KeyCode::Char('?') && !key.ctrl && !key.alt && !self.text_has_focus());
        if self.help {
            self.help = false;
            return StartOutcome::Stay;
        }
        if help_key {
            self.help = true;
            return StartOutcome::Stay;
        }
        if let Some(input) = self.opening.as_mut() {
            match key.code {
                KeyCode::Enter => {
                    let path = input_text(input).trim().to_string();
                    if path.is_empty() {
                        self.error = Some("type the path of a session file".into());
                        return StartOutcome::Stay;
                    }
                    self.opening = None;
                    self.error = None;
                    return StartOutcome::Open(PathBuf::from(path));
                }
                KeyCode::Esc => {
                    self.opening = None;
                    self.error = None;
                }
                _ => type_into(input, key_event),
            }
            return StartOutcome::Stay;
        }
        let catalogues = self.catalogues.len();
        let catalogue_values: Vec<String> =
            (0..catalogues).map(|i| self.catalogue_value(i)).collect();
        if let Some(form) = self.form.as_mut() {
            if form.confirm_discard {
                form.confirm_discard = false;
                if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                    self.form = None;
                    self.error = None;
                }
                return StartOutcome::Stay;
            }
            if let Some(input) = form.editing.as_mut() {
                match key.code {
                    // Enter, Tab and ↓ keep the row and go on; from the last row, to Create.
                    KeyCode::Enter | KeyCode::Tab | KeyCode::Down => {
                        form.commit();
                        form.selected = (form.selected + 1).min(NEW_FIELDS.len());
                    }
                    KeyCode::BackTab | KeyCode::Up => {
                        form.commit();
                        form.selected = form.selected.saturating_sub(1);
                    }
                    KeyCode::Esc => form.editing = None,
                    _ => type_into(input, key_event),
                }
                return StartOutcome::Stay;
            }
            match key.code {
                KeyCode::Esc if form.changed() => form.confirm_discard = true,
                KeyCode::Esc => self.form = None,
                KeyCode::Down | KeyCode::Tab => {
                    form.selected = (form.selected + 1).min(NEW_FIELDS.len())
                }
                KeyCode::Up | KeyCode::BackTab => form.selected = form.selected.saturating_sub(1),
                KeyCode::Char(c @ '1'..='3') if form.selected == ROLE => {
                    form.role = [Role::Csc, Role::Csp, Role::Both][c as usize - '1' as usize];
                    form.values[ROLE] = form.role.key().into();
                }
                KeyCode::Enter if form.selected == ROLE => {
                    form.role = match form.role {
                        Role::Csc => Role::Csp,
                        Role::Csp => Role::Both,
                        Role::Both => Role::Csc,
                    };
                    form.values[ROLE] = form.role.key().into();
                }
                KeyCode::Char(c @ '1'..='9') if form.selected == CATALOGUE => {
                    let n = c as usize - '1' as usize;
                    if n < catalogues {
                        form.catalogue = n;
                        form.values[CATALOGUE] = catalogue_values[n].clone();
                    }
                }
                KeyCode::Enter if form.selected == CATALOGUE => {
                    form.catalogue = (form.catalogue + 1) % catalogues;
                    form.values[CATALOGUE] = catalogue_values[form.catalogue].clone();
                }
                KeyCode::Enter if form.selected == NEW_FIELDS.len() => {
                    return self.create();
                }
                KeyCode::Enter => {
                    form.editing = Some(line_input(&form.values[form.selected]));
                }
                // Typing on a text row edits it at once: the key goes in after what it holds.
                KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete
                    if form.is_text_row() && !key.ctrl && !key.alt =>
                {
                    let mut input = line_input(&form.values[form.selected]);
                    type_into(&mut input, key_event);
                    form.editing = Some(input);
                }
                _ => {}
            }
            return StartOutcome::Stay;
        }
        let items = self.recent.len() + 2;
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return StartOutcome::Quit,
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(items - 1)
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Char('n') => self.open_form(),
            KeyCode::Char('o') => self.opening = Some(TextArea::default()),
            KeyCode::Enter => {
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
                    let value = if i == ROLE {
                        format!("{}  (1 customer, 2 provider, 3 both)", form.role.label())
                    } else if i == CATALOGUE && self.catalogues.len() > 1 {
                        format!(
                            "({} of {}, Enter: next)  {}",
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
        let hint = match (&self.error, &self.form) {
            (_, Some(form)) if form.confirm_discard => Line::styled(
                "Discard this new session? y discards it · any other key keeps editing",
                theme.error(),
            ),
            (Some(e), _) => Line::styled(one_line(e).into_owned(), theme.error()),
            (None, None) if self.opening.is_some() => Line::styled(
                "type or paste a path · Enter open · Esc back",
                theme.muted(),
            ),
            (None, None) => Line::styled(
                "↑↓ choose · Enter open · n new session · o open a file · q quit",
                theme.muted(),
            ),
            (None, Some(_)) => Line::styled(
                "↑↓ move · type to fill a row · Enter next · Esc back · F1 help",
                theme.muted(),
            ),
        };
        frame.render_widget(Paragraph::new(hint).wrap(Wrap { trim: true }), footer);
        if self.help {
            render_help(theme, frame, area);
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

/// The start screen's keys, over the screen; any key closes it.
fn render_help(theme: &Theme, frame: &mut Frame, area: Rect) {
    const KEYS: [(&str, &str); 12] = [
        ("↑ ↓", "choose a session or a row"),
        ("Enter", "open / edit a row / next row / create"),
        ("n", "new session"),
        ("o", "open a session file by path"),
        ("typing", "fills the selected row of the new-session form"),
        ("1-3, Enter", "our role; 1-9, Enter: the catalogue"),
        ("Esc", "leave a row as it was; leave the form (asks first)"),
        ("← → Home End", "move in a text box"),
        ("Backspace Del", "delete in a text box"),
        ("? / F1", "this help (? where no text box has the keys)"),
        ("q", "quit (from the list)"),
        ("Ctrl-C", "quit"),
    ];
    let width = area.width.clamp(20, 76);
    let height = (KEYS.len() as u16 + 3).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(" Help · any key closes ", theme.title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let lines: Vec<Line> = KEYS
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
