//! Speed budgets of DESIGN.md §6, at 121, 1,000 and 10,000 controls: a key handled and a frame
//! drawn, a fuzzy-jump keystroke, loading and saving a session; exports at 121 and 1,000. Run
//! with `cargo bench`.

use std::path::PathBuf;

use divan::Bencher;
use gapwalk::catalogue::{Catalogue, Category, Clause, Control, default_catalogue};
use gapwalk::session::*;
use gapwalk::tui::action::{Action, Command};
use gapwalk::tui::app::App;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [121, 1_000, 10_000];

/// The default catalogue at 121; a synthetic one with realistic ids and titles above that.
fn catalogue(n: usize) -> Catalogue {
    if n == 121 {
        return default_catalogue();
    }
    let words = [
        "access",
        "backup",
        "logging",
        "network",
        "supplier",
        "encryption",
        "monitoring",
        "deletion",
        "review",
        "incident",
        "capacity",
        "change",
        "identity",
        "virtual",
    ];
    let clauses: Vec<Clause> = (1..=20)
        .map(|c| Clause {
            id: format!("{c}"),
            title: format!("Family {c} {}", words[c % words.len()]),
        })
        .collect();
    let categories: Vec<Category> = (1..=20)
        .flat_map(|c| (1..=5).map(move |k| (c, k)))
        .map(|(c, k)| Category {
            id: format!("{c}.{k}"),
            clause: format!("{c}"),
            title: format!("Group {c}.{k}"),
        })
        .collect();
    let controls = (0..n)
        .map(|i| {
            let c = i % 20 + 1;
            let k = i / 20 % 5 + 1;
            Control {
                id: format!("{c}.{k}.{}", i / 100 + 1),
                title: format!(
                    "{} of {} for {} systems {i}",
                    words[i % words.len()],
                    words[(i / 3) % words.len()],
                    words[(i / 7) % words.len()]
                ),
                clause: format!("{c}"),
                category: Some(format!("{c}.{k}")),
                iso27001_2022: vec!["5.1".into()],
                mapping: Default::default(),
                guidance: None,
                themes: Vec::new(),
                customer_prompt: "Who owns this on your side, and how do you know it works?".into(),
                provider_prompt: "What does the provider attest for this, and how recently?".into(),
                text: String::new(),
            }
        })
        .collect::<Vec<_>>();
    let mut controls = controls;
    controls
        .sort_by_key(|c: &Control| (c.clause.parse::<usize>().unwrap_or(0), c.category.clone()));
    Catalogue::from_parts("synthetic", "1", "Synthetic", clauses, categories, controls)
}

/// A session with a third of the controls assessed in detail.
fn session(cat: &Catalogue) -> Session {
    let mut s = Session::new("Bench", cat, Timestamp::from_unix(1_790_000_000).unwrap());
    s.meta.providers = vec![
        Provider {
            name: "AWS".into(),
            services: vec![],
        },
        Provider {
            name: "Azure".into(),
            services: vec![],
        },
    ];
    for (i, c) in cat.controls.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        let mut a = Assessment::new(&c.id);
        a.applicability = Applicability::Applicable;
        a.justification =
            format!("Risk R-{i}: customer data in scope; reviewed with the platform team");
        a.status = if i % 2 == 0 {
            Status::Implemented
        } else {
            Status::Partial
        };
        let r = a.responsibility_mut("AWS");
        r.holder = Holder::Shared;
        r.customer_owner = "Ana Lima".into();
        r.provider_owner = "AWS".into();
        a.evidence.push(Evidence {
            kind: EvidenceKind::Url,
            location: format!("https://wiki.example/evidence/{i}"),
            description: "runbook".into(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 10, 1),
            added_by: "Ana Lima".into(),
        });
        a.notes = "Discussed in the workshop".into();
        a.changed_by = "Ana Lima".into();
        s.assessments.push(a);
    }
    s.sort(cat);
    s
}

#[divan::bench(args = SIZES)]
fn key_and_frame(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let s = session(&cat);
    let mut app = App::new(
        s,
        cat,
        PathBuf::from("b.ron"),
        Keymap::default(),
        "b".into(),
        Timestamp::from_unix(0).unwrap(),
    );
    app.update(Action::Resize(120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let theme = Theme { color: true };
    let mut down = true;
    bencher.bench_local(|| {
        let c = if down {
            Command::SelectNext
        } else {
            Command::SelectPrevious
        };
        down = !down;
        app.update(Action::Command(c));
        terminal
            .draw(|f| gapwalk::tui::view::render(&app, &theme, f))
            .unwrap();
    });
}

#[divan::bench(args = SIZES)]
fn fuzzy_jump_keystroke(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let s = session(&cat);
    let searcher = gapwalk::search::Searcher::new(&cat, &s);
    let queries = ["b", "ba", "bac", "back", "backu", "backup"];
    let mut k = 0;
    bencher.bench_local(|| {
        k = (k + 1) % queries.len();
        divan::black_box(searcher.rank(queries[k], 200));
    });
}

#[divan::bench(args = SIZES)]
fn load_session(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let text = gapwalk::persist::to_canonical(&session(&cat)).unwrap();
    bencher.bench_local(|| {
        let s = gapwalk::persist::parse(&text, "b.ron").unwrap();
        divan::black_box(gapwalk::persist::validate(s, &cat, &text, "b.ron").unwrap());
    });
}

#[divan::bench(args = SIZES)]
fn save_session_atomically(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let s = session(&cat);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.ron");
    bencher.bench_local(|| gapwalk::persist::save(&path, &s).unwrap());
}

const EXPORT_SIZES: [usize; 2] = [121, 1_000];

/// Renders an export and writes it atomically, as `gapwalk export` does after loading.
fn export_to_file(
    bencher: Bencher,
    n: usize,
    view: Option<gapwalk::export::View>,
    format: gapwalk::export::Format,
) {
    use gapwalk::export::{self, Audience, ExportOptions, Source};
    let cat = catalogue(n);
    let s = session(&cat);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("out.{}", format.key()));
    let options = ExportOptions {
        view,
        format,
        numbering: None,
        audience: Audience::Internal,
    };
    bencher.bench_local(|| {
        let source = Source {
            session: &s,
            catalogue: &cat,
            session_file: "b.ron",
            generated_at: Timestamp::from_unix(1_795_000_000).unwrap(),
        };
        let bytes = export::render(&source, &options).unwrap();
        export::write(&path, &bytes).unwrap();
    });
}

#[divan::bench(args = EXPORT_SIZES)]
fn export_soa_csv(bencher: Bencher, n: usize) {
    use gapwalk::export::{Format, View};
    export_to_file(bencher, n, Some(View::Soa), Format::Csv);
}

#[divan::bench(args = EXPORT_SIZES)]
fn export_soa_xlsx(bencher: Bencher, n: usize) {
    use gapwalk::export::{Format, View};
    export_to_file(bencher, n, Some(View::Soa), Format::Xlsx);
}

#[divan::bench(args = EXPORT_SIZES)]
fn export_every_view_xlsx(bencher: Bencher, n: usize) {
    export_to_file(bencher, n, None, gapwalk::export::Format::Xlsx);
}

/// Two branches of a session: ours re-rates every 7th control, theirs rewrites every 5th
/// justification and also re-rates every 35th, so some fields conflict.
fn branches(cat: &Catalogue) -> (Session, Session, Session) {
    let base = session(cat);
    let mut ours = base.clone();
    let mut theirs = base.clone();
    for (k, a) in ours
        .assessments
        .iter_mut()
        .enumerate()
        .filter(|(k, _)| k % 7 == 0)
    {
        a.status = Status::Planned;
        a.notes = format!("re-rated in meeting {k}");
    }
    for (k, a) in theirs
        .assessments
        .iter_mut()
        .enumerate()
        .filter(|(k, _)| k % 5 == 0)
    {
        a.justification = format!("Rewritten after the audit, item {k}");
        if k % 35 == 0 {
            a.status = Status::NotImplemented;
        }
    }
    (base, ours, theirs)
}

#[divan::bench(args = SIZES)]
fn merge_three_way(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let (base, ours, theirs) = branches(&cat);
    bencher.bench_local(|| divan::black_box(gapwalk::review::merge(&base, &ours, &theirs, &cat)));
}

#[divan::bench(args = SIZES)]
fn diff_two_versions(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let (base, ours, _) = branches(&cat);
    bencher.bench_local(|| divan::black_box(gapwalk::review::diff(&base, &ours, Some(&cat))));
}

/// Every control assessed with long text in every field, two providers and two pieces of
/// evidence: about 2 KB a control, so 10,000 controls make the ~20 MB file the hardening budget
/// names as the largest legitimate session (the size cap is 64 MiB).
fn rich_session(cat: &Catalogue) -> Session {
    let mut s = session(cat);
    s.assessments.clear();
    let long = |what: &str, i: usize| {
        format!("{what} for control {i}: agreed in the workshop after reviewing the runbook")
    };
    for (i, c) in cat.controls.iter().enumerate() {
        let mut a = Assessment::new(&c.id);
        a.applicability = Applicability::Applicable;
        a.reasons = vec![Reason::RiskAssessment, Reason::Contractual];
        a.justification = long("Justification", i);
        for (k, provider) in ["AWS", "Azure"].into_iter().enumerate() {
            let r = a.responsibility_mut(provider);
            r.holder = Holder::Shared;
            r.customer_owner = "Ana Lima".into();
            r.provider_owner = format!("{provider} security team");
            r.provider_evidence = format!("{provider} SOC 2 Type II report, 2026, section {i}");
            // The main provider is discussed in full, the second one briefly.
            if k == 0 {
                r.inherited = long("Inherited", i);
                r.customer_duty = long("Customer duty", i);
            }
        }
        a.status = Status::Partial;
        for k in 0..1 {
            a.evidence.push(Evidence {
                kind: EvidenceKind::Url,
                location: format!("https://wiki.example/evidence/{i}/{k}"),
                description: long("Evidence", i),
                as_of: chrono::NaiveDate::from_ymd_opt(2026, 10, 1),
                added_by: "Ana Lima".into(),
            });
        }
        a.gap = long("Gap", i);
        a.remediation = Some(Remediation {
            action: long("Action", i),
            owner: "Bruno Costa".into(),
            due: chrono::NaiveDate::from_ymd_opt(2027, 3, 31),
            priority: Priority::High,
        });
        a.change_trigger = "A new provider account, region or service".into();
        a.escalation = "CISO, then the risk committee".into();
        a.next_review = chrono::NaiveDate::from_ymd_opt(2027, 6, 1);
        a.notes = long("Notes", i);
        a.changed_by = "Ana Lima".into();
        a.changed_at = Timestamp::from_unix(1_790_000_000);
        s.assessments.push(a);
    }
    s.sort(cat);
    s
}

/// The whole load a user waits for: read (with the size cap), parse and validate the session and
/// the catalogue file it names.
#[divan::bench(args = [10_000])]
fn load_rich_session_file(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let dir = tempfile::tempdir().unwrap();
    let cat_text = ron::ser::to_string_pretty(&cat, ron::ser::PrettyConfig::default()).unwrap();
    std::fs::write(dir.path().join("catalogue.ron"), cat_text).unwrap();
    let mut s = rich_session(&cat);
    s.catalogue.file = Some("catalogue.ron".into());
    let path = dir.path().join("rich.ron");
    gapwalk::persist::save(&path, &s).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "rich session file: {n} controls, {:.1} MB",
        size as f64 / 1e6
    );
    assert!(size < gapwalk::textfile::MAX_SESSION_BYTES);
    bencher.bench_local(|| {
        let loaded = gapwalk::persist::load(&path).unwrap();
        assert!(loaded.warnings.is_empty());
        divan::black_box(loaded)
    });
}
