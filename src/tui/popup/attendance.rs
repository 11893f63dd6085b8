//! The end of a meeting asks who attended: a checklist of the people the session lists (and
//! anyone already recorded for the day), all ticked, or, when attendance was confirmed earlier
//! that day, the ones confirmed then. Space (or an entry's digit) ticks and unticks, the last
//! line adds a name (a name the session does not know is confirmed as new with a second Enter,
//! and joins the participants), Enter keeps the ticked ones as the meeting's confirmed
//! attendance, Esc keeps what is recorded; either way the workshop then saves and quits. Only a
//! workshop that recorded a meeting asks; an unattended end (a signal, a closed terminal) asks
//! nothing.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::sanitise::one_line;
use crate::session::{Edit, NameMatch, match_name};
use crate::tui::action::{Action, Command};
use crate::tui::draw::{centred, draw_input, fit, numbered_row, open};
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::line_edit::{edit_field, input_text, line_input};
use crate::tui::model::Model;
use crate::tui::room::typing_or;
use crate::tui::room::{Context, InputMode, Outcome, Request, Room};

pub struct AttendancePopup {
    /// The meeting's day.
    pub day: NaiveDate,
    /// Everyone who could have attended, in the session's order, then names added here.
    pub people: Vec<String>,
    /// Whether each of `people` attended.
    pub ticked: Vec<bool>,
    /// How many of `people` the session knew when the question opened; the rest are new.
    known: usize,
    /// A row of `people`, or `people.len()` for the line that adds a name.
    pub selected: usize,
    pub input: TextArea<'static>,
    /// A new name Entered once: Enter again adds it.
    new_name: Option<String>,
    pub error: Option<String>,
    /// What the last key did, said quietly.
    pub note: Option<String>,
    /// The key that keeps a typed name, as the keymap names it, for the messages.
    confirm: String,
}

impl AttendancePopup {
    /// The question, when this workshop recorded (began or continued) the day's meeting.
    pub fn new(model: &Model, keymap: &Keymap) -> Option<AttendancePopup> {
        let meeting = model.recorded_meeting()?;
        let mut people = model.session.meta.listed_people();
        for name in &meeting.attendees {
            if !people.contains(name) {
                people.push(name.clone());
            }
        }
        let ticked = people
            .iter()
            .map(|p| !meeting.attendance_confirmed || meeting.attendees.contains(p))
            .collect();
        Some(AttendancePopup {
            day: meeting.date,
            known: people.len(),
            selected: 0,
            ticked,
            people,
            input: line_input(""),
            new_name: None,
            error: None,
            note: None,
            confirm: keymap.hint(Mode::Text, Command::Confirm),
        })
    }

    fn on_add_line(&self) -> bool {
        self.selected == self.people.len()
    }

    fn toggle(&mut self, row: usize) {
        if let Some(t) = self.ticked.get_mut(row) {
            *t = !*t;
            self.error = None;
            self.note = None;
        }
    }

    /// Enter on the add line with a name typed: a known name (or the start of exactly one)
    /// is ticked; a new one is added on the second Enter.
    fn add(&mut self, typed: String) {
        // A name is one line of data: what could act on a terminal is dropped.
        let typed = crate::sanitise::data_line(&typed).trim().to_string();
        match match_name(&typed, &self.people) {
            NameMatch::Known(name) | NameMatch::Only(name) => {
                let row = self.people.iter().position(|p| *p == name);
                if let Some(row) = row {
                    self.ticked[row] = true;
                }
                self.note = Some(format!("{name} ticked"));
            }
            NameMatch::Several(names) if self.new_name.as_deref() != Some(&typed) => {
                self.error = Some(format!(
                    "{typed:?} starts several names ({}): type more, or {} again to add {typed:?} as a new name",
                    names.join(", "),
                    self.confirm
                ));
                self.new_name = Some(typed);
                return;
            }
            NameMatch::New if self.new_name.as_deref() != Some(&typed) => {
                self.error = Some(format!(
                    "{typed:?} is not a participant of this session: {} again to add them, or type another name",
                    self.confirm
                ));
                self.new_name = Some(typed);
                return;
            }
            _ => {
                self.people.push(typed.clone());
                self.ticked.push(true);
                self.note = Some(format!("{typed:?} added as a new participant, ticked"));
                self.selected = self.people.len();
            }
        }
        self.input = line_input("");
        self.new_name = None;
        self.error = None;
    }

    /// A key on the add line: typing there forgets what the last Enter said.
    fn type_name(&mut self, action: &Action) {
        if edit_field(&mut self.input, action) {
            self.new_name = None;
            self.error = None;
            self.note = None;
        }
    }

    /// Enter: the ticked people become the meeting's confirmed attendance.
    fn keep(&mut self, model: &mut Model) -> Outcome {
        let attended: Vec<String> = self
            .people
            .iter()
            .zip(&self.ticked)
            .filter(|(_, t)| **t)
            .map(|(p, _)| p.clone())
            .collect();
        if attended.is_empty() {
            self.error =
                Some("nobody is ticked: tick who attended, or add them on the last line".into());
            return Outcome::stay();
        }
        if model.recorded_meeting().is_none() {
            // Nothing of this workshop's is left to record (its changes were taken back).
            return Outcome::close().asking(Request::Quit);
        }
        let mut meta = model.session.meta.clone();
        meta.confirm_attendance(self.day, attended);
        if meta != model.session.meta && model.apply_edit(Edit::SetMetadata(Box::new(meta))) {
            model.message = Some(format!("attendance of the meeting of {} kept", self.day));
        }
        Outcome::close().asking(Request::Quit)
    }
}

impl Room for AttendancePopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        let rows = self.people.len();
        match action {
            Action::Command(Command::Cancel)
                if self.on_add_line() && !input_text(&self.input).is_empty() =>
            {
                self.input = line_input("");
                self.new_name = None;
                self.error = None;
                self.note = Some("name cleared".into());
            }
            Action::Command(Command::Cancel) => {
                model.message = Some("attendance left as recorded".into());
                return Outcome::close().asking(Request::Quit);
            }
            Action::Command(Command::Confirm) => {
                let typed = input_text(&self.input);
                if self.on_add_line() && !typed.trim().is_empty() {
                    self.add(typed);
                } else {
                    return self.keep(model);
                }
            }
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                self.selected = (self.selected + 1).min(rows);
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                self.selected = self.selected.saturating_sub(1);
            }
            Action::Command(Command::Undo | Command::Redo) if !self.on_add_line() => {
                self.error = Some(
                    "the meeting is ending: nothing is undone here (the workshop's changes stay as they are)"
                        .into(),
                );
                self.note = None;
            }
            Action::Command(Command::Toggle) => self.toggle(self.selected),
            Action::Choose(n) if n < rows => self.toggle(n),
            _ if self.on_add_line() => self.type_name(&action),
            Action::Choose(_) | Action::Type(_) | Action::Paste(_) => {
                self.error = Some("not an option here: a name is added on the last line".into());
                self.note = None;
            }
            _ => {}
        }
        Outcome::stay()
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let mode = typing_or(Mode::Dialog, self.input_mode());
        let key = |c: Command| cx.keymap.hint(mode, c);
        let rows = self.people.len().clamp(1, 12) as u16;
        let area = centred(screen, 76, rows + 6);
        let inner = open(
            frame,
            theme,
            area,
            // The count says how many there are when the list is longer than the box.
            format!(
                " End of the meeting of {}: who attended? {} of {} ticked ",
                self.day,
                self.ticked.iter().filter(|t| **t).count(),
                self.people.len()
            ),
        );
        let [list, add, said, hint] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(2),
        ])
        .areas(inner);
        let width = list.width as usize;
        let height = (list.height as usize).max(1);
        let start = self
            .selected
            .min(self.people.len().saturating_sub(1))
            .saturating_sub(height - 1);
        let mut lines = Vec::new();
        for (k, name) in self.people.iter().enumerate().skip(start).take(height) {
            let mark = if self.ticked[k] { "[x]" } else { "[ ]" };
            // Before the name, which a narrow screen cuts.
            let new = if k >= self.known { "(new) " } else { "" };
            let text = format!("{mark} {new}{}", one_line(name));
            lines.push(numbered_row(theme, k, self.selected, &text, width));
        }
        if self.people.is_empty() {
            lines.push(Line::styled(
                "(the session lists nobody: add who attended on the next line)",
                theme.muted(),
            ));
        }
        frame.render_widget(Paragraph::new(lines), list);
        let label = "add a name: ";
        let [label_area, input_area] =
            Layout::horizontal([Constraint::Length(label.len() as u16), Constraint::Min(1)])
                .areas(add);
        let label_style = if self.on_add_line() {
            theme.selected()
        } else {
            theme.label()
        };
        frame.render_widget(Paragraph::new(Line::styled(label, label_style)), label_area);
        if self.on_add_line() {
            draw_input(frame, theme, &self.input, input_area);
        } else {
            let typed = input_text(&self.input);
            frame.render_widget(
                Paragraph::new(Line::raw(fit(&one_line(&typed), input_area.width as usize))),
                input_area,
            );
        }
        let said_line = match (&self.error, &self.note) {
            (Some(e), _) => Line::styled(fit(e, said.width as usize), theme.error()),
            (None, Some(n)) => Line::styled(fit(n, said.width as usize), theme.muted()),
            (None, None) => Line::raw(""),
        };
        frame.render_widget(Paragraph::new(said_line), said);
        let toggle = cx.keymap.hint(Mode::Dialog, Command::Toggle);
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(
                    format!(
                        "{toggle} ticks or unticks · {} {} move · {} keeps the ticked",
                        key(Command::PreviousField),
                        key(Command::NextField),
                        key(Command::Confirm)
                    ),
                    theme.muted(),
                ),
                Line::styled(
                    format!(
                        "{} keeps what is recorded · then save and quit",
                        key(Command::Cancel)
                    ),
                    theme.muted(),
                ),
            ])
            .wrap(Wrap { trim: true }),
            hint,
        );
    }

    fn input_mode(&self) -> InputMode {
        if self.on_add_line() {
            InputMode::Text
        } else {
            InputMode::Strict
        }
    }
}
