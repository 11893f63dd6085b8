//! The help overlay: every binding of the live keymap with its description, nothing typed
//! twice. It owns its scroll position and sees only what it draws.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::action::{Action, Command};
use crate::tui::draw::{centred, fit, open};
use crate::tui::keymap::{Key, Keymap, Mode};
use crate::tui::line_edit::{TEXT_KEYS, UNDO_STORY};
use crate::tui::model::Model;
use crate::tui::room::{Context, InputMode, Outcome, Room};

#[derive(Debug, Default)]
pub struct HelpPopup {
    pub scroll: u16,
}

impl Room for HelpPopup {
    fn update(&mut self, _model: &mut Model, action: Action) -> Outcome {
        match action {
            Action::Command(Command::NextField | Command::SelectNext) => {
                self.scroll = self.scroll.saturating_add(1);
                Outcome::stay()
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious) => {
                self.scroll = self.scroll.saturating_sub(1);
                Outcome::stay()
            }
            // Any other command closes it, the help key among them.
            Action::Command(_) => Outcome::close(),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let area = centred(screen, 78, screen.height.saturating_sub(2));
        let inner = open(
            frame,
            theme,
            area,
            " Help · keys (from your keymap) ".into(),
        );
        let mut lines = Vec::new();
        let binding = |command: Command, keys: &[Key]| {
            let keys: Vec<String> = keys.iter().map(|k| k.label()).collect();
            Line::from(vec![
                Span::styled(format!("  {:<16}", fit(&keys.join(" "), 16)), theme.label()),
                Span::raw(command.description()),
            ])
        };
        // The list; then what every popup shares; then, per context, only what differs.
        let common: Vec<(Command, Vec<Key>)> = cx
            .keymap
            .bindings(Mode::Walk)
            .iter()
            .filter(|b| {
                Mode::POPUPS
                    .iter()
                    .all(|m| cx.keymap.bindings(*m).contains(b))
            })
            .cloned()
            .collect();
        let own = |mode: Mode| -> Vec<(Command, Vec<Key>)> {
            cx.keymap
                .bindings(mode)
                .iter()
                .filter(|b| !b.1.is_empty() && !common.contains(b))
                .cloned()
                .collect()
        };
        let mut sections = vec![(Mode::List.title(), cx.keymap.bindings(Mode::List).to_vec())];
        sections.push(("In popups, the walk and forms", common.clone()));
        for mode in Mode::POPUPS {
            let differs = own(mode);
            if !differs.is_empty() {
                sections.push((mode.title(), differs));
            }
        }
        for (title, bindings) in sections {
            lines.push(Line::styled(title, theme.heading()));
            for (command, keys) in bindings.iter().filter(|(_, k)| !k.is_empty()) {
                lines.push(binding(*command, keys));
            }
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled("In text fields", theme.heading()));
        // The text section's commands where they are not the popups' own.
        for (command, keys) in own(Mode::Text) {
            lines.push(binding(command, &keys));
        }
        for (keys, what) in TEXT_KEYS {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<16}", fit(keys, 16)), theme.label()),
                Span::raw(*what),
            ]));
        }
        lines.push(Line::styled(UNDO_STORY, theme.muted()));
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Digits pick numbered options. Glyphs: · not assessed  ✓ implemented  ✗ gap  – not applicable  ? status unknown  ⚑ flagged  ≠ merge conflict",
            theme.muted(),
        ));
        if let Some(path) = Keymap::user_file() {
            lines.push(Line::styled(
                format!("Override keys in {}", path.display()),
                theme.muted(),
            ));
        }
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            inner,
        );
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Commands
    }
}
