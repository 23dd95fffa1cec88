//! dondoc-store: the memory of dondoc — directives, tasks and everything that
//! happens to them, in SQLite (one embedded file, the default) or PostgreSQL.
//!
//! The only crate that knows SQL. One code base serves both databases through
//! sqlx's `Any` driver; the two schemas differ only where the databases do
//! (`migrations/sqlite`, `migrations/postgres`). Every change is one
//! transaction; status is derived in queries from stored facts, never stored.

mod accounts;
mod audit;
mod backup;
mod bulk;
mod error;
mod followup;
mod ingest;
mod lifecycle;
mod migrate;
mod query;
mod registry;
mod review;
mod status_sql;

/// Task statuses: the domain's rules.
pub use dondoc_domain::status;

pub use accounts::{NewUser, User, role_code};
pub use backup::restore;
pub use bulk::BulkTask;
pub use error::StoreError;
pub use followup::{
    DueTask, EscalationRow, Explanation, FeedTarget, NewReminder, OutboxMessage, OutboxRow,
    RecurringTask, ReminderNote,
};
pub use ingest::{IngestOutcome, IngestRequest};
pub use lifecycle::{Appraisal, CompletionClaim, Decision, ExtensionRequest, NewUpdate};
pub use query::{
    AgencyRow, AuditRow, MAX_LIST, Sort, Summary, SummaryRow, TaskDetail, TaskFilter, TaskRow,
};
pub use registry::RegistryRow;
pub use review::{DirectiveDetail, DirectiveRow, LinkProposal, ReviewTask, TaskEdit};

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The store: a connection pool and the backend it talks to.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens (creating if needed) the database at `url`: a `postgres://` URL,
    /// or an SQLite file path (`dondoc.sqlite`, `sqlite://dondoc.sqlite`).
    /// Runs pending migrations.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_owned())
        } else {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            (Backend::Sqlite, format!("sqlite://{path}?mode=rwc"))
        };
        let options =
            AnyPoolOptions::new().max_connections(if backend == Backend::Sqlite { 8 } else { 16 });
        let options = if backend == Backend::Sqlite {
            options.after_connect(|conn, _| {
                Box::pin(async move {
                    // WAL lets readers work while one writer commits; the busy
                    // timeout makes a second writer wait instead of failing.
                    sqlx::raw_sql("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;")
                        .execute(conn)
                        .await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        let pool = options.connect(&url).await?;
        let store = Store { pool, backend };
        migrate::run(&store).await?;
        store.ensure_groups().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The current time as stored (RFC 3339, UTC).
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
