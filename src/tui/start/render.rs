//! Drawing the start screen: the list or the new-session form, the open-by-path box, the footer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::StartScreen;
use super::help::render_help;
use super::new_form::{CATALOGUE, NEW_FIELDS, ROLE, syntax};
use crate::sanitise::one_line;
use crate::tui::action::Command;
use crate::tui::keymap::Mode;
use crate::tui::theme::Theme;
use crate::tui::view::fit;

impl StartScreen {
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
        crate::tui::view::sanitise_cells(frame.buffer_mut());
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
