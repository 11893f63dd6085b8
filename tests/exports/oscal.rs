//! OSCAL exports: the SoA as a system security plan with the profile and catalog it imports,
//! the gap register as a plan of action and milestones. Each file is validated by
//! compliance-trestle (installed by `.ci/run` into `.ci/tools/trestle`, or by this test where it
//! can); a missing validator fails the test, it never skips.

use crate::common::Run;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron")
}

fn gapwalk(args: &[&str], dir: &Path, epoch: &str) -> Run {
    crate::common::run(
        crate::common::gapwalk(dir)
            .args(args)
            .env("SOURCE_DATE_EPOCH", epoch),
    )
}

/// compliance-trestle's command: `$GAPWALK_TRESTLE`, else the one `.ci/run` installs, else
/// installed there now from the package registry. Panics when none can be had.
fn trestle() -> PathBuf {
    if let Some(path) = std::env::var_os("GAPWALK_TRESTLE") {
        return PathBuf::from(path);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/tools/trestle");
    let bin = venv.join("bin/trestle");
    if !bin.exists() {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
            && Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "compliance-trestle==5.2.0"])
                .status()
                .is_ok_and(|s| s.success());
        assert!(
            made && bin.exists(),
            "compliance-trestle is needed to validate OSCAL: run `bash .ci/run`, or \
             `python3 -m venv .ci/tools/trestle && .ci/tools/trestle/bin/pip install compliance-trestle==5.2.0`"
        );
    }
    bin
}

fn assert_trestle_valid(file: &Path, element: &str) {
    let out = Command::new(trestle())
        .args(["partial-object-validate", "-e", element, "-f"])
        .arg(file)
        .output()
        .expect("run trestle");
    assert!(
        out.status.success(),
        "trestle finds {} invalid as {element}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every `uuid` value in a document, in order.
fn uuids(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "uuid" || k.ends_with("-uuid") {
                    out.push(v.as_str().unwrap_or_default().to_string());
                }
                uuids(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| uuids(v, out)),
        _ => {}
    }
}

/// The `uuid` of every object (not the references to one).
fn own_uuids(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "uuid" {
                    out.push(v.as_str().unwrap_or_default().to_string());
                }
                own_uuids(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| own_uuids(v, out)),
        _ => {}
    }
}

fn export(dir: &Path, view: &str, out: &str, epoch: &str) {
    let run = gapwalk(
        &[
            "export", "s.ron", "--format", "oscal", "--view", view, "--out", out,
        ],
        dir,
        epoch,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn the_ssp_its_profile_and_catalog_and_the_poam_are_valid_oscal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    export(dir.path(), "soa", "ssp.json", "1795000000");
    export(dir.path(), "gaps", "poam.json", "1795000000");
    let profile = dir.path().join("iso27017-2015.profile.json");
    let catalog = dir.path().join("iso27017-2015.catalog.json");
    assert_trestle_valid(&dir.path().join("ssp.json"), "system-security-plan");
    assert_trestle_valid(&profile, "profile");
    assert_trestle_valid(&catalog, "catalog");
    assert_trestle_valid(
        &dir.path().join("poam.json"),
        "plan-of-action-and-milestones",
    );

    // The SSP imports the profile, which imports the catalog, by the names written.
    let ssp = read(&dir.path().join("ssp.json"));
    let ssp = &ssp["system-security-plan"];
    assert_eq!(ssp["import-profile"]["href"], "iso27017-2015.profile.json");
    assert_eq!(
        read(&profile)["profile"]["imports"][0]["href"],
        "iso27017-2015.catalog.json"
    );
    // One implemented requirement per control of the catalog, by the same ids.
    let catalog_ids: Vec<String> = read(&catalog)["catalog"]["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert!(catalog_ids.len() >= 121, "{}", catalog_ids.len());
    let requirement_ids: Vec<String> = ssp["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["control-id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(requirement_ids, catalog_ids);
    assert!(catalog_ids.contains(&"c-5.1.1".to_string()));
    assert!(catalog_ids.contains(&"cld.6.3.1".to_string()));
    // The example is customer and provider: what it validated includes its offering's lines.
    let components = ssp["system-implementation"]["components"]
        .as_array()
        .unwrap();
    assert!(
        components
            .iter()
            .any(|c| c["title"] == "Northwind Payroll, to our clients"),
        "the offering we provide is a component"
    );
}

#[test]
fn a_providers_own_ssp_with_offering_lines_only_is_valid_oscal() {
    let dir = tempfile::tempdir().unwrap();
    let kestrel = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/kestrel.ron");
    std::fs::copy(kestrel, dir.path().join("s.ron")).unwrap();
    export(dir.path(), "soa", "ssp.json", "1795000000");
    assert_trestle_valid(&dir.path().join("ssp.json"), "system-security-plan");
    let ssp = read(&dir.path().join("ssp.json"));
    let by = requirement(&ssp, "c-5.1.1")["by-components"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        by.len(),
        2,
        "the system itself and the one offering: {by:#?}"
    );
    assert!(
        by[1]["export"]["provided"][0]["description"]
            .as_str()
            .unwrap()
            .starts_with("We keep an information security policy")
    );
}

fn requirement<'a>(ssp: &'a Value, id: &str) -> &'a Value {
    ssp["system-security-plan"]["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["control-id"] == id)
        .unwrap_or_else(|| panic!("no requirement {id}"))
}

#[test]
fn shared_responsibility_is_stated_per_provider_with_inherited_satisfied_and_roles() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    export(dir.path(), "soa", "ssp.json", "1795000000");
    let ssp = read(&dir.path().join("ssp.json"));
    let components = ssp["system-security-plan"]["system-implementation"]["components"]
        .as_array()
        .unwrap();
    let component = |title: &str| -> String {
        components
            .iter()
            .find(|c| c["title"] == title)
            .unwrap_or_else(|| panic!("no component {title}"))["uuid"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let aws = component("AWS");
    let google = component("Google Cloud");
    // CLD.6.3.1 is shared with both providers in the example.
    let shared = requirement(&ssp, "cld.6.3.1");
    let by: Vec<&Value> = shared["by-components"].as_array().unwrap().iter().collect();
    let for_aws = by
        .iter()
        .find(|b| b["component-uuid"] == aws.as_str())
        .expect("a by-component for AWS");
    assert!(by.iter().any(|b| b["component-uuid"] == google.as_str()));
    let inherited = for_aws["inherited"][0]["description"].as_str().unwrap();
    assert!(inherited.contains("AWS runs and attests"), "{inherited}");
    assert_eq!(
        for_aws["inherited"][0]["provided-uuid"],
        for_aws["export"]["provided"][0]["uuid"]
    );
    assert!(
        !for_aws["satisfied"][0]["description"]
            .as_str()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        for_aws["satisfied"][0]["responsibility-uuid"],
        for_aws["export"]["responsibilities"][0]["uuid"]
    );
    let roles: Vec<&str> = for_aws["responsible-roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["role-id"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["customer", "provider"]);
    // The status mapping: 5.1.1 is implemented, 5.1.2 partially; 6.1.2 is undecided and has
    // no OSCAL state, only gapwalk's own word.
    let state = |id: &str| {
        requirement(&ssp, id)["by-components"][0]["implementation-status"]["state"].clone()
    };
    assert_eq!(state("c-5.1.1"), "implemented");
    assert_eq!(state("c-5.1.2"), "partial");
    assert_eq!(state("c-6.1.2"), Value::Null);
    let props = &requirement(&ssp, "c-6.1.2")["props"];
    assert_eq!(props[0]["name"], "gapwalk-applicable");
    assert_eq!(props[0]["value"], "undecided");
}

#[test]
fn uuids_stay_the_same_across_exports_and_differ_between_sessions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    export(dir.path(), "soa", "first.json", "1795000000");
    export(dir.path(), "soa", "second.json", "1796000000");
    let (mut first, mut second) = (Vec::new(), Vec::new());
    uuids(&read(&dir.path().join("first.json")), &mut first);
    uuids(&read(&dir.path().join("second.json")), &mut second);
    assert!(first.len() > 200, "{}", first.len());
    assert_eq!(
        first, second,
        "the same session, another day: the same UUIDs"
    );
    // Every object has a UUID of its own (references, `...-uuid`, repeat them).
    let mut own = Vec::new();
    own_uuids(&read(&dir.path().join("first.json")), &mut own);
    let count = own.len();
    own.sort();
    own.dedup();
    assert_eq!(own.len(), count, "no two objects share a UUID");

    // Another session (another id) gives other UUIDs.
    let text = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    let id_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("id: \""))
        .unwrap();
    let other = text.replacen(
        id_line,
        "    id: \"0d9c8a8e-5c1b-4b7e-9f00-123456789abc\",",
        1,
    );
    std::fs::write(dir.path().join("s.ron"), other).unwrap();
    export(dir.path(), "soa", "third.json", "1795000000");
    let mut third = Vec::new();
    uuids(&read(&dir.path().join("third.json")), &mut third);
    assert!(third.iter().all(|u| !first.contains(u)));
}

#[test]
fn oscal_refuses_other_views_and_standard_output_for_the_ssp() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    for view in ["responsibility", "minutes", "about"] {
        let run = gapwalk(
            &[
                "export", "s.ron", "--format", "oscal", "--view", view, "--out", "x.json",
            ],
            dir.path(),
            "1795000000",
        );
        assert_eq!(run.code, 2, "{view}");
        assert!(run.stderr.contains("OSCAL holds the SoA"), "{}", run.stderr);
    }
    let run = gapwalk(
        &["export", "s.ron", "--format", "oscal", "--out", "-"],
        dir.path(),
        "1795000000",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("give --out a file name"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("x.json").exists());
}
