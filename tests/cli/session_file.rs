//! Session files round-trip and are deterministic for any session, however odd its text.

use chrono::NaiveDate;
use gapwalk::catalogue::{Catalogue, default_catalogue};
use gapwalk::persist::{parse, to_canonical, validate};
use gapwalk::session::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9 ]{1,20}",
        // Quotes, backslashes, newlines, raw-string markers, control characters and wide text.
        any::<String>(),
        "(\"|\\\\|\n|r#\"|#|é|漢字|\u{1b}\\[31m|\t){1,8}",
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (2000i32..2100, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (0i64..4_000_000_000).prop_map(|s| Timestamp::from_unix(s).unwrap())
}

fn pick<T: Copy + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(items)
}

fn responsibility() -> impl Strategy<Value = Responsibility> {
    (
        text(),
        pick(&Holder::ALL),
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
        (
            option::of((text(), option::of(date()), text())),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(provider, holder, co, po, inh, duty, ev, assurance, (provenance, unconfirmed))| {
                Responsibility {
                    provider,
                    holder,
                    customer_owner: co,
                    provider_owner: po,
                    inherited: inh,
                    customer_duty: duty,
                    provider_evidence: ev,
                    provider_assurance: assurance,
                    provenance: provenance.map(|(file, date, sha256)| Provenance {
                        file,
                        date,
                        sha256,
                    }),
                    unconfirmed,
                }
            },
        )
}

fn offering_line() -> impl Strategy<Value = OfferingLine> {
    (text(), pick(&Holder::ALL), text(), text(), text(), text()).prop_map(
        |(offering, holder, we_do, customer_must, customer_evidence, contact_role)| OfferingLine {
            offering,
            holder,
            we_do,
            customer_must,
            customer_evidence,
            contact_role,
        },
    )
}

fn evidence() -> impl Strategy<Value = Evidence> {
    (
        pick(&[
            EvidenceKind::Document,
            EvidenceKind::Url,
            EvidenceKind::File,
            EvidenceKind::Ticket,
        ]),
        text(),
        text(),
        option::of(date()),
        text(),
    )
        .prop_map(|(kind, location, description, as_of, added_by)| Evidence {
            kind,
            location,
            description,
            as_of,
            added_by,
        })
}

fn conflict() -> impl Strategy<Value = Conflict> {
    (text(), text(), text(), text(), text()).prop_map(|(field, item, base, ours, theirs)| {
        Conflict {
            field,
            item,
            base,
            ours,
            theirs,
        }
    })
}

fn assessment(control: String) -> impl Strategy<Value = Assessment> {
    let head = (
        pick(&[
            Applicability::Undecided,
            Applicability::Applicable,
            Applicability::NotApplicable,
        ]),
        vec(
            pick(&[
                Reason::RiskAssessment,
                Reason::LegalRegulatory,
                Reason::Contractual,
                Reason::BusinessNeed,
            ]),
            0..3,
        ),
        text(),
        (vec(responsibility(), 0..3), vec(offering_line(), 0..2)),
        pick(&Status::ALL),
        vec(evidence(), 0..3),
        text(),
    );
    let tail = (
        option::of((
            text(),
            text(),
            option::of(date()),
            pick(&[
                Priority::Low,
                Priority::Medium,
                Priority::High,
                Priority::Critical,
            ]),
        )),
        option::of((text(), text(), option::of(date()), option::of(date()))),
        (text(), text(), option::of(date()), text()),
        any::<bool>(),
        text(),
        option::of(timestamp()),
        vec(conflict(), 0..2),
    );
    // The fields format_version 2 added.
    let added = (
        vec(pick(&Exclusion::ALL), 0..3),
        text(),
        vec(text(), 0..3),
        vec(text(), 0..3),
        text(),
        option::of(date()),
        any::<bool>(),
    );
    (head, tail, added).prop_map(move |(h, t, x)| Assessment {
        control: control.clone(),
        applicability: h.0,
        reasons: h.1,
        exclusion_reasons: x.0,
        justification: h.2,
        accountable_owner: x.1,
        documents: x.2,
        risks: x.3,
        reviewed_by: x.4,
        reviewed_on: x.5,
        reconfirm: x.6,
        follow_up: String::new(),
        responsibilities: h.3.0,
        offerings: h.3.1,
        status: h.4,
        evidence: h.5,
        gap: h.6,
        remediation: t.0.map(|(action, owner, due, priority)| Remediation {
            action,
            owner,
            due,
            priority,
        }),
        risk_acceptance: t
            .1
            .map(|(accepted_by, rationale, date, expires)| RiskAcceptance {
                accepted_by,
                rationale,
                date,
                expires,
            }),
        change_trigger: t.2.0,
        escalation: t.2.1,
        next_review: t.2.2,
        notes: t.2.3,
        flagged: t.3,
        changed_by: t.4,
        changed_at: t.5,
        conflicts: t.6,
    })
}

fn session() -> impl Strategy<Value = Session> {
    let cat = default_catalogue();
    let ids: Vec<String> = cat.controls.iter().map(|c| c.id.clone()).collect();
    let chosen = proptest::sample::subsequence(ids.clone(), 0..12);
    let meta = (
        text(),
        text(),
        text(),
        pick(&[Role::Csc, Role::Csp, Role::Both]),
        (
            vec((text(), vec(text(), 0..3)), 0..3),
            vec((text(), text()), 0..2),
        ),
        vec((text(), text(), text(), text()), 0..3),
        vec(
            (
                text(),
                text(),
                pick(&[Side::Customer, Side::Provider, Side::ThirdParty]),
                text(),
            ),
            0..4,
        ),
        timestamp(),
        timestamp(),
        vec(conflict(), 0..2),
    );
    (
        chosen.prop_flat_map(|ids| ids.into_iter().map(assessment).collect::<Vec<_>>()),
        meta,
        vec(
            (
                timestamp(),
                text(),
                option::of(proptest::sample::select(ids.clone())),
                text(),
            ),
            0..4,
        ),
        option::of(proptest::sample::select(ids)),
        (text(), text(), text(), text()),
        vec((timestamp(), text(), text(), text()), 0..3),
    )
        .prop_map(
            move |(assessments, m, decisions, resume_at, doc, approvals)| {
                let mut s = Session::new("x", &cat, Timestamp::from_unix(0).unwrap());
                // Versions of one session: the id is made once, with the session.
                s.id = "6f1c2a4e-0d3b-4c5a-9e7f-1a2b3c4d5e6f".into();
                s.meta = Metadata {
                    title: m.0,
                    organisation: m.1,
                    scope: m.2,
                    role: m.3,
                    facilitator: String::new(),
                    providers: m
                        .4
                        .0
                        .into_iter()
                        .map(|(name, services)| Provider { name, services })
                        .collect(),
                    data_locations: m
                        .5
                        .into_iter()
                        .map(|(provider, location, jurisdiction, notes)| DataLocation {
                            provider,
                            location,
                            jurisdiction,
                            notes,
                        })
                        .collect(),
                    participants: m
                        .6
                        .into_iter()
                        .map(|(name, role, side, speaks_for)| Participant {
                            name,
                            role,
                            side,
                            speaks_for,
                        })
                        .collect(),
                    offerings: m
                        .4
                        .1
                        .into_iter()
                        .map(|(name, description)| Offering { name, description })
                        .collect(),
                    document: DocumentControl {
                        id: doc.0,
                        version: doc.1,
                        classification: doc.2,
                        owner: doc.3,
                    },
                    created: m.7,
                    updated: m.8,
                    conflicts: m.9,
                    walk_depth: Default::default(),
                    timebox_minutes: None,
                    agenda: Vec::new(),
                    meetings: Vec::new(),
                };
                // A meeting on each day a decision was logged, holding its author and control.
                for (at, by, control, _) in &decisions {
                    s.meta.record_change(Change {
                        day: at.date(),
                        opened: *at,
                        now: *at,
                        control: control.as_deref(),
                    });
                    if let Some(m) = s.meta.meetings.iter_mut().find(|m| m.date == at.date())
                        && !m.attendees.contains(by)
                    {
                        m.attendees.push(by.clone());
                    }
                }
                s.assessments = assessments;
                s.decisions = decisions
                    .into_iter()
                    .map(|(at, by, control, text)| Decision {
                        at,
                        by,
                        control,
                        text,
                    })
                    .collect();
                s.resume_at = resume_at;
                s.approvals = approvals
                    .into_iter()
                    .map(|(at, by, role, content)| Approval {
                        at,
                        by,
                        role,
                        content,
                    })
                    .collect();
                s
            },
        )
}

fn catalogue() -> Catalogue {
    default_catalogue()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_session_reads_back_identical(s in session()) {
        let text = to_canonical(&s).unwrap();
        let back = validate(parse(&text, "p.ron").unwrap(), &catalogue(), &text, "p.ron").unwrap();
        prop_assert_eq!(&back, &s);
    }

    #[test]
    fn canonical_text_is_deterministic_and_a_fixed_point(s in session()) {
        let text = to_canonical(&s).unwrap();
        prop_assert_eq!(&to_canonical(&s.clone()).unwrap(), &text);
        let again = to_canonical(&parse(&text, "p.ron").unwrap()).unwrap();
        prop_assert_eq!(&again, &text);
    }

    #[test]
    fn every_field_sits_on_its_own_line(s in session()) {
        let text = to_canonical(&s).unwrap();
        for line in text.lines() {
            let t = line.trim_end();
            prop_assert!(
                t.ends_with(',') || t.ends_with('(') || t.ends_with('[') || t == ")",
                "line {:?} does not end a field", t
            );
            prop_assert!(!t.contains('\u{1b}'), "escape characters are written escaped");
        }
    }
}

#[test]
fn a_one_field_change_is_a_one_line_diff() {
    let cat = catalogue();
    let mut s = Session::new("Demo", &cat, Timestamp::from_unix(1_700_000_000).unwrap());
    let mut a = Assessment::new("12.3.1");
    a.applicability = Applicability::Applicable;
    a.status = Status::Planned;
    a.justification = "Backups are in scope".into();
    s.apply(
        Edit::SetAssessment {
            control: a.control.clone(),
            assessment: Some(Box::new(a.clone())),
        },
        &cat,
    );
    let before = to_canonical(&s).unwrap();
    a.status = Status::Implemented;
    s.apply(
        Edit::SetAssessment {
            control: a.control.clone(),
            assessment: Some(Box::new(a)),
        },
        &cat,
    );
    let after = to_canonical(&s).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(x, y)| x != y)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(
        changed,
        [(
            "            status: planned,",
            "            status: implemented,"
        )]
    );
}

/// A single change as the workshop makes them, to controls of the default catalogue.
fn leaf_edit() -> impl Strategy<Value = Edit> {
    let ids: Vec<String> = default_catalogue()
        .controls
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let decision = (timestamp(), text(), text()).prop_map(|(at, by, text)| Decision {
        at,
        by,
        control: None,
        text,
    });
    prop_oneof![
        4 => proptest::sample::select(ids.clone()).prop_flat_map(|id| {
            option::of(assessment(id.clone())).prop_map(move |a| Edit::SetAssessment {
                control: id.clone(),
                assessment: a.map(Box::new),
            })
        }),
        1 => session().prop_map(|s| Edit::SetMetadata(Box::new(s.meta))),
        1 => (0usize..6, decision).prop_map(|(index, decision)| Edit::InsertDecision { index, decision }),
        1 => (0usize..6).prop_map(|index| Edit::RemoveDecision { index }),
        1 => option::of(proptest::sample::select(ids)).prop_map(Edit::SetResumeAt),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => leaf_edit(),
        1 => vec(leaf_edit(), 0..4).prop_map(Edit::Batch),
    ]
}

/// What every session in memory must satisfy: one assessment per control, in catalogue order,
/// each for a control of the catalogue.
fn assert_invariants(s: &Session, cat: &Catalogue) -> Result<(), TestCaseError> {
    let positions: Vec<Option<usize>> = s
        .assessments
        .iter()
        .map(|a| cat.position(&a.control))
        .collect();
    prop_assert!(
        positions.iter().all(Option::is_some),
        "an id outside the catalogue"
    );
    prop_assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "assessments out of catalogue order or repeated"
    );
    Ok(())
}

#[test]
fn any_edit_sequence_then_undo_all_gives_the_original() {
    // Generating several whole sessions per case nests deeply in a debug build: a big stack.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
                cases: 40,
                ..ProptestConfig::default()
            });
            let strategy = (session(), vec(edit(), 1..24), session(), 0usize..24);
            runner
                .run(&strategy, |(start, edits, target, towards_at)| {
                    let cat = catalogue();
                    let mut s = start.clone();
                    let mut undo = Vec::new();
                    for (k, e) in edits.into_iter().enumerate() {
                        if k == towards_at {
                            // The recovery offer's edit: it must reach its target exactly.
                            let towards = gapwalk::recovery::edit_towards(&s, &target, &cat);
                            undo.push(s.apply(towards, &cat));
                            prop_assert_eq!(&s, &target);
                        }
                        undo.push(s.apply(e, &cat));
                        assert_invariants(&s, &cat)?;
                    }
                    while let Some(inverse) = undo.pop() {
                        s.apply(inverse, &cat);
                    }
                    prop_assert_eq!(s, start);
                    Ok(())
                })
                .unwrap();
        })
        .unwrap()
        .join()
        .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn saving_to_a_file_then_loading_it_is_the_identity(s in session()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        gapwalk::persist::save(&path, &s).unwrap();
        let loaded = gapwalk::persist::load(&path).unwrap();
        prop_assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        prop_assert_eq!(&loaded.session, &s);
        // Saving what was loaded writes the same bytes again.
        let first = std::fs::read(&path).unwrap();
        gapwalk::persist::save(&path, &loaded.session).unwrap();
        prop_assert_eq!(std::fs::read(&path).unwrap(), first);
    }
}
