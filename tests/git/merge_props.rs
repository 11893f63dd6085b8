//! The three-way merge as properties: a side that did not change gives way to the one that did,
//! merging a change with itself is that change, and swapping ours and theirs gives the same
//! session with the same conflicts, ours and theirs swapped. Sides are made by random edits of
//! a random base, so they overlap the way two facilitators' branches do.

use chrono::NaiveDate;
use gapwalk::catalogue::{Catalogue, default_catalogue};
use gapwalk::fields::{self, FieldKey, MetaKey, Pick};
use gapwalk::persist::{parse, to_canonical, validate};
use gapwalk::review::merge;
use gapwalk::session::*;
use proptest::collection::vec;
use proptest::prelude::*;

const CONTROLS: [&str; 6] = ["5.1.1", "9.2.3", "9.4.1", "12.3.1", "CLD.9.5.1", "18.1.1"];
const PROVIDERS: [&str; 3] = ["AWS", "Google Cloud", "Hetzner"];
const NAMES: [&str; 4] = ["Ana Lima", "Bruno Costa", "Chen Wei", "Dara Okafor"];
const TEXTS: [&str; 5] = ["", "yes", "no", "two words", "quote \" and \n line"];

/// One random edit: what to do, three small numbers that pick where, and some text.
type Op = (u8, u8, u8, u8, String);

fn op() -> impl Strategy<Value = Op> {
    (
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        prop_oneof![
            4 => proptest::sample::select(&TEXTS[..]).prop_map(str::to_string),
            1 => any::<String>(),
        ],
    )
}

fn pick<T: Copy>(items: &[T], n: u8) -> T {
    items[n as usize % items.len()]
}

fn date(n: u8) -> String {
    NaiveDate::from_ymd_opt(2026, 1 + u32::from(n % 3), 1 + u32::from(n % 2))
        .unwrap()
        .to_string()
}

/// A value for a field: a word it accepts, a date, a record, or text.
fn value_for(key: FieldKey, n: u8, text: &str) -> String {
    match key {
        FieldKey::Applicability => pick(Applicability::keys(), n).into(),
        FieldKey::Reasons => pick(Reason::keys(), n).into(),
        FieldKey::Holder => pick(Holder::keys(), n).into(),
        FieldKey::Status => pick(Status::keys(), n).into(),
        FieldKey::RemediationPriority => pick(Priority::keys(), n).into(),
        FieldKey::Flagged => n.is_multiple_of(2).to_string(),
        FieldKey::RemediationDue
        | FieldKey::RiskDate
        | FieldKey::RiskExpires
        | FieldKey::NextReview => {
            if n.is_multiple_of(4) {
                String::new()
            } else {
                date(n)
            }
        }
        FieldKey::Responsibility | FieldKey::Remediation | FieldKey::RiskAcceptance => {
            fields::NONE.into()
        }
        _ => text.to_string(),
    }
}

fn edit_assessment(s: &mut Session, cat: &Catalogue, id: &str, f: impl FnOnce(&mut Assessment)) {
    let mut a = s
        .assessment(id, cat)
        .cloned()
        .unwrap_or_else(|| Assessment::new(id));
    f(&mut a);
    s.apply(
        Edit::SetAssessment {
            control: id.into(),
            assessment: Some(Box::new(a)),
        },
        cat,
    );
}

fn apply(s: &mut Session, cat: &Catalogue, (kind, a, b, c, text): &Op) {
    let id = pick(&CONTROLS, *a);
    let provider = pick(&PROVIDERS, *b);
    let at = |n: u8| Timestamp::from_unix(1_790_000_000 + i64::from(n) * 3600).unwrap();
    match kind % 12 {
        0..=3 => {
            let key = pick(&FieldKey::ALL, *c);
            let value = value_for(key, *b, text);
            edit_assessment(s, cat, id, |x| {
                let _ = key.set(x, provider, &value);
            });
        }
        4 => edit_assessment(s, cat, id, |x| {
            x.evidence.push(Evidence {
                kind: EvidenceKind::Url,
                location: format!("https://evidence.example/{}", c % 4),
                description: text.clone(),
                as_of: NaiveDate::from_ymd_opt(2026, 1 + u32::from(b % 12), 1),
                added_by: pick(&NAMES, *c).into(),
            })
        }),
        5 => edit_assessment(s, cat, id, |x| {
            if !x.evidence.is_empty() {
                let i = *c as usize % x.evidence.len();
                x.evidence.remove(i);
            }
        }),
        6 => {
            let removed = s.assessment(id, cat).is_some();
            if removed && c % 4 == 0 {
                s.apply(
                    Edit::SetAssessment {
                        control: id.into(),
                        assessment: None,
                    },
                    cat,
                );
            } else {
                edit_assessment(s, cat, id, |x| {
                    x.changed_by = pick(&NAMES, *b).into();
                    x.changed_at = Some(at(*c));
                });
            }
        }
        7 => {
            if c % 3 == 0 && !s.decisions.is_empty() {
                let i = *b as usize % s.decisions.len();
                s.decisions.remove(i);
            } else {
                s.decisions.push(Decision {
                    at: at(*b),
                    by: pick(&NAMES, *c).into(),
                    control: (c % 2 == 0).then(|| id.to_string()),
                    text: text.clone(),
                });
            }
        }
        8 => {
            let key = pick(&MetaKey::ALL, *c);
            let name = pick(&NAMES, *b);
            let value = match key {
                MetaKey::Role => pick(Role::keys(), *a).to_string(),
                MetaKey::ParticipantSide => pick(Side::keys(), *a).to_string(),
                MetaKey::Provider | MetaKey::Participant => fields::NONE.to_string(),
                _ => text.clone(),
            };
            let item = if key == MetaKey::Provider {
                provider
            } else {
                name
            };
            let _ = key.set(&mut s.meta, item, &value);
        }
        9 => {
            let services = &mut s.meta.providers;
            match services.iter_mut().find(|p| p.name == provider) {
                Some(p) if c % 2 == 0 => p.services.push(pick(&TEXTS, *a).to_string()),
                Some(p) => p.services.clear(),
                None => services.push(Provider {
                    name: provider.into(),
                    services: vec!["S3".into()],
                }),
            }
        }
        10 => {
            let location = DataLocation {
                provider: provider.into(),
                location: pick(&["eu-west-2", "us-east-1", "europe-north1"], *c).into(),
                jurisdiction: pick(&["UK", "US", "FI"], *a).into(),
                notes: String::new(),
            };
            match s.meta.data_locations.iter().position(|d| *d == location) {
                Some(i) => {
                    s.meta.data_locations.remove(i);
                }
                None => s.meta.data_locations.push(location),
            }
        }
        _ => {
            if c % 2 == 0 {
                s.resume_at = Some(id.into());
            } else {
                s.meta.updated = at(*b);
            }
        }
    }
}

fn session_from(base: &Session, cat: &Catalogue, ops: &[Op]) -> Session {
    let mut s = base.clone();
    for op in ops {
        apply(&mut s, cat, op);
    }
    s
}

fn start(cat: &Catalogue) -> Session {
    let mut s = Session::new("Review", cat, Timestamp::from_unix(1_780_000_000).unwrap());
    s.meta.providers = vec![
        Provider {
            name: "AWS".into(),
            services: vec!["EC2".into()],
        },
        Provider {
            name: "Google Cloud".into(),
            services: Vec::new(),
        },
    ];
    s.meta.participants = vec![Participant {
        name: "Ana Lima".into(),
        role: "CISO".into(),
        side: Side::Customer,
        speaks_for: String::new(),
    }];
    s
}

/// Three versions: a base, and two sides edited from it.
fn versions() -> impl Strategy<Value = (Session, Session, Session)> {
    (vec(op(), 0..12), vec(op(), 0..10), vec(op(), 0..10)).prop_map(|(b, x, y)| {
        let cat = default_catalogue();
        let base = session_from(&start(&cat), &cat, &b);
        let ours = session_from(&base, &cat, &x);
        let theirs = session_from(&base, &cat, &y);
        (base, ours, theirs)
    })
}

fn merged(base: &Session, ours: &Session, theirs: &Session) -> (Session, usize) {
    let m = merge(base, ours, theirs, &default_catalogue()).unwrap();
    (m.session, m.conflicts)
}

/// Every conflict of a session, as (where, conflict), with ours and theirs swapped on request.
fn all_conflicts(s: &Session, swap: bool) -> Vec<(String, Conflict)> {
    let flip = |c: &Conflict| {
        let mut c = c.clone();
        if swap {
            std::mem::swap(&mut c.ours, &mut c.theirs);
        }
        c
    };
    let mut out: Vec<(String, Conflict)> = s
        .meta
        .conflicts
        .iter()
        .map(|c| ("session".to_string(), flip(c)))
        .collect();
    for a in &s.assessments {
        out.extend(a.conflicts.iter().map(|c| (a.control.clone(), flip(c))));
    }
    out.sort();
    out
}

/// Settles every conflict with one side, as a person would in the workshop screen.
fn settle(mut s: Session, pick: Pick) -> Session {
    while !s.meta.conflicts.is_empty() {
        fields::resolve_meta(&mut s.meta, 0, pick).unwrap();
    }
    for a in &mut s.assessments {
        while !a.conflicts.is_empty() {
            fields::resolve(a, 0, pick).unwrap();
        }
    }
    s.assessments.retain(|a| !a.is_blank());
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_side_that_did_not_change_gives_way((base, x, _) in versions()) {
        let (m, n) = merged(&base, &x, &base);
        prop_assert_eq!(&m, &x);
        prop_assert_eq!(n, 0);
        let (m, n) = merged(&base, &base, &x);
        prop_assert_eq!(&m, &x);
        prop_assert_eq!(n, 0);
    }

    #[test]
    fn the_same_change_on_both_sides_is_that_change((base, x, _) in versions()) {
        let (m, n) = merged(&base, &x, &x);
        prop_assert_eq!(&m, &x);
        prop_assert_eq!(n, 0);
    }

    #[test]
    fn swapping_sides_gives_the_same_session_and_conflicts((base, x, y) in versions()) {
        let (xy, n_xy) = merged(&base, &x, &y);
        let (yx, n_yx) = merged(&base, &y, &x);
        prop_assert_eq!(n_xy, n_yx);
        prop_assert_eq!(all_conflicts(&xy, false), all_conflicts(&yx, true));
        prop_assert_eq!(n_xy, all_conflicts(&xy, false).len());
        // Keeping ours in one and taking theirs in the other picks the same values.
        prop_assert_eq!(settle(xy.clone(), Pick::Ours), settle(yx, Pick::Theirs));
        // Whatever the conflicts, the result is a valid session in canonical form.
        let cat = default_catalogue();
        let text = to_canonical(&xy).unwrap();
        let back = validate(parse(&text, "m.ron").unwrap(), &cat, &text, "m.ron").unwrap();
        prop_assert_eq!(&back, &xy);
    }
}
