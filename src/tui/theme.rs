//! Every style the screen uses, from one value. With `NO_COLOR` set the theme keeps only
//! bold and reverse video, and glyphs carry every state on their own.

use ratatui::style::{Color, Modifier, Style};

use super::model::GlyphKind;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Honours `NO_COLOR` (any non-empty value).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::default().fg(color)
        } else {
            Style::default()
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn heading(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn label(&self) -> Style {
        self.fg(Color::Gray).add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }

    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn highlight(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn glyph(&self, kind: GlyphKind) -> Style {
        match kind {
            GlyphKind::Unassessed => self.muted(),
            GlyphKind::Implemented => self.fg(Color::Green),
            GlyphKind::Gap => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            GlyphKind::NotApplicable => self.muted(),
            GlyphKind::Unknown => self.fg(Color::Yellow),
        }
    }

    pub fn border(&self) -> Style {
        self.fg(Color::Blue)
    }
}
