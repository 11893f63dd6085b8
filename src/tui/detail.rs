//! What the detail pane says: the selected control, every recorded field, the findings
//! `gapwalk check` would report and the question for each side. For an assessed control the
//! record comes first (it is what the room looks at once a control is decided); for an
//! unassessed one, the questions do. Presenter view leaves out internal details. Built here, not
//! in a view, so that `layout` can measure how far the pane scrolls without importing a view;
//! `view::detail` draws it.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::catalogue::{Control, Known, MappingSource};
use crate::fields::{FieldKey, describe_evidence};
use crate::sanitise::one_line;
use crate::session::{Applicability, Assessment};
use crate::tui::action::Command;
use crate::tui::conflict::{conflict_label, is_internal, shown};
use crate::tui::keymap::Keymap;
use crate::tui::keymap::Mode;
use crate::tui::model::{GlyphKind, Model};
use crate::tui::theme::Theme;

fn field<'a>(theme: &Theme, label: &str, value: &str) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.label()),
        Span::raw(one_line(&bounded(value)).into_owned()),
    ])
}

/// The most of one value the pane lays out: some fifty lines at 80 columns. The pane is wrapped
/// and measured on every frame (four a second while idle), so a 10 MB note must not be.
const SHOWN_CHARS: usize = 4_000;

/// `value` up to [`SHOWN_CHARS`], then how much more there is and where to read it.
fn bounded(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(SHOWN_CHARS) {
        None => std::borrow::Cow::Borrowed(value),
        Some((cut, _)) => std::borrow::Cow::Owned(format!(
            "{} … ({} KB more; the edit form holds it all)",
            &value[..cut],
            (value.len() - cut).div_ceil(1024)
        )),
    }
}

/// The pane's text area inside `area` (a one-column gap from the list's border).
pub fn text_area(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    }
}

/// Wrapped height of the pane's text and the lines it can show: one fewer when it overflows,
/// since the bottom line then says how to scroll.
pub fn fit_height(paragraph: &Paragraph<'_>, area: Rect) -> (usize, usize) {
    let total = paragraph.line_count(area.width);
    let height = area.height as usize;
    if total > height && height > 1 {
        (total, height - 1)
    } else {
        (total, height)
    }
}

/// How far the pane can scroll at this size: wrapped lines beyond the visible height.
pub fn max_scroll(
    model: &Model,
    keymap: &Keymap,
    selected: Option<usize>,
    theme: &Theme,
    area: Rect,
) -> u16 {
    let Some(index) = selected else {
        return 0;
    };
    let area = text_area(area);
    let paragraph = Paragraph::new(lines(model, keymap, theme, index)).wrap(Wrap { trim: false });
    let (total, visible) = fit_height(&paragraph, area);
    u16::try_from(total.saturating_sub(visible)).unwrap_or(u16::MAX)
}

/// Everything the pane shows for a control, before wrapping and scrolling.
pub fn lines<'a>(model: &Model, keymap: &Keymap, theme: &Theme, index: usize) -> Vec<Line<'a>> {
    let control = &model.catalogue.controls[index];
    let a = model.assessment(index);
    let mut lines: Vec<Line> = vec![
        Line::from(vec![
            Span::styled(format!("{} ", one_line(&control.id)), theme.title()),
            Span::styled(one_line(&control.title).into_owned(), theme.title()),
        ]),
        Line::from(Span::styled(facts(control), theme.muted())),
    ];
    if !a.is_assessed() && a.is_blank() {
        questions(theme, control, &mut lines);
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "Not assessed yet. Press {} to walk it, {} to edit.",
                keymap.hint(Mode::List, Command::Walk),
                keymap.hint(Mode::List, Command::Edit)
            ),
            theme.muted(),
        ));
        return lines;
    }
    lines.push(summary(model, theme, index, &a));
    lines.push(Line::raw(""));
    conflicts(model, keymap, theme, &a, &mut lines);
    record(model, theme, &a, &mut lines);
    let findings = model.findings_for(index);
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
    lines.push(Line::raw(""));
    lines.push(Line::styled("Workshop questions", theme.heading()));
    questions(theme, control, &mut lines);
    lines
}

/// The control's reference facts on one line: mapping, guidance, themes.
fn facts(control: &Control) -> String {
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
    if control.other_cloud_information == Some(Known::Yes) {
        facts.push("other information for cloud".into());
    }
    if !control.related.is_empty() {
        facts.push(format!("related: {}", control.related.join(", ")));
    }
    if !control.themes.is_empty() {
        facts.push(control.themes.join(", "));
    }
    one_line(&facts.join(" · ")).into_owned()
}

fn questions<'a>(theme: &Theme, control: &Control, lines: &mut Vec<Line<'a>>) {
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
    if !control.provider_seat_prompt.is_empty() {
        lines.push(field(
            theme,
            "The provider asks itself",
            &control.provider_seat_prompt,
        ));
    }
    if !control.text.is_empty() {
        lines.push(Line::raw(one_line(&control.text).into_owned()));
    }
}

/// The state at a glance, in words as well as the list's glyph.
fn summary<'a>(model: &Model, theme: &Theme, index: usize, a: &Assessment) -> Line<'a> {
    let (glyph, kind) = model.glyph(index);
    let state = match kind {
        GlyphKind::Unassessed => "not decided yet".to_string(),
        GlyphKind::NotApplicable => "not applicable".to_string(),
        GlyphKind::Implemented => "applicable, implemented".to_string(),
        GlyphKind::Gap => format!("gap: applicable, {}", a.status.label()),
        GlyphKind::Unknown => "applicable, status unknown".to_string(),
    };
    let mut spans = vec![
        Span::styled(format!("{glyph} "), theme.glyph(kind)),
        Span::styled(state, theme.glyph(kind)),
    ];
    if a.flagged {
        spans.push(Span::styled(" · ⚑ parked", theme.accent()));
    }
    if !a.conflicts.is_empty() {
        spans.push(Span::styled(
            format!(" · ≠ {} merge conflict(s)", a.conflicts.len()),
            theme.error(),
        ));
    }
    let missing = model.findings_for(index).len();
    if missing > 0 {
        spans.push(Span::styled(
            format!(" · {missing} still missing"),
            theme.error(),
        ));
    }
    Line::from(spans)
}

/// Conflicts a merge recorded, each with both values, and the key that settles them.
fn conflicts<'a>(
    model: &Model,
    keymap: &Keymap,
    theme: &Theme,
    a: &Assessment,
    lines: &mut Vec<Line<'a>>,
) {
    if a.conflicts.is_empty() {
        return;
    }
    lines.push(Line::styled(
        format!(
            "≠ Merge conflicts ({}): {} keeps ours or takes theirs",
            a.conflicts.len(),
            keymap.hint(Mode::List, Command::ResolveConflict)
        ),
        theme.error(),
    ));
    for c in &a.conflicts {
        let text = if model.presenter && is_internal(c) {
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

fn record<'a>(model: &Model, theme: &Theme, a: &Assessment, lines: &mut Vec<Line<'a>>) {
    // Why it is in, or for an excluded control why it is out.
    let mut applicability = a.applicability.label().to_string();
    let reasons = a.decision_reasons();
    if !reasons.is_empty() {
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
    // Presenter view hides what the domain's one rule calls internal.
    let hides = |key: FieldKey| model.presenter && key.is_internal();
    if !hides(FieldKey::Gap) && !a.gap.is_empty() {
        lines.push(field(theme, "Gap", &a.gap));
    }
    if let Some(rem) = &a.remediation {
        let mut text = if hides(FieldKey::RemediationAction) {
            "(action hidden in presenter view)".to_string()
        } else {
            rem.action.clone()
        };
        if !rem.owner.is_empty() {
            text.push_str(&format!(" · {}", rem.owner));
        }
        if let Some(due) = rem.due {
            text.push_str(&format!(" · due {due}"));
        }
        text.push_str(&format!(" · {}", rem.priority.label()));
        lines.push(field(theme, "Remediation", &text));
    }
    if !hides(FieldKey::RiskAcceptance)
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
    if !hides(FieldKey::Notes) && !a.notes.is_empty() {
        lines.push(field(theme, "Notes", &a.notes));
    }
    // Why it was parked: asked when it was parked, shown where the control is read.
    if !hides(FieldKey::FollowUp) && !a.follow_up.is_empty() {
        let label = if a.flagged {
            "Parked, why"
        } else {
            "Follow-up"
        };
        lines.push(field(theme, label, &a.follow_up));
    }
    if !a.changed_by.is_empty() || a.changed_at.is_some() {
        let at = a.changed_at.map(|t| t.to_string()).unwrap_or_default();
        lines.push(Line::styled(
            format!("last changed by {} {at}", one_line(&a.changed_by)),
            theme.muted(),
        ));
    }
}
