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
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

/// Replaces the database file `db` with the backup `from`, after checking
/// that the backup opens as a dondoc database. Run it with the server stopped.
pub async fn restore(from: &Path, db: &Path) -> Result<(), StoreError> {
    let probe = Store::open(&from.display().to_string()).await?;
    let tasks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tasks")
        .fetch_one(probe.pool())
        .await?;
    probe.close().await;
    let _ = tasks;
    let tmp = db.with_extension("restoring");
    std::fs::copy(from, &tmp)?;
    for ext in ["sqlite-wal", "sqlite-shm"] {
        let side = db.with_extension(ext);
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    let wal = format!("{}-wal", db.display());
    let shm = format!("{}-shm", db.display());
    for side in [wal, shm] {
        if Path::new(&side).exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(tmp, db)?;
    Ok(())
}
