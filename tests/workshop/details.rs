//! The session-details form edits lists as one line each. Whatever the text holds (separators,
//! backslashes, any script), showing a field and confirming it unchanged must change nothing.

use gapwalk::session::{DataLocation, Metadata, Participant, Provider, Side, Timestamp};
use gapwalk::tui::form::MetaField;
use proptest::prelude::*;

/// Text as the form stores it: trimmed, with every separator a line can hold.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Zé漢0-9 ;/:,\\\\()-]{0,14}".prop_map(|s| s.trim().to_string())
}

fn name() -> impl Strategy<Value = String> {
    text().prop_map(|s| format!("N{s}").trim().to_string())
}

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![
        Just(Side::Customer),
        Just(Side::Provider),
        Just(Side::ThirdParty)
    ]
}

fn metadata() -> impl Strategy<Value = Metadata> {
    let providers = prop::collection::vec(
        (name(), prop::collection::vec(name(), 0..3))
            .prop_map(|(name, services)| Provider { name, services }),
        0..3,
    );
    let participants = prop::collection::vec(
        (name(), text(), side()).prop_map(|(name, role, side)| Participant {
            name,
            role,
            side,
            speaks_for: String::new(),
        }),
        0..3,
    );
    let locations = prop::collection::vec(
        (text(), text(), text(), text()).prop_map(|(provider, location, jurisdiction, notes)| {
            DataLocation {
                provider,
                location,
                jurisdiction,
                notes,
            }
        }),
        0..3,
    );
    (name(), text(), providers, participants, locations).prop_map(
        |(title, scope, providers, participants, data_locations)| {
            let at = Timestamp::from_unix(1_790_000_000).unwrap();
            Metadata {
                title,
                organisation: String::new(),
                scope,
                role: Default::default(),
                facilitator: String::new(),
                providers,
                data_locations,
                participants,
                offerings: Vec::new(),
                document: Default::default(),
                created: at,
                updated: at,
                conflicts: Vec::new(),
                walk_depth: Default::default(),
                timebox_minutes: None,
                agenda: Vec::new(),
                meetings: Vec::new(),
            }
        },
    )
}

proptest! {
    #[test]
    fn confirming_any_detail_unchanged_is_the_identity(meta in metadata()) {
        for field in MetaField::ALL {
            let mut edited = meta.clone();
            field.set(&mut edited, &field.value(&meta)).unwrap();
            prop_assert_eq!(&edited, &meta, "{} changed", field.label());
        }
    }
}

#[test]
fn a_role_with_a_slash_and_a_service_with_a_semicolon_survive_the_form() {
    let mut meta = gapwalk::persist::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron"),
    )
    .unwrap()
    .session
    .meta;
    meta.participants[0].role = "Security / compliance lead".into();
    meta.providers[1].services = vec!["SQL Database; Hyperscale".into()];
    meta.data_locations[1].notes = "Encrypted backup copies only; restore tested quarterly".into();
    for field in MetaField::ALL {
        let mut edited = meta.clone();
        field.set(&mut edited, &field.value(&meta)).unwrap();
        assert_eq!(edited, meta, "{}", field.label());
    }
    assert_eq!(meta.providers.len(), 2);
}

#[test]
fn providers_are_read_with_their_services_or_as_a_comma_list_of_names() {
    let at = Timestamp::from_unix(1_790_000_000).unwrap();
    let mut meta = Metadata {
        title: "t".into(),
        organisation: String::new(),
        scope: String::new(),
        role: Default::default(),
        facilitator: String::new(),
        providers: Vec::new(),
        data_locations: Vec::new(),
        participants: Vec::new(),
        offerings: Vec::new(),
        document: Default::default(),
        created: at,
        updated: at,
        conflicts: Vec::new(),
        walk_depth: Default::default(),
        timebox_minutes: None,
        agenda: Vec::new(),
        meetings: Vec::new(),
    };
    let names = |m: &Metadata| -> Vec<(String, Vec<String>)> {
        m.providers
            .iter()
            .map(|p| (p.name.clone(), p.services.clone()))
            .collect()
    };
    MetaField::Providers
        .set(&mut meta, "AWS: EC2, S3; Google Cloud: BigQuery")
        .unwrap();
    assert_eq!(
        names(&meta),
        [
            ("AWS".to_string(), vec!["EC2".to_string(), "S3".to_string()]),
            ("Google Cloud".to_string(), vec!["BigQuery".to_string()])
        ]
    );
    MetaField::Providers.set(&mut meta, "AWS, Azure").unwrap();
    assert_eq!(
        names(&meta),
        [("AWS".to_string(), vec![]), ("Azure".to_string(), vec![])]
    );
}
