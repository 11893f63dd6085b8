//! Scale budgets of the file-system and data hardening: merge and diff of one control with
//! 20,000 and 100,000 evidence lines a side, and of decision logs as long, must each stay under
//! a second (they were quadratic: 24 s at 20,000). Run with `cargo bench --bench scale`.

use divan::Bencher;
use gapwalk::catalogue::{Catalogue, default_catalogue};
use gapwalk::session::*;

fn main() {
    divan::main();
}

const LINES: [usize; 2] = [20_000, 100_000];

fn evidence(i: usize) -> Evidence {
    Evidence {
        kind: EvidenceKind::Url,
        location: format!("https://evidence.example/run/{i}"),
        description: format!("restore test {i}"),
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 1 + (i % 12) as u32, 1 + (i % 28) as u32),
        added_by: "Ana Lima".into(),
    }
}

fn decision(i: usize) -> Decision {
    Decision {
        at: Timestamp::from_unix(1_790_000_000 + i as i64).unwrap(),
        by: "Ana Lima".into(),
        control: None,
        text: format!("decision {i}"),
    }
}

/// A base with `n` items and two sides of `n` items each: ours drops every 10th base item and
/// adds as many new ones, theirs drops every 7th and adds its own, so the three lists differ
/// everywhere and each side still holds `n`.
fn sides<T>(n: usize, make: impl Fn(usize) -> T) -> (Vec<T>, Vec<T>, Vec<T>) {
    let base: Vec<T> = (0..n).map(&make).collect();
    let side = |step: usize, offset: usize| -> Vec<T> {
        let kept = (0..n).filter(|i| i % step != 0);
        let added = (0..n).filter(|i| i % step == 0).map(|i| offset + i);
        kept.chain(added).map(&make).collect()
    };
    (base, side(10, n), side(7, 2 * n))
}

fn evidence_sessions(n: usize, cat: &Catalogue) -> (Session, Session, Session) {
    let start = Session::new("Scale", cat, Timestamp::from_unix(1_790_000_000).unwrap());
    let (b, o, t) = sides(n, evidence);
    let with = |list: Vec<Evidence>| {
        let mut s = start.clone();
        let mut a = Assessment::new("12.3.1");
        a.evidence = list;
        s.assessments.push(a);
        s
    };
    (with(b), with(o), with(t))
}

fn decision_sessions(n: usize, cat: &Catalogue) -> (Session, Session, Session) {
    let start = Session::new("Scale", cat, Timestamp::from_unix(1_790_000_000).unwrap());
    let (b, o, t) = sides(n, decision);
    let with = |list: Vec<Decision>| {
        let mut s = start.clone();
        s.decisions = list;
        s
    };
    (with(b), with(o), with(t))
}

#[divan::bench(args = LINES, sample_count = 10)]
fn merge_evidence_lines(bencher: Bencher, n: usize) {
    let cat = default_catalogue();
    let (base, ours, theirs) = evidence_sessions(n, &cat);
    bencher.bench_local(|| divan::black_box(gapwalk::review::merge(&base, &ours, &theirs, &cat)));
}

#[divan::bench(args = LINES, sample_count = 10)]
fn diff_evidence_lines(bencher: Bencher, n: usize) {
    let cat = default_catalogue();
    let (_, ours, theirs) = evidence_sessions(n, &cat);
    bencher.bench_local(|| divan::black_box(gapwalk::review::diff(&ours, &theirs, Some(&cat))));
}

#[divan::bench(args = LINES, sample_count = 10)]
fn merge_decisions(bencher: Bencher, n: usize) {
    let cat = default_catalogue();
    let (base, ours, theirs) = decision_sessions(n, &cat);
    bencher.bench_local(|| divan::black_box(gapwalk::review::merge(&base, &ours, &theirs, &cat)));
}

#[divan::bench(args = LINES, sample_count = 10)]
fn diff_decisions(bencher: Bencher, n: usize) {
    let cat = default_catalogue();
    let (_, ours, theirs) = decision_sessions(n, &cat);
    bencher.bench_local(|| divan::black_box(gapwalk::review::diff(&ours, &theirs, Some(&cat))));
}
