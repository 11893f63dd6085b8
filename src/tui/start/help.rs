//! The start screen's help: its keys from the live bindings.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::action::Command;
use crate::tui::keymap::{Key, Keymap, Mode};
use crate::tui::theme::Theme;
use crate::tui::view::fit;

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
pub(super) fn render_help(keymap: &Keymap, theme: &Theme, frame: &mut Frame, area: Rect) {
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
    let popup = crate::tui::draw::centred(area, 76, rows.len() as u16 + 2);
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
