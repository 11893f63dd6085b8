//! "pandas reads the csv": every csv view of the example, in both editions and both numberings
//! of the SoA, read by Python's pandas as a user would (`pd.read_csv(path,
//! encoding="utf-8-sig")`, nothing else) gives exactly the view's rows, the header's column
//! names, and the ids as written (A.5.10 stays A.5.10). pandas is installed by `.ci/run` into
//! `.ci/tools/pandas` (or by this test where it can); a missing pandas fails the test, it never
//! skips.

use crate::export_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use export_support::{GENERATED_AT, example, options, render};
use gapwalk::export::{Audience, Format, MetaBlock, Numbering, Source, View};
use gapwalk::session::Timestamp;
use serde_json::Value;

const PANDAS: &str = "pandas==2.2.3";

/// A Python with pandas: `$GAPWALK_PANDAS_PYTHON`, else the one `.ci/run` installs, else
/// installed there now from the package registry. Panics when none can be had.
fn python() -> PathBuf {
    if let Some(path) = std::env::var_os("GAPWALK_PANDAS_PYTHON") {
        return PathBuf::from(path);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/tools/pandas");
    let bin = venv.join("bin/python");
    let has_pandas = |bin: &Path| {
        Command::new(bin)
            .args(["-c", "import pandas"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !has_pandas(&bin) {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
            && Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", PANDAS])
                .status()
                .is_ok_and(|s| s.success());
        assert!(
            made && has_pandas(&bin),
            "pandas is needed to read the csv exports as a user would: run `bash .ci/run`, or \
             `python3 -m venv .ci/tools/pandas && .ci/tools/pandas/bin/pip install {PANDAS}`"
        );
    }
    bin
}

/// What pandas reads from each file: the row count, the column names and the first column.
const READ: &str = r#"
import json, sys
import pandas as pd
out = []
for path in sys.argv[1:]:
    df = pd.read_csv(path, encoding="utf-8-sig")
    out.append({"rows": len(df), "columns": [str(c) for c in df.columns],
                "first": [str(v) for v in df.iloc[:, 0]]})
print(json.dumps(out))
"#;

/// One csv file, with what a reader must find in it.
struct Expected {
    name: String,
    bytes: Vec<u8>,
    columns: Vec<String>,
    rows: usize,
    /// The first column as the json export of the same view lists it (ids), when it has one.
    first: Option<Vec<String>>,
}

fn header(bytes: &[u8]) -> Vec<String> {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("BOM");
    let mut reader = csv::Reader::from_reader(body);
    reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}

fn strings(items: &Value, key: &str) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[key].as_str().unwrap().to_string())
        .collect()
}

fn expected() -> Vec<Expected> {
    let (session, catalogue) = example();
    let mut out = Vec::new();
    for audience in [Audience::Internal, Audience::External] {
        let mut cases: Vec<(View, Option<Numbering>)> = View::ALL
            .iter()
            .filter(|v| gapwalk::export::supported(Some(**v), Format::Csv, audience).is_ok())
            .map(|v| (*v, None))
            .collect();
        cases.push((View::Soa, Some(Numbering::Iso27017)));
        for (view, numbering) in cases {
            let bytes = render(
                &session,
                &catalogue,
                &options(Some(view), Format::Csv, numbering, audience),
            );
            let json: Value = serde_json::from_slice(&render(
                &session,
                &catalogue,
                &options(Some(view), Format::Json, numbering, audience),
            ))
            .unwrap();
            let (rows, first) = match view {
                View::Soa => (
                    json["soa"].as_array().unwrap().len(),
                    Some(strings(&json["soa"], "id")),
                ),
                View::Gaps => {
                    let register = &json["gaps"]["register"];
                    (
                        register.as_array().unwrap().len(),
                        Some(strings(register, "control")),
                    )
                }
                View::Responsibility => {
                    let rows = &json["responsibility"];
                    (
                        rows.as_array().unwrap().len(),
                        Some(strings(rows, "control")),
                    )
                }
                View::Crm => {
                    let rows = &json["crm"]["controls"];
                    (
                        rows.as_array().unwrap().len(),
                        Some(strings(rows, "control")),
                    )
                }
                View::RiskAcceptances => {
                    let rows = &json["risk_acceptances"];
                    (
                        rows.as_array().unwrap().len(),
                        Some(strings(rows, "control")),
                    )
                }
                View::About => {
                    let source = Source {
                        session: &session,
                        catalogue: &catalogue,
                        session_file: "example.ron",
                        generated_at: Timestamp::from_unix(GENERATED_AT).unwrap(),
                    };
                    let pairs =
                        MetaBlock::new(&source, Numbering::Iso27001_2022, audience).pairs(None);
                    let fields = pairs.iter().map(|(f, _)| f.to_string()).collect();
                    (pairs.len(), Some(fields))
                }
                View::Minutes => unreachable!("csv refuses the minutes"),
            };
            assert!(rows > 0, "{view:?}: the example has rows to read");
            out.push(Expected {
                name: format!(
                    "{}-{}-{}.csv",
                    view.key(),
                    numbering.map_or("default", |n| n.key()),
                    audience.key()
                ),
                columns: header(&bytes),
                bytes,
                rows,
                first,
            });
        }
    }
    out
}

#[test]
fn pandas_reads_each_csv_view_as_exactly_its_rows_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let cases = expected();
    assert_eq!(
        cases.len(),
        2 * 6 + 2 - 1,
        "six csv views (five external) and the 27017 SoA"
    );
    for c in &cases {
        std::fs::write(dir.path().join(&c.name), &c.bytes).unwrap();
    }
    let out = Command::new(python())
        .arg("-c")
        .arg(READ)
        .args(cases.iter().map(|c| dir.path().join(&c.name)))
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "pandas could not read the files:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    for (c, r) in cases.iter().zip(&read) {
        assert_eq!(r["rows"], c.rows, "{}: row count", c.name);
        let columns: Vec<String> = strings_of(&r["columns"]);
        assert_eq!(columns, c.columns, "{}: column names", c.name);
        assert_eq!(
            columns[columns.len() - 2..],
            ["Edition", "Document status"],
            "{}: every row keeps its marking",
            c.name
        );
        if let Some(first) = &c.first {
            assert_eq!(&strings_of(&r["first"]), first, "{}: first column", c.name);
        }
    }
    // The 2022 ids a spreadsheet would turn into numbers stay text.
    let soa = cases
        .iter()
        .position(|c| c.name == "soa-default-internal.csv")
        .unwrap();
    let ids = strings_of(&read[soa]["first"]);
    for id in ["A.5.10", "A.7.10", "A.8.20"] {
        assert!(ids.contains(&id.to_string()), "{id} as written");
    }
}

fn strings_of(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}
