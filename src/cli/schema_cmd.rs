//! `gapwalk schema NAME`: the JSON Schema (draft 2020-12) of each json output, generated from
//! the types that write it, so a schema cannot drift from what is printed. The same schemas
//! are shipped in `assets/schemas/NAME.schema.json` for tools that validate without gapwalk.

use clap::Args;
use schemars::JsonSchema;
use serde_json::Value;

use super::{EXIT_OK, fail};

/// The json outputs that have a schema, with what prints each.
pub const SCHEMAS: [(&str, &str); 5] = [
    ("export", "gapwalk export --format json (every view)"),
    ("check", "gapwalk check --format json"),
    ("stats", "gapwalk stats --format json with one file"),
    (
        "portfolio",
        "gapwalk stats --format json with several files",
    ),
    ("diff", "gapwalk diff --format json"),
];

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which output: export, check, stats, portfolio, diff
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(SCHEMAS.map(|(n, _)| n)))]
    pub name: String,
}

fn generate<T: JsonSchema>() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    generator.into_root_schema_for::<T>().to_value()
}

/// The schema named `name`, or `None` for a name not in [`SCHEMAS`].
pub fn schema(name: &str) -> Option<Value> {
    let value = match name {
        "export" => {
            let mut v = generate::<crate::export::json::Document<'static>>();
            crate::export::json::nullable_text(&mut v);
            v
        }
        "check" => generate::<super::session_cmd::CheckReport<'static>>(),
        "stats" => generate::<crate::review::Stats>(),
        "portfolio" => generate::<super::portfolio::Portfolio>(),
        "diff" => generate::<super::diff_cmd::Report<'static>>(),
        _ => return None,
    };
    Some(value)
}

/// The schema as shipped: pretty json with a final newline.
pub fn schema_text(name: &str) -> Option<String> {
    schema(name).map(|v| {
        let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
        text.push('\n');
        text
    })
}

pub fn run(args: &SchemaArgs) -> u8 {
    let Some(text) = schema_text(&args.name) else {
        return fail(format!("no schema named {:?}", args.name));
    };
    match super::stdout_bytes(text.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) => fail(format!("cannot write to stdout: {e}")),
    }
}
