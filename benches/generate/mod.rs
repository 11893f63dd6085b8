//! The synthetic workshops every benchmark measures: the embedded ISO/IEC 27017 catalogue at 121
//! controls and generated catalogues (20 clause families, realistic ids and titles) above that,
//! with a typical session (a third of the controls assessed) or a rich one (every control
//! assessed with long text). Shared by `workshop.rs` and `startup.rs` so both measure the same
//! files; benchmark code, so it unwraps.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use gapwalk::catalogue::{Catalogue, Category, Clause, Control, default_catalogue};
use gapwalk::session::*;

/// The sizes the speed budgets name (docs/performance.md): the default catalogue, a large one, and the stress size.
pub const SIZES: [usize; 3] = [121, 1_000, 10_000];

/// The default catalogue at 121; a synthetic one with realistic ids and titles above that.
pub fn catalogue(n: usize) -> Catalogue {
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
                provider_seat_prompt: String::new(),
                related: Vec::new(),
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
pub fn session(cat: &Catalogue) -> Session {
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

/// Every control assessed with long text in every field, two providers and two pieces of
/// evidence: about 2 KB a control, so 10,000 controls make the ~20 MB file the hardening budget
/// names as the largest legitimate session (the size cap is 64 MiB).
pub fn rich_session(cat: &Catalogue) -> Session {
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

/// Writes the session for `n` controls into `dir` as `gapwalk open` would find it: above 121 the
/// generated catalogue goes next to it as `catalogue.ron` and the session names that file (the
/// embedded catalogue needs no file). Returns the session file's path.
pub fn write_session_files(dir: &Path, n: usize, rich: bool) -> PathBuf {
    let cat = catalogue(n);
    let mut s = if rich {
        rich_session(&cat)
    } else {
        session(&cat)
    };
    if n != 121 {
        let text = ron::ser::to_string_pretty(&cat, ron::ser::PrettyConfig::default()).unwrap();
        std::fs::write(dir.join("catalogue.ron"), text).unwrap();
        s.catalogue.file = Some("catalogue.ron".into());
    }
    let path = dir.join(if rich { "rich.ron" } else { "session.ron" });
    gapwalk::persist::save(&path, &s).unwrap();
    path
}
