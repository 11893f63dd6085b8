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

pub fn write(meta: &MetaBlock, content: &Content) -> Result<Vec<u8>, ExportError> {
    let document = Document {
        format_version: JSON_FORMAT_VERSION,
        view: content.view().key(),
        metadata: meta,
        content,
    };
    let mut value = serde_json::to_value(&document)?;
    empty_text_as_null(&mut value);
    let mut bytes = serde_json::to_vec_pretty(&value)?;
    bytes.push(b'\n');
    Ok(bytes)
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
