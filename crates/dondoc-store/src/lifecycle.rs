//! What happens to a task after ingest: progress updates, deadline changes,
//! completion claims and their appraisal. Each is one transaction with its
//! audit entry. Who may do what is decided by the caller (web, CLI); the
//! store keeps the facts consistent.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use dondoc_domain::model::{
    Appraisal, ChangeState, Completion, DeadlineChange, Decision, Verdict, completed_on,
    effective_due,
};

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

pub struct CompletionClaim<'a> {
    pub task_id: i64,
    pub on: NaiveDate,
    pub note: &'a str,
    pub by: &'a str,
}

/// Largest evidence file accepted.
pub const MAX_EVIDENCE_BYTES: usize = 20 * 1024 * 1024;

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
        let mut tx = self.begin_write().await?;
        crate::write::lock_task(&mut tx, self.backend(), u.task_id).await?;
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
        let mut tx = self.begin_write().await?;
        crate::write::lock_task(&mut tx, self.backend(), r.task_id).await?;
        refuse_if_completed(&mut tx, r.task_id).await?;
        let pending: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM deadline_changes WHERE task_id = $1 AND decision = 'pending'",
        )
        .bind(r.task_id)
        .fetch_optional(&mut *tx)
        .await?;
        if pending.is_some() {
            return Err(StoreError::Conflict(
                "Nhiệm vụ đã có một đề nghị gia hạn đang chờ quyết định.".into(),
            ));
        }
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
        self.decide_extension_with(change_id, decision, false, note, by)
            .await
    }

    /// Decides a deadline change, saying whether its cause is objective (lý
    /// do khách quan): scores judge such a task by its new deadline.
    pub async fn decide_extension_with(
        &self,
        change_id: i64,
        decision: Decision,
        objective: bool,
        note: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let task: Option<i64> =
            sqlx::query_scalar("SELECT task_id FROM deadline_changes WHERE id = $1")
                .bind(change_id)
                .fetch_optional(&mut *tx)
                .await?;
        let task_id = task.ok_or(StoreError::NotFound {
            what: "deadline change",
            id: change_id,
        })?;
        crate::write::lock_task(&mut tx, self.backend(), task_id).await?;
        let verdict = decision.state().code();
        // Conditional on the state it leaves: of two decisions at once, one
        // finds the request still pending, the other finds nothing to change.
        let due: Option<String> = sqlx::query_scalar(
            "UPDATE deadline_changes SET decision = $1, decided_by = $2, decided_at = $3, note = $4, objective = $5 \
             WHERE id = $6 AND decision = 'pending' RETURNING requested_due",
        )
        .bind(verdict)
        .bind(by)
        .bind(crate::now())
        .bind(note)
        .bind(i64::from(objective))
        .bind(change_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(due) = due else {
            let state: String =
                sqlx::query_scalar("SELECT decision FROM deadline_changes WHERE id = $1")
                    .bind(change_id)
                    .fetch_one(&mut *tx)
                    .await?;
            return Err(StoreError::Conflict(format!(
                "Đề nghị gia hạn này đã được quyết định trước đó ({}); không thể quyết định lại.",
                decision_vi(&state)
            )));
        };
        // The deadline in force, by the domain's rule: the original, or the
        // last approved change.
        let original: Option<String> =
            sqlx::query_scalar("SELECT due_original FROM tasks WHERE id = $1")
                .bind(task_id)
                .fetch_one(&mut *tx)
                .await?;
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT requested_due, decision FROM deadline_changes WHERE task_id = $1 ORDER BY id",
        )
        .bind(task_id)
        .fetch_all(&mut *tx)
        .await?;
        let changes = rows
            .iter()
            .map(|(date, state)| {
                Ok(DeadlineChange {
                    requested: parse_day(date, "requested_due")?,
                    state: crate::query::known(state, "decision", ChangeState::from_code)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let original = original
            .as_deref()
            .map(|d| parse_day(d, "due_original"))
            .transpose()?;
        sqlx::query("UPDATE tasks SET due_effective = $1 WHERE id = $2")
            .bind(effective_due(original, &changes).map(|d| d.to_string()))
            .bind(task_id)
            .execute(&mut *tx)
            .await?;
        crate::audit::record(
            &mut tx,
            by,
            &format!("task.extension.{verdict}"),
            "task",
            Some(task_id),
            &format!(
                "{due}{} {note}",
                if objective {
                    " (lý do khách quan)"
                } else {
                    ""
                }
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The assigned agency claims the task is done.
    pub async fn claim_completion(&self, c: CompletionClaim<'_>) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        crate::write::lock_task(&mut tx, self.backend(), c.task_id).await?;
        refuse_if_completed(&mut tx, c.task_id).await?;
        let pending: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM completions WHERE task_id = $1 AND appraisal = 'pending'",
        )
        .bind(c.task_id)
        .fetch_optional(&mut *tx)
        .await?;
        if pending.is_some() {
            return Err(StoreError::Conflict(
                "Nhiệm vụ đã có một báo cáo hoàn thành đang chờ thẩm định; không gửi thêm.".into(),
            ));
        }
        // The unique index `completions_one_pending` holds the same rule in
        // the database itself.
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
        verdict: Verdict,
        note: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        crate::write::lock_task(&mut tx, self.backend(), task_id).await?;
        let code = verdict.appraisal().code();
        // Conditional on the state it leaves: of two verdicts at once, the
        // second finds no pending claim.
        let claimed_on: Option<String> = sqlx::query_scalar(
            "UPDATE completions SET appraisal = $1, appraised_by = $2, appraised_at = $3, appraisal_note = $4 \
             WHERE task_id = $5 AND appraisal = 'pending' RETURNING claimed_on",
        )
        .bind(code)
        .bind(by)
        .bind(crate::now())
        .bind(note)
        .bind(task_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(_claimed_on) = claimed_on else {
            return Err(StoreError::Conflict(
                "Nhiệm vụ không có báo cáo hoàn thành nào đang chờ thẩm định (có thể vừa được thẩm định).".into(),
            ));
        };
        if verdict == Verdict::Accept {
            // The day the task counts as done, by the domain's rule.
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT claimed_on, appraisal FROM completions WHERE task_id = $1 ORDER BY id",
            )
            .bind(task_id)
            .fetch_all(&mut *tx)
            .await?;
            let claims = rows
                .iter()
                .map(|(on, a)| {
                    Ok(Completion {
                        claimed_on: parse_day(on, "claimed_on")?,
                        appraisal: crate::query::known(a, "appraisal", Appraisal::from_code)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let n = sqlx::query(
                "UPDATE tasks SET completed_on = $1 WHERE id = $2 AND completed_on IS NULL",
            )
            .bind(completed_on(&claims).map(|d| d.to_string()))
            .bind(task_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(StoreError::Conflict(
                    "Nhiệm vụ đã được công nhận hoàn thành trước đó.".into(),
                ));
            }
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
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE directives SET state = 'confirmed' WHERE id = $1 AND state = 'draft'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict(
                "Văn bản này không còn là bản nháp (đã được xác nhận).".into(),
            ));
        }
        crate::audit::record(&mut tx, by, "directive.confirm", "directive", Some(id), "").await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A completed task takes no new claim or deadline request.
async fn refuse_if_completed(tx: &mut sqlx::AnyConnection, task_id: i64) -> Result<(), StoreError> {
    let done: Option<String> = sqlx::query_scalar("SELECT completed_on FROM tasks WHERE id = $1")
        .bind(task_id)
        .fetch_one(&mut *tx)
        .await?;
    match done {
        Some(_) => Err(StoreError::Conflict(
            "Nhiệm vụ đã được công nhận hoàn thành.".into(),
        )),
        None => Ok(()),
    }
}

fn decision_vi(state: &str) -> &'static str {
    ChangeState::from_code(state).map_or("?", ChangeState::label_vi)
}

/// A stored ISO date read back; a malformed one is an error.
fn parse_day(s: &str, field: &'static str) -> Result<chrono::NaiveDate, StoreError> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| StoreError::invalid(field, format!("stored date {s:?} is not YYYY-MM-DD")))
}
