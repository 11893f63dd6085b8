//! Lists written as one line of text (providers, participants, data locations in the form;
//! implementing documents and risk references in `gapwalk set`): items split on `;`, parts on
//! `/`, a provider's services after `:` and between `,`. A value that contains one of those
//! characters is written with a backslash before it, so showing a field and reading it back is
//! lossless whatever the text holds.

/// The characters that separate items or parts somewhere in a list line, and the backslash.
const SPECIAL: [char; 5] = ['\\', ';', '/', ':', ','];

/// A value as it is written into a list line: separators and backslashes escaped.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Byte offsets of every `separator` not preceded by a backslash.
fn separators(text: &str, separator: char) -> impl Iterator<Item = usize> + '_ {
    let mut escaped = false;
    text.char_indices().filter_map(move |(i, c)| {
        let at = (!escaped && c == separator).then_some(i);
        escaped = !escaped && c == '\\';
        at
    })
}

/// Splits on every `separator` not preceded by a backslash. Escapes stay in the pieces, so a
/// piece can be split again on another separator before it is unescaped.
pub fn split(text: &str, separator: char) -> Vec<&str> {
    let width = separator.len_utf8();
    let mut pieces = Vec::new();
    let mut start = 0;
    for at in separators(text, separator) {
        pieces.push(&text[start..at]);
        start = at + width;
    }
    pieces.push(&text[start..]);
    pieces
}

/// Splits at the first `separator` not preceded by a backslash.
pub fn split_once(text: &str, separator: char) -> Option<(&str, &str)> {
    let at = separators(text, separator).next()?;
    Some((&text[..at], &text[at + separator.len_utf8()..]))
}

/// A written piece back to its value: trimmed, then a backslash before a separator or another
/// backslash read as the character it protects. Any other backslash is text as typed, so
/// `CORP\secops` or `C:\evidence\q3` keep theirs (only a doubled one, the escape of a
/// backslash, becomes one).
pub fn value(piece: &str) -> String {
    let mut out = String::with_capacity(piece.len());
    let mut chars = piece.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && SPECIAL.contains(&next) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// A list of plain items as one line: `; ` between them, and only `;` and `\` escaped, so a
/// document name like `docs/backup-policy.pdf` reads as written.
pub fn join_items(items: &[String]) -> String {
    items
        .iter()
        .map(|item| item.replace('\\', "\\\\").replace(';', "\\;"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Reads a line written by [`join_items`] (or typed): items split on unescaped `;`, trimmed,
/// empty ones and repeats dropped, order kept.
pub fn parse_items(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for piece in split(text, ';') {
        let item = value(piece);
        if !item.is_empty() && !items.contains(&item) {
            items.push(item);
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_separators_stay_inside_their_piece() {
        let line = format!(
            "{} / {}",
            escape("Security / compliance; lead"),
            escape("a\\b")
        );
        let parts = split(&line, '/');
        assert_eq!(parts.len(), 2);
        assert_eq!(value(parts[0]), "Security / compliance; lead");
        assert_eq!(value(parts[1]), "a\\b");
        assert_eq!(
            split_once("AWS\\: legacy: EC2, S3", ':').map(|(a, _)| value(a)),
            Some("AWS: legacy".into())
        );
    }

    #[test]
    fn items_read_back_as_written() {
        let items = vec![
            "docs/backup-policy.pdf".to_string(),
            "Access; joiners and leavers".to_string(),
            "C:\\isms\\ops.docx".to_string(),
        ];
        let line = join_items(&items);
        assert!(line.starts_with("docs/backup-policy.pdf; "), "{line}");
        assert_eq!(parse_items(&line), items);
        assert_eq!(parse_items(" R-1 ;R-2; ; R-1"), ["R-1", "R-2"]);
    }
}
