//! Memory budget of the caps (`session::limits`): the largest session the caps allow exports
//! every view within a few hundred MB. Three sessions at every cap (64 providers, 200
//! participants):
//! 1. the embedded ISO/IEC 27017 catalogue, every control assessed with a long line for every
//!    provider (5 MB);
//! 2. a 10,000-control catalogue with nothing recorded: the small file the responsibility view
//!    used to multiply into a row per control and provider;
//! 3. the same catalogue with a line recorded (a holder) for every provider on 8,000 controls:
//!    512,000 lines in a 62 MB file, about as many as a session may carry under its 64 MiB size
//!    cap, each of which the responsibility view must show. This is the worst case of the caps.
//!
//! Before the caps a 1.3 MB session with 20,000 providers took 2.4 GB.
//!
//! Measured on the real program: `gapwalk export` of every view as one workbook, and of the
//! responsibility view as md, csv, html and json, each run as its own process; its peak resident
//! set (`VmHWM` in `/proc/PID/status`, read every 5 ms until it exits, so Linux only) is the
//! number reported and held to the budget. Run with `cargo bench --bench caps`;
//! `CAPS_FILES_IN=DIR cargo bench --bench caps` only writes the three sessions into
//! `DIR/{1,2,3}/caps.ron` (with their catalogue files), to measure by hand
//! (`/usr/bin/time -v gapwalk export …`).

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

/// What the session at the caps records.
#[derive(Clone, Copy, PartialEq)]
enum Fill {
    /// No assessment at all.
    Nothing,
    /// Every control assessed, a line per provider with long text in every field.
    Long,
    /// The first 8,000 controls assessed, a line per provider with a holder only: about as many
    /// lines (512,000) as a file under the 64 MiB size cap can hold.
    Short,
}

/// The session at every cap, recording `fill`.
fn largest(cat: &Catalogue, fill: Fill) -> Session {
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
    let assessed = match fill {
        Fill::Nothing => 0,
        Fill::Long => cat.controls.len(),
        Fill::Short => 8_000,
    };
    for c in cat.controls.iter().take(assessed) {
        let mut a = Assessment::new(&c.id);
        a.applicability = Applicability::Applicable;
        a.status = Status::Partial;
        if fill == Fill::Long {
            a.justification = text.into();
            a.gap = text.into();
            a.notes = text.into();
        }
        a.responsibilities = s
            .meta
            .providers
            .iter()
            .map(|p| {
                let mut r = Responsibility::default_for(&p.name);
                r.holder = Holder::Shared;
                if fill == Fill::Long {
                    r.customer_owner = "Person 001".into();
                    r.provider_owner = "Person 002".into();
                    r.inherited = text.into();
                    r.customer_duty = text.into();
                    r.provider_evidence = text.into();
                }
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
fn write(dir: &Path, n: usize, fill: Fill) -> std::path::PathBuf {
    let cat = generate::catalogue(n);
    let mut s = largest(&cat, fill);
    if n != 121 {
        let text = ron::ser::to_string_pretty(&cat, ron::ser::PrettyConfig::default()).unwrap();
        std::fs::write(dir.join("catalogue.ron"), text).unwrap();
        s.catalogue.file = Some("catalogue.ron".into());
    }
    let path = dir.join("caps.ron");
    gapwalk::persist::save(&path, &s).unwrap();
    // The worst case must still be a file gapwalk reads (the 64 MiB cap).
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size < 64 * 1024 * 1024,
        "the bench session is {size} bytes, over the session size cap"
    );
    path
}

/// The three cases: (controls, what is recorded).
const CASES: [(usize, Fill); 3] = [
    (121, Fill::Long),
    (10_000, Fill::Nothing),
    (10_000, Fill::Short),
];

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

fn every_view(bencher: Bencher, case: usize) {
    let (n, fill) = CASES[case];
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), n, fill);
    let size = std::fs::metadata(&file).unwrap().len();
    let mut worst = 0;
    for (what, args) in RUNS {
        let peak = export_peak_mb(dir.path(), args);
        println!(
            "{n} controls x {MAX_PROVIDER_SCOPE} providers, {} ({} KB session): {what}: peak RSS {peak} MB",
            match fill {
                Fill::Nothing => "nothing recorded",
                Fill::Long => "every line filled with long text",
                Fill::Short => "every line recorded, short",
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

fn main() {
    if let Some(dir) = std::env::var_os("CAPS_FILES_IN") {
        for (i, (n, fill)) in CASES.into_iter().enumerate() {
            let dir = Path::new(&dir).join(format!("{}", i + 1));
            std::fs::create_dir_all(&dir).unwrap();
            let path = write(&dir, n, fill);
            println!(
                "{}: {} bytes",
                path.display(),
                std::fs::metadata(&path).unwrap().len()
            );
        }
        return;
    }
    divan::main();
}

#[divan::bench(sample_count = 1, sample_size = 1)]
fn caps_1_on_27017_every_line_filled(bencher: Bencher) {
    every_view(bencher, 0);
}

#[divan::bench(sample_count = 1, sample_size = 1)]
fn caps_2_on_10000_controls_nothing_recorded(bencher: Bencher) {
    every_view(bencher, 1);
}

#[divan::bench(sample_count = 1, sample_size = 1)]
fn caps_3_on_10000_controls_every_line_recorded(bencher: Bencher) {
    every_view(bencher, 2);
}
