//! `gapwalk stats FILE FILE...`: a consultant's portfolio, one row per session and a total.
//! Progress by clause is added up only when every session uses the same catalogue (same id and
//! content), since clauses of different catalogues do not line up.

use serde::Serialize;

use super::session_cmd::{load, print_clauses};
use super::{EXIT_OK, OutputFormat, StatsArgs, fail, outln};
use crate::review::{self, ClauseProgress};
use crate::sanitise::one_line;

/// The figures of one session, or of all of them added up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Figures {
    pub total: usize,
    pub assessed: usize,
    pub applicable: usize,
    pub not_applicable: usize,
    pub implemented: usize,
    pub gaps: usize,
    pub flagged: usize,
}

impl Figures {
    fn of(s: &review::Stats) -> Self {
        Figures {
            total: s.total,
            assessed: s.assessed,
            applicable: s.applicable,
            not_applicable: s.not_applicable,
            implemented: s.implemented,
            gaps: s.gaps,
            flagged: s.flagged,
        }
    }

    fn add(&mut self, o: &Figures) {
        self.total += o.total;
        self.assessed += o.assessed;
        self.applicable += o.applicable;
        self.not_applicable += o.not_applicable;
        self.implemented += o.implemented;
        self.gaps += o.gaps;
        self.flagged += o.flagged;
    }
}

/// One row of the portfolio.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SessionRow {
    /// The file as named on the command line.
    pub file: String,
    pub title: String,
    pub catalogue: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// What `stats --format json` prints for several files.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Portfolio {
    pub sessions: Vec<SessionRow>,
    pub total: Figures,
    /// Progress by clause over every session; `null` when they use different catalogues.
    pub by_clause: Option<Vec<ClauseProgress>>,
}

pub fn stats(args: &StatsArgs) -> u8 {
    if args
        .files
        .iter()
        .filter(|f| crate::textfile::is_stdin(f))
        .count()
        > 1
    {
        return fail("`-` (standard input) can be given only once");
    }
    let mut portfolio = Portfolio {
        sessions: Vec::new(),
        total: Figures::default(),
        by_clause: None,
    };
    let mut catalogue_key: Option<(String, String)> = None;
    let mut shared = true;
    for file in &args.files {
        let loaded = match load(file) {
            Ok(l) => l,
            Err(code) => return code,
        };
        let s = review::stats(&loaded.session, &loaded.catalogue);
        let key = (loaded.catalogue.id.clone(), loaded.catalogue.content_hash());
        match &catalogue_key {
            None => {
                catalogue_key = Some(key);
                portfolio.by_clause = Some(s.by_clause.clone());
            }
            Some(first) if *first == key => {
                if let Some(sum) = &mut portfolio.by_clause {
                    for (total, c) in sum.iter_mut().zip(&s.by_clause) {
                        total.total += c.total;
                        total.assessed += c.assessed;
                        total.gaps += c.gaps;
                    }
                }
            }
            Some(_) => shared = false,
        }
        let figures = Figures::of(&s);
        portfolio.total.add(&figures);
        portfolio.sessions.push(SessionRow {
            file: file.display().to_string(),
            title: loaded.session.meta.title.clone(),
            catalogue: loaded.catalogue.id.clone(),
            figures,
        });
    }
    if !shared {
        portfolio.by_clause = None;
    }
    match args.format {
        OutputFormat::Json => match super::json::to_string_pretty(&portfolio) {
            Ok(json) => outln!("{json}"),
            Err(e) => return fail(e),
        },
        OutputFormat::Text => print_text(&portfolio),
    }
    EXIT_OK
}

fn print_text(p: &Portfolio) {
    let pct = |f: &Figures| (f.assessed * 100).checked_div(f.total).unwrap_or(0);
    let row = |name: &str, f: &Figures| {
        outln!(
            "{:>5}/{:<5} {:>3}% {:>10} {:>11} {:>5} {:>7}  {}",
            f.assessed,
            f.total,
            pct(f),
            f.applicable,
            f.implemented,
            f.gaps,
            f.flagged,
            one_line(name)
        );
    };
    outln!("   assessed      applicable implemented  gaps flagged  session");
    for s in &p.sessions {
        row(&format!("{} ({})", s.file, s.title), &s.figures);
    }
    row(&format!("total of {} sessions", p.sessions.len()), &p.total);
    match &p.by_clause {
        Some(clauses) => print_clauses(clauses),
        None => outln!("\n(no progress by clause: the sessions use different catalogues)"),
    }
}
