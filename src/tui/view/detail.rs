//! The detail pane: the selected control, the question for each side, every recorded field and
//! the findings `gapwalk check` would report. Presenter view leaves out internal details.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::catalogue::MappingSource;
use crate::sanitise::one_line;
use crate::session::Applicability;
use crate::tui::app::App;
use crate::tui::conflict::{conflict_label, is_internal, shown};
use crate::tui::field::describe_evidence;
use crate::tui::theme::Theme;

fn field<'a>(theme: &Theme, label: &str, value: &str) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.label()),
        Span::raw(one_line(value).into_owned()),
    ])
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    let Some(index) = app.selected() else {
        return;
    };
    let control = &app.catalogue.controls[index];
    let a = app.assessment(index);
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(vec![
        Span::styled(format!("{} ", one_line(&control.id)), theme.title()),
        Span::styled(one_line(&control.title).into_owned(), theme.title()),
    ]));
    let mut facts = Vec::new();
    if !control.iso27001_2022.is_empty() {
        let who = match control.mapping {
            MappingSource::Iso => "",
            MappingSource::Gapwalk => " (gapwalk's relation)",
        };
        facts.push(format!(
            "27001:2022 {}{who}",
            control.iso27001_2022.join(", ")
        ));
    }
    if let Some(g) = control.guidance {
        facts.push(format!("cloud guidance: {}", g.as_str()));
    }
    if !control.themes.is_empty() {
        facts.push(control.themes.join(", "));
    }
    lines.push(Line::from(Span::styled(
        one_line(&facts.join(" · ")).into_owned(),
        theme.muted(),
    )));
    if !control.customer_prompt.is_empty() {
        lines.push(field(theme, "Ask the customer", &control.customer_prompt));
    }
    if !control.provider_prompt.is_empty() {
        lines.push(field(
            theme,
            "Ask about the provider",
            &control.provider_prompt,
        ));
    }
    if !control.text.is_empty() {
        lines.push(Line::raw(one_line(&control.text).into_owned()));
    }
    lines.push(Line::raw(""));
    if !a.conflicts.is_empty() {
        lines.push(Line::styled(
            format!(
                "≠ Merge conflicts ({}): {} keeps ours or takes theirs",
                a.conflicts.len(),
                app.keymap.hint(
                    crate::tui::keymap::Mode::Workshop,
                    crate::tui::action::Command::ResolveConflict
                )
            ),
            theme.error(),
        ));
        for c in &a.conflicts {
            let text = if app.presenter && is_internal(c) {
                "(hidden in presenter view)".to_string()
            } else {
                format!(
                    "ours {} · theirs {} · base {}",
                    shown(&c.ours),
                    shown(&c.theirs),
                    shown(&c.base)
                )
            };
            lines.push(field(theme, &format!("  {}", conflict_label(c)), &text));
        }
        lines.push(Line::raw(""));
    }
    if !a.is_assessed() && a.is_blank() {
        lines.push(Line::styled(
            format!(
                "Not assessed yet. Press {} to walk it, {} to edit.",
                app.keymap.hint(
                    crate::tui::keymap::Mode::Workshop,
                    crate::tui::action::Command::Walk
                ),
                app.keymap.hint(
                    crate::tui::keymap::Mode::Workshop,
                    crate::tui::action::Command::Edit
                )
            ),
            theme.muted(),
        ));
    } else {
        let mut applicability = a.applicability.label().to_string();
        if !a.reasons.is_empty() {
            let reasons: Vec<&str> = a.reasons.iter().map(|r| r.label()).collect();
            applicability.push_str(&format!(" ({})", reasons.join(", ")));
        }
        lines.push(field(theme, "Applicable", &applicability));
        if !a.justification.is_empty() {
            lines.push(field(theme, "Justification", &a.justification));
        }
        if a.applicability == Applicability::Applicable {
            for r in &a.responsibilities {
                let mut parts = vec![r.holder.label().to_string()];
                if !r.customer_owner.is_empty() {
                    parts.push(format!("customer: {}", r.customer_owner));
                }
                if !r.provider_owner.is_empty() {
                    parts.push(format!("provider: {}", r.provider_owner));
                }
                lines.push(field(theme, &r.provider, &parts.join(" · ")));
                for (label, value) in [
                    ("  inherits", &r.inherited),
                    ("  customer must", &r.customer_duty),
                    ("  provider evidence", &r.provider_evidence),
                ] {
                    if !value.is_empty() {
                        lines.push(field(theme, label, value));
                    }
                }
            }
            lines.push(field(theme, "Status", a.status.label()));
        }
        for e in &a.evidence {
            lines.push(field(theme, "Evidence", &describe_evidence(e)));
        }
        if !app.presenter && !a.gap.is_empty() {
            lines.push(field(theme, "Gap", &a.gap));
        }
        if let Some(rem) = &a.remediation {
            let mut text = rem.action.clone();
            if !rem.owner.is_empty() {
                text.push_str(&format!(" · {}", rem.owner));
            }
            if let Some(due) = rem.due {
                text.push_str(&format!(" · due {due}"));
            }
            text.push_str(&format!(" · {}", rem.priority.label()));
            lines.push(field(theme, "Remediation", &text));
        }
        if !app.presenter
            && let Some(ra) = &a.risk_acceptance
        {
            let mut text = format!("{} — {}", ra.accepted_by, ra.rationale);
            if let Some(exp) = ra.expires {
                text.push_str(&format!(" (expires {exp})"));
            }
            lines.push(field(theme, "Risk accepted", &text));
        }
        for (label, value) in [
            ("Change trigger", &a.change_trigger),
            ("Escalation", &a.escalation),
        ] {
            if !value.is_empty() {
                lines.push(field(theme, label, value));
            }
        }
        if let Some(d) = a.next_review {
            lines.push(field(theme, "Next review", &d.to_string()));
        }
        if !app.presenter && !a.notes.is_empty() {
            lines.push(field(theme, "Notes", &a.notes));
        }
        if a.flagged {
            lines.push(Line::styled("⚑ parked for follow-up", theme.accent()));
        }
        if !a.changed_by.is_empty() || a.changed_at.is_some() {
            let at = a.changed_at.map(|t| t.to_string()).unwrap_or_default();
            lines.push(Line::styled(
                format!("last changed by {} {at}", one_line(&a.changed_by)),
                theme.muted(),
            ));
        }
        let findings = app.findings_for(index);
        if !findings.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("Still missing ({}):", findings.len()),
                theme.error(),
            ));
            for f in findings {
                lines.push(Line::raw(format!("  • {}", one_line(&f.message))));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
