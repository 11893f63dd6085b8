//! The dashboard: progress by clause, the responsibility split per provider, and gaps by
//! priority and by owner, drawn with ratatui's charts.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{BarChart, Block, Borders, Paragraph};

use super::fit;
use crate::review;
use crate::session::{Holder, Priority, Seat};
use crate::tui::app::App;
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let stats = review::stats(&app.session, &app.catalogue);
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let labels: Vec<String> = stats.by_clause.iter().map(|c| c.clause.clone()).collect();
    let data: Vec<(&str, u64)> = stats
        .by_clause
        .iter()
        .zip(&labels)
        .map(|(c, label)| {
            let pct = (c.assessed * 100).checked_div(c.total).unwrap_or(0);
            (label.as_str(), pct as u64)
        })
        .collect();
    let bar_width = if data.is_empty() {
        1
    } else {
        ((top.width.saturating_sub(2) as usize / data.len()).saturating_sub(1)).clamp(1, 6) as u16
    };
    let pct = (stats.assessed * 100).checked_div(stats.total).unwrap_or(0);
    frame.render_widget(
        BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.border())
                    .title(format!(
                        " Assessed by clause, % · overall {}/{} ({pct}%) · {} gaps ",
                        stats.assessed, stats.total, stats.gaps
                    )),
            )
            .data(data.as_slice())
            .bar_width(bar_width)
            .bar_gap(1)
            .max(100)
            .bar_style(theme.ok())
            .value_style(theme.selected()),
        top,
    );
    let [resp, prio, owners] = Layout::horizontal([
        Constraint::Percentage(40),
        Constraint::Percentage(30),
        Constraint::Percentage(30),
    ])
    .areas(bottom);
    render_responsibility(app, theme, frame, resp);
    let prio_data: Vec<(&str, u64)> = Priority::ALL
        .iter()
        .map(|p| {
            (
                p.label(),
                stats.gaps_by_priority.get(p.key()).copied().unwrap_or(0) as u64,
            )
        })
        .chain(std::iter::once((
            "none",
            stats.gaps_by_priority.get("none").copied().unwrap_or(0) as u64,
        )))
        .collect();
    frame.render_widget(
        BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.border())
                    .title(" Gaps by priority "),
            )
            .direction(Direction::Horizontal)
            .data(prio_data.as_slice())
            .bar_width(1)
            .bar_gap(0)
            .bar_style(theme.error()),
        prio,
    );
    render_owners(app, theme, frame, owners);
}

fn render_responsibility(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let seats = app.session.meta.seats();
    let title = match (seats.providers.is_empty(), seats.offerings.is_empty()) {
        (false, true) => " Who holds what, per provider ",
        (true, false) => " Who holds what, per offering we provide ",
        _ => " Who holds what, per provider and offering ",
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    // Every line the role gives a control: the providers we use, then the offerings we
    // provide (between us and our customers).
    for seat in seats.lines() {
        let mut counts: BTreeMap<Holder, usize> = BTreeMap::new();
        let heading = match &seat {
            Seat::Provider(provider) => {
                for r in app
                    .session
                    .assessments
                    .iter()
                    .filter_map(|a| a.responsibility(provider))
                {
                    *counts.entry(r.holder).or_default() += 1;
                }
                provider.clone()
            }
            Seat::Offering(offering) => {
                for l in app
                    .session
                    .assessments
                    .iter()
                    .filter_map(|a| a.offering(offering))
                {
                    *counts.entry(l.holder).or_default() += 1;
                }
                format!("{offering} (we provide)")
            }
        };
        lines.push(Line::styled(fit(&heading, width), theme.heading()));
        let total: usize = counts.values().sum();
        for (holder, n) in counts {
            let bar_room = width.saturating_sub(22);
            let bar = (n * bar_room).checked_div(total).unwrap_or(0);
            lines.push(Line::raw(fit(
                &format!("{:<15}{:>3} {}", holder.label(), n, "█".repeat(bar)),
                width,
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_owners(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut by_owner: BTreeMap<String, usize> = BTreeMap::new();
    for a in app.session.assessments.iter().filter(|a| a.is_gap()) {
        let owner = a
            .remediation
            .as_ref()
            .map(|r| r.owner.clone())
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| {
                if a.risk_acceptance.is_some() {
                    "(risk accepted)".into()
                } else {
                    "(no owner)".into()
                }
            });
        *by_owner.entry(owner).or_default() += 1;
    }
    let mut owners: Vec<(String, usize)> = by_owner.into_iter().collect();
    owners.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" Gaps by owner ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let lines: Vec<Line> = owners
        .iter()
        .map(|(o, n)| Line::raw(fit(&format!("{n:>3}  {o}"), width)))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
