//! json: the typed rows themselves, for scripts. The shape (documented in the README) is
//! `{"format_version", "view", "metadata", "<view>": …}`; fields that the external edition
//! leaves out are absent rather than empty, so a consumer cannot mistake "withheld" for "none".

use serde::Serialize;

use super::meta::MetaBlock;
use super::{Content, ExportError, JSON_FORMAT_VERSION};

#[derive(Serialize)]
struct Document<'a> {
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
    let mut bytes = serde_json::to_vec_pretty(&document)?;
    bytes.push(b'\n');
    Ok(bytes)
}
