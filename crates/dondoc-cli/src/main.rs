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
    /// Start the web application (--demo: with the sample directives and demo accounts).
    Serve(commands::web::ServeArgs),
    /// Compute today's reminder digests (one per agency) and queue their delivery.
    Remind(commands::followup::RemindArgs),
    /// Deliver the queued reminders (SMTP, webhooks), retrying failures.
    Send(commands::followup::SendArgs),
    /// Users of the web application.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Extract the tasks of one directive (.txt, .md, .docx, .pdf).
    Extract(commands::extract::Args),
    /// Measure extraction speed on the sample directives.
    Bench(commands::bench::Args),
    /// Store directives and start tracking their tasks (drafts unless --confirm).
    Ingest(commands::tracking::IngestArgs),
    /// Confirm a draft directive after review.
    Confirm(commands::tracking::ConfirmArgs),
    /// List tasks (filters: agency, status, due range, directive, text).
    Tasks(commands::tracking::TasksArgs),
    /// Show, update, complete, appraise or extend one task.
    Task(commands::tracking::TaskArgs),
    /// List the agencies.
    Agencies(commands::tracking::DbOnly),
    /// The agency registry.
    Registry {
        #[command(subcommand)]
        command: RegistryCommand,
    },
    /// Write a consistent copy of the SQLite database.
    Backup(commands::tracking::FileArgs),
    /// Replace the SQLite database with a backup (server stopped).
    Restore(commands::tracking::FileArgs),
    /// Generate a national-scale data set (provinces, agencies, tasks, updates).
    DemoData(commands::scale::DemoArgs),
    /// Time the dashboard and inbox queries on the database (p50/p99).
    BenchStore(commands::scale::BenchStoreArgs),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user (the password from --password or DONDOC_PASSWORD).
    Add(commands::web::UserAddArgs),
    /// Create an API token for a user (printed once).
    Token(commands::web::TokenAddArgs),
    /// List the API tokens (never their secret).
    Tokens(commands::tracking::DbOnly),
    /// Revoke an API token by its number.
    RevokeToken(commands::web::TokenRevokeArgs),
}

#[derive(Subcommand)]
enum RegistryCommand {
    /// Import (add or update) agencies from a registry file.
    Import(commands::tracking::RegistryImportArgs),
}

/// Logs to stderr: level and targets from `DONDOC_LOG` (default "info",
/// e.g. "warn,dondoc_web=debug"), JSON lines with `DONDOC_LOG_FORMAT=json`.
fn init_logging() {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    // sqlx reports PostgreSQL's notices ("… already exists, skipping") at
    // info: quiet unless asked.
    let spec = std::env::var("DONDOC_LOG").unwrap_or_else(|_| "info,sqlx=warn".into());
    let targets: Targets = spec.parse().unwrap_or_else(|e| {
        eprintln!("DONDOC_LOG={spec:?} is not a log filter ({e}); using \"info\"");
        Targets::new().with_default(tracing::Level::INFO)
    });
    let json = std::env::var("DONDOC_LOG_FORMAT").is_ok_and(|f| f == "json");
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(ansi);
    let registry = tracing_subscriber::registry().with(targets);
    if json {
        registry.with(fmt.json()).init();
    } else {
        registry.with(fmt).init();
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    use commands::tracking as t;
    let result = match cli.command {
        Command::Serve(a) => commands::web::serve(a).await,
        Command::Remind(a) => commands::followup::remind(a).await,
        Command::Send(a) => commands::followup::send(a).await,
        Command::User {
            command: UserCommand::Add(a),
        } => commands::web::user_add(a).await,
        Command::User {
            command: UserCommand::Token(a),
        } => commands::web::token_add(a).await,
        Command::User {
            command: UserCommand::Tokens(a),
        } => commands::web::tokens(a).await,
        Command::User {
            command: UserCommand::RevokeToken(a),
        } => commands::web::token_revoke(a).await,
        Command::Extract(args) => commands::extract::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Ingest(a) => t::ingest(a).await,
        Command::Confirm(a) => t::confirm(a).await,
        Command::Tasks(a) => t::tasks(a).await,
        Command::Task(a) => t::task(a).await,
        Command::Agencies(a) => t::agencies(a).await,
        Command::Registry {
            command: RegistryCommand::Import(a),
        } => t::registry_import(a).await,
        Command::Backup(a) => t::backup(a).await,
        Command::Restore(a) => t::restore(a).await,
        Command::DemoData(a) => commands::scale::demo_data(a).await,
        Command::BenchStore(a) => commands::scale::bench_store(a).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
