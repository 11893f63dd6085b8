//! Fuzzy ranking of controls over id, title, owners and notes, shared by the TUI's jump popup and
//! any headless caller. Pure: no terminal, no I/O.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::catalogue::Catalogue;
use crate::session::Session;

/// One ranked control: where it is, how well it matched, and which characters of the shown
/// line (`id  title`) matched, for highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
    /// Character positions in [`haystack_line`] that matched.
    pub positions: Vec<usize>,
    /// Set when the match came from owners or notes rather than the id and title.
    pub matched_in: Option<&'static str>,
}

/// The line the jump popup shows for a control, which highlight positions refer to.
pub fn haystack_line(catalogue: &Catalogue, index: usize) -> String {
    let c = &catalogue.controls[index];
    let mut line = String::with_capacity(c.id.len() + 2 + c.title.len());
    line.push_str(&c.id);
    line.push_str("  ");
    line.push_str(&c.title);
    line
}

/// Reusable matcher with precomputed haystacks; rebuild it when the session changes.
pub struct Searcher {
    matcher: SkimMatcherV2,
    lines: Vec<String>,
    extra: Vec<String>,
}

impl Searcher {
    pub fn new(catalogue: &Catalogue, session: &Session) -> Searcher {
        Searcher::build(catalogue, session, true)
    }

    /// For a screen the room sees (presenter view): internal notes are not searched, so the
    /// list of hits cannot reveal what they say.
    pub fn external(catalogue: &Catalogue, session: &Session) -> Searcher {
        Searcher::build(catalogue, session, false)
    }

    fn build(catalogue: &Catalogue, session: &Session, internal: bool) -> Searcher {
        let lines = (0..catalogue.controls.len())
            .map(|i| haystack_line(catalogue, i))
            .collect();
        let mut extra = vec![String::new(); catalogue.controls.len()];
        // The popup opens on a key, so this is on the keystroke path: a walk beside the
        // records, not a lookup per record.
        for (i, (_, a)) in session.by_control(catalogue).enumerate() {
            if let Some(a) = a {
                let mut text = String::new();
                for r in &a.responsibilities {
                    for part in [&r.customer_owner, &r.provider_owner] {
                        if !part.is_empty() {
                            text.push_str(part);
                            text.push(' ');
                        }
                    }
                }
                if let Some(rem) = &a.remediation {
                    text.push_str(&rem.owner);
                    text.push(' ');
                }
                if internal || !crate::fields::FieldKey::Notes.is_internal() {
                    text.push_str(&a.notes);
                }
                extra[i] = text;
            }
        }
        Searcher {
            matcher: SkimMatcherV2::default().ignore_case(),
            lines,
            extra,
        }
    }

    /// Controls matching `query`, best first (ties in catalogue order); at most `limit`.
    pub fn rank(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return (0..self.lines.len().min(limit))
                .map(|index| Hit {
                    index,
                    score: 0,
                    positions: Vec::new(),
                    matched_in: None,
                })
                .collect();
        }
        let mut hits: Vec<Hit> = Vec::new();
        for (index, line) in self.lines.iter().enumerate() {
            let on_control = self.matcher.fuzzy_indices(line, query);
            let on_extra = if self.extra[index].is_empty() {
                None
            } else {
                self.matcher.fuzzy_match(&self.extra[index], query)
            };
            // The better match wins, so a name typed in full finds its owner even when the
            // same letters are scattered through some title; a tie goes to the control itself.
            let hit = match (on_control, on_extra) {
                (Some((score, positions)), extra) if extra.is_none_or(|e| score >= e) => Hit {
                    index,
                    score,
                    positions,
                    matched_in: None,
                },
                (_, Some(score)) => Hit {
                    index,
                    score,
                    positions: Vec::new(),
                    matched_in: Some("owners or notes"),
                },
                _ => continue,
            };
            hits.push(hit);
        }
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
        hits.truncate(limit);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::{Assessment, Edit, Timestamp};

    #[test]
    fn the_external_searcher_never_matches_internal_notes() {
        let cat = default_catalogue();
        let mut s = Session::new("t", &cat, Timestamp::from_unix(0).unwrap());
        let mut a = Assessment::new("12.3.1");
        a.notes = "auditor flagged quuxbargain".into();
        a.responsibility_mut("AWS").customer_owner = "Priya Raman".into();
        s.apply(
            Edit::SetAssessment {
                control: "12.3.1".into(),
                assessment: Some(Box::new(a)),
            },
            &cat,
        );
        let hits = |searcher: &Searcher, q: &str| -> Vec<String> {
            searcher
                .rank(q, 5)
                .iter()
                .map(|h| cat.controls[h.index].id.clone())
                .collect()
        };
        let internal = Searcher::new(&cat, &s);
        let external = Searcher::external(&cat, &s);
        assert_eq!(hits(&internal, "quuxbargain"), ["12.3.1"]);
        assert!(hits(&external, "quuxbargain").is_empty());
        // Owners are shown in presenter view, so they are still found.
        assert_eq!(hits(&external, "priya")[0], "12.3.1");
    }

    #[test]
    fn finds_by_id_title_and_owner() {
        let cat = default_catalogue();
        let mut s = Session::new("t", &cat, Timestamp::from_unix(0).unwrap());
        let mut a = Assessment::new("12.3.1");
        a.responsibility_mut("AWS").customer_owner = "Priya Raman".into();
        s.apply(
            Edit::SetAssessment {
                control: "12.3.1".into(),
                assessment: Some(Box::new(a)),
            },
            &cat,
        );
        let searcher = Searcher::new(&cat, &s);
        let top = |q: &str| cat.controls[searcher.rank(q, 5)[0].index].id.clone();
        assert_eq!(top("CLD.13.1.4"), "CLD.13.1.4");
        assert_eq!(top("vm harden"), "CLD.9.5.2");
        assert_eq!(top("priya"), "12.3.1");
        let hit = &searcher.rank("harden", 1)[0];
        let line: Vec<char> = haystack_line(&cat, hit.index).chars().collect();
        let matched: String = hit.positions.iter().map(|&p| line[p]).collect();
        assert_eq!(matched.to_lowercase(), "harden");
        assert!(searcher.rank("zzzzqqq", 5).is_empty());
    }
}
