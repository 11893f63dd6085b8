//! The embedded catalogues hold the facts of the reference tables in `tests/reference/`: ids,
//! titles, structure, the 2013 to 2022 mapping and where ISO/IEC 27017 gives cloud guidance.

use std::collections::BTreeMap;

use gapwalk::catalogue::{
    Catalogue, Guidance, Known, MappingSource, NEW_IN_2022_CLAUSE as NEW_IN_2022, annex_a_2022_ids,
    embedded,
};

fn table(name: &str) -> Vec<BTreeMap<String, String>> {
    let path = format!("{}/tests/reference/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("reference table");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t'))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn iso27017() -> Catalogue {
    embedded("iso27017-2015").expect("embedded default catalogue loads")
}

#[test]
fn default_catalogue_has_the_114_controls_and_seven_cld_controls() {
    let cat = iso27017();
    assert_eq!(cat.controls.len(), 121 + 11);
    assert_eq!(
        cat.controls
            .iter()
            .filter(|c| c.clause != NEW_IN_2022)
            .count(),
        121
    );
    let cld: Vec<&str> = cat
        .controls
        .iter()
        .filter(|c| c.is_cloud_extension())
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        cld,
        [
            "CLD.6.3.1",
            "CLD.8.1.5",
            "CLD.9.5.1",
            "CLD.9.5.2",
            "CLD.12.1.5",
            "CLD.12.4.5",
            "CLD.13.1.4"
        ]
    );
    assert!(cat.control("CLD.13.1.1").is_none());
}

#[test]
fn ids_titles_clauses_and_categories_match_the_2013_table() {
    let cat = iso27017();
    let rows = table("iso27002-2013-controls.tsv");
    assert_eq!(rows.len(), 114);
    for row in &rows {
        let c = cat
            .control(&row["control_id"])
            .unwrap_or_else(|| panic!("missing {}", row["control_id"]));
        assert_eq!(c.title, row["control_title"], "title of {}", c.id);
        assert_eq!(c.clause, row["clause_id"], "clause of {}", c.id);
        assert_eq!(c.category.as_deref(), Some(row["category_id"].as_str()));
        assert_eq!(cat.clause(&c.clause).unwrap().title, row["clause_title"]);
        assert_eq!(
            cat.category(&row["category_id"]).unwrap().title,
            row["category_title"]
        );
    }
    let per_clause: BTreeMap<&str, usize> = cat
        .controls
        .iter()
        .filter(|c| !c.is_cloud_extension())
        .fold(BTreeMap::new(), |mut m, c| {
            *m.entry(c.clause.as_str()).or_default() += 1;
            m
        });
    let expected = [
        ("5", 2),
        ("6", 7),
        ("7", 6),
        ("8", 10),
        ("9", 14),
        ("10", 2),
        ("11", 15),
        ("12", 14),
        ("13", 7),
        ("14", 13),
        ("15", 5),
        ("16", 7),
        ("17", 4),
        ("18", 8),
    ];
    for (clause, n) in expected {
        assert_eq!(per_clause[clause], n, "controls in clause {clause}");
    }
}

#[test]
fn cld_controls_sit_after_the_last_control_of_their_category() {
    let cat = iso27017();
    for row in table("iso27017-2015-cld-controls.tsv") {
        let id = &row["control_id"];
        let c = cat.control(id).unwrap();
        assert_eq!(c.title, row["control_title"]);
        assert_eq!(c.clause, row["clause_id"]);
        let category = c.category.clone().unwrap();
        // Every CLD control sits in a CLD category, a reused 27002 one included (CLD.8.1).
        assert_eq!(category, row["category_id"], "category of {id}");
        assert_eq!(
            cat.category(&category).unwrap().title,
            row["category_title"]
        );
        let pos = cat.position(id).unwrap();
        let base = id.trim_start_matches("CLD.");
        let base_category: String = base.rsplit_once('.').unwrap().0.to_string();
        let last_of_category = cat
            .controls
            .iter()
            .rposition(|x| {
                !x.is_cloud_extension() && x.id.rsplit_once('.').unwrap().0 == base_category
            })
            .or_else(|| {
                // New categories come after the clause's last 27002 control.
                cat.controls
                    .iter()
                    .rposition(|x| !x.is_cloud_extension() && x.clause == c.clause)
            })
            .unwrap();
        assert!(pos > last_of_category, "{id} comes after its category");
        assert!(
            cat.controls[last_of_category + 1..pos]
                .iter()
                .all(|x| x.is_cloud_extension()),
            "{id} follows directly (after other CLD controls only)"
        );
    }
}

#[test]
fn mapping_to_2022_comes_from_the_correspondence_table_only() {
    let cat = iso27017();
    let rows = table("iso27002-2013-to-2022.tsv");
    for row in &rows {
        let c = cat.control(&row["control_id_2013"]).unwrap();
        let expected: Vec<&str> = row["control_ids_2022"].split(';').collect();
        assert_eq!(c.iso27001_2022, expected, "mapping of {}", c.id);
        assert_eq!(c.mapping, MappingSource::Iso);
    }
    let pairs: usize = cat
        .controls
        .iter()
        .filter(|c| !c.is_cloud_extension() && c.clause != NEW_IN_2022)
        .map(|c| c.iso27001_2022.len())
        .sum();
    assert_eq!(pairs, 115);
    let annex_a = annex_a_2022_ids();
    for c in cat.controls.iter().filter(|c| c.is_cloud_extension()) {
        assert_eq!(
            c.mapping,
            MappingSource::Gapwalk,
            "{} relation is gapwalk's own",
            c.id
        );
        assert!(!c.iso27001_2022.is_empty());
        for id in &c.iso27001_2022 {
            assert!(annex_a.contains(&id.as_str()), "{} -> {id}", c.id);
        }
    }
}

#[test]
fn cloud_guidance_is_exactly_what_the_reference_records() {
    let cat = iso27017();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in table("iso27017-2015-guidance.tsv") {
        let c = cat.control(&row["control_id"]).unwrap();
        let g = c.guidance.expect("27017 catalogue records guidance");
        assert_eq!(g.as_str(), row["cloud_guidance"], "guidance of {}", c.id);
        *counts.entry(g.as_str()).or_default() += 1;
    }
    assert_eq!(counts["unknown"], 63);
    assert_eq!(counts["both"], 18);
    assert_eq!(counts["customer"], 3);
    assert_eq!(counts["provider"], 1);
    assert_eq!(counts["none"], 29);
    for row in table("iso27017-2015-cld-controls.tsv") {
        let c = cat.control(&row["control_id"]).unwrap();
        let expected = match (row["csc_guidance"].as_str(), row["csp_guidance"].as_str()) {
            ("yes", "yes") => Guidance::Both,
            ("no", "yes") => Guidance::Provider,
            ("yes", "no") => Guidance::Customer,
            _ => Guidance::None,
        };
        assert_eq!(c.guidance, Some(expected), "guidance of {}", c.id);
    }
}

#[test]
fn the_cloud_workshop_themes_are_there_and_used() {
    let cat = iso27017();
    for c in &cat.controls {
        assert!(!c.themes.is_empty(), "{} has a theme", c.id);
    }
    for theme in [
        "access-administration",
        "logging-monitoring",
        "data-lifecycle",
        "provider-relationship",
        "virtualisation",
        "network",
    ] {
        assert!(cat.theme(theme).is_some(), "theme {theme}");
        assert!(
            cat.controls
                .iter()
                .any(|c| c.themes.iter().any(|t| t == theme)),
            "some control carries {theme}"
        );
    }
}

#[test]
fn other_information_for_cloud_services_is_exactly_what_the_reference_records() {
    let cat = iso27017();
    for row in table("iso27017-2015-guidance.tsv") {
        let c = cat.control(&row["control_id"]).unwrap();
        let marked = c
            .other_cloud_information
            .expect("every 27002 control is marked");
        assert_eq!(
            marked.as_str(),
            row["other_info_for_cloud"],
            "other information of {}",
            c.id
        );
    }
    // No guidance, but a note for cloud services (18.1.4 points to ISO/IEC 27018).
    for id in ["14.2.9", "18.1.4"] {
        let c = cat.control(id).unwrap();
        assert_eq!(c.guidance, Some(Guidance::None));
        assert_eq!(c.other_cloud_information, Some(Known::Yes), "{id}");
    }
}

#[test]
fn the_eleven_2022_controls_with_no_predecessor_follow_the_cld_controls() {
    let cat = iso27017();
    let new: Vec<BTreeMap<String, String>> = table("iso27002-2022-controls.tsv")
        .into_iter()
        .filter(|r| r["new_in_2022"] == "yes")
        .collect();
    assert_eq!(new.len(), 11);
    let group: Vec<&gapwalk::catalogue::Control> = cat
        .controls
        .iter()
        .skip_while(|c| c.clause != NEW_IN_2022)
        .collect();
    assert_eq!(group.len(), 11, "one group, at the end of the walk");
    assert!(cat.clause(NEW_IN_2022).is_some());
    for (c, row) in group.iter().zip(&new) {
        assert_eq!(c.id, row["control_id"]);
        assert_eq!(c.title, row["control_title"], "2022 title of {}", c.id);
        assert_eq!(c.clause, NEW_IN_2022);
        // Each fills its own row of the 2022 SoA.
        assert_eq!(c.iso27001_2022, std::slice::from_ref(&c.id));
        assert_eq!(c.mapping, MappingSource::Iso);
        assert_eq!(c.guidance, None, "{} is not a 27017 control", c.id);
        for related in &c.related {
            let r = cat.control(related).unwrap();
            assert!(r.is_cloud_extension(), "{} relates to {related}", c.id);
        }
        // No 2013 id can be read as one of these: those have three parts.
        assert_eq!(c.id.matches('.').count(), 1);
    }
    // The CLD controls gapwalk relates to 5.23 are named beside it.
    let cloud_use = cat.control("5.23").unwrap();
    for cld in cat
        .controls
        .iter()
        .filter(|c| c.is_cloud_extension() && c.iso27001_2022.iter().any(|id| id == "5.23"))
    {
        assert!(cloud_use.related.contains(&cld.id), "5.23 names {}", cld.id);
    }
}

#[test]
fn iso27001_2022_catalogue_has_the_93_annex_a_controls_by_theme() {
    let cat = embedded("iso27001-2022").expect("embedded 2022 catalogue loads");
    let rows = table("iso27002-2022-controls.tsv");
    assert_eq!(cat.controls.len(), 93);
    assert_eq!(rows.len(), 93);
    for (c, row) in cat.controls.iter().zip(&rows) {
        assert_eq!(c.id, row["control_id"]);
        assert_eq!(c.title, row["control_title"]);
        assert_eq!(c.clause, row["theme_id"]);
        assert_eq!(cat.clause(&c.clause).unwrap().title, row["theme_title"]);
    }
    assert_eq!(annex_a_2022_ids().len(), 93);
}
