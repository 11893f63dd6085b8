//! The status bar: progress, the session and per-control timers, save state, and either the
//! last message or key hints taken from the live keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{clock, fit};
use crate::tui::action::Command;
use crate::tui::app::{App, SaveStatus};
use crate::tui::keymap::Mode;
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (assessed, total, gaps) = app.progress();
    let (save, save_style) = match app.save_status() {
        // Says it on every frame: nothing typed here reaches the file.
        _ if app.read_only.is_some() => ("READ-ONLY".to_string(), theme.error()),
        SaveStatus::Saved => ("saved".to_string(), theme.ok()),
        SaveStatus::Dirty(_) => ("unsaved".to_string(), theme.accent()),
        SaveStatus::Saving => ("saving".to_string(), theme.muted()),
        // The banner above says why and where the work went, in full.
        SaveStatus::Failed(_) => ("NOT SAVED".to_string(), theme.error()),
    };
    let mut left = vec![
        Span::styled(format!(" {assessed}/{total} assessed"), theme.label()),
        Span::raw(format!(" · {gaps} gaps")),
        Span::raw(format!(
            " · ⏱ {} · this {}",
            clock(app.meeting_clock()),
            clock(app.clock.saturating_sub(app.list.control_since()))
        )),
        Span::raw(" · "),
        Span::styled(save.clone(), save_style),
    ];
    let mut left_width: usize = left.iter().map(|s| s.width()).sum();
    // A message the full bar would cut (at 80 columns "exported to northwind-…" hid where the
    // file went) gets the room of the figures it can do without; the save state stays.
    if let Some(m) = &app.message
        && unicode_width::UnicodeWidthStr::width(m.as_str())
            > (area.width as usize).saturating_sub(left_width + 1)
    {
        left = vec![
            Span::styled(format!(" {assessed}/{total} assessed"), theme.label()),
            Span::raw(format!(" · ⏱ {} · ", clock(app.meeting_clock()))),
            Span::styled(save, save_style),
        ];
        left_width = left.iter().map(|s| s.width()).sum();
    }
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Length(left_width as u16 + 1),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(Line::from(left)), left_area);
    let right_width = right_area.width as usize;
    let right = match &app.message {
        Some(m) => Span::styled(fit(m, right_width), theme.accent()),
        None => {
            let hints: Vec<String> = [
                Command::Walk,
                Command::OpenJump,
                Command::Help,
                Command::Quit,
            ]
            .into_iter()
            .map(|c| {
                let word = match c {
                    Command::Walk => "walk",
                    Command::OpenJump => "jump",
                    Command::Help => "help",
                    _ => "quit",
                };
                format!("{} {word}", app.keymap.hint(Mode::List, c))
            })
            .collect();
            Span::styled(fit(&hints.join("  "), right_width), theme.muted())
        }
    };
    frame.render_widget(
        Paragraph::new(Line::from(right)).alignment(ratatui::layout::Alignment::Right),
        right_area,
    );
}
