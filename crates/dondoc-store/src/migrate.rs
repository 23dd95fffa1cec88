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
];

pub async fn run(store: &Store) -> Result<(), StoreError> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .execute(store.pool())
    .await?;
    for m in MIGRATIONS {
        let mut tx = store.pool().begin().await?;
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
