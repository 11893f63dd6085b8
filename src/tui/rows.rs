//! The control list as the workshop sees it: which rows a filter shows, which control is
//! selected, how the cursor moves over them. `List` owns that state; it reads the model and
//! writes only where the workshop resumes (`resume_at`, saved with the next write). The app
//! holds one and changes it from `update`; a click or the wheel reaches it through the app,
//! which knows the screen's layout.

use std::time::Duration;

use super::model::Model;
use crate::session::{Assessment, Holder};

/// A line of the control list: a clause heading or a control (by catalogue index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Clause(usize),
    Control(usize),
}

/// Which controls the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Gaps,
    Unassessed,
    Flagged,
    Incomplete,
    /// Controls a merge left with conflicting values.
    Conflicts,
    Owner(String),
    Theme(String),
    Holder(Holder),
}

impl Filter {
    pub fn label(&self) -> String {
        match self {
            Filter::All => "all controls".into(),
            Filter::Gaps => "gaps".into(),
            Filter::Unassessed => "unassessed".into(),
            Filter::Flagged => "flagged".into(),
            Filter::Incomplete => "with findings".into(),
            Filter::Conflicts => "merge conflicts".into(),
            Filter::Owner(o) => format!("owner: {o}"),
            Filter::Theme(t) => format!("theme: {t}"),
            Filter::Holder(h) => format!("held by: {}", h.label()),
        }
    }
}

/// The control list: its rows under the filter, the selected row, and what goes with the
/// selection (the detail pane's scroll, when the control was selected).
#[derive(Debug, Clone, Default)]
pub struct List {
    rows: Vec<Row>,
    /// Index into `rows` of the selected control.
    cursor: usize,
    filter: Filter,
    /// Lines the detail pane is scrolled down; back to the top when the selection changes.
    detail_scroll: u16,
    /// When the selected control was selected (the model's clock), for the status bar.
    control_since: Duration,
}

impl List {
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn detail_scroll(&self) -> u16 {
        self.detail_scroll
    }

    pub fn control_since(&self) -> Duration {
        self.control_since
    }

    /// The catalogue index of the selected control.
    pub fn selected(&self) -> Option<usize> {
        match self.rows.get(self.cursor) {
            Some(Row::Control(i)) => Some(*i),
            _ => None,
        }
    }

    /// The controls the list shows, in its order.
    pub fn controls(&self) -> Vec<usize> {
        self.rows
            .iter()
            .filter_map(|r| match r {
                Row::Control(i) => Some(*i),
                Row::Clause(_) => None,
            })
            .collect()
    }

    pub fn matches_filter(&self, model: &Model, index: usize) -> bool {
        if self.filter == Filter::All {
            return true;
        }
        let id = &model.catalogue.controls[index].id;
        self.filter_keeps(model, index, model.session.assessment(id, &model.catalogue))
    }

    /// Whether the filter shows control `index`, whose record (if any) is `a`.
    fn filter_keeps(&self, model: &Model, index: usize, a: Option<&Assessment>) -> bool {
        match &self.filter {
            Filter::All => true,
            Filter::Gaps => a.is_some_and(|a| a.is_gap()),
            Filter::Unassessed => !a.is_some_and(|a| a.is_assessed()),
            Filter::Flagged => a.is_some_and(|a| a.flagged),
            Filter::Incomplete => {
                a.is_some_and(|a| a.is_assessed()) && !model.findings_for(index).is_empty()
            }
            Filter::Conflicts => a.is_some_and(|a| !a.conflicts.is_empty()),
            Filter::Owner(name) => a.is_some_and(|a| {
                a.responsibilities
                    .iter()
                    .any(|r| &r.customer_owner == name || &r.provider_owner == name)
                    || a.remediation.as_ref().is_some_and(|r| &r.owner == name)
            }),
            Filter::Theme(t) => model.catalogue.controls[index].themes.contains(t),
            Filter::Holder(h) => {
                a.is_some_and(|a| a.responsibilities.iter().any(|r| r.holder == *h))
            }
        }
    }

    /// Shows what `filter` keeps.
    pub fn set_filter(&mut self, model: &mut Model, filter: Filter) {
        self.filter = filter;
        self.rebuild(model);
    }

    /// Selects control `index`, first leaving a filter that hides it.
    pub fn reveal(&mut self, model: &mut Model, index: usize) {
        if !self.matches_filter(model, index) {
            self.set_filter(model, Filter::All);
        }
        self.select(model, index);
    }

    /// Recomputes the visible rows after a change of filter or data, keeping the selection.
    pub fn rebuild(&mut self, model: &mut Model) {
        let selected = self.selected();
        let mut rows = Vec::new();
        let mut clause: Option<&str> = None;
        // Every edit rebuilds the rows, so this runs on the keystroke path: a search for each
        // control's record costs milliseconds at 10,000 controls (benches/frame.rs), so the
        // records are walked instead.
        for (i, (control, record)) in model.session.by_control(&model.catalogue).enumerate() {
            if self.filter != Filter::All && !self.filter_keeps(model, i, record) {
                continue;
            }
            if clause != Some(control.clause.as_str()) {
                clause = Some(control.clause.as_str());
                let ci = model
                    .catalogue
                    .clauses
                    .iter()
                    .position(|c| c.id == control.clause)
                    .unwrap_or(0);
                rows.push(Row::Clause(ci));
            }
            rows.push(Row::Control(i));
        }
        self.rows = rows;
        match selected {
            Some(i) => self.select(model, i),
            None => self.cursor = self.first_control_row_from(0, true).unwrap_or(0),
        }
    }

    fn first_control_row_from(&self, start: usize, forward: bool) -> Option<usize> {
        if forward {
            (start..self.rows.len()).find(|&r| matches!(self.rows[r], Row::Control(_)))
        } else if self.rows.is_empty() {
            // A filter that matches nothing leaves no rows at all.
            None
        } else {
            // An edit can empty a filtered list (the last conflict settled, the last flag off).
            let last = self.rows.len().checked_sub(1)?;
            (0..=start.min(last))
                .rev()
                .find(|&r| matches!(self.rows[r], Row::Control(_)))
        }
    }

    /// Selects a control; when the filter hides it, the nearest visible one after it.
    pub fn select(&mut self, model: &mut Model, index: usize) {
        let before = self.selected();
        let row = self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Control(i) if *i >= index))
            .or_else(|| self.first_control_row_from(self.rows.len().saturating_sub(1), false));
        if let Some(row) = row {
            self.cursor = row;
        }
        if self.selected() != before {
            self.control_since = model.clock;
            self.detail_scroll = 0;
            if let Some(i) = self.selected() {
                // Where to resume; saved with the next write, not a change of its own.
                model.session.resume_at = Some(model.catalogue.controls[i].id.clone());
            }
        }
    }

    /// Moves the selection `delta` controls down (up when negative), stopping at either end.
    pub fn move_cursor(&mut self, model: &mut Model, delta: isize) {
        let mut row = self.cursor as isize;
        let step = delta.signum();
        let mut remaining = delta.abs();
        let mut target = self.cursor;
        while remaining > 0 {
            row += step;
            if row < 0 || row as usize >= self.rows.len() {
                break;
            }
            if matches!(self.rows[row as usize], Row::Control(_)) {
                target = row as usize;
                remaining -= 1;
            }
        }
        if let Row::Control(i) = self.rows.get(target).copied().unwrap_or(Row::Clause(0)) {
            self.select(model, i);
        }
    }

    /// A click on list line `row` selects it (a clause heading selects its first control).
    pub fn click(&mut self, model: &mut Model, row: usize) {
        let control = self.rows[row..].iter().find_map(|row| match row {
            Row::Control(i) => Some(*i),
            Row::Clause(_) => None,
        });
        if let Some(i) = control {
            model.message = None;
            self.select(model, i);
        }
    }

    /// Scrolls the detail pane `by` lines down, no further than `max`.
    pub fn scroll_detail_down(&mut self, by: u16, max: u16) {
        self.detail_scroll = self.detail_scroll.saturating_add(by).min(max);
    }

    /// Scrolls the detail pane `by` lines up.
    pub fn scroll_detail_up(&mut self, by: u16) {
        self.detail_scroll = self.detail_scroll.saturating_sub(by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::default_catalogue;
    use crate::session::{Applicability, Session, Status, Timestamp};
    use crate::tui::action::{Action, Command};
    use crate::tui::app::App;
    use crate::tui::keymap::Keymap;

    /// Records at both ends of the catalogue, side by side and alone, in every state.
    fn app() -> App {
        let catalogue = default_catalogue();
        let mut session = Session::new("Rows", &catalogue, Timestamp::from_unix(0).unwrap());
        session.meta.providers = vec![crate::session::Provider {
            name: "AWS".into(),
            services: vec![],
        }];
        let last = catalogue.controls.len() - 1;
        for (k, i) in [0, 1, 5, 60, 61, last - 1, last].into_iter().enumerate() {
            let mut a = Assessment::new(&catalogue.controls[i].id);
            a.applicability = [Applicability::Applicable, Applicability::NotApplicable][k % 2];
            a.status = [Status::Partial, Status::Implemented, Status::Planned][k % 3];
            a.flagged = k % 3 == 1;
            a.responsibility_mut("AWS").holder = Holder::Shared;
            a.responsibility_mut("AWS").customer_owner = ["Ana", "Bruno"][k % 2].into();
            session.assessments.push(a);
        }
        session.sort(&catalogue);
        App::new(
            session,
            catalogue,
            "rows.ron".into(),
            Keymap::default(),
            "Ana".into(),
            Timestamp::from_unix(0).unwrap(),
        )
    }

    /// The controls the list shows, with each clause heading once before its first control.
    fn expected(app: &App) -> Vec<Row> {
        let mut rows = Vec::new();
        for (i, control) in app.model.catalogue.controls.iter().enumerate() {
            if !app.list.matches_filter(&app.model, i) {
                continue;
            }
            let ci = app
                .model
                .catalogue
                .clauses
                .iter()
                .position(|c| c.id == control.clause)
                .unwrap();
            if rows.last().is_none_or(|r| match r {
                Row::Control(j) => app.model.catalogue.controls[*j].clause != control.clause,
                Row::Clause(_) => true,
            }) {
                rows.push(Row::Clause(ci));
            }
            rows.push(Row::Control(i));
        }
        rows
    }

    #[test]
    fn every_filter_lists_exactly_the_controls_it_matches() {
        let mut app = app();
        for filter in [
            Filter::All,
            Filter::Gaps,
            Filter::Unassessed,
            Filter::Flagged,
            Filter::Incomplete,
            Filter::Conflicts,
            Filter::Owner("Bruno".into()),
            Filter::Holder(Holder::Shared),
        ] {
            app.set_filter(filter.clone());
            assert_eq!(app.rows(), expected(&app), "filter {}", filter.label());
            assert!(
                app.rows().iter().any(|r| matches!(r, Row::Control(_)))
                    || filter == Filter::Conflicts,
                "filter {} shows nothing",
                filter.label()
            );
        }
    }

    #[test]
    fn a_control_parked_under_the_flagged_filter_joins_the_list() {
        let mut app = app();
        app.set_filter(Filter::Flagged);
        let before = app.rows().len();
        app.set_filter(Filter::All);
        app.select_control(3);
        app.update(Action::Command(Command::ToggleFlag));
        app.update(Action::Paste("owner unknown".into()));
        app.update(Action::Command(Command::Confirm));
        app.set_filter(Filter::Flagged);
        assert!(app.rows().contains(&Row::Control(3)));
        assert!(app.rows().len() > before);
    }
}
