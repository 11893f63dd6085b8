//! The ISO/IEC 27001:2022 catalogue gives the facilitator something to read aloud at every seat
//! of every control: a question for the organisation using cloud services, one about its cloud
//! providers, and one for a provider assessing its own service. Its themes are places a workshop
//! can start from (shared with the 27017 catalogue), not its four clauses repeated.

use std::collections::BTreeMap;

use gapwalk::catalogue::{Catalogue, Control, embedded};

fn iso27001_2022() -> Catalogue {
    embedded("iso27001-2022").expect("embedded 2022 catalogue loads")
}

fn seats(c: &Control) -> [(&'static str, &str); 3] {
    [
        ("customer_prompt", c.customer_prompt.as_str()),
        ("provider_prompt", c.provider_prompt.as_str()),
        ("provider_seat_prompt", c.provider_seat_prompt.as_str()),
    ]
}

#[test]
fn every_2022_control_has_a_question_for_every_seat() {
    let cat = iso27001_2022();
    assert_eq!(cat.controls.len(), 93);
    for c in &cat.controls {
        for (seat, prompt) in seats(c) {
            let prompt = prompt.trim();
            // A question the room can answer, not a keyword: at least a short sentence.
            assert!(
                prompt.split_whitespace().count() >= 10,
                "{} {seat} is missing or too short: {prompt:?}",
                c.id
            );
            assert!(
                prompt.ends_with('?'),
                "{} {seat} is read aloud as a question: {prompt:?}",
                c.id
            );
            assert!(
                !prompt.chars().any(char::is_control),
                "{} {seat} is one line of plain text",
                c.id
            );
        }
    }
}

#[test]
fn no_2022_prompt_repeats_another_controls_or_another_seats() {
    let cat = iso27001_2022();
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
                panic!("{} {seat} repeats {other} {other_seat}: {prompt:?}", c.id);
            }
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
