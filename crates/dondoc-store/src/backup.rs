//! Backup and restore of the SQLite file. (PostgreSQL has pg_dump.)

use crate::{Backend, Store, StoreError};
use std::path::Path;

impl Store {
    /// Writes a consistent copy of the database to `to` while it is in use
    /// (`VACUUM INTO` reads one snapshot, WAL included).
    pub async fn backup(&self, to: &Path) -> Result<(), StoreError> {
        if self.backend() != Backend::Sqlite {
            return Err(StoreError::invalid(
                "backend",
                "back up PostgreSQL with pg_dump",
            ));
        }
        if to.exists() {
            return Err(StoreError::Conflict(format!(
                "{} exists; choose a new file",
                to.display()
            )));
        }
        let path = to
            .to_str()
            .ok_or_else(|| StoreError::invalid("path", "not valid UTF-8"))?;
        let mut conn = self.own_connection().await?;
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&mut conn)
            .await?;
        Ok(())
    }
}

/// Replaces the database file `db` with the backup `from`, after checking
/// that the backup opens as a dondoc database. The backup itself is only
/// read: it is copied first, and the copy is checked (and brought to the
/// current schema) before it takes the database's place. Run it with the
/// server stopped.
pub async fn restore(from: &Path, db: &Path) -> Result<(), StoreError> {
    let tmp = db.with_extension("restoring");
    std::fs::copy(from, &tmp)?;
    let checked = async {
        let probe = Store::open(&tmp.display().to_string()).await?;
        let tasks: Result<i64, sqlx::Error> = sqlx::query_scalar("SELECT COUNT(*) FROM tasks")
            .fetch_one(probe.pool())
            .await;
        // Fold the copy's WAL into it: the file alone must be complete.
        let folded = sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(probe.writer())
            .await;
        probe.close().await;
        tasks?;
        folded?;
        Ok::<(), StoreError>(())
    }
    .await;
    if let Err(e) = checked {
        remove_sidecars(&tmp)?;
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    remove_sidecars(&tmp)?;
    remove_sidecars(db)?;
    std::fs::rename(tmp, db)?;
    Ok(())
}

/// Removes the `-wal` and `-shm` files beside a database file.
fn remove_sidecars(db: &Path) -> Result<(), StoreError> {
    for ext in ["-wal", "-shm"] {
        let side = format!("{}{ext}", db.display());
        if Path::new(&side).exists() {
            std::fs::remove_file(side)?;
        }
    }
    Ok(())
}
