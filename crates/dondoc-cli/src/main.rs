//! The `dondoc` command-line tool: thin glue over the workspace's libraries.

mod commands;
mod input;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "dondoc",
    version,
    about = "Theo dõi, đôn đốc nhiệm vụ từ văn bản chỉ đạo (follow up tasks from directives)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the tasks of one directive (.txt, .md, .docx, .pdf).
    Extract(commands::extract::Args),
    /// Measure extraction speed on the sample directives.
    Bench(commands::bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Bench(args) => commands::bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
