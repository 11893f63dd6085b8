//! The one place that touches terminal modes: enter (raw mode, alternate screen, bracketed
//! paste, mouse capture when asked for) and an idempotent restore that undoes exactly what was
//! enabled, also from the panic hook.

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

static ENTERED: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Switches the terminal into the workshop's modes. Fails cleanly without a terminal.
pub fn enter(mouse: bool) -> io::Result<Term> {
    enable_raw_mode()?;
    ENTERED.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste) {
        restore();
        return Err(e);
    }
    if mouse {
        MOUSE.store(true, Ordering::SeqCst);
        if let Err(e) = execute!(stdout, EnableMouseCapture) {
            restore();
            return Err(e);
        }
    }
    install_panic_hook();
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout))?;
    clear_all(&mut terminal)?;
    Ok(terminal)
}

/// Clears the whole screen at its current size and makes the next frame draw every cell.
/// Not `Terminal::clear`, which asks the terminal where its cursor is first: a terminal slow to
/// answer (or one that never does) would make that fail after two seconds and end the
/// workshop, and a full-screen program has no cursor position to keep.
pub fn clear_all(terminal: &mut Term) -> io::Result<()> {
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    if ENTERED.swap(false, Ordering::SeqCst) {
        if MOUSE.swap(false, Ordering::SeqCst) {
            let _ = execute!(io::stdout(), DisableMouseCapture);
        }
        let _ = execute!(
            io::stdout(),
            DisableBracketedPaste,
            LeaveAlternateScreen,
            ratatui::crossterm::cursor::Show
        );
        let _ = disable_raw_mode();
    }
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Restore first so the message is readable; never exit here, so unwinding still runs.
        restore();
        previous(info);
    }));
}
