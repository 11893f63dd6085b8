//! The start screen: recent sessions to reopen, a session file to open by path, and a form for a
//! new session on any catalogue the runner found. Its state changes only in `update`; the runner
//! lists the catalogues and opens or creates the file it asks for.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
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
}

pub struct StartScreen {
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
        self.form = Some(NewForm {
            values: [
                "workshop.ron".into(),
                String::new(),
                String::new(),
                String::new(),
                "csc".into(),
                self.catalogue_value(0),
                String::new(),
                user,
                String::new(),
            ],
            selected: 1,
            editing: None,
            role: Role::Csc,
            catalogue: 0,
        });
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
            if let Some(input) = form.editing.as_mut() {
                match key.code {
                    KeyCode::Enter => {
                        form.values[form.selected] = input_text(input).trim().to_string();
                        form.editing = None;
                        if form.selected + 1 < NEW_FIELDS.len() {
                            form.selected += 1;
                        }
                    }
                    KeyCode::Esc => form.editing = None,
                    _ => type_into(input, key_event),
                }
                return StartOutcome::Stay;
            }
            match key.code {
                KeyCode::Esc => self.form = None,
                KeyCode::Down | KeyCode::Tab | KeyCode::Char('j') => {
                    form.selected = (form.selected + 1).min(NEW_FIELDS.len())
                }
                KeyCode::Up | KeyCode::BackTab | KeyCode::Char('k') => {
                    form.selected = form.selected.saturating_sub(1)
                }
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
                let mut input = input.clone();
                input.set_style(theme.selected());
                frame.render_widget(&input, row);
            }
        }
        let hint = match (&self.error, &self.form) {
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
                "↑↓ move · Enter edit / confirm · Participants: Name / role / side; … · Esc back",
                theme.muted(),
            ),
        };
        frame.render_widget(Paragraph::new(hint).wrap(Wrap { trim: true }), footer);
        super::view::sanitise_cells(frame.buffer_mut());
    }
}
