//! Text from catalogues and sessions is data. Before it reaches a terminal it loses control
//! characters, escape sequences and bidirectional overrides, so a hostile file cannot move the
//! cursor, change colours or reorder what a reader sees.

use std::borrow::Cow;

/// Whether a character may change what a terminal shows beyond printing itself: control
/// characters (C0, DEL, C1, so escape sequences lose their introducer) and bidirectional
/// overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Text for one terminal line: newlines and tabs become spaces, other control and bidi
/// characters are dropped.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\t' | '\r' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Text that may span lines: newlines stay, tabs become spaces, everything else unsafe goes.
pub fn multi_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' => Some('\n'),
                '\t' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_overrides_are_removed() {
        let hostile = "ok\u{1b}[2J\u{1b}]0;title\u{7}\u{202E}gnp.exe\u{9b}31m";
        let clean = one_line(hostile);
        assert!(!clean.chars().any(|c| c.is_control()));
        assert!(!clean.contains('\u{202E}'));
        assert!(clean.starts_with("ok[2J]0;title"));
    }

    #[test]
    fn newlines_become_spaces_on_one_line_and_stay_otherwise() {
        assert_eq!(one_line("a\nb\tc"), "a b c");
        assert_eq!(multi_line("a\nb\tc\u{1b}"), "a\nb c");
        assert!(matches!(one_line("plain"), Cow::Borrowed(_)));
    }
}
