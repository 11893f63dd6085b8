//! Memory budget of the caps (`session::limits`): the largest session the caps allow exports
//! every view within a few hundred MB. Two sessions at every cap (64 providers, 200
//! participants): on the embedded ISO/IEC 27017 catalogue with every control assessed and a full
//! line for every provider, and on a 10,000-control catalogue with nothing recorded (the small
//! file the responsibility view multiplies: a row per control and provider; filled at that size
//! it would pass the 64 MB a session file may be). Before the caps a 1.3 MB session with 20,000
//! providers took 2.4 GB.
//!
//! Measured on the real program: `gapwalk export` of every view as one workbook, and of the
//! responsibility view as md, csv, html and json, each run as its own process; its peak resident
//! set (`VmHWM` in `/proc/PID/status`, read every 5 ms until it exits, so Linux only) is the
//! number reported and held to the budget. Run with `cargo bench --bench caps`. The second case
//! is over budget today (docs/performance.md: about 1.4 GB for the workbook) and fails; it runs
//! last so the first still reports.

mod generate;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use divan::Bencher;
use gapwalk::catalogue::Catalogue;
use gapwalk::session::limits::{MAX_PARTICIPANTS, MAX_PROVIDER_SCOPE};
use gapwalk::session::*;

/// The budget: "a few hundred MB".
const BUDGET_MB: u64 = 400;

fn main() {
    divan::main();
}

/// The session at every cap; `filled`: every control assessed with a full line per provider.
fn largest(cat: &Catalogue, filled: bool) -> Session {
    let mut s = Session::new("Caps", cat, Timestamp::from_unix(1_790_000_000).unwrap());
    s.meta.providers = (0..MAX_PROVIDER_SCOPE)
        .map(|i| Provider {
            name: format!("Provider {i:02}"),
            services: Vec::new(),
        })
        .collect();
    s.meta.participants = (0..MAX_PARTICIPANTS)
        .map(|i| Participant {
            name: format!("Person {i:03}"),
            role: "Architect".into(),
            ..Participant::default()
        })
        .collect();
    let text = "Shared: the provider runs the platform control, we configure it per account and review it every quarter.";
    for c in cat.controls.iter().filter(|_| filled) {
        let mut a = Assessment::new(&c.id);
        a.applicability = Applicability::Applicable;
        a.status = Status::Partial;
        a.justification = text.into();
        a.gap = text.into();
        a.notes = text.into();
        a.responsibilities = s
            .meta
            .providers
            .iter()
            .map(|p| {
                let mut r = Responsibility::default_for(&p.name);
                r.holder = Holder::Shared;
                r.customer_owner = "Person 001".into();
                r.provider_owner = "Person 002".into();
                r.inherited = text.into();
                r.customer_duty = text.into();
                r.provider_evidence = text.into();
                r
            })
            .collect();
        s.assessments.push(a);
    }
    assert!(
        limits::check(&s).is_ok(),
        "the bench session must be within the caps"
    );
    s
}

/// Writes the session (and a generated catalogue next to it) into `dir`; returns its path.
fn write(dir: &Path, n: usize, filled: bool) -> std::path::PathBuf {
    let cat = generate::catalogue(n);
    let mut s = largest(&cat, filled);
    if n != 121 {
        let text = ron::ser::to_string_pretty(&cat, ron::ser::PrettyConfig::default()).unwrap();
        std::fs::write(dir.join("catalogue.ron"), text).unwrap();
        s.catalogue.file = Some("catalogue.ron".into());
    }
    let path = dir.join("caps.ron");
    gapwalk::persist::save(&path, &s).unwrap();
    path
}

fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `gapwalk export` with `args` and returns its peak resident set in MB.
fn export_peak_mb(dir: &Path, args: &[&str]) -> u64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gapwalk"))
        .arg("export")
        .arg("caps.ron")
        .args(args)
        .current_dir(dir)
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .spawn()
        .expect("run gapwalk export");
    let mut peak = 0;
    loop {
        if let Some(kb) = peak_kb(child.id()) {
            peak = peak.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "gapwalk export {args:?} failed");
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    peak.div_ceil(1024)
}

const RUNS: [(&str, &[&str]); 5] = [
    (
        "every view, xlsx",
        &["--format", "xlsx", "--out", "all.xlsx"],
    ),
    (
        "responsibility, md",
        &[
            "--view",
            "responsibility",
            "--format",
            "md",
            "--out",
            "r.md",
        ],
    ),
    (
        "responsibility, csv",
        &[
            "--view",
            "responsibility",
            "--format",
            "csv",
            "--out",
            "r.csv",
        ],
    ),
    (
        "responsibility, html",
        &[
            "--view",
            "responsibility",
            "--format",
            "html",
            "--out",
            "r.html",
        ],
    ),
    (
        "responsibility, json",
        &[
            "--view",
            "responsibility",
            "--format",
            "json",
            "--out",
            "r.json",
        ],
    ),
];

fn every_view(bencher: Bencher, n: usize, filled: bool) {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), n, filled);
    let size = std::fs::metadata(&file).unwrap().len();
    let mut worst = 0;
    for (what, args) in RUNS {
        let peak = export_peak_mb(dir.path(), args);
        println!(
            "{n} controls x {MAX_PROVIDER_SCOPE} providers, {} ({} KB session): {what}: peak RSS {peak} MB",
            if filled {
                "every line filled"
            } else {
                "nothing recorded"
            },
            size / 1024
        );
        worst = worst.max(peak);
    }
    assert!(
        worst <= BUDGET_MB,
        "an export of a session within the caps peaked at {worst} MB (budget {BUDGET_MB} MB)"
    );
    bencher.bench(|| export_peak_mb(dir.path(), RUNS[0].1));
}

#[divan::bench(sample_count = 1, sample_size = 1)]
fn caps_1_on_27017_every_line_filled(bencher: Bencher) {
    every_view(bencher, 121, true);
}

#[divan::bench(sample_count = 1, sample_size = 1)]
fn caps_2_on_10000_controls_nothing_recorded(bencher: Bencher) {
    every_view(bencher, 10_000, false);
}
