//! Drawing the popups. Each clears its area first; text boxes come from ratatui-textarea.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::sanitise::one_line;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::conflict::{concerns_meta, conflicts_of, shown};
use crate::tui::draw::{centred, draw_input, fit, open};
use crate::tui::field::{Field, Kind, date_preview};
use crate::tui::form::MetaField;
use crate::tui::keymap::Mode;
use crate::tui::popup::Popup;
use crate::tui::theme::Theme;

/// Draws a popup not yet moved over to drawing itself (see `popup::Room`).
pub fn render(app: &App, popup: &Popup, theme: &Theme, frame: &mut Frame, screen: Rect) {
    match popup {
        Popup::Walk(walk) => walk_popup(app, walk, theme, frame, screen),
        Popup::Form(form) => {
            let control = &app.catalogue.controls[form.control];
            let a = app.assessment(form.control);
            let area = centred(screen, 100, screen.height.saturating_sub(2));
            let inner = open(
                frame,
                theme,
                area,
                format!(
                    " Edit {} {} ",
                    one_line(&control.id),
                    fit(&control.title, 50)
                ),
            );
            let rows: Vec<(String, String, bool)> = form
                .fields
                .iter()
                .map(|f| {
                    let hidden = app.presenter && f.is_internal();
                    let mut value = if hidden {
                        "(hidden in presenter view)".into()
                    } else {
                        f.value(&a)
                    };
                    if let Some(c) = conflicts_of(&a, f).first() {
                        let theirs = if hidden {
                            "…".into()
                        } else {
                            shown(&c.theirs)
                        };
                        value = format!("{value}  ≠ theirs: {theirs}");
                    }
                    (f.label(), value, matches!(f.kind(), Kind::Choice))
                })
                .collect();
            let conflicted = form
                .fields
                .get(form.selected)
                .map(|f| conflicts_of(&a, f).len())
                .unwrap_or(0);
            let hint = match (
                &form.editing,
                form.fields.get(form.selected).map(Field::kind),
            ) {
                (None, _) if conflicted > 0 => format!(
                    "≠ merge conflict on this field: {} keeps ours or takes theirs; changing the field settles it",
                    app.keymap.hint(Mode::Popup, Command::ResolveConflict)
                ),
                (Some(input), Some(Kind::Date)) => format!(
                    "{} · Enter keeps it · Esc cancels",
                    date_preview(&input.lines().join(""), app.today())
                ),
                (Some(_), _) => {
                    "Enter saves the field · Esc cancels · clear evidence text to remove it"
                        .to_string()
                }
                (None, Some(Kind::Choice)) => {
                    let options = form.fields[form.selected].options();
                    let numbered: Vec<String> = options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| format!("{} {o}", i + 1))
                        .collect();
                    numbered.join("  ")
                }
                _ => "Enter edits · ↑↓ move · Esc closes".to_string(),
            };
            // Where a whole record can go, the hint says how.
            let hint = match form.fields.get(form.selected).and_then(Field::record) {
                Some((what, _)) if form.editing.is_none() => format!(
                    "{hint} · {} removes the {what}",
                    app.keymap.hint(Mode::Popup, Command::RemoveRecord)
                ),
                _ => hint,
            };
            field_list(
                frame,
                theme,
                inner,
                &rows,
                form.selected,
                form.editing.as_ref(),
                form.error.as_deref(),
                &hint,
            );
        }
        Popup::Metadata(meta) => {
            let area = centred(screen, 100, 14);
            let inner = open(frame, theme, area, " Session details ".into());
            let rows: Vec<(String, String, bool)> = MetaField::ALL
                .iter()
                .map(|f| {
                    let mut value = if app.presenter && f.holds_internal() {
                        f.value(&crate::fields::external_details(&app.session.meta))
                    } else {
                        f.value(&app.session.meta)
                    };
                    let mut conflicts = app.session.meta.conflicts.iter();
                    if let Some(c) = conflicts.find(|c| concerns_meta(c, *f)) {
                        value = format!("{value}  ≠ theirs: {}", shown(&c.theirs));
                    }
                    (f.label().to_string(), value, *f == MetaField::Role)
                })
                .collect();
            let field = MetaField::ALL[meta.selected];
            let conflicted = app
                .session
                .meta
                .conflicts
                .iter()
                .any(|c| concerns_meta(c, field));
            let hint = if conflicted && meta.editing.is_none() {
                format!(
                    "≠ merge conflict on this detail: {} keeps ours or takes theirs; changing it settles it",
                    app.keymap.hint(Mode::Popup, Command::ResolveConflict)
                )
            } else if field.hint().is_empty() {
                "Enter edits · ↑↓ move · Esc closes".to_string()
            } else {
                field.hint().to_string()
            };
            field_list(
                frame,
                theme,
                inner,
                &rows,
                meta.selected,
                meta.editing.as_ref(),
                meta.error.as_deref(),
                &hint,
            );
        }
        Popup::Locked(locked) => super::safety::locked(locked, theme, frame, screen),
        Popup::Help(_)
        | Popup::Jump(_)
        | Popup::Filter(_)
        | Popup::Decision(_)
        | Popup::Resolve(_)
        | Popup::Park(_)
        | Popup::DecisionLog(_)
        | Popup::ParkingLot(_) => {}
        Popup::Recovery(recovery) => super::safety::recovery(recovery, theme, frame, screen),
        Popup::Rescue(rescue) => super::safety::rescue(rescue, theme, frame, screen),
        Popup::Unlockable(u) => super::safety::unlockable(u, theme, frame, screen),
        Popup::Export(export) => {
            let width = screen.width.clamp(20, 78);
            // Options wrap under their row when they do not fit on one line.
            let label_width = 11u16;
            let room = width.saturating_sub(2 + label_width + 2).max(8) as usize;
            let mut lines = Vec::new();
            for (k, (label, options)) in export.rows().iter().enumerate() {
                let mut line = vec![Span::styled(format!("{label:<10} "), theme.label())];
                let mut used = 0;
                for (i, o) in options.iter().enumerate() {
                    let text = format!(
                        "{}{} {o} ",
                        if export.choices[k] == i { "●" } else { " " },
                        i + 1
                    );
                    let w = text.chars().count();
                    if used > 0 && used + w > room {
                        lines.push(Line::from(std::mem::take(&mut line)));
                        line.push(Span::raw(" ".repeat(label_width as usize)));
                        used = 0;
                    }
                    used += w;
                    // The choice is marked by a glyph as well as by its style, as in the walk.
                    if export.choices[k] == i {
                        line.push(Span::styled(text, theme.selected()));
                    } else {
                        line.push(Span::raw(text));
                    }
                }
                if export.selected == k {
                    line.push(Span::styled(" ◂", theme.accent()));
                }
                lines.push(Line::from(line));
            }
            let height = (lines.len() as u16 + 6).min(screen.height);
            let area = centred(screen, width, height);
            let inner = open(frame, theme, area, " Export ".into());
            let [choices, path_label, path, status] = Layout::vertical([
                Constraint::Length(lines.len() as u16),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(0),
            ])
            .areas(inner);
            frame.render_widget(Paragraph::new(lines), choices);
            frame.render_widget(
                Paragraph::new(Line::styled("Write to:", theme.label())),
                path_label,
            );
            draw_input(frame, theme, &export.path, path);
            let msg = match &export.error {
                Some(e) => Line::styled(e.clone(), theme.error()),
                None => Line::styled(
                    "digits choose · ↑↓ move · Enter on the path exports · Esc closes",
                    theme.muted(),
                ),
            };
            frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), status);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn field_list(
    frame: &mut Frame,
    theme: &Theme,
    inner: Rect,
    rows: &[(String, String, bool)],
    selected: usize,
    editing: Option<&TextArea<'static>>,
    error: Option<&str>,
    hint: &str,
) {
    let [list, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
    let height = list.height as usize;
    let start = selected
        .saturating_sub(height / 2)
        .min(rows.len().saturating_sub(height));
    let label_width = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(10)
        .min(34);
    let value_width = (list.width as usize).saturating_sub(label_width + 2);
    for (k, (label, value, _)) in rows.iter().enumerate().skip(start).take(height) {
        let y = list.y + (k - start) as u16;
        let row = Rect {
            y,
            height: 1,
            ..list
        };
        let label_span = Span::styled(
            format!("{:<label_width$}  ", fit(label, label_width)),
            theme.label(),
        );
        if k == selected
            && let Some(input) = editing
        {
            frame.render_widget(Paragraph::new(Line::from(label_span)), row);
            let input_area = Rect {
                x: row.x + label_width as u16 + 2,
                width: value_width as u16,
                ..row
            };
            draw_input(frame, theme, input, input_area);
            continue;
        }
        let mut line = Line::from(vec![label_span, Span::raw(fit(value, value_width))]);
        if k == selected {
            line = line.style(theme.selected());
        }
        frame.render_widget(Paragraph::new(line), row);
    }
    let footer_line = match error {
        Some(e) => Line::styled(e.to_string(), theme.error()),
        None => Line::styled(hint.to_string(), theme.muted()),
    };
    frame.render_widget(
        Paragraph::new(footer_line).wrap(Wrap { trim: true }),
        footer,
    );
}

fn walk_popup(
    app: &App,
    walk: &crate::tui::walk::WalkPopup,
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
) {
    use crate::tui::walk::Stage;
    let area = centred(screen, 90, 20.min(screen.height));
    let status = crate::tui::walk::status_line(app, walk);
    if let Stage::Card { from, next } = walk.stage {
        walk_card(app, walk, (from, next), status, theme, frame, area);
        return;
    }
    let control = &app.catalogue.controls[walk.control];
    let a = app.assessment(walk.control);
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
    lines.push(Line::styled(walk.field.question(), theme.heading()));
    // An imported value is the provider's statement until the workshop confirms it.
    if let Field::Holder(p) = &walk.field
        && let Some(r) = a.responsibility(p).filter(|r| r.unconfirmed)
    {
        let from = r
            .provenance
            .as_ref()
            .map_or(String::new(), |p| format!(" (from {})", one_line(&p.file)));
        lines.push(Line::styled(
            format!(
                "{}'s statement{from}: {}. Enter confirms it, a number changes it",
                one_line(p),
                r.holder.label()
            ),
            theme.muted(),
        ));
    }
    let hidden = app.presenter && walk.field.is_internal();
    let mut input_row = None;
    match walk.field.kind() {
        Kind::Choice => {
            let current = crate::tui::walk::stated_option(&walk.field, &a);
            let chosen: Vec<bool> = match walk.field {
                Field::Reason => walk
                    .field
                    .options()
                    .iter()
                    .enumerate()
                    .map(|(i, _)| a.reasons.contains(&crate::session::Reason::ALL[i]))
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
            if let Some(source) = app.copy_source(walk) {
                row.push(Span::styled(format!(" = same as {source} "), theme.label()));
            }
            lines.push(Line::from(row));
            if chosen.iter().any(|c| *c) && walk.field != Field::Reason {
                lines.push(Line::styled(
                    "● recorded before: Enter keeps it",
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
                        one_line(&date_preview(&walk.text(), app.today())).into_owned(),
                        theme.muted(),
                    ));
                }
                if let Some(offer) = walk.offer() {
                    lines.push(Line::styled(
                        one_line(&format!(
                            "→ {offer}   (given before; {} takes it)",
                            app.keymap.hint(Mode::Popup, Command::AcceptSuggestion)
                        ))
                        .into_owned(),
                        theme.muted(),
                    ));
                } else {
                    let names = walk.field.names(&app.session);
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
                            "{} · kind: {} (guessed) · Enter keeps the date shown",
                            e.location,
                            e.kind.label()
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
                "Keep \"{}\" in place of \"{}\"? Enter keeps it and leaves · Esc leaves without it · any other key returns",
                walk.text().trim(),
                walk.field.editable_text(&a).trim()
            ))
            .into_owned(),
            theme.error(),
        ));
    } else if let Some(e) = &walk.error {
        lines.push(Line::styled(one_line(e).into_owned(), theme.error()));
    }
    let skip = app.keymap.hint(Mode::Popup, Command::Skip);
    let back = app.keymap.hint(Mode::Popup, Command::Back);
    let leave = app.keymap.hint(Mode::Popup, Command::Cancel);
    let depth = app.keymap.hint(Mode::Popup, Command::ToggleDepth);
    let hint = match walk.field.kind() {
        Kind::Choice if walk.field == Field::Reason => format!(
            "1-{} picks one · + several · {skip} skip · {back} back · {depth} depth · {leave} leave",
            walk.field.options().len(),
        ),
        Kind::Choice => format!(
            "1-{} choose · {skip} skip · {back} back · {depth} depth · {leave} leave",
            walk.field.options().len(),
        ),
        _ => format!("Enter confirm · {skip} skip · {back} back · {depth} depth · {leave} leave"),
    };
    let [body, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&hint, footer.width as usize),
            theme.muted(),
        )),
        footer,
    );
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
        y += wrapped(&walk.field.question());
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
fn walk_card(
    app: &App,
    walk: &crate::tui::walk::WalkPopup,
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
            one_line(&format!("Recorded: {}", crate::tui::walk::summary(app, f))).into_owned(),
            theme.label(),
        ));
        let missing =
            crate::walkplan::full_pass_missing(&app.assessment(f), &app.session.provider_names());
        if !missing.is_empty() && app.assessment(f).is_assessed() {
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
            let c = &app.catalogue.controls[n];
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
    let begin = if next.is_some() {
        "Enter begin"
    } else {
        "Enter end the walk"
    };
    let hint = format!(
        "{begin} · {} skip it · {} back · {}/{} other · / jump · {} depth · {} stop",
        app.keymap.hint(Mode::Popup, Command::Skip),
        app.keymap.hint(Mode::Popup, Command::Back),
        app.keymap.hint(Mode::Popup, Command::NextControl),
        app.keymap.hint(Mode::Popup, Command::PreviousControl),
        app.keymap.hint(Mode::Popup, Command::ToggleDepth),
        app.keymap.hint(Mode::Popup, Command::Cancel),
    );
    let [body, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&hint, footer.width as usize),
            theme.muted(),
        )),
        footer,
    );
}
