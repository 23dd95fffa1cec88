//! What happens to a task after ingest: progress updates, deadline changes,
//! completion claims and their appraisal. Each is one transaction with its
//! audit entry. Who may do what is decided by the caller (web, CLI); the
//! store keeps the facts consistent.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use sqlx::{Any, Transaction};

pub struct NewUpdate<'a> {
    pub task_id: i64,
    pub agency_id: i64,
    pub on: NaiveDate,
    pub percent: i64,
    pub body: &'a str,
    /// Cited documents ("123/BC-SKHCN") as evidence.
    pub evidence: &'a [String],
    /// Evidence files: (name, bytes).
    pub files: &'a [(String, Vec<u8>)],
    pub by: &'a str,
}

pub struct ExtensionRequest<'a> {
    pub task_id: i64,
    pub requested_due: NaiveDate,
    pub reason: &'a str,
    pub by: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

pub struct CompletionClaim<'a> {
    pub task_id: i64,
    pub on: NaiveDate,
    pub note: &'a str,
    pub by: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appraisal {
    Accept,
    SendBack,
}

/// Largest evidence file accepted.
pub const MAX_EVIDENCE_BYTES: usize = 20 * 1024 * 1024;

async fn task_exists(tx: &mut Transaction<'_, Any>, id: i64) -> Result<(), StoreError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM tasks WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    found
        .map(|_| ())
        .ok_or(StoreError::NotFound { what: "task", id })
}

impl Store {
    /// Records a progress report of the assigned agency.
    pub async fn add_update(&self, u: NewUpdate<'_>) -> Result<i64, StoreError> {
        dondoc_domain::model::Update::percent(u.percent)
            .map_err(|m| StoreError::invalid("percent", m))?;
        if u.body.trim().is_empty() {
            return Err(StoreError::invalid("body", "the report is empty"));
        }
        if let Some((name, _)) = u.files.iter().find(|(_, b)| b.len() > MAX_EVIDENCE_BYTES) {
            return Err(StoreError::invalid(
                "evidence",
                format!("{name} is larger than 20 MB"),
            ));
        }
        let mut tx = self.pool().begin().await?;
        task_exists(&mut tx, u.task_id).await?;
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO updates (task_id, agency_id, on_date, percent, body, evidence, by_user, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(u.task_id)
        .bind(u.agency_id)
        .bind(u.on.to_string())
        .bind(u.percent)
        .bind(u.body)
        .bind(u.evidence.join("|"))
        .bind(u.by)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?;
        for (name, bytes) in u.files {
            sqlx::query("INSERT INTO evidence_files (update_id, name, sha256, bytes) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(name)
                .bind(crate::ingest::sha256_hex(bytes))
                .bind(bytes.clone())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE tasks SET last_update_on = $1 WHERE id = $2 AND (last_update_on IS NULL OR last_update_on < $1)",
        )
        .bind(u.on.to_string())
        .bind(u.task_id)
        .execute(&mut *tx)
        .await?;
        let detail = format!(
            "{}%: {}",
            u.percent,
            u.body.chars().take(200).collect::<String>()
        );
        crate::audit::record(
            &mut tx,
            u.by,
            "task.update",
            "task",
            Some(u.task_id),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Asks for a new deadline; the original stays recorded.
    pub async fn request_extension(&self, r: ExtensionRequest<'_>) -> Result<i64, StoreError> {
        if r.reason.trim().is_empty() {
            return Err(StoreError::invalid(
                "reason",
                "a deadline change needs a reason",
            ));
        }
        let mut tx = self.pool().begin().await?;
        task_exists(&mut tx, r.task_id).await?;
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO deadline_changes (task_id, requested_due, reason, requested_by, requested_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(r.task_id)
        .bind(r.requested_due.to_string())
        .bind(r.reason)
        .bind(r.by)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            r.by,
            "task.extension.request",
            "task",
            Some(r.task_id),
            &format!("{} — {}", r.requested_due, r.reason),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Decides a deadline change; an approved one becomes the effective deadline.
    pub async fn decide_extension(
        &self,
        change_id: i64,
        decision: Decision,
        note: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT task_id, requested_due, decision FROM deadline_changes WHERE id = $1",
        )
        .bind(change_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (task_id, due, state) = row.ok_or(StoreError::NotFound {
            what: "deadline change",
            id: change_id,
        })?;
        if state != "pending" {
            return Err(StoreError::Conflict(format!(
                "deadline change {change_id} was already {state}"
            )));
        }
        let verdict = match decision {
            Decision::Approve => "approved",
            Decision::Reject => "rejected",
        };
        sqlx::query("UPDATE deadline_changes SET decision = $1, decided_by = $2, decided_at = $3, note = $4 WHERE id = $5")
            .bind(verdict)
            .bind(by)
            .bind(crate::now())
            .bind(note)
            .bind(change_id)
            .execute(&mut *tx)
            .await?;
        if decision == Decision::Approve {
            sqlx::query("UPDATE tasks SET due_effective = $1 WHERE id = $2")
                .bind(&due)
                .bind(task_id)
                .execute(&mut *tx)
                .await?;
        }
        crate::audit::record(
            &mut tx,
            by,
            &format!("task.extension.{verdict}"),
            "task",
            Some(task_id),
            &format!("{due} {note}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The assigned agency claims the task is done.
    pub async fn claim_completion(&self, c: CompletionClaim<'_>) -> Result<i64, StoreError> {
        let mut tx = self.pool().begin().await?;
        task_exists(&mut tx, c.task_id).await?;
        let pending: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM completions WHERE task_id = $1 AND appraisal = 'pending'",
        )
        .bind(c.task_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(p) = pending {
            return Err(StoreError::Conflict(format!(
                "completion claim {p} of task {} awaits appraisal",
                c.task_id
            )));
        }
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO completions (task_id, claimed_on, claimed_by, note) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(c.task_id)
        .bind(c.on.to_string())
        .bind(c.by)
        .bind(c.note)
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            c.by,
            "task.complete.claim",
            "task",
            Some(c.task_id),
            c.note,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The secretariat accepts a completion claim (the task is done on the
    /// claim's date) or sends it back (the task is open again).
    pub async fn appraise(
        &self,
        task_id: i64,
        verdict: Appraisal,
        note: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let claim: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, claimed_on FROM completions WHERE task_id = $1 AND appraisal = 'pending'",
        )
        .bind(task_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (claim_id, claimed_on) = claim.ok_or_else(|| {
            StoreError::Conflict(format!(
                "task {task_id} has no completion claim awaiting appraisal"
            ))
        })?;
        let code = match verdict {
            Appraisal::Accept => "accepted",
            Appraisal::SendBack => "sent_back",
        };
        sqlx::query("UPDATE completions SET appraisal = $1, appraised_by = $2, appraised_at = $3, appraisal_note = $4 WHERE id = $5")
            .bind(code)
            .bind(by)
            .bind(crate::now())
            .bind(note)
            .bind(claim_id)
            .execute(&mut *tx)
            .await?;
        if verdict == Appraisal::Accept {
            sqlx::query("UPDATE tasks SET completed_on = $1 WHERE id = $2")
                .bind(&claimed_on)
                .bind(task_id)
                .execute(&mut *tx)
                .await?;
        }
        crate::audit::record(
            &mut tx,
            by,
            &format!("task.complete.{code}"),
            "task",
            Some(task_id),
            note,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Confirms a draft directive after review: tracking starts.
    pub async fn confirm_directive(&self, id: i64, by: &str) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query(
            "UPDATE directives SET state = 'confirmed' WHERE id = $1 AND state = 'draft'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict(format!(
                "directive {id} is not a draft"
            )));
        }
        crate::audit::record(&mut tx, by, "directive.confirm", "directive", Some(id), "").await?;
        tx.commit().await?;
        Ok(())
    }
}
