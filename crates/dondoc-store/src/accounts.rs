//! Users, browser sessions and API tokens. The store keeps hashes only: the
//! caller hashes passwords (argon2id) and tokens (SHA-256) before they get here.

use crate::{Store, StoreError};
use dondoc_domain::access::Role;

/// A user as the application sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The officer's agency name (officers only).
    pub agency: Option<String>,
    pub email: Option<String>,
    pub active: bool,
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub email: Option<&'a str>,
}

/// An API token as the administration page lists it.
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: i64,
    pub username: String,
    pub label: String,
    pub created_at: String,
    pub revoked: bool,
}

/// Ends every token of a user: API tokens and the calendar feeds they made.
async fn revoke_all(tx: &mut sqlx::AnyConnection, user_id: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE feed_tokens SET revoked = 1 WHERE user_id = $1 OR created_by = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The role's stored code.
pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Secretariat => "secretariat",
        Role::Leader => "leader",
        Role::Officer { .. } => "officer",
    }
}

fn role_from(code: &str, agency: Option<i64>) -> Role {
    match (code, agency) {
        ("admin", _) => Role::Admin,
        ("secretariat", _) => Role::Secretariat,
        ("officer", Some(agency)) => Role::Officer { agency },
        // An officer without an agency cannot exist (CHECK); read anything
        // else as the role that can change nothing.
        _ => Role::Leader,
    }
}

type UserTuple = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    i64,
);

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.agency_id, a.name, u.email, u.active \
     FROM users u LEFT JOIN agencies a ON a.id = u.agency_id";

fn user_from(t: UserTuple) -> User {
    let (id, username, display_name, role, agency_id, agency, email, active) = t;
    User {
        id,
        username,
        display_name,
        role: role_from(&role, agency_id),
        agency,
        email,
        active: active != 0,
    }
}

fn check_username(name: &str) -> Result<(), StoreError> {
    let ok = (3..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::invalid(
            "username",
            format!("'{name}': 3–64 characters, letters a–z, digits and . _ - @ only"),
        ))
    }
}

impl Store {
    /// Creates a user; the username must be new.
    pub async fn create_user(&self, u: NewUser<'_>, by: &str) -> Result<i64, StoreError> {
        check_username(u.username)?;
        if u.display_name.trim().is_empty() {
            return Err(StoreError::invalid("display_name", "the name is empty"));
        }
        let agency = match u.role {
            Role::Officer { agency } => Some(agency),
            _ => None,
        };
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(u.username)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!(
                "Tên đăng nhập {} đã có người dùng.",
                u.username
            )));
        }
        if let Some(a) = agency {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM agencies WHERE id = $1")
                .bind(a)
                .fetch_optional(&mut *tx)
                .await?;
            found.ok_or(StoreError::NotFound {
                what: "agency",
                id: a,
            })?;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, password_hash, role, agency_id, email, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(u.username)
        .bind(u.display_name.trim())
        .bind(u.password_hash)
        .bind(role_code(u.role))
        .bind(agency)
        .bind(u.email)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            by,
            "user.create",
            "user",
            Some(id),
            &format!("{} ({})", u.username, u.role.label_vi()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A user and their password hash, by username (for login).
    pub async fn user_for_login(
        &self,
        username: &str,
    ) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, password_hash FROM users WHERE username = $1")
                .bind(username)
                .fetch_optional(self.pool())
                .await?;
        match row {
            Some((id, hash)) => Ok(Some((self.user(id).await?, hash))),
            None => Ok(None),
        }
    }

    pub async fn user(&self, id: i64) -> Result<User, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} WHERE u.id = $1");
        let row: Option<UserTuple> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(user_from)
            .ok_or(StoreError::NotFound { what: "user", id })
    }

    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} ORDER BY u.role, u.username");
        let rows: Vec<UserTuple> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(user_from).collect())
    }

    /// Replaces a user's password hash and ends their sessions.
    pub async fn set_password(&self, id: i64, hash: &str, by: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound { what: "user", id });
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        revoke_all(&mut tx, id).await?;
        crate::audit::record(&mut tx, by, "user.password", "user", Some(id), "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes a user's role (and agency) or disables them; a disabled
    /// user's sessions and tokens stop working at once.
    pub async fn update_user(
        &self,
        id: i64,
        role: Role,
        active: bool,
        by: &str,
    ) -> Result<(), StoreError> {
        let agency = match role {
            Role::Officer { agency } => Some(agency),
            _ => None,
        };
        let mut tx = self.begin_write().await?;
        let n =
            sqlx::query("UPDATE users SET role = $1, agency_id = $2, active = $3 WHERE id = $4")
                .bind(role_code(role))
                .bind(agency)
                .bind(i64::from(active))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound { what: "user", id });
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            revoke_all(&mut tx, id).await?;
        }
        crate::audit::record(
            &mut tx,
            by,
            "user.update",
            "user",
            Some(id),
            &format!(
                "vai trò {}{}; {}",
                role.label_vi(),
                agency
                    .map(|a| format!(" (cơ quan số {a})"))
                    .unwrap_or_default(),
                if active {
                    "đang hoạt động"
                } else {
                    "đã khóa"
                }
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a new session (token given as its SHA-256).
    pub async fn create_session(
        &self,
        token_sha256: &str,
        user: &User,
        csrf: &str,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        let user_id = user.id;
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(crate::now())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sessions (token_sha256, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_sha256)
            .bind(user_id)
            .bind(csrf)
            .bind(crate::now())
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        crate::audit::record(
            &mut tx,
            &user.username,
            "session.login",
            "user",
            Some(user_id),
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The active user of a live session, and the session's CSRF token.
    pub async fn session_user(
        &self,
        token_sha256: &str,
    ) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT s.user_id, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_sha256 = $1 AND s.expires_at > $2 AND u.active = 1",
        )
        .bind(token_sha256)
        .bind(crate::now())
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some((uid, csrf)) => Ok(Some((self.user(uid).await?, csrf))),
            None => Ok(None),
        }
    }

    pub async fn delete_session(&self, token_sha256: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
            .bind(token_sha256)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Records an API token (given as its SHA-256) acting as `user_id`.
    pub async fn create_api_token(
        &self,
        token_sha256: &str,
        user_id: i64,
        label: &str,
        by: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (token_sha256, user_id, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(token_sha256)
        .bind(user_id)
        .bind(label)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::record(&mut tx, by, "token.create", "user", Some(user_id), label).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The active user an API token acts as.
    pub async fn api_token_user(&self, token_sha256: &str) -> Result<Option<User>, StoreError> {
        let uid: Option<i64> = sqlx::query_scalar(
            "SELECT t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_sha256 = $1 AND t.revoked = 0 AND u.active = 1",
        )
        .bind(token_sha256)
        .fetch_optional(self.pool())
        .await?;
        match uid {
            Some(id) => Ok(Some(self.user(id).await?)),
            None => Ok(None),
        }
    }

    /// API tokens (all, or one user's), newest first; never the secret.
    pub async fn api_tokens(&self, user_id: Option<i64>) -> Result<Vec<TokenRow>, StoreError> {
        let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT t.id, u.username, t.label, t.created_at, t.revoked FROM api_tokens t \
             JOIN users u ON u.id = t.user_id WHERE (CAST($1 AS BIGINT) IS NULL OR t.user_id = $1) ORDER BY t.id DESC",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, username, label, created_at, revoked)| TokenRow {
                id,
                username,
                label,
                created_at,
                revoked: revoked != 0,
            })
            .collect())
    }

    /// Revokes an API token at once; `owner` limits it to one user's tokens.
    pub async fn revoke_api_token(
        &self,
        id: i64,
        owner: Option<i64>,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let user: Option<i64> = sqlx::query_scalar(
            "UPDATE api_tokens SET revoked = 1 WHERE id = $1 AND revoked = 0 AND (CAST($2 AS BIGINT) IS NULL OR user_id = $2) RETURNING user_id",
        )
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user) = user else {
            return Err(StoreError::Conflict(
                "Mã truy cập không tồn tại hoặc đã bị thu hồi.".into(),
            ));
        };
        crate::audit::record(
            &mut tx,
            by,
            "token.revoke",
            "user",
            Some(user),
            &format!("mã truy cập số {id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Recent audit entries, newest first (the administration page).
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<crate::AuditRow>, StoreError> {
        self.audit_search(None, &[], limit).await
    }

    /// Audit entries whose actor, action or detail contains `words`, or
    /// whose action is one of `actions` (the codes of the labels the words
    /// name), newest first.
    pub async fn audit_search(
        &self,
        words: Option<&str>,
        actions: &[&str],
        limit: i64,
    ) -> Result<Vec<crate::AuditRow>, StoreError> {
        let pattern = format!("%{}%", words.unwrap_or("").trim());
        // Codes are ours (never user text); bound one by one all the same.
        let mut sql = String::from(
            "SELECT at, actor, action, entity, entity_id, detail FROM audit_log \
             WHERE $1 = '%%' OR actor LIKE $1 OR action LIKE $1 OR detail LIKE $1",
        );
        for n in 0..actions.len() {
            sql.push_str(&format!(" OR action = ${}", n + 3));
        }
        sql.push_str(" ORDER BY id DESC LIMIT $2");
        let mut q = sqlx::query_as::<_, (String, String, String, String, Option<i64>, String)>(
            sqlx::AssertSqlSafe(sql),
        )
        .bind(pattern)
        .bind(limit.clamp(1, 1000));
        for a in actions {
            q = q.bind(*a);
        }
        let rows = q.fetch_all(self.pool()).await?;
        Ok(rows
            .into_iter()
            .map(
                |(at, actor, action, entity, entity_id, detail)| crate::AuditRow {
                    at,
                    actor,
                    action,
                    entity,
                    entity_id,
                    detail,
                },
            )
            .collect())
    }
}
