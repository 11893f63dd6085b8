//! The summary that opens the HTML page, drawn as inline SVG: progress and gaps by clause, and
//! the responsibility split per provider over the applicable controls. Every bar also carries
//! its numbers as text, so no meaning rests on colour alone. All text is escaped here; the
//! figures come from `review::stats` and the session, never from the formats.

use std::fmt::Write;

use super::Source;
use super::text::{html, line};
use crate::review;
use crate::session::{Applicability, Holder};

/// A holder class, or a provider with no line recorded for an applicable control.
const SLOTS: [(Option<Holder>, &str, &str); 8] = [
    (Some(Holder::Customer), "customer", "#1f6fb2"),
    (Some(Holder::Shared), "shared", "#7a4fb0"),
    (Some(Holder::Provider), "provider", "#2e8b57"),
    (Some(Holder::ThirdParty), "third party", "#b8860b"),
    (
        Some(Holder::SharedProviderThirdParty),
        "provider and third party",
        "#8b5a2b",
    ),
    (
        Some(Holder::NotApplicable),
        "not applicable to the provider",
        "#5f9ea0",
    ),
    (Some(Holder::Undecided), "undecided", "#9a9a9a"),
    (None, "not recorded", "#d0d0d0"),
];

struct ProviderSplit {
    name: String,
    counts: [usize; SLOTS.len()],
    /// An offering we provide (a provider's session): its bar is seen from our seat.
    ours: bool,
}

fn splits(source: &Source) -> Vec<ProviderSplit> {
    let applicable: Vec<_> = source
        .session
        .assessments
        .iter()
        .filter(|a| a.applicability == Applicability::Applicable)
        .collect();
    let count = |holder_of: &dyn Fn(&crate::session::Assessment) -> Option<Holder>| {
        let mut counts = [0; SLOTS.len()];
        for a in &applicable {
            let holder = holder_of(a);
            if let Some(i) = SLOTS.iter().position(|(h, _, _)| *h == holder) {
                counts[i] += 1;
            }
        }
        counts
    };
    let mut out: Vec<ProviderSplit> = source
        .session
        .provider_names()
        .iter()
        .map(|name| ProviderSplit {
            name: line(name),
            counts: count(&|a| a.responsibility(name).map(|r| r.holder)),
            ours: false,
        })
        .collect();
    // A provider's session (role csp or both) also shows each offering it provides.
    for name in super::soa::offering_names(source).unwrap_or_default() {
        out.push(ProviderSplit {
            name: line(&name),
            counts: count(&|a| a.offering(&name).map(|l| l.holder)),
            ours: true,
        });
    }
    out
}

/// What the chart is of: the providers we use, and in a provider's session our offerings.
pub fn responsibility_caption(source: &Source) -> &'static str {
    if super::soa::offering_names(source).is_some_and(|o| !o.is_empty()) {
        "Responsibility split per provider and per offering we provide (applicable controls)"
    } else {
        "Responsibility split per provider (applicable controls)"
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Progress and gaps by clause: a grey bar for the controls, blue for assessed, and a red
/// strip under it for gaps, each row labelled with its figures.
pub fn progress_by_clause(source: &Source) -> String {
    let stats = review::stats(source.session, source.catalogue);
    let rows = &stats.by_clause;
    let max = rows.iter().map(|c| c.total).max().unwrap_or(1).max(1) as f64;
    let (label_w, bar_w, row_h) = (300.0, 300.0, 24.0);
    let width = label_w + bar_w + 180.0;
    let height = row_h * rows.len() as f64 + 30.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>Progress and gaps by clause: {} of {} controls assessed, {} gaps</title>"#,
        stats.assessed, stats.total, stats.gaps
    );
    let _ = write!(
        svg,
        r##"<g font-size="11"><rect x="{label_w}" y="4" width="10" height="10" fill="#1f6fb2"/><text x="{}" y="13">assessed</text><rect x="{}" y="4" width="10" height="10" fill="#c0392b"/><text x="{}" y="13">gaps</text><rect x="{}" y="4" width="10" height="10" fill="#e3e3e3"/><text x="{}" y="13">controls</text></g>"##,
        label_w + 14.0,
        label_w + 80.0,
        label_w + 94.0,
        label_w + 140.0,
        label_w + 154.0
    );
    for (i, c) in rows.iter().enumerate() {
        let y = 24.0 + row_h * i as f64;
        let w = |n: usize| bar_w * n as f64 / max;
        let label = shorten(&format!("{} {}", line(&c.clause), line(&c.title)), 46);
        let _ = write!(
            svg,
            r##"<g><text x="0" y="{ty}" font-size="12">{label}</text><rect x="{label_w}" y="{y}" width="{total:.1}" height="14" fill="#e3e3e3"/><rect x="{label_w}" y="{y}" width="{assessed:.1}" height="14" fill="#1f6fb2"/><rect x="{label_w}" y="{gy}" width="{gaps:.1}" height="4" fill="#c0392b"/><text x="{tx}" y="{ty}" font-size="12">{a}/{t} assessed, {g} {gap_word}</text></g>"##,
            ty = y + 11.0,
            label = html(&label),
            total = w(c.total),
            assessed = w(c.assessed),
            gy = y + 15.0,
            gaps = w(c.gaps),
            tx = label_w + bar_w + 8.0,
            a = c.assessed,
            t = c.total,
            g = c.gaps,
            gap_word = if c.gaps == 1 { "gap" } else { "gaps" },
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One stacked bar per provider: how the applicable controls are held.
pub fn responsibility_split(source: &Source) -> String {
    let splits = splits(source);
    let (label_w, bar_w, row_h) = (140.0, 460.0, 44.0);
    let mut legend = String::from(r#"<g font-size="11">"#);
    let mut x = 0.0;
    for (_, label, colour) in SLOTS {
        let _ = write!(
            legend,
            r#"<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/><text x="{}" y="13">{label}</text>"#,
            x + 14.0
        );
        x += 24.0 + 6.5 * label.len() as f64;
    }
    let width = (label_w + bar_w + 20.0f64).max(x);
    let height = row_h * splits.len() as f64 + 40.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        html(responsibility_caption(source))
    );
    svg.push_str(&legend);
    svg.push_str("</g>");
    for (i, p) in splits.iter().enumerate() {
        let y = 28.0 + row_h * i as f64;
        let total: usize = p.counts.iter().sum();
        let _ = write!(
            svg,
            r#"<text x="0" y="{}" font-size="12">{}</text>"#,
            y + 12.0,
            html(&shorten(&p.name, 20))
        );
        let mut x = label_w;
        let mut parts = Vec::new();
        for (k, (_, label, colour)) in SLOTS.iter().enumerate() {
            let n = p.counts[k];
            if n == 0 || total == 0 {
                continue;
            }
            let w = bar_w * n as f64 / total as f64;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="16" fill="{colour}"><title>{label}: {n}</title></rect>"#
            );
            x += w;
            parts.push(format!("{label} {n}"));
        }
        let summary = match (parts.is_empty(), p.ours) {
            (true, _) => "no applicable controls yet".to_string(),
            (false, false) => parts.join(" · "),
            (false, true) => format!(
                "offering we provide (provider is us): {}",
                parts.join(" · ")
            ),
        };
        let _ = write!(
            svg,
            r#"<text x="{label_w}" y="{}" font-size="11">{}</text>"#,
            y + 30.0,
            html(&summary)
        );
    }
    svg.push_str("</svg>");
    svg
}
