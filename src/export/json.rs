//! json: the typed rows themselves, for scripts. The shape (documented in the README) is
//! `{"format_version", "view", "metadata", "<view>": …}`; fields that the external edition
//! leaves out are absent rather than empty, so a consumer cannot mistake "withheld" for "none",
//! and text that is missing is `null`, never `""`. `gapwalk schema export` gives the schema.

use serde::Serialize;
use serde_json::Value;

use super::meta::MetaBlock;
use super::{Content, ExportError, JSON_FORMAT_VERSION};

#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Document<'a> {
    format_version: u32,
    view: &'static str,
    metadata: &'a MetaBlock,
    #[serde(flatten)]
    content: &'a Content,
}

/// Writes the document for a view whose rows are held (every view but the responsibility
/// matrix, which [`write_rows`] streams).
pub fn write(
    meta: &MetaBlock,
    content: &Content,
    out: &mut dyn std::io::Write,
) -> Result<(), ExportError> {
    let document = Document {
        format_version: JSON_FORMAT_VERSION,
        view: content.view().key(),
        metadata: meta,
        content,
    };
    let mut value = serde_json::to_value(&document)?;
    empty_text_as_null(&mut value);
    serde_json::to_writer_pretty(&mut *out, &value)?;
    out.write_all(b"\n").map_err(serde_json::Error::io)?;
    Ok(())
}

/// Writes the same document as [`write`] for a view whose rows are made one by one: each row
/// is turned into json, written and dropped, so the document is never held whole. The bytes
/// are those `write` gives for the same rows.
pub fn write_rows<T, I>(
    meta: &MetaBlock,
    view: super::View,
    key: &'static str,
    rows: I,
    out: &mut dyn std::io::Write,
) -> Result<(), ExportError>
where
    T: Serialize,
    I: Iterator<Item = T>,
{
    let mut metadata = serde_json::to_value(meta)?;
    empty_text_as_null(&mut metadata);
    let document = Streamed {
        view,
        key,
        metadata,
        rows: std::cell::RefCell::new(Some(rows)),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n").map_err(serde_json::Error::io)?;
    Ok(())
}

/// The document of [`write_rows`]: the members of [`Document`] in the same order, the rows
/// under the view's name.
struct Streamed<I> {
    view: super::View,
    /// The member the rows sit under, as `Content` names it.
    key: &'static str,
    metadata: Value,
    rows: std::cell::RefCell<Option<I>>,
}

impl<T: Serialize, I: Iterator<Item = T>> Serialize for Streamed<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("format_version", &JSON_FORMAT_VERSION)?;
        map.serialize_entry("view", self.view.key())?;
        map.serialize_entry("metadata", &self.metadata)?;
        map.serialize_entry(self.key, &Rows(&self.rows))?;
        map.end()
    }
}

/// Rows serialised as they are taken, each with its empty text as `null`.
struct Rows<'r, I>(&'r std::cell::RefCell<Option<I>>);

impl<T: Serialize, I: Iterator<Item = T>> Serialize for Rows<'_, I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = serializer.serialize_seq(None)?;
        for row in self.0.borrow_mut().take().into_iter().flatten() {
            let mut value = serde_json::to_value(&row).map_err(S::Error::custom)?;
            empty_text_as_null(&mut value);
            seq.serialize_element(&value)?;
        }
        seq.end()
    }
}

/// Missing text is `null`, never `""`: every object member that is an empty string becomes
/// `null` (array items stay as they are). [`nullable_text`] says the same in the schema.
fn empty_text_as_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for member in map.values_mut() {
                if member.as_str() == Some("") {
                    *member = Value::Null;
                } else {
                    empty_text_as_null(member);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(empty_text_as_null),
        _ => {}
    }
}

/// The schema side of [`empty_text_as_null`]: every property that is free text (a string
/// with no fixed set of values and no format) may be `null`.
pub(crate) fn nullable_text(schema: &mut Value) {
    let Value::Object(map) = schema else {
        if let Value::Array(items) = schema {
            items.iter_mut().for_each(nullable_text);
        }
        return;
    };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for property in properties.values_mut() {
            if let Value::Object(p) = property
                && p.get("type").and_then(Value::as_str) == Some("string")
                && !["enum", "const", "format", "$ref"]
                    .iter()
                    .any(|k| p.contains_key(*k))
            {
                p.insert("type".into(), serde_json::json!(["string", "null"]));
            }
        }
    }
    map.values_mut().for_each(nullable_text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_members_become_null_and_the_schema_allows_it() {
        let mut doc = json!({"a": "", "b": "x", "c": ["", "y"], "d": [{"e": ""}]});
        empty_text_as_null(&mut doc);
        assert_eq!(
            doc,
            json!({"a": null, "b": "x", "c": ["", "y"], "d": [{"e": null}]})
        );
        let mut schema = json!({"properties": {
            "t": {"type": "string"},
            "k": {"type": "string", "enum": ["a"]},
            "d": {"type": "string", "format": "date"},
            "n": {"type": "integer"}
        }});
        nullable_text(&mut schema);
        assert_eq!(schema["properties"]["t"]["type"], json!(["string", "null"]));
        assert_eq!(schema["properties"]["k"]["type"], "string");
        assert_eq!(schema["properties"]["d"]["type"], "string");
        assert_eq!(schema["properties"]["n"]["type"], "integer");
    }
}
