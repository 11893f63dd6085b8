//! Every embedded catalogue gives the facilitator something to read aloud at every seat of every
//! control: a question for the organisation using cloud services, one about its cloud providers,
//! and one for a provider assessing its own service. No prompt is empty or repeats another's.
//! The ISO/IEC 27001:2022 catalogue's themes are places a workshop can start from (shared with
//! the 27017 catalogue), not its four clauses repeated.

use std::collections::BTreeMap;

use gapwalk::catalogue::{Catalogue, Control, embedded, embedded_names};

fn iso27001_2022() -> Catalogue {
    embedded("iso27001-2022").expect("embedded 2022 catalogue loads")
}

fn every_embedded() -> Vec<Catalogue> {
    let names = embedded_names();
    assert!(names.contains(&"iso27017-2015") && names.contains(&"iso27001-2022"));
    names
        .into_iter()
        .map(|n| embedded(n).unwrap_or_else(|| panic!("embedded {n} loads")))
        .collect()
}

fn seats(c: &Control) -> [(&'static str, &str); 3] {
    [
        ("customer_prompt", c.customer_prompt.as_str()),
        ("provider_prompt", c.provider_prompt.as_str()),
        ("provider_seat_prompt", c.provider_seat_prompt.as_str()),
    ]
}

#[test]
fn every_control_of_every_embedded_catalogue_has_a_question_for_every_seat() {
    for cat in every_embedded() {
        assert!(!cat.controls.is_empty(), "{} has controls", cat.id);
        for c in &cat.controls {
            for (seat, prompt) in seats(c) {
                let prompt = prompt.trim();
                // A question the room can answer, not a keyword: at least a short sentence.
                assert!(
                    prompt.split_whitespace().count() >= 10,
                    "{} {} {seat} is missing or too short: {prompt:?}",
                    cat.id,
                    c.id
                );
                assert!(
                    prompt.ends_with('?'),
                    "{} {} {seat} is read aloud as a question: {prompt:?}",
                    cat.id,
                    c.id
                );
                assert!(
                    !prompt.chars().any(char::is_control),
                    "{} {} {seat} is one line of plain text",
                    cat.id,
                    c.id
                );
            }
        }
    }
}

#[test]
fn no_prompt_repeats_another_controls_or_another_seats() {
    for cat in every_embedded() {
        let mut seen: BTreeMap<String, (String, &str)> = BTreeMap::new();
        for c in &cat.controls {
            for (seat, prompt) in seats(c) {
                // Case and spacing differences do not make a prompt a different question.
                let key = prompt
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                if let Some((other, other_seat)) = seen.insert(key, (c.id.clone(), seat)) {
                    panic!(
                        "{}: {} {seat} repeats {other} {other_seat}: {prompt:?}",
                        cat.id, c.id
                    );
                }
            }
        }
    }
}

/// The provider's seat speaks to the provider's own team about its own service, never about
/// "the provider" as a third party the way the question put to a customer does.
#[test]
fn the_providers_seat_asks_the_provider_about_itself() {
    for cat in every_embedded() {
        for c in &cat.controls {
            let p = c.provider_seat_prompt.to_lowercase();
            assert!(
                !p.contains("the provider"),
                "{} {}: the provider's seat speaks to the provider: {p:?}",
                cat.id,
                c.id
            );
        }
    }
}

#[test]
fn every_2022_control_has_a_theme_that_is_not_its_clause() {
    let cat = iso27001_2022();
    let clause_titles: Vec<String> = cat.clauses.iter().map(|c| c.title.to_lowercase()).collect();
    for c in &cat.controls {
        assert!(
            (1..=3).contains(&c.themes.len()),
            "{} has one to three themes, not {}",
            c.id,
            c.themes.len()
        );
        let mut starts_somewhere = false;
        for id in &c.themes {
            let theme = cat
                .theme(id)
                .unwrap_or_else(|| panic!("{} names theme {id:?}, not in `themes`", c.id));
            if !clause_titles.contains(&theme.title.to_lowercase()) {
                starts_somewhere = true;
            }
        }
        assert!(
            starts_somewhere,
            "{} has only clause names as themes: {:?}",
            c.id, c.themes
        );
    }
}

#[test]
fn a_workshop_starts_from_the_same_themes_on_either_catalogue() {
    let cat = iso27001_2022();
    let cloud = embedded("iso27017-2015").expect("embedded 27017 catalogue loads");
    for theme in &cat.themes {
        let same = cloud.theme(&theme.id);
        assert_eq!(
            same.map(|t| t.title.as_str()),
            Some(theme.title.as_str()),
            "theme {} of the 2022 catalogue is a 27017 theme with the same title",
            theme.id
        );
        assert!(
            cat.controls.iter().any(|c| c.themes.contains(&theme.id)),
            "some 2022 control carries theme {}",
            theme.id
        );
    }
    // The starting points a cloud workshop reaches for first are all there.
    for id in [
        "access-administration",
        "logging-monitoring",
        "data-lifecycle",
        "provider-relationship",
    ] {
        assert!(cat.theme(id).is_some(), "2022 catalogue has theme {id}");
    }
}
