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
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(None)?;
        for row in self.0.borrow_mut().take().into_iter().flatten() {
            seq.serialize_element(&Nulled {
                value: &row,
                member: false,
            })?;
        }
        seq.end()
    }
}

/// A value serialised with every object member that is empty text written as `null`: what
/// [`empty_text_as_null`] does to the value's json, without building that json first (a row
/// of the SoA under 2022 numbering can hold half a million lines). `member`: the value is an
/// object member.
struct Nulled<'v, T: ?Sized> {
    value: &'v T,
    member: bool,
}

impl<T: Serialize + ?Sized> Serialize for Nulled<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(NullingSerializer {
            inner: serializer,
            member: self.member,
        })
    }
}

fn member<T: ?Sized>(value: &T) -> Nulled<'_, T> {
    Nulled {
        value,
        member: true,
    }
}

fn item<T: ?Sized>(value: &T) -> Nulled<'_, T> {
    Nulled {
        value,
        member: false,
    }
}

/// The serializer behind [`Nulled`]: passes everything to `inner`, but empty text that is an
/// object member (a struct field, a map value, a variant's content) becomes `null`.
struct NullingSerializer<S> {
    inner: S,
    member: bool,
}

/// A compound (sequence, map, struct…) of a [`NullingSerializer`]: its parts are serialised
/// through [`Nulled`] as members of an object or items of an array.
struct Parts<C>(C);

macro_rules! forward {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<S::Ok, S::Error> {
            self.inner.$method(v)
        })*
    };
}

impl<S: serde::Serializer> serde::Serializer for NullingSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Parts<S::SerializeSeq>;
    type SerializeTuple = Parts<S::SerializeTuple>;
    type SerializeTupleStruct = Parts<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Parts<S::SerializeTupleVariant>;
    type SerializeMap = Parts<S::SerializeMap>;
    type SerializeStruct = Parts<S::SerializeStruct>;
    type SerializeStructVariant = Parts<S::SerializeStructVariant>;

    forward!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str),
    );

    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        if self.member && v.is_empty() {
            self.inner.serialize_unit()
        } else {
            self.inner.serialize_str(v)
        }
    }

    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_none()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.inner.serialize_some(&Nulled {
            value,
            member: self.member,
        })
    }

    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit_variant(name, index, variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_newtype_struct(
            name,
            &Nulled {
                value,
                member: self.member,
            },
        )
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        // json writes it as an object with one member.
        self.inner
            .serialize_newtype_variant(name, index, variant, &member(value))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.inner.serialize_seq(len).map(Parts)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.inner.serialize_tuple(len).map(Parts)
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.inner.serialize_tuple_struct(name, len).map(Parts)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.inner
            .serialize_tuple_variant(name, index, variant, len)
            .map(Parts)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.inner.serialize_map(len).map(Parts)
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.inner.serialize_struct(name, len).map(Parts)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.inner
            .serialize_struct_variant(name, index, variant, len)
            .map(Parts)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// The compounds of [`Parts`] differ only in their trait and in how a part goes through
/// [`Nulled`]: an array's items through [`item`], a struct's fields through [`member`].
macro_rules! parts {
    (items: $($trait:ident::$method:ident),* $(,)?) => {
        $(impl<C: serde::ser::$trait> serde::ser::$trait for Parts<C> {
            type Ok = C::Ok;
            type Error = C::Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
                self.0.$method(&item(value))
            }
            fn end(self) -> Result<C::Ok, C::Error> {
                self.0.end()
            }
        })*
    };
    (fields: $($trait:ident),* $(,)?) => {
        $(impl<C: serde::ser::$trait> serde::ser::$trait for Parts<C> {
            type Ok = C::Ok;
            type Error = C::Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), C::Error> {
                self.0.serialize_field(key, &member(value))
            }
            fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
                self.0.skip_field(key)
            }
            fn end(self) -> Result<C::Ok, C::Error> {
                self.0.end()
            }
        })*
    };
}

parts!(items:
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);
parts!(fields: SerializeStruct, SerializeStructVariant);

impl<C: serde::ser::SerializeMap> serde::ser::SerializeMap for Parts<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), C::Error> {
        self.0.serialize_key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_value(&member(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
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

    #[derive(Serialize)]
    struct Inner {
        text: String,
        maybe: Option<String>,
        list: Vec<String>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Said(String),
        Both { a: String, b: u8 },
        Pair(String, String),
    }

    #[derive(Serialize)]
    struct Wrapped(String);

    #[derive(Serialize)]
    struct Row {
        empty: String,
        full: String,
        wrapped: Wrapped,
        inner: Inner,
        inners: Vec<Inner>,
        kinds: Vec<Kind>,
        map: std::collections::BTreeMap<String, String>,
        #[serde(flatten)]
        flat: Inner,
        number: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<String>,
    }

    #[test]
    fn rows_written_as_they_are_taken_null_the_same_text_as_the_held_json() {
        let inner = |t: &str| Inner {
            text: t.into(),
            maybe: Some(t.into()),
            list: vec![String::new(), t.into()],
        };
        let row = Row {
            empty: String::new(),
            full: "x".into(),
            wrapped: Wrapped(String::new()),
            inner: inner(""),
            inners: vec![inner(""), inner("y")],
            kinds: vec![
                Kind::Plain,
                Kind::Said(String::new()),
                Kind::Both {
                    a: String::new(),
                    b: 1,
                },
                Kind::Pair(String::new(), "z".into()),
            ],
            map: [("k".to_string(), String::new()), ("l".into(), "v".into())].into(),
            flat: inner(""),
            number: 1.5,
            skipped: None,
        };
        let mut held = serde_json::to_value(&row).unwrap();
        empty_text_as_null(&mut held);
        let held = serde_json::to_string_pretty(&held).unwrap();
        let streamed = serde_json::to_string_pretty(&item(&row)).unwrap();
        assert_eq!(streamed, held);
        assert!(held.contains("\"empty\": null"), "{held}");
        // A json document is an object member or array item too: the same rule at the top.
        let doc = json!({"a": "", "b": ["", {"c": ""}], "d": {"e": "", "f": 2}});
        let mut nulled = doc.clone();
        empty_text_as_null(&mut nulled);
        assert_eq!(
            serde_json::to_string(&item(&doc)).unwrap(),
            serde_json::to_string(&nulled).unwrap()
        );
    }

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
