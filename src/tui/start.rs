//! The start screen: recent sessions to reopen, and a form for a new session. Its state changes
//! only in `update`; the runner opens or creates the file it asks for.

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
use crate::cli::NewSession;
use crate::sanitise::one_line;
use crate::session::Role;

/// A recent session with a one-line summary read by the runner (or why it cannot be read).
#[derive(Debug, Clone)]
pub struct Recent {
    pub path: PathBuf,
    pub summary: Result<String, String>,
}

pub const NEW_FIELDS: [&str; 8] = [
    "File",
    "Title",
    "Organisation",
    "Scope",
    "Our role",
    "Providers",
    "Facilitator",
    "Participants",
];

pub struct NewForm {
    pub values: [String; 8],
    pub selected: usize,
    pub editing: Option<TextArea<'static>>,
    pub role: Role,
}

pub struct StartScreen {
    pub recent: Vec<Recent>,
    pub selected: usize,
    pub form: Option<NewForm>,
    pub error: Option<String>,
}

/// What the start screen asks the runner to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartOutcome {
    Stay,
    Open(PathBuf),
    Create {
        path: PathBuf,
        spec: NewSession,
        participants: String,
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
    pub fn new(recent: Vec<Recent>) -> StartScreen {
        StartScreen {
            recent,
            selected: 0,
            form: None,
            error: None,
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
                String::new(),
                user,
                String::new(),
            ],
            selected: 1,
            editing: None,
            role: Role::Csc,
        });
    }

    pub fn update(&mut self, event: Event) -> StartOutcome {
        if let Event::Paste(text) = &event
            && let Some(input) = self.form.as_mut().and_then(|f| f.editing.as_mut())
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
                KeyCode::Char(c @ '1'..='3') if form.selected == 4 => {
                    form.role = [Role::Csc, Role::Csp, Role::Both][c as usize - '1' as usize];
                    form.values[4] = form.role.key().into();
                }
                KeyCode::Enter if form.selected == 4 => {
                    form.role = match form.role {
                        Role::Csc => Role::Csp,
                        Role::Csp => Role::Both,
                        Role::Both => Role::Csc,
                    };
                    form.values[4] = form.role.key().into();
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
        let items = self.recent.len() + 1;
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return StartOutcome::Quit,
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(items - 1)
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Char('n') => self.open_form(),
            KeyCode::Enter => {
                if self.selected < self.recent.len() {
                    return StartOutcome::Open(self.recent[self.selected].path.clone());
                }
                self.open_form();
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
            providers: form.values[5]
                .split([',', ';'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            facilitator: form.values[6].clone(),
        };
        StartOutcome::Create {
            path,
            spec,
            participants: form.values[7].clone(),
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
                let new = Line::raw("  + New session…");
                lines.push(if self.selected == self.recent.len() {
                    new.style(theme.selected())
                } else {
                    new
                });
            }
            Some(form) => {
                lines.push(Line::styled("New session", theme.heading()));
                for (i, label) in NEW_FIELDS.iter().enumerate() {
                    let value = if i == 4 {
                        format!("{}  (1 customer, 2 provider, 3 both)", form.role.label())
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
        frame.render_widget(Paragraph::new(lines), body);
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
            (Some(e), _) => Line::styled(e.clone(), theme.error()),
            (None, None) => Line::styled(
                "↑↓ choose · Enter open · n new session · q quit",
                theme.muted(),
            ),
            (None, Some(_)) => Line::styled(
                "↑↓ move · Enter edit / confirm · Participants: Name / role / side; … · Esc back",
                theme.muted(),
            ),
        };
        frame.render_widget(Paragraph::new(hint).wrap(Wrap { trim: true }), footer);
    }
}
