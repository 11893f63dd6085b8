//! Drawing the walk: the question with its answer box, or the card between controls, and the
//! lines they show (the status line, what is recorded on a control). Reads the walk and the
//! model; changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Stage, WalkPopup, questions};
use crate::sanitise::one_line;
use crate::session::Applicability;
use crate::tui::action::Command;
use crate::tui::draw::{centred, draw_input, fit, open};
use crate::tui::field::{Field, Kind, date_preview};
use crate::tui::keymap::Mode;
use crate::tui::model::Model;
use crate::tui::room::{Context, typing_or};
use crate::tui::theme::Theme;

/// The walk over `screen`: the question and its answer, or the card between controls.
pub(super) fn render(walk: &WalkPopup, cx: &Context, frame: &mut Frame, screen: Rect) {
    let theme = cx.theme;
    let mode = typing_or(Mode::Walk, walk.input_mode());
    let key = |c: Command| cx.keymap.hint(mode, c);
    let area = centred(screen, 90, 20.min(screen.height));
    let status = status_line(cx.model, walk);
    if let Stage::Card { from, next } = walk.stage {
        card(cx, walk, (from, next), status, theme, frame, area);
        return;
    }
    let control = &cx.model.catalogue.controls[walk.control];
    let a = cx.model.assessment(walk.control);
    let inner = open(
        frame,
        theme,
        area,
        format!(
            " Walk · {} {} ",
            one_line(&control.id),
            fit(&control.title, 48)
        ),
    );
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::styled(
        status.0,
        if status.1 {
            theme.error()
        } else {
            theme.muted()
        },
    ));
    let provider_side = matches!(walk.field, Field::ProviderOwner(_) | Field::Holder(_));
    // An offering line is asked from the provider's seat, with the catalogue's own question
    // for a provider assessing its service.
    let prompt = if walk.field.offering().is_some() {
        (!control.provider_seat_prompt.is_empty())
            .then_some(("Provider's seat", &control.provider_seat_prompt))
    } else if provider_side && !control.provider_prompt.is_empty() {
        Some(("Provider side", &control.provider_prompt))
    } else if !control.customer_prompt.is_empty() {
        Some(("Customer side", &control.customer_prompt))
    } else {
        None
    };
    if let Some((side, text)) = prompt {
        lines.push(Line::from(vec![
            Span::styled(format!("{side}: "), theme.label()),
            Span::styled(one_line(text).into_owned(), theme.muted()),
        ]));
    }
    let question = match walk.field {
        // The keys that add and skip, from the live keymap.
        Field::AddEvidence => format!(
            "{} ({} adds, {} skips)",
            walk.field.question(),
            key(Command::Confirm),
            key(Command::Skip)
        ),
        _ => walk.field.question(),
    };
    lines.push(Line::styled(question.clone(), theme.heading()));
    // An imported value is the provider's statement until the workshop confirms it.
    let statement = match &walk.field {
        Field::Holder(p) => a.responsibility(p).filter(|r| r.unconfirmed),
        _ => None,
    };
    if let Field::Holder(p) = &walk.field
        && let Some(r) = statement
    {
        let from = r
            .provenance
            .as_ref()
            .map_or(String::new(), |p| format!(" (from {})", one_line(&p.file)));
        lines.push(Line::styled(
            format!(
                "{}'s statement{from}: {}. {} confirms it, a number changes it",
                one_line(p),
                r.holder.label(),
                key(Command::Confirm)
            ),
            theme.muted(),
        ));
    }
    let hidden = cx.model.presenter && walk.field.is_internal();
    let mut input_row = None;
    match walk.field.kind() {
        Kind::Choice => {
            let current = walk.stated(&a);
            let chosen: Vec<bool> = match walk.field {
                Field::Reason => walk
                    .field
                    .options()
                    .iter()
                    .enumerate()
                    .map(|(i, _)| a.reasons.contains(&crate::session::Reason::ALL[i]))
                    .collect(),
                Field::ExclusionReason => walk
                    .field
                    .options()
                    .iter()
                    .enumerate()
                    .map(|(i, _)| {
                        a.exclusion_reasons
                            .contains(&crate::session::Exclusion::ALL[i])
                    })
                    .collect(),
                // Which treatment is recorded would tell a shared screen a risk was accepted.
                _ if hidden => vec![false; walk.field.options().len()],
                _ => (0..walk.field.options().len())
                    .map(|i| Some(i) == current)
                    .collect(),
            };
            let mut row: Vec<Span> = Vec::new();
            for (i, option) in walk.field.options().iter().enumerate() {
                let mark = if chosen[i] { "● " } else { "" };
                let text = format!(" {mark}{} {option} ", i + 1);
                row.push(if chosen[i] {
                    Span::styled(text, theme.accent())
                } else {
                    Span::raw(text)
                });
            }
            if let Some(source) = walk.copy_source(cx.model) {
                row.push(Span::styled(format!(" = same as {source} "), theme.label()));
            }
            lines.push(Line::from(row));
            // The provider's statement said above how Enter takes it: it was not recorded by us.
            if chosen.iter().any(|c| *c) && !walk.field.is_reasons() && statement.is_none() {
                lines.push(Line::styled(
                    format!("● recorded before: {} keeps it", key(Command::Confirm)),
                    theme.muted(),
                ));
            }
        }
        _ => {
            if hidden {
                lines.push(Line::styled("(hidden in presenter view)", theme.muted()));
            } else {
                input_row = Some(lines.len());
                lines.push(Line::raw(""));
                if walk.field.kind() == Kind::Date {
                    lines.push(Line::styled(
                        one_line(&date_preview(&walk.text(), cx.model.today())).into_owned(),
                        theme.muted(),
                    ));
                }
                if let Some(offer) = walk.offer() {
                    lines.push(Line::styled(
                        one_line(&format!(
                            "→ {offer}   (given before; {} takes it)",
                            key(Command::AcceptSuggestion)
                        ))
                        .into_owned(),
                        theme.muted(),
                    ));
                } else {
                    let names = walk.field.names(&cx.model.session);
                    let suggestions = walk.name_suggestions(&names);
                    if !suggestions.is_empty() {
                        lines.push(Line::styled(
                            one_line(&format!(
                                "→ {}   (names: {})",
                                suggestions[0],
                                suggestions.join(", ")
                            ))
                            .into_owned(),
                            theme.muted(),
                        ));
                    }
                }
                if let Field::EvidenceAsOf(i) = walk.field
                    && let Some(e) = a.evidence.get(i)
                {
                    lines.push(Line::styled(
                        one_line(&format!(
                            "{} · kind: {} (guessed) · {} keeps the date shown",
                            e.location,
                            e.kind.label(),
                            key(Command::Confirm)
                        ))
                        .into_owned(),
                        theme.muted(),
                    ));
                }
            }
        }
    }
    if walk.stage == Stage::ConfirmLeave {
        lines.push(Line::styled(
            one_line(&format!(
                "Keep \"{}\" in place of \"{}\"? {} keeps it and leaves · {} leaves without it · any other key returns",
                walk.text().trim(),
                walk.field.editable_text(&a).trim(),
                key(Command::Confirm),
                key(Command::Cancel)
            ))
            .into_owned(),
            theme.error(),
        ));
    } else if let Some(e) = &walk.error {
        lines.push(Line::styled(one_line(e).into_owned(), theme.error()));
    }
    let skip = key(Command::Skip);
    let back = key(Command::Back);
    let leave = key(Command::Cancel);
    let depth = key(Command::ToggleDepth);
    let confirm = key(Command::Confirm);
    let hint = match walk.field.kind() {
        Kind::Choice if walk.field.is_reasons() => format!(
            "1-{} picks one · + several · {skip} skip · {back} back · {depth} depth · {leave} leave",
            walk.field.options().len(),
        ),
        Kind::Choice => format!(
            "1-{} choose · {skip} skip · {back} back · {depth} depth · {leave} leave",
            walk.field.options().len(),
        ),
        _ => {
            format!("{confirm} confirm · {skip} skip · {back} back · {depth} depth · {leave} leave")
        }
    };
    let body = body_and_hint(frame, theme, inner, lines, &hint);
    if let Some(row) = input_row {
        // Wrapped lines above can push the input down; count them.
        let mut y = body.y + 1;
        let width = body.width.max(1) as usize;
        let wrapped = |s: &str| {
            unicode_width::UnicodeWidthStr::width(s)
                .max(1)
                .div_ceil(width) as u16
        };
        if let Some((side, text)) = prompt {
            y += wrapped(&format!("{side}: {}", one_line(text)));
        }
        y += wrapped(&question);
        let _ = row;
        if y < body.y + body.height && body.width > 2 {
            let marker = Rect {
                y,
                height: 1,
                width: 1,
                ..body
            };
            frame.render_widget(Paragraph::new(Span::styled("›", theme.accent())), marker);
            let input = Rect {
                x: body.x + 2,
                y,
                height: 1,
                width: body.width - 2,
            };
            draw_input(frame, theme, &walk.input, input);
        }
    }
}

/// The card between controls: what was recorded, what comes next, and the keys that act.
fn card(
    cx: &Context,
    walk: &WalkPopup,
    (from, next): (Option<usize>, Option<usize>),
    status: (String, bool),
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let inner = open(frame, theme, area, " Walk · between controls ".into());
    let mut lines: Vec<Line> = vec![Line::styled(
        status.0,
        if status.1 {
            theme.error()
        } else {
            theme.muted()
        },
    )];
    if let Some(f) = from {
        lines.push(Line::styled(
            one_line(&format!("Recorded: {}", summary(cx.model, f))).into_owned(),
            theme.label(),
        ));
        let missing = crate::walkplan::full_pass_missing(
            &cx.model.assessment(f),
            &cx.model.session.provider_names(),
        );
        if !missing.is_empty() && cx.model.assessment(f).is_assessed() {
            lines.push(Line::styled(
                format!(
                    "{} thing(s) the full record still asks for (gapwalk check lists them)",
                    missing.len()
                ),
                theme.muted(),
            ));
        }
    }
    lines.push(Line::raw(""));
    match next {
        Some(n) => {
            let c = &cx.model.catalogue.controls[n];
            let place = match walk.order.iter().position(|&i| i == n) {
                Some(k) => format!("{} of {} in {}", k + 1, walk.order.len(), walk.following),
                None => format!("outside {}", walk.following),
            };
            lines.push(Line::styled(
                one_line(&format!("Next: {} {}", c.id, c.title)).into_owned(),
                theme.heading(),
            ));
            lines.push(Line::styled(place, theme.muted()));
        }
        None => lines.push(Line::styled(
            format!(
                "Nothing left to ask in {} at the {} pass.",
                walk.following,
                walk.depth.key()
            ),
            theme.heading(),
        )),
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Nothing typed on this card is recorded.",
        theme.muted(),
    ));
    if let Some(e) = &walk.error {
        lines.push(Line::styled(one_line(e).into_owned(), theme.error()));
    }
    let key = |c: Command| cx.keymap.hint(Mode::Walk, c);
    let begin = if next.is_some() {
        "begin"
    } else {
        "end the walk"
    };
    let hint = format!(
        "{} {begin} · {} skip it · {} back · {}/{} other · / jump · {} depth · {} stop",
        key(Command::Confirm),
        key(Command::Skip),
        key(Command::Back),
        key(Command::NextControl),
        key(Command::PreviousControl),
        key(Command::ToggleDepth),
        key(Command::Cancel),
    );
    body_and_hint(frame, theme, inner, lines, &hint);
}

/// The question's or the card's lines above, wrapped, and the keys' hint on the last row,
/// cut to fit; returns where the lines went.
fn body_and_hint(
    frame: &mut Frame,
    theme: &Theme,
    inner: Rect,
    lines: Vec<Line>,
    hint: &str,
) -> Rect {
    let [body, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(hint, footer.width as usize),
            theme.muted(),
        )),
        footer,
    );
    body
}

/// The walk's status line: depth, question k of n, counts, what it follows, the timebox.
/// The flag says the control is over its time.
pub fn status_line(model: &Model, walk: &WalkPopup) -> (String, bool) {
    let mut parts = vec![format!("{} pass", walk.depth.key())];
    if walk.stage != Stage::Asking && !matches!(walk.stage, Stage::ConfirmLeave) {
        parts.push(format!("follows {}", walk.following));
    } else {
        let mut a = model.assessment(walk.control);
        if a.applicability == Applicability::Undecided {
            // Count the questions an applicable control would take.
            a.applicability = Applicability::Applicable;
        }
        let asked = questions(
            &a,
            &model.session.provider_names(),
            &model.session.meta.seats().offerings,
            walk.depth,
        );
        let here = match walk.field {
            Field::EvidenceAsOf(_) | Field::Evidence(_) => Field::AddEvidence,
            ref f => f.clone(),
        };
        let k = asked
            .iter()
            .position(|f| *f == here)
            .map(|k| k + 1)
            .unwrap_or(walk.history.len() + 1);
        parts.push(format!("question {k} of {}", asked.len().max(k)));
    }
    parts.push(format!("{} done", walk.done.len()));
    if !walk.skipped.is_empty() {
        parts.push(format!("{} skipped", walk.skipped.len()));
    }
    let mut over = false;
    if let Some(minutes) = model.session.meta.timebox_minutes
        && walk.stage
            != (Stage::Card {
                from: None,
                next: None,
            })
        && !walk.on_card()
    {
        let limit = u64::from(minutes) * 60;
        let spent = model.clock.saturating_sub(walk.control_started).as_secs();
        if spent <= limit {
            let left = limit - spent;
            parts.push(format!("⏱ {}:{:02} left", left / 60, left % 60));
        } else {
            let by = spent - limit;
            over = true;
            parts.push(format!("⚠ OVER TIME by {}:{:02}", by / 60, by % 60));
        }
    }
    (parts.join(" · "), over)
}

/// What is recorded on a control, in one line, for the card.
pub fn summary(model: &Model, control: usize) -> String {
    let a = model.assessment(control);
    if !a.is_assessed() {
        return format!("{}: left unassessed (skipped)", a.control);
    }
    let mut first = a.applicability.label().to_string();
    // The reasons that go with the decision: why it is in, or why it is left out.
    let reasons = a.decision_reasons();
    if !reasons.is_empty() {
        first.push_str(&format!(" ({})", reasons.join(", ")));
    }
    let mut rest = vec![first];
    if a.applicability == Applicability::Applicable {
        for p in model.session.provider_names() {
            let h = a.responsibility(&p).map(|r| r.holder).unwrap_or_default();
            rest.push(format!("{p}: {}", h.label()));
        }
        // A provider's seat: who holds it between us and our customers, per offering.
        for o in model.session.meta.seats().offerings {
            let h = a.offering(&o).map(|l| l.holder).unwrap_or_default();
            rest.push(format!("{o} (to our customers): {}", h.label()));
        }
        rest.push(a.status.label().to_string());
    }
    format!("{}: {}", a.control, rest.join(" · "))
}
