//! The `gapwalk` binary: parses arguments, runs headless commands, or opens the workshop screen.

use std::process::ExitCode;

use gapwalk::cli::{Command, parse, run};

fn main() -> ExitCode {
    let cli = parse();
    if let Some(command) = &cli.command
        && let Some(code) = run(command)
    {
        return code;
    }
    let (file, mouse, read_only) = match &cli.command {
        Some(Command::Open(args)) => (
            Some(args.file.clone()),
            args.mouse || cli.mouse,
            args.read_only,
        ),
        _ => (None, cli.mouse, false),
    };
    open_tui(file, mouse, read_only)
}

#[cfg(feature = "tui")]
fn open_tui(file: Option<std::path::PathBuf>, mouse: bool, read_only: bool) -> ExitCode {
    gapwalk::tui::main(file, mouse, read_only)
}

#[cfg(not(feature = "tui"))]
fn open_tui(_file: Option<std::path::PathBuf>, _mouse: bool, _read_only: bool) -> ExitCode {
    eprintln!(
        "gapwalk: this build has no workshop screen (built without the `tui` feature); use the headless commands, see --help"
    );
    ExitCode::from(gapwalk::cli::EXIT_INVALID)
}
