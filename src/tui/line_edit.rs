//! The one text input of the workshop screen: a one-line ratatui-textarea box edited with the
//! keys of a shell's line editor, the same in every field (the walk, the forms, the jump, the
//! decision log, the export path, the start screen). The keys are listed once, in `TEXT_KEYS`,
//! which the help overlay shows; what the box does with each is `type_into`.
//!
//! The undo story: inside a field, undo (Ctrl-Z) and redo (Ctrl-R) take back and redo typing
//! in that field, and Esc leaves the field without keeping it. Once a field is kept, the change
//! is one step of the session's undo, taken back by undo outside a text field (`u` on the
//! list, Ctrl-Z in a popup).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use super::action::{Action, Command};
use crate::sanitise::one_line;

/// The editing keys of every text field, for the help: keys, then what they do.
pub const TEXT_KEYS: &[(&str, &str)] = &[
    ("Ctrl-A Home", "to the start of the line"),
    ("Ctrl-E End", "to the end of the line"),
    ("Ctrl-B ←", "a character back"),
    ("Ctrl-F", "a character forward (→ also takes a suggestion)"),
    ("Alt-B Ctrl-←", "a word back"),
    ("Alt-F Ctrl-→", "a word forward"),
    ("Ctrl-U", "delete to the start of the line"),
    ("Ctrl-K", "delete to the end of the line"),
    ("Ctrl-W Alt-⌫", "delete the word before the cursor"),
    ("Alt-D", "delete the word after the cursor"),
    ("Ctrl-Y", "put back what Ctrl-U, Ctrl-K or Ctrl-W deleted"),
    ("Ctrl-H ⌫", "delete the character before the cursor"),
    ("Ctrl-D Delete", "delete the character under the cursor"),
];

/// How the help explains undo in a text field, naming the text field's live cancel key.
pub fn undo_story(cancel: &str) -> String {
    format!(
        "In a text field undo and redo take back typing in that field and {cancel} leaves it unkept; a kept field is one step of the session's undo."
    )
}

/// A one-line text input holding `text`, cursor at the end.
pub fn line_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_string()]);
    input.move_cursor(CursorMove::End);
    input
}

/// The text of a one-line input.
pub fn input_text(input: &TextArea<'_>) -> String {
    input.lines().join(" ")
}

/// Feeds a key to a text input with the shell's editing keys. Enter never inserts a line
/// break; a key that is not an editing key and not a character does nothing.
pub fn type_into(input: &mut TextArea<'static>, key: KeyEvent) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match (key.code, ctrl, alt) {
        (KeyCode::Char('a'), true, false) | (KeyCode::Home, false, false) => {
            input.move_cursor(CursorMove::Head)
        }
        (KeyCode::Char('e'), true, false) | (KeyCode::End, false, false) => {
            input.move_cursor(CursorMove::End)
        }
        (KeyCode::Char('b'), true, false) | (KeyCode::Left, false, false) => {
            input.move_cursor(CursorMove::Back)
        }
        (KeyCode::Char('f'), true, false) | (KeyCode::Right, false, false) => {
            input.move_cursor(CursorMove::Forward)
        }
        (KeyCode::Char('b'), false, true) | (KeyCode::Left, true, false) => {
            input.move_cursor(CursorMove::WordBack)
        }
        (KeyCode::Char('f'), false, true) | (KeyCode::Right, true, false) => {
            input.move_cursor(CursorMove::WordForward)
        }
        (KeyCode::Char('u'), true, false) => {
            input.delete_line_by_head();
        }
        (KeyCode::Char('k'), true, false) => {
            input.delete_line_by_end();
        }
        (KeyCode::Char('w'), true, false) | (KeyCode::Backspace, false, true) => {
            input.delete_word();
        }
        (KeyCode::Char('d'), false, true) => {
            input.delete_next_word();
        }
        (KeyCode::Char('y'), true, false) => {
            input.paste();
        }
        (KeyCode::Char('h'), true, false) | (KeyCode::Backspace, false, false) => {
            input.delete_char();
        }
        (KeyCode::Char('d'), true, false) | (KeyCode::Delete, false, false) => {
            input.delete_next_char();
        }
        // Where the keymap binds no undo (the start screen), undo is the field's own.
        (KeyCode::Char('z'), true, false) => {
            input.undo();
        }
        (KeyCode::Char(c), false, false) => input.insert_char(c),
        _ => {}
    }
}

/// Pasted text goes in on one line, stripped of control characters.
pub fn paste_into(input: &mut TextArea<'static>, text: &str) {
    input.insert_str(one_line(text));
}

/// What a text field does with an action: typing, pasting, and undo and redo of its own
/// typing. `true` when the action was the field's (the text may have changed).
pub fn edit_field(input: &mut TextArea<'static>, action: &Action) -> bool {
    match action {
        Action::Type(key) => type_into(input, *key),
        Action::Paste(text) => paste_into(input, text),
        Action::Command(Command::Undo) => {
            input.undo();
        }
        Action::Command(Command::Redo) => {
            input.redo();
        }
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn ctrl(c: char) -> KeyEvent {
        key(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn alt(c: char) -> KeyEvent {
        key(KeyCode::Char(c), KeyModifiers::ALT)
    }

    /// The text and the cursor's column after `keys`, starting from `text` with the cursor at
    /// its end.
    fn after(text: &str, keys: &[KeyEvent]) -> (String, usize) {
        let mut input = line_input(text);
        for k in keys {
            type_into(&mut input, *k);
        }
        (input_text(&input), input.cursor().1)
    }

    #[test]
    fn ctrl_u_clears_to_the_start_of_the_line_and_ctrl_y_puts_it_back() {
        assert_eq!(after("Bruno Costa", &[ctrl('u')]), ("".into(), 0));
        let left = key(KeyCode::Left, KeyModifiers::NONE);
        assert_eq!(
            after("Bruno Costa", &[left, left, left, left, left, ctrl('u')]),
            ("Costa".into(), 0)
        );
        assert_eq!(
            after("Bruno Costa", &[ctrl('u'), ctrl('y')]),
            ("Bruno Costa".into(), 11)
        );
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_and_alt_d_the_word_after() {
        assert_eq!(after("owner is Ana", &[ctrl('w')]).0, "owner is ");
        let back = alt('b');
        assert_eq!(
            after("owner is Ana", &[back, back, alt('d')]).0,
            "owner  Ana"
        );
        let alt_backspace = key(KeyCode::Backspace, KeyModifiers::ALT);
        assert_eq!(after("owner is Ana", &[alt_backspace]).0, "owner is ");
    }

    #[test]
    fn the_cursor_moves_by_line_end_character_and_word() {
        assert_eq!(after("abc def", &[ctrl('a')]).1, 0);
        assert_eq!(after("abc def", &[ctrl('a'), ctrl('e')]).1, 7);
        let home = key(KeyCode::Home, KeyModifiers::NONE);
        let end = key(KeyCode::End, KeyModifiers::NONE);
        assert_eq!(after("abc def", &[home]).1, 0);
        assert_eq!(after("abc def", &[home, end]).1, 7);
        assert_eq!(after("abc def", &[alt('b')]).1, 4);
        assert_eq!(after("abc def", &[ctrl('a'), alt('f')]).1, 4);
        assert_eq!(after("abc def", &[ctrl('b'), ctrl('b'), ctrl('f')]).1, 6);
        // Typing goes in at the cursor.
        let x = key(KeyCode::Char('X'), KeyModifiers::SHIFT);
        assert_eq!(after("abc def", &[ctrl('a'), x]).0, "Xabc def");
    }

    #[test]
    fn ctrl_k_deletes_to_the_end_and_deleting_keys_remove_one_character() {
        assert_eq!(after("abc def", &[alt('b'), ctrl('k')]).0, "abc ");
        assert_eq!(after("abc", &[ctrl('h')]).0, "ab");
        assert_eq!(after("abc", &[ctrl('a'), ctrl('d')]).0, "bc");
        let delete = key(KeyCode::Delete, KeyModifiers::NONE);
        assert_eq!(after("abc", &[ctrl('a'), delete]).0, "bc");
    }

    #[test]
    fn enter_and_unknown_keys_never_change_the_line() {
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            after("abc", &[enter, ctrl('m'), ctrl('j'), alt('x')]).0,
            "abc"
        );
    }

    #[test]
    fn undo_takes_back_typing_in_the_field_and_redo_restores_it() {
        let mut input = line_input("");
        for c in "plan".chars() {
            edit_field(
                &mut input,
                &Action::Type(key(KeyCode::Char(c), KeyModifiers::NONE)),
            );
        }
        edit_field(&mut input, &Action::Type(ctrl('u')));
        assert_eq!(input_text(&input), "");
        assert!(edit_field(&mut input, &Action::Command(Command::Undo)));
        assert_eq!(input_text(&input), "plan");
        edit_field(&mut input, &Action::Command(Command::Redo));
        assert_eq!(input_text(&input), "");
        assert!(!edit_field(&mut input, &Action::Command(Command::Confirm)));
    }
}
