//! The default bindings, one table per context; a user's file applies over them.

use super::bindings::{Keymap, Mode};
use super::keys::Key;
use crate::tui::action::Command;

const LIST_DEFAULTS: &[(Command, &[&str])] = &[
    (Command::Walk, &["w"]),
    (Command::Edit, &["enter"]),
    (Command::OpenJump, &["/"]),
    (Command::SelectNext, &["down", "j"]),
    (Command::SelectPrevious, &["up", "k"]),
    (Command::PageDown, &["pgdn", "ctrl-d"]),
    (Command::PageUp, &["pgup", "ctrl-u"]),
    (Command::SelectFirst, &["home", "g"]),
    (Command::SelectLast, &["end", "G"]),
    (Command::NextUnassessed, &["n"]),
    (Command::ScrollDetailDown, &["J", "ctrl-e"]),
    (Command::ScrollDetailUp, &["K", "ctrl-y"]),
    (Command::ToggleFlag, &["p"]),
    (Command::ResolveConflict, &["c"]),
    (Command::LogDecision, &["l"]),
    (Command::ReadDecisions, &["L"]),
    (Command::OpenFilter, &["f"]),
    (Command::ToggleDashboard, &["d"]),
    (Command::TogglePresenter, &["P"]),
    (Command::EditMetadata, &["m"]),
    (Command::Export, &["e"]),
    (Command::Undo, &["u"]),
    (Command::Redo, &["ctrl-r"]),
    (Command::Save, &["ctrl-s"]),
    (Command::Help, &["?", "f1"]),
    (Command::Quit, &["q", "ctrl-c"]),
];

/// Every popup context and a text field start from these: no printable key among them, so a
/// text field types every character. Each popup takes the commands it has a use for.
const POPUP_DEFAULTS: &[(Command, &[&str])] = &[
    (Command::Confirm, &["enter"]),
    (Command::Cancel, &["esc", "ctrl-c"]),
    (Command::Skip, &["tab"]),
    (Command::Back, &["backtab"]),
    (Command::NextField, &["down"]),
    (Command::PreviousField, &["up"]),
    (Command::AcceptSuggestion, &["right"]),
    // A one-line text box has no selection to cut, so Ctrl-x is free even while typing.
    (Command::RemoveRecord, &["ctrl-x"]),
    (Command::ResolveConflict, &["ctrl-o"]),
    (Command::Save, &["ctrl-s"]),
    (Command::Undo, &["ctrl-z"]),
    (Command::Redo, &["ctrl-r"]),
    (Command::Help, &["f1"]),
    (Command::NextControl, &["pgdn"]),
    (Command::PreviousControl, &["pgup"]),
    (Command::OpenJump, &["ctrl-g"]),
    (Command::ToggleDepth, &["ctrl-t"]),
    (Command::Park, &["ctrl-p"]),
];

/// The start screen's keys. Its printable keys act on the list of sessions only: in the
/// new-session form and the path box they type.
const START_DEFAULTS: &[(Command, &[&str])] = &[
    (Command::SelectNext, &["down", "j"]),
    (Command::SelectPrevious, &["up", "k"]),
    (Command::Confirm, &["enter"]),
    (Command::Cancel, &["esc"]),
    (Command::Skip, &["tab"]),
    (Command::Back, &["backtab"]),
    (Command::NewSession, &["n"]),
    (Command::OpenFile, &["o"]),
    (Command::Help, &["?", "f1"]),
    (Command::Quit, &["q", "ctrl-c"]),
];

/// The other popups (no text field of their own has the keys there) also take Space: it ticks
/// an entry of a checklist.
const DIALOG_EXTRA: &[(Command, &[&str])] = &[(Command::Toggle, &["space"])];

pub(super) fn defaults(
    mode: Mode,
) -> impl Iterator<Item = &'static (Command, &'static [&'static str])> {
    let (own, extra) = match mode {
        Mode::List => (LIST_DEFAULTS, &[][..]),
        Mode::Start => (START_DEFAULTS, &[][..]),
        Mode::Dialog => (POPUP_DEFAULTS, DIALOG_EXTRA),
        Mode::Walk | Mode::Form | Mode::Jump | Mode::Export | Mode::Text => {
            (POPUP_DEFAULTS, &[][..])
        }
    };
    own.iter().chain(extra)
}

impl Default for Keymap {
    fn default() -> Keymap {
        let bindings = Mode::ALL
            .into_iter()
            .map(|mode| {
                let list = defaults(mode)
                    .map(|(c, keys)| (*c, keys.iter().filter_map(|k| Key::parse(k)).collect()))
                    .collect();
                (mode, list)
            })
            .collect();
        Keymap {
            bindings,
            warnings: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::keys::press;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn defaults_and_shift_folding() {
        let km = Keymap::default();
        assert_eq!(
            km.commands(Mode::List, &press(KeyCode::Char('P'), KeyModifiers::SHIFT)),
            [Command::TogglePresenter]
        );
        assert_eq!(
            km.commands(
                Mode::List,
                &press(KeyCode::Char('r'), KeyModifiers::CONTROL)
            ),
            [Command::Redo]
        );
        assert_eq!(
            km.commands(Mode::Walk, &press(KeyCode::Tab, KeyModifiers::SHIFT)),
            [Command::Back]
        );
    }
}
