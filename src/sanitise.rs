//! Text from catalogues and sessions is data. Before it reaches a terminal it loses control
//! characters, escape sequences and bidirectional overrides, so a hostile file cannot move the
//! cursor, change colours or reorder what a reader sees.

use std::borrow::Cow;

/// Whether a character may change what a terminal shows beyond printing itself: control
/// characters (C0, DEL, C1, so escape sequences lose their introducer), bidirectional marks,
/// overrides and isolates (the Arabic letter mark U+061C among them, which reorders text like
/// the others), and the Unicode line and paragraph separators U+2028/U+2029, which some
/// terminals and editors break lines on while others show nothing.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | LINE_SEPARATOR
                | PARAGRAPH_SEPARATOR
        )
}

const LINE_SEPARATOR: char = '\u{2028}';
const PARAGRAPH_SEPARATOR: char = '\u{2029}';

/// Text for one terminal line: newlines, line and paragraph separators and tabs become spaces,
/// other control and bidi characters are dropped.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\t' | '\r' | LINE_SEPARATOR | PARAGRAPH_SEPARATOR => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Text that may span lines: newlines stay (line and paragraph separators become newlines), tabs
/// become spaces, everything else unsafe goes.
pub fn multi_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | LINE_SEPARATOR | PARAGRAPH_SEPARATOR => Some('\n'),
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

    #[test]
    fn the_arabic_letter_mark_goes_and_unicode_separators_become_breaks() {
        let text = "a\u{061C}b\u{2028}c\u{2029}d";
        assert_eq!(one_line(text), "ab c d");
        assert_eq!(multi_line(text), "ab\nc\nd");
    }
}
