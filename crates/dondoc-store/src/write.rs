//! Write transactions. Every change goes through [`Store::begin_write`]:
//!
//! - On SQLite there is one writer connection per process and each write
//!   transaction starts with `BEGIN IMMEDIATE`, so a writer takes the file's
//!   write lock before it reads anything. Writers of this process queue for
//!   the connection; writers of other processes (the CLI beside the server)
//!   wait on the lock for the busy timeout. A deferred transaction that reads
//!   and then writes could not wait: SQLite refuses it at once ("database is
//!   locked", code 5 or 517).
//! - On PostgreSQL a plain `BEGIN` (read committed); rules that must hold
//!   under races are guarded by locking the task row first
//!   ([`lock_task`]), conditional updates and unique indexes.
//!
//! A transaction that is not committed — an error, an early return, a
//! cancelled request — closes its connection instead of returning it to the
//! pool: the database rolls the transaction back, and no connection in an
//! unknown state (a failed COMMIT on a full disk, say) is ever reused. That is
//! how the server recovers by itself once the cause is gone.

use crate::{Backend, Store, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection};
use std::ops::{Deref, DerefMut};

/// An open write transaction; derefs to the connection for queries.
pub(crate) struct WriteTx {
    conn: PoolConnection<Any>,
    committed: bool,
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

impl WriteTx {
    /// Commits; only an `Ok` here means the change is stored.
    pub(crate) async fn commit(mut self) -> Result<(), StoreError> {
        sqlx::raw_sql("COMMIT").execute(&mut *self.conn).await?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if !self.committed {
            self.conn.close_on_drop();
        }
    }
}

impl Store {
    /// Starts a write transaction (see the module's notes).
    pub(crate) async fn begin_write(&self) -> Result<WriteTx, StoreError> {
        let mut conn = self.writer().acquire().await?;
        let begin = match self.backend() {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        if let Err(e) = sqlx::raw_sql(begin).execute(&mut *conn).await {
            conn.close_on_drop();
            return Err(e.into());
        }
        Ok(WriteTx {
            conn,
            committed: false,
        })
    }
}

/// Locks a task for the rest of the transaction and checks it exists: every
/// change of a task's state takes this first, so two changes of one task
/// run one after the other (on SQLite the write lock already does this).
pub(crate) async fn lock_task(
    conn: &mut AnyConnection,
    backend: Backend,
    id: i64,
) -> Result<(), StoreError> {
    let sql = match backend {
        Backend::Sqlite => "SELECT id FROM tasks WHERE id = $1",
        Backend::Postgres => "SELECT id FROM tasks WHERE id = $1 FOR UPDATE",
    };
    let found: Option<i64> = sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    found
        .map(|_| ())
        .ok_or(StoreError::NotFound { what: "task", id })
}
