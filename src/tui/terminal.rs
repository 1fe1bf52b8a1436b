//! The real terminal: raw mode and the alternate screen on entry, restored on every exit —
//! normal return, error, or panic (a panic hook restores before the message is printed).

use std::io;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use ratatui::DefaultTerminal;

/// Enters the TUI: raw mode, alternate screen, and panic hooks that undo both (and the mouse
/// capture) before the panic message is printed.
pub fn init() -> io::Result<DefaultTerminal> {
    // ratatui's init installs a hook that restores raw mode and the alternate screen.
    let terminal = ratatui::try_init()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    Ok(terminal)
}

/// Turns mouse capture on or off.
pub fn set_mouse(on: bool) -> io::Result<()> {
    if on {
        execute!(io::stdout(), EnableMouseCapture)
    } else {
        execute!(io::stdout(), DisableMouseCapture)
    }
}

/// Restores the terminal when dropped (on return and on unwinding).
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}
