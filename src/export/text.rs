//! Making session and catalogue text safe for each destination. Everything read from a file is
//! cleaned once when the rows are built (control characters, escape sequences and bidi overrides
//! go); each format then escapes for its own syntax: spreadsheet cells lose their power to become
//! formulas, HTML and Markdown lose their markup. Nothing here decides what is shown.

use std::borrow::Cow;

use crate::sanitise;

/// One-line text (ids, names, dates written as text): newlines and tabs become spaces.
pub fn line(text: &str) -> String {
    sanitise::data_line(text).trim().to_string()
}

/// Text that may span lines (justifications, notes): newlines stay, the rest is cleaned.
pub fn block(text: &str) -> String {
    sanitise::data_block(text).trim().to_string()
}

/// Characters that make a spreadsheet read a cell as a formula (or a DDE call). The full-width
/// forms are included because some spreadsheet locales fold them to the ASCII ones.
fn starts_formula(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        matches!(
            c,
            '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠'
        )
    })
}

/// Whether a cell gets the guard: it starts like a formula, or it is a guarded-looking text
/// (apostrophes, then a formula start) that must keep its own apostrophe through a round trip.
fn needs_guard(text: &str) -> bool {
    starts_formula(text.trim_start_matches('\''))
}

/// A csv or xlsx cell that can never be evaluated: a leading `'` keeps it text, and the
/// apostrophe stays visible so a reader sees that the value was neutralised.
pub fn spreadsheet_cell(text: &str) -> Cow<'_, str> {
    if needs_guard(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Undoes [`spreadsheet_cell`]: reading back a gapwalk csv gives "- rotate keys" as it was.
pub fn unguard_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

/// Text for HTML element content and attribute values.
pub fn html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text for a GitHub Markdown table cell or heading: table pipes, markup that GitHub would
/// render (HTML tags, links, images, emphasis, code) and entities are escaped, and a newline
/// becomes `<br>` so one record stays one table row. Underscores stay as they are: GitHub never
/// reads them as emphasis inside a word, and escaping them would break autolinked URLs.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formula_guard_is_undone_exactly() {
        for text in [
            "- rotate keys",
            "=1+1",
            "'=x",
            "''@y",
            "'quoted'",
            "plain",
            "",
            "'",
        ] {
            let cell = spreadsheet_cell(text);
            assert!(!starts_formula(&cell), "{cell}");
            assert_eq!(unguard_cell(&cell), text);
        }
    }

    #[test]
    fn formula_starts_are_neutralised_and_plain_text_is_not() {
        for hostile in [
            "=HYPERLINK(\"x\")",
            "+cmd",
            "-1+1",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert!(spreadsheet_cell(hostile).starts_with('\''), "{hostile:?}");
        }
        assert_eq!(spreadsheet_cell("Ana Lima"), "Ana Lima");
        assert_eq!(spreadsheet_cell("9.2.3"), "9.2.3");
    }

    #[test]
    fn html_and_markdown_lose_their_markup() {
        assert_eq!(
            html("\"><img src=x onerror=alert(1)>"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
        let md = markdown("a | b\n<script>[x](y)");
        assert_eq!(md, "a \\| b<br>&lt;script&gt;\\[x\\](y)");
    }

    #[test]
    fn cleaning_drops_escape_sequences_and_keeps_lines_where_asked() {
        assert_eq!(line(" Ana\u{1b}[31m\nLima "), "Ana[31m Lima");
        assert_eq!(block("one\ntwo\u{202E}"), "one\ntwo");
    }
}
