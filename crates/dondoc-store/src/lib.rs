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
mod bulk_money;
mod curate;
mod error;
mod explain;
mod followup;
mod indicators;
mod ingest;
mod lifecycle;
mod migrate;
mod money;
mod pending;
mod query;
mod registry;
mod reports;
mod review;
mod scores;
mod status_sql;
mod write;

/// Task statuses: the domain's rules.
pub use dondoc_domain::status;

pub use accounts::{NewUser, TokenRow, User, role_code};
pub use backup::restore;
pub use bulk::{BulkReport, BulkRound, BulkTask};
pub use bulk_money::{BulkIndicator, BulkProject};
pub use curate::NewTask;
pub use dondoc_domain::model::{Appraisal, ChangeState, Decision, Verdict};
pub use error::StoreError;
pub use followup::{
    DueTask, EscalationRow, Explanation, FeedTarget, MoneyItem, NewReminder, OutboxMessage,
    OutboxRow, RecurringTask, ReminderNote,
};
pub use indicators::{
    IndicatorExplanation, IndicatorFilter, IndicatorTableRow, NewIndicator, NewValue,
    StoredIndicator, StoredValue, ValueOutcome, table_rows as indicator_table_rows,
};
pub use ingest::{IngestOutcome, IngestRequest};
pub use lifecycle::{CompletionClaim, ExtensionRequest, NewUpdate};
pub use money::{
    BudgetYear, DEFAULT_REQUIRED_BP, DisbursementBatch, ImportOutcome, ImportRecord, LinkedTask,
    ProjectFilter, ProjectInput, ProjectRef, StoredProject,
};
pub use pending::{WaitKind, Waiting};
pub use query::{
    AgencyRow, AuditRow, ChangeEntry, ClaimEntry, MAX_LIST, Sort, Summary, SummaryRow, TaskDetail,
    TaskFilter, TaskRow, UpdateEntry,
};
pub use registry::RegistryRow;
pub use reports::{
    AgencyReport, FiledReport, FormTask, InboxRow, ItemInput, ItemRow, NewRound, ReportDetail,
    ReportDue, ReportEvent, RoundRow, RoundSummary, SaveReport,
};
pub use review::{DirectiveDetail, DirectiveRow, LinkProposal, ReviewTask, TaskEdit};
pub use scores::{CriteriaRow, ScoreRun, period_code};

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The store: connection pools and the backend it talks to.
#[derive(Debug, Clone)]
pub struct Store {
    /// Reads (on SQLite: read-only connections).
    pool: AnyPool,
    /// Write transactions (on SQLite: one connection; see `write.rs`).
    writer: AnyPool,
    backend: Backend,
    /// The connection URL, for work that needs a connection of its own.
    url: std::sync::Arc<str>,
}

/// How long a writer waits for another process's write lock on SQLite, and
/// for its turn at the writer connection, before it gives up (503, nothing
/// stored). Longer than any write of the app; shorter than a request's limit.
pub const WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The SQLite settings of every connection. WAL lets readers work while one
/// writer commits; the busy timeout makes a writer of another process wait
/// for the lock instead of failing.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";

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
        let (pool, writer) = match backend {
            Backend::Postgres => {
                // One direct connection first: a wrong address or password
                // fails at once with its cause, where the pool would retry
                // until its acquire timeout.
                {
                    use sqlx::Connection;
                    sqlx::AnyConnection::connect(&url).await?.close().await?;
                }
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(WRITE_WAIT)
                    .connect(&url)
                    .await?;
                (pool.clone(), pool)
            }
            Backend::Sqlite => {
                // The writer connects first: it creates the file and turns WAL on.
                let writer = AnyPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(WRITE_WAIT)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            sqlx::raw_sql(SQLITE_PRAGMAS).execute(conn).await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?;
                // Readers cannot write: a write that bypassed the writer
                // would fight it for the lock.
                let pool = AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(WRITE_WAIT)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            sqlx::raw_sql(SQLITE_PRAGMAS).execute(&mut *conn).await?;
                            sqlx::raw_sql("PRAGMA query_only = ON")
                                .execute(conn)
                                .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?;
                (pool, writer)
            }
        };
        let store = Store {
            pool,
            writer,
            backend,
            url: url.as_str().into(),
        };
        migrate::run(&store).await?;
        store.ensure_groups().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool for reads.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A connection of its own, outside the pools (long reads such as a
    /// backup, which must hold neither the writer nor a reader for long).
    pub(crate) async fn own_connection(&self) -> Result<sqlx::AnyConnection, StoreError> {
        use sqlx::Connection;
        let mut conn = sqlx::AnyConnection::connect(&self.url).await?;
        if self.backend == Backend::Sqlite {
            sqlx::raw_sql(SQLITE_PRAGMAS).execute(&mut conn).await?;
        }
        Ok(conn)
    }

    /// The pool for writes (single statements outside a transaction too).
    pub(crate) fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// Closes the pools, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }
}

/// A database URL fit for logs and messages: the password replaced.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_owned(),
    }
}

/// The current time as stored (RFC 3339, UTC).
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_cut_from_urls() {
        assert_eq!(
            super::redact_url("postgres://app:s3cret@db.local:5432/dondoc"),
            "postgres://app:***@db.local:5432/dondoc"
        );
        assert_eq!(super::redact_url("dondoc.sqlite"), "dondoc.sqlite");
    }
}
