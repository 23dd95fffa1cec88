//! Schema migrations, embedded in the binary so that `dondoc` runs anywhere
//! without a migrations folder. Applied in order, each in one transaction,
//! recorded in `schema_migrations`; an applied migration is never edited.

use crate::{Backend, Store, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "tracking",
        sqlite: include_str!("../migrations/sqlite/0001_tracking.sql"),
        postgres: include_str!("../migrations/postgres/0001_tracking.sql"),
    },
    Migration {
        version: 2,
        name: "indexes",
        sqlite: include_str!("../migrations/sqlite/0002_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0002_indexes.sql"),
    },
    Migration {
        version: 3,
        name: "search_vector",
        sqlite: include_str!("../migrations/sqlite/0003_search_vector.sql"),
        postgres: include_str!("../migrations/postgres/0003_search_vector.sql"),
    },
    Migration {
        version: 4,
        name: "accounts",
        sqlite: include_str!("../migrations/sqlite/0004_accounts.sql"),
        postgres: include_str!("../migrations/postgres/0004_accounts.sql"),
    },
    Migration {
        version: 5,
        name: "followup",
        sqlite: include_str!("../migrations/sqlite/0005_followup.sql"),
        postgres: include_str!("../migrations/postgres/0005_followup.sql"),
    },
    Migration {
        version: 6,
        name: "agency_groups",
        sqlite: include_str!("../migrations/sqlite/0006_agency_groups.sql"),
        postgres: include_str!("../migrations/postgres/0006_agency_groups.sql"),
    },
    Migration {
        version: 7,
        name: "integrity",
        sqlite: include_str!("../migrations/sqlite/0007_integrity.sql"),
        postgres: include_str!("../migrations/postgres/0007_integrity.sql"),
    },
    Migration {
        version: 8,
        name: "codes",
        sqlite: include_str!("../migrations/sqlite/0008_codes.sql"),
        postgres: include_str!("../migrations/postgres/0008_codes.sql"),
    },
    Migration {
        version: 9,
        name: "reports",
        sqlite: include_str!("../migrations/sqlite/0009_reports.sql"),
        postgres: include_str!("../migrations/postgres/0009_reports.sql"),
    },
    Migration {
        version: 10,
        name: "money",
        sqlite: include_str!("../migrations/sqlite/0010_money.sql"),
        postgres: include_str!("../migrations/postgres/0010_money.sql"),
    },
    Migration {
        version: 11,
        name: "pending_work",
        sqlite: include_str!("../migrations/sqlite/0011_pending_work.sql"),
        postgres: include_str!("../migrations/postgres/0011_pending_work.sql"),
    },
    Migration {
        version: 12,
        name: "indicator_reviews",
        sqlite: include_str!("../migrations/sqlite/0012_indicator_reviews.sql"),
        postgres: include_str!("../migrations/postgres/0012_indicator_reviews.sql"),
    },
];

/// Any PostgreSQL advisory-lock key, the same in every dondoc process.
const MIGRATION_LOCK: i64 = 0x646f_6e64_6f63;

/// Applies pending migrations. Several processes may start at once (the
/// server, a cron job, tests): on PostgreSQL they queue on an advisory lock;
/// on SQLite each migration's transaction takes the write lock before it
/// reads what was applied.
pub async fn run(store: &Store) -> Result<(), StoreError> {
    let mut conn = store.writer().acquire().await?;
    if store.backend() == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    let result = apply(store, &mut conn).await;
    if store.backend() == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    result
}

async fn apply(store: &Store, conn: &mut sqlx::AnyConnection) -> Result<(), StoreError> {
    use sqlx::Connection;
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    for m in MIGRATIONS {
        let mut tx = match store.backend() {
            Backend::Sqlite => conn.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => conn.begin().await?,
        };
        let done: Option<i64> =
            sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(m.version)
                .fetch_optional(&mut *tx)
                .await?;
        if done.is_some() {
            continue;
        }
        let sql = match store.backend() {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    }
    Ok(())
}
