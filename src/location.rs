//! Positions in text files: every message about a bad file names the file, line and column.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A message tied to a place in a file (`file:line:column: message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for Located {}

impl Located {
    pub fn new(file: &str, line: usize, column: usize, message: impl Into<String>) -> Located {
        Located {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// Turns a RON error into a located message with a plain-words hint.
    pub fn from_ron(file: &str, text: &str, error: &ron::error::SpannedError) -> Located {
        let mut line = error.span.start.line.max(1);
        let mut column = error.span.start.col.max(1);
        let mut message = describe_ron_error(&error.code);
        // A string opened on the last line and never closed is a file cut inside a value.
        let cut_in_string =
            matches!(error.code, ron::Error::ExpectedStringEnd) && line >= text.lines().count();
        if matches!(error.code, ron::Error::Eof) || cut_in_string {
            // Point at the end of the text, where something more was expected.
            (line, column) = line_column(text, text.len());
            message = "the file ends too early: a closing bracket or a value is missing (is the file truncated?)".into();
        }
        Located {
            file: file.to_string(),
            line,
            column,
            message,
        }
    }
}

fn describe_ron_error(code: &ron::Error) -> String {
    match code {
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => format!(
            "unknown field `{found}`; expected one of: {}",
            expected.join(", ")
        ),
        ron::Error::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "unknown value `{found}`; expected one of: {}",
            expected.join(", ")
        ),
        ron::Error::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("`{outer}` is missing the required field `{field}`"),
            None => format!("missing the required field `{field}`"),
        },
        ron::Error::DuplicateStructField { field, .. } => {
            format!("the field `{field}` appears twice")
        }
        // ron's own text suggests raising its limit, which a user cannot do; the real question
        // is why a session or catalogue, a few levels deep by design, is nested this far.
        ron::Error::ExceededRecursionLimit => "brackets are nested too deeply here (a gapwalk file nests a few levels; is the file damaged?)".into(),
        other => other.to_string(),
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut boundary = offset;
    while !text.is_char_boundary(boundary) {
        boundary -= 1;
    }
    let before = &text[..boundary];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of the `nth` (0-based) string literal whose content is exactly `value`.
pub fn find_string_literal(text: &str, value: &str, nth: usize) -> Option<usize> {
    let needle = format!("\"{value}\"");
    text.match_indices(&needle).nth(nth).map(|(i, _)| i)
}

/// Line and column of the `nth` string literal `value`.
pub fn locate_string(text: &str, value: &str, nth: usize) -> Option<(usize, usize)> {
    find_string_literal(text, value, nth).map(|i| line_column(text, i))
}

/// Quoted occurrences of many values, found in one pass over the text. Catalogue checks may
/// report thousands of problems in a file of many megabytes; one scan per problem would take
/// minutes on a hostile file.
pub struct Literals<'a> {
    offsets: BTreeMap<&'a str, Vec<usize>>,
}

impl<'a> Literals<'a> {
    /// Byte offsets of the opening quote of each `"value"` for the wanted values. Like
    /// [`find_string_literal`], it matches text between two quotes, not a parsed literal.
    pub fn find(text: &'a str, wanted: &BTreeSet<&str>) -> Literals<'a> {
        let mut offsets: BTreeMap<&'a str, Vec<usize>> = BTreeMap::new();
        let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
        let mut k = 0;
        while k + 1 < quotes.len() {
            let (open, close) = (quotes[k], quotes[k + 1]);
            let content = &text[open + 1..close];
            if wanted.contains(content) {
                offsets.entry(content).or_default().push(open);
                // A match uses both quotes, as a substring search would.
                k += 2;
            } else {
                k += 1;
            }
        }
        Literals { offsets }
    }

    pub fn nth(&self, value: &str, nth: usize) -> Option<usize> {
        self.offsets.get(value).and_then(|v| v.get(nth)).copied()
    }

    /// The first occurrence of `value` at or after `offset`.
    pub fn first_after(&self, value: &str, offset: usize) -> Option<usize> {
        let found = self.offsets.get(value)?;
        let at = found.partition_point(|&o| o < offset);
        found.get(at).copied()
    }
}

/// Line and column of many byte offsets with one pass over the text.
pub fn line_columns(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    let (mut line, mut column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    for i in order {
        let target = offsets[i].min(text.len());
        while let Some(&(pos, c)) = chars.peek() {
            if pos >= target {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            chars.next();
        }
        out[i] = (line, column);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\nçé\"x\"";
        let at = find_string_literal(text, "x", 0).unwrap();
        assert_eq!(line_column(text, at), (2, 3));
    }

    #[test]
    fn nth_literal_is_found() {
        let text = "(id: \"a\")\n(id: \"a\")";
        assert_eq!(locate_string(text, "a", 1), Some((2, 6)));
        assert_eq!(locate_string(text, "a", 2), None);
    }

    #[test]
    fn many_literals_are_found_in_one_pass() {
        let text = "(id: \"a\", x: \"b\")\n(id: \"a\", t: \"b\")";
        let wanted: BTreeSet<&str> = ["a", "b"].into_iter().collect();
        let found = Literals::find(text, &wanted);
        assert_eq!(found.nth("a", 1), find_string_literal(text, "a", 1));
        let second = found.nth("a", 1).unwrap();
        assert_eq!(
            found.first_after("b", second),
            Some(second + text[second..].find("\"b\"").unwrap())
        );
        let offsets = [text.len(), 0, second];
        let expected: Vec<_> = offsets.iter().map(|&o| line_column(text, o)).collect();
        assert_eq!(line_columns(text, &offsets), expected);
    }
}
