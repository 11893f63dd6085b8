//! Every json output has a JSON Schema generated from the types that write it, shipped in
//! `assets/schemas/` and printed by `gapwalk schema NAME`; the json the suite produces is
//! validated against it (exports also in every other test, through `export_support::render`).
//! Missing text is `null`, never `""`.

use crate::common::Run;

use crate::export_support;

use std::path::Path;

use export_support::{assert_valid, every_export, example, example_path, render};
use gapwalk::export::{Audience, Format};
use serde_json::Value;

fn gapwalk(args: &[&str], dir: &Path) -> Run {
    crate::common::run(crate::common::gapwalk(dir).args(args))
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

const NAMES: [&str; 5] = ["export", "check", "stats", "portfolio", "diff"];

#[test]
fn the_shipped_schemas_are_the_ones_gapwalk_prints_and_each_is_a_valid_schema() {
    let dir = tempfile::tempdir().unwrap();
    for name in NAMES {
        let run = gapwalk(&["schema", name], dir.path());
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let shipped = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("assets/schemas/{name}.schema.json")),
        )
        .unwrap_or_else(|e| panic!("assets/schemas/{name}.schema.json: {e}"));
        assert_eq!(
            run.stdout, shipped,
            "{name}: regenerate with `gapwalk schema {name} > assets/schemas/{name}.schema.json`"
        );
        let schema: Value = serde_json::from_str(&shipped).unwrap();
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let run = gapwalk(&["schema", "nothing"], dir.path());
    assert_eq!(run.code, 2);
}

/// No object member anywhere is the empty string.
fn assert_no_empty_text(value: &Value, path: &str) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                assert_ne!(v.as_str(), Some(""), "{path}.{k} is \"\" instead of null");
                assert_no_empty_text(v, &format!("{path}.{k}"));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                assert_no_empty_text(v, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

#[test]
fn every_json_export_matches_the_schema_and_writes_missing_text_as_null() {
    let (session, catalogue) = example();
    let mut nulls = 0;
    for audience in [Audience::Internal, Audience::External] {
        for options in every_export(audience)
            .into_iter()
            .filter(|o| o.format == Format::Json)
        {
            // `render` validates json against the schema.
            let doc: Value =
                serde_json::from_slice(&render(&session, &catalogue, &options)).unwrap();
            assert_eq!(doc["format_version"], gapwalk::export::JSON_FORMAT_VERSION);
            assert_no_empty_text(&doc, &format!("{options:?}"));
            nulls += doc.to_string().matches("null").count();
        }
    }
    assert!(nulls > 0, "the example leaves some text out");
    // The example's first unassessed control has no justification or note text.
    let doc: Value = serde_json::from_slice(&render(
        &session,
        &catalogue,
        &export_support::options(
            Some(gapwalk::export::View::Soa),
            Format::Json,
            None,
            Audience::Internal,
        ),
    ))
    .unwrap();
    let undecided = doc["soa"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["applicable"] == "undecided")
        .unwrap();
    assert_eq!(undecided["status"], Value::Null);
}

#[test]
fn a_document_that_breaks_the_schema_is_caught() {
    let (session, catalogue) = example();
    let options = export_support::options(
        Some(gapwalk::export::View::Gaps),
        Format::Json,
        None,
        Audience::Internal,
    );
    let mut doc: Value = serde_json::from_slice(&render(&session, &catalogue, &options)).unwrap();
    doc["gaps"]["register"][0]["status"] = Value::String("almost".into());
    let schema = gapwalk::cli::schema("export").unwrap();
    assert!(!jsonschema::is_valid(&schema, &doc));
    doc["gaps"]["register"][0]["status"] = Value::String("planned".into());
    assert!(jsonschema::is_valid(&schema, &doc));
    doc.as_object_mut().unwrap().remove("metadata");
    assert!(!jsonschema::is_valid(&schema, &doc));
}

#[test]
fn check_stats_portfolio_and_diff_json_match_their_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let example = example_path();
    std::fs::copy(&example, dir.path().join("a.ron")).unwrap();
    std::fs::copy(&example, dir.path().join("b.ron")).unwrap();
    let run = gapwalk(&["set", "b.ron", "5.1.2", "status=implemented"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);

    let check = gapwalk(
        &[
            "check",
            "a.ron",
            "--format",
            "json",
            "--as-of",
            "2026-12-01",
        ],
        dir.path(),
    );
    assert_eq!(check.code, 1, "{}", check.stderr);
    let check = json(&check);
    assert!(!check["findings"].as_array().unwrap().is_empty());
    assert_valid("check", &check);

    let stats = gapwalk(&["stats", "a.ron", "--format", "json"], dir.path());
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    assert_valid("stats", &json(&stats));

    let portfolio = gapwalk(&["stats", "a.ron", "b.ron", "--format", "json"], dir.path());
    assert_eq!(portfolio.code, 0, "{}", portfolio.stderr);
    let portfolio = json(&portfolio);
    assert_eq!(portfolio["sessions"].as_array().unwrap().len(), 2);
    assert_valid("portfolio", &portfolio);

    let diff = gapwalk(&["diff", "a.ron", "b.ron", "--format", "json"], dir.path());
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    let diff = json(&diff);
    assert_eq!(diff["equal"], false);
    assert_valid("diff", &diff);
    // Each schema is specific: a stats document is not a diff.
    let stats = json(&gapwalk(
        &["stats", "a.ron", "--format", "json"],
        dir.path(),
    ));
    let schema = gapwalk::cli::schema("diff").unwrap();
    assert!(!jsonschema::is_valid(&schema, &stats));
}
