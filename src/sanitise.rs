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
/// other control and bidi characters are dropped, and emoji sequences terminals draw at
/// different widths are taken apart (`split_emoji`).
pub fn one_line(text: &str) -> Cow<'_, str> {
    match data_line(text) {
        Cow::Borrowed(clean) => split_emoji(clean),
        Cow::Owned(clean) => Cow::Owned(split_emoji(&clean).into_owned()),
    }
}

/// Text that may span lines, for a terminal: as [`data_block`], with emoji sequences taken
/// apart as [`one_line`] does.
pub fn multi_line(text: &str) -> Cow<'_, str> {
    match data_block(text) {
        Cow::Borrowed(clean) => split_emoji(clean),
        Cow::Owned(clean) => Cow::Owned(split_emoji(&clean).into_owned()),
    }
}

const ZWJ: char = '\u{200D}';
const EMOJI_PRESENTATION: char = '\u{FE0F}';

fn is_pictograph(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

fn is_skin_tone(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// The letter a regional indicator stands for (a flag is two of them: 🇵 🇹 is PT).
fn regional_letter(c: char) -> Option<char> {
    let offset = (c as u32).checked_sub(0x1F1E6).filter(|o| *o < 26)?;
    char::from_u32('A' as u32 + offset)
}

/// Tag characters, which spell subdivision flags after a black flag.
fn is_tag(c: char) -> bool {
    ('\u{E0020}'..='\u{E007F}').contains(&c)
}

/// Emoji sequences whose width terminals disagree on, taken apart into pieces every terminal
/// draws at the width the screen's layout counts, so nothing is left behind on screen when the
/// line changes: a joined sequence (a ZWJ family, a profession) shows each member, every one of
/// them kept; a flag shows its two letters (PT); skin tones, tag characters and the emoji
/// presentation selector are dropped (the pictograph stays). A joiner between letters of a
/// script (where it shapes the text) stays. Terminal text only: files keep the text as written.
pub fn split_emoji(text: &str) -> Cow<'_, str> {
    let special = |c: char| {
        c == ZWJ
            || c == EMOJI_PRESENTATION
            || is_skin_tone(c)
            || is_tag(c)
            || regional_letter(c).is_some()
    };
    if !text.chars().any(special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let after_emoji = previous.is_some_and(|p| {
            is_pictograph(p) || p == EMOJI_PRESENTATION || is_skin_tone(p) || is_tag(p)
        });
        match c {
            ZWJ if after_emoji => {}
            EMOJI_PRESENTATION => {}
            c if is_skin_tone(c) || is_tag(c) => {}
            c => out.push(regional_letter(c).unwrap_or(c)),
        }
        previous = Some(c);
    }
    Cow::Owned(out)
}

/// Text for one line of a file (an export): as [`one_line`] but with every emoji kept as
/// written, since a document viewer lays them out itself.
pub fn data_line(text: &str) -> Cow<'_, str> {
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

/// Text that may span lines, for a file: newlines stay (line and paragraph separators become
/// newlines), tabs become spaces, everything else unsafe goes; emoji stay as written.
pub fn data_block(text: &str) -> Cow<'_, str> {
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
    fn emoji_terminals_disagree_on_are_taken_apart_and_nothing_is_lost() {
        // A family of three keeps all three, its last member included.
        assert_eq!(
            one_line("a \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} b"),
            "a \u{1F468}\u{1F469}\u{1F467} b"
        );
        assert_eq!(one_line("\u{1F1F5}\u{1F1F9} team"), "PT team");
        assert_eq!(
            one_line("\u{2764}\u{FE0F}\u{200D}\u{1F525}"),
            "\u{2764}\u{1F525}"
        );
        assert_eq!(one_line("\u{1F44D}\u{1F3FD}"), "\u{1F44D}");
        // A joiner that shapes a script stays.
        assert_eq!(
            one_line("\u{0915}\u{094D}\u{200D}\u{0937}"),
            "\u{0915}\u{094D}\u{200D}\u{0937}"
        );
        // Files keep the emoji as written.
        assert_eq!(data_line("\u{1F1F5}\u{1F1F9}"), "\u{1F1F5}\u{1F1F9}");
        assert!(matches!(one_line("plain text"), Cow::Borrowed(_)));
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
