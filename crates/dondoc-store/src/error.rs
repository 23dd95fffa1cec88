//! Store errors: what went wrong, named for the caller. A driver error is
//! sorted once, here, into what the caller can act on: a conflict with the
//! stored state (409), a database that is busy or cannot write for now (503:
//! nothing was stored, try again), or a fault.

use sqlx::error::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: i64 },
    /// The change contradicts the stored state (a second verdict, a name
    /// taken); the message is for the user, in Vietnamese.
    #[error("{0}")]
    Conflict(String),
    #[error("invalid {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// The database is locked by another writer for longer than the wait.
    #[error("database busy: {0}")]
    Busy(String),
    /// The database cannot store anything now: disk full, I/O error,
    /// read-only file, connection lost. Nothing of the change was stored.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database: {0}")]
    Database(sqlx::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) => {
                if db.kind() == ErrorKind::UniqueViolation {
                    return StoreError::Conflict(
                        "Dữ liệu này đã có (trùng với một bản ghi đã lưu).".into(),
                    );
                }
                let code = db.code().unwrap_or_default();
                let class = if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                    code.parse().ok().and_then(classify_sqlite)
                } else {
                    classify_postgres(&code)
                };
                match class {
                    Some(Class::Busy) => StoreError::Busy(e.to_string()),
                    Some(Class::Unavailable) => StoreError::Unavailable(e.to_string()),
                    None => StoreError::Database(e),
                }
            }
            sqlx::Error::PoolTimedOut => StoreError::Busy(e.to_string()),
            sqlx::Error::Io(_)
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Tls(_) => StoreError::Unavailable(e.to_string()),
            _ => StoreError::Database(e),
        }
    }
}

enum Class {
    Busy,
    Unavailable,
}

/// SQLite result codes (the primary code is the low byte of an extended
/// one) that mean "not now" rather than "never".
fn classify_sqlite(code: i64) -> Option<Class> {
    match code & 0xff {
        5 | 6 => Some(Class::Busy),                   // BUSY, LOCKED
        8 | 10 | 13 | 14 => Some(Class::Unavailable), // READONLY, IOERR, FULL, CANTOPEN
        _ => None,
    }
}

/// PostgreSQL SQLSTATEs that mean "not now" rather than "never".
fn classify_postgres(code: &str) -> Option<Class> {
    match code {
        // serialization failure, deadlock, lock not available
        "40001" | "40P01" | "55P03" => Some(Class::Busy),
        // insufficient resources (disk full, out of memory, too many
        // connections), connection exceptions, operator intervention
        c if c.starts_with("53") || c.starts_with("08") || c.starts_with("57P") => {
            Some(Class::Unavailable)
        }
        _ => None,
    }
}

impl StoreError {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        StoreError::Invalid {
            field,
            message: message.into(),
        }
    }

    /// Nothing was stored and trying again later may work.
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::Busy(_) | StoreError::Unavailable(_))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn driver_codes_are_sorted() {
        use super::{Class, classify_postgres, classify_sqlite};
        for busy in [5, 517, 6, 261] {
            assert!(matches!(classify_sqlite(busy), Some(Class::Busy)), "{busy}");
        }
        for down in [13, 10, 778, 3338, 8, 14] {
            assert!(
                matches!(classify_sqlite(down), Some(Class::Unavailable)),
                "{down}"
            );
        }
        for other in [19, 2067, 1, 20] {
            assert!(classify_sqlite(other).is_none(), "{other}");
        }
        for busy in ["40001", "40P01", "55P03"] {
            assert!(
                matches!(classify_postgres(busy), Some(Class::Busy)),
                "{busy}"
            );
        }
        for down in ["53100", "53300", "08006", "57P01"] {
            assert!(
                matches!(classify_postgres(down), Some(Class::Unavailable)),
                "{down}"
            );
        }
        for other in ["23505", "42P01", "22001"] {
            assert!(classify_postgres(other).is_none(), "{other}");
        }
    }
}
