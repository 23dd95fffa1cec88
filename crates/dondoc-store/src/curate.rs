//! What the review screen does beyond correcting a task: add a task the
//! extractor missed, split one task in two, join two, delete a directive
//! uploaded by mistake, and learn from a corrected agency (the name the
//! extractor read becomes an alias of the agency the reviewer chose, so the
//! next upload finds it). Drafts only, except adding a missed task.

use crate::ingest::area_codes;
use crate::{Store, StoreError};
use chrono::NaiveDate;
use dondoc_extract::text::fold;

/// A task the reviewer adds from lines of the source.
pub struct NewTask<'a> {
    pub directive: i64,
    pub first_line: i64,
    pub last_line: i64,
    pub text: &'a str,
    pub lead: &'a [i64],
    pub support: &'a [i64],
    pub due: Option<NaiveDate>,
    /// The deadline's words as written, when it was read from the text.
    pub due_text: Option<&'a str>,
    pub by: &'a str,
}

async fn directive_state(tx: &mut sqlx::AnyConnection, id: i64) -> Result<String, StoreError> {
    sqlx::query_scalar("SELECT state FROM directives WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound {
            what: "directive",
            id,
        })
}

async fn draft_task(tx: &mut sqlx::AnyConnection, id: i64) -> Result<i64, StoreError> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT d.id, d.state FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (directive, state) = row.ok_or(StoreError::NotFound { what: "task", id })?;
    if state != "draft" {
        return Err(StoreError::Conflict(
            "Chỉ tách, gộp nhiệm vụ của văn bản đang chờ rà soát.".into(),
        ));
    }
    Ok(directive)
}

async fn assign(
    tx: &mut sqlx::AnyConnection,
    task: i64,
    lead: &[i64],
    support: &[i64],
) -> Result<(), StoreError> {
    for (role, ids) in [("lead", lead), ("support", support)] {
        for a in ids {
            sqlx::query(
                "INSERT INTO task_agencies (task_id, agency_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(task)
            .bind(a)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}

impl Store {
    /// Records what the reader said of a directive's file (OCR, encodings).
    pub async fn set_directive_notes(&self, id: i64, notes: &[String]) -> Result<(), StoreError> {
        sqlx::query("UPDATE directives SET notes = $1 WHERE id = $2")
            .bind(notes.join("\n"))
            .bind(id)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Adds a task the extractor missed (on a draft or a tracked directive).
    pub async fn add_task(&self, t: NewTask<'_>) -> Result<i64, StoreError> {
        if t.text.trim().is_empty() {
            return Err(StoreError::invalid("text", "nội dung nhiệm vụ trống"));
        }
        if t.lead.is_empty() {
            return Err(StoreError::invalid("lead", "nhiệm vụ cần cơ quan chủ trì"));
        }
        if t.first_line < 1 || t.last_line < t.first_line {
            return Err(StoreError::invalid(
                "lines",
                "dòng đầu, dòng cuối không hợp lệ",
            ));
        }
        let mut tx = self.begin_write().await?;
        directive_state(&mut tx, t.directive).await?;
        let due = t.due.map(|d| d.to_string());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tasks (directive_id, first_line, last_line, text, search_text, due_original, \
             due_text, due_effective, created_at, area_tags) VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9) RETURNING id",
        )
        .bind(t.directive)
        .bind(t.first_line)
        .bind(t.last_line)
        .bind(t.text.trim())
        .bind(fold(t.text))
        .bind(due)
        .bind(t.due_text)
        .bind(crate::now())
        .bind(area_codes(t.text))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO task_mentions (task_id, directive_id, first_line, last_line) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(t.directive)
        .bind(t.first_line)
        .bind(t.last_line)
        .execute(&mut *tx)
        .await?;
        assign(&mut tx, id, t.lead, t.support).await?;
        crate::audit::record(
            &mut tx,
            t.by,
            "task.add",
            "task",
            Some(id),
            &format!(
                "dòng {}–{} của văn bản số {}",
                t.first_line, t.last_line, t.directive
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Splits a draft task in two: the task keeps `first`, a new task (same
    /// lines, agencies and deadline) takes `second`. Returns the new task.
    pub async fn split_task(
        &self,
        id: i64,
        first: &str,
        second: &str,
        by: &str,
    ) -> Result<i64, StoreError> {
        if first.trim().is_empty() || second.trim().is_empty() {
            return Err(StoreError::invalid(
                "text",
                "cả hai phần sau khi tách đều phải có nội dung",
            ));
        }
        let mut tx = self.begin_write().await?;
        let directive = draft_task(&mut tx, id).await?;
        let new_id: i64 = sqlx::query_scalar(
            "INSERT INTO tasks (directive_id, parent_id, first_line, last_line, text, search_text, deliverable, \
             due_original, due_precision, due_text, due_effective, recurrence, area_tags, created_at) \
             SELECT directive_id, parent_id, first_line, last_line, $1, $2, deliverable, due_original, due_precision, \
             due_text, due_effective, recurrence, $3, $4 FROM tasks WHERE id = $5 RETURNING id",
        )
        .bind(second.trim())
        .bind(fold(second))
        .bind(area_codes(second))
        .bind(crate::now())
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE tasks SET text = $1, search_text = $2, area_tags = $3 WHERE id = $4")
            .bind(first.trim())
            .bind(fold(first))
            .bind(area_codes(first))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO task_agencies (task_id, agency_id, role) SELECT $1, agency_id, role FROM task_agencies WHERE task_id = $2",
        )
        .bind(new_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO task_mentions (task_id, directive_id, first_line, last_line) \
             SELECT $1, directive_id, first_line, last_line FROM task_mentions WHERE task_id = $2",
        )
        .bind(new_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            by,
            "task.split",
            "directive",
            Some(directive),
            &format!("nhiệm vụ số {id} → số {id} và số {new_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(new_id)
    }

    /// Joins draft task `other` into `keep` (one directive): texts one after
    /// the other, lines spanning both, agencies of both, `keep`'s deadline
    /// (or `other`'s when it has none). `other` goes.
    pub async fn join_tasks(&self, keep: i64, other: i64, by: &str) -> Result<(), StoreError> {
        if keep == other {
            return Err(StoreError::invalid(
                "task",
                "chọn hai nhiệm vụ khác nhau để gộp",
            ));
        }
        let mut tx = self.begin_write().await?;
        let d1 = draft_task(&mut tx, keep).await?;
        let d2 = draft_task(&mut tx, other).await?;
        if d1 != d2 {
            return Err(StoreError::Conflict(
                "Chỉ gộp hai nhiệm vụ của cùng một văn bản.".into(),
            ));
        }
        type Row = (
            String,
            i64,
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let get = |id: i64| {
            sqlx::query_as::<_, Row>(
                "SELECT text, first_line, last_line, due_original, due_text, due_precision FROM tasks WHERE id = $1",
            )
            .bind(id)
        };
        let a: Row = get(keep).fetch_one(&mut *tx).await?;
        let b: Row = get(other).fetch_one(&mut *tx).await?;
        let (first, second) = if a.1 <= b.1 { (&a, &b) } else { (&b, &a) };
        let text = format!("{} {}", first.0.trim(), second.0.trim());
        let (due, due_text, precision) = if a.3.is_some() {
            (a.3.clone(), a.4.clone(), a.5.clone())
        } else {
            (b.3.clone(), b.4.clone(), b.5.clone())
        };
        sqlx::query(
            "UPDATE tasks SET text = $1, search_text = $2, area_tags = $3, first_line = $4, last_line = $5, \
             due_original = $6, due_effective = $6, due_text = $7, due_precision = $8 WHERE id = $9",
        )
        .bind(&text)
        .bind(fold(&text))
        .bind(area_codes(&text))
        .bind(a.1.min(b.1))
        .bind(a.2.max(b.2))
        .bind(due)
        .bind(due_text)
        .bind(precision)
        .bind(keep)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO task_agencies (task_id, agency_id, role) SELECT $1, agency_id, role FROM task_agencies \
             WHERE task_id = $2 ON CONFLICT DO NOTHING",
        )
        .bind(keep)
        .bind(other)
        .execute(&mut *tx)
        .await?;
        // An agency cannot both lead and support one task: leading wins.
        sqlx::query(
            "DELETE FROM task_agencies WHERE task_id = $1 AND role = 'support' AND agency_id IN \
             (SELECT agency_id FROM task_agencies WHERE task_id = $1 AND role = 'lead')",
        )
        .bind(keep)
        .execute(&mut *tx)
        .await?;
        crate::review::delete_task(&mut tx, other).await?;
        crate::audit::record(
            &mut tx,
            by,
            "task.join",
            "directive",
            Some(d1),
            &format!("nhiệm vụ số {other} gộp vào số {keep}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a directive still in review, with its tasks (uploaded by
    /// mistake). A tracked directive is never deleted.
    pub async fn delete_draft_directive(&self, id: i64, by: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if directive_state(&mut tx, id).await? != "draft" {
            return Err(StoreError::Conflict(
                "Văn bản đã được xác nhận và đang theo dõi: không xóa được.".into(),
            ));
        }
        let tasks: Vec<i64> = sqlx::query_scalar("SELECT id FROM tasks WHERE directive_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
        for t in &tasks {
            crate::review::delete_task(&mut tx, *t).await?;
        }
        // Mentions of tracked tasks restated here go with the directive.
        sqlx::query("DELETE FROM task_mentions WHERE directive_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let n = sqlx::query("DELETE FROM directives WHERE id = $1 AND state = 'draft'")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Err(StoreError::Conflict(
                "Văn bản vừa được xác nhận: không xóa được.".into(),
            ));
        }
        crate::audit::record(
            &mut tx,
            by,
            "directive.delete",
            "directive",
            Some(id),
            &format!("{} nhiệm vụ bản nháp", tasks.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// After a reviewer replaced agency `read` (as the extractor read it: an
/// agency no registry knew, created at ingest) by `chosen`: `read`'s name
/// becomes an alias of `chosen`, and `read` goes once nothing uses it. The
/// next upload then finds the chosen agency under that name.
pub(crate) async fn learn_alias(
    tx: &mut sqlx::AnyConnection,
    read: i64,
    chosen: i64,
    by: &str,
) -> Result<bool, StoreError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT name, kind FROM agencies WHERE id = $1")
            .bind(read)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((name, kind)) = row else {
        return Ok(false);
    };
    if kind != "other" || read == chosen {
        return Ok(false);
    }
    let used: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM task_agencies WHERE agency_id = $1) \
         + (SELECT COUNT(*) FROM users WHERE agency_id = $1) \
         + (SELECT COUNT(*) FROM agencies WHERE parent_id = $1) \
         + (SELECT COUNT(*) FROM agency_channels WHERE agency_id = $1) \
         + (SELECT COUNT(*) FROM agency_groups WHERE group_id = $1 OR member_id = $1) \
         + (SELECT COUNT(*) FROM updates WHERE agency_id = $1) \
         + (SELECT COUNT(*) FROM explanation_requests WHERE agency_id = $1)",
    )
    .bind(read)
    .fetch_one(&mut *tx)
    .await?;
    if used > 0 {
        return Ok(false);
    }
    let aliases: String = sqlx::query_scalar("SELECT aliases FROM agencies WHERE id = $1")
        .bind(chosen)
        .fetch_one(&mut *tx)
        .await?;
    let mut list: Vec<&str> = aliases
        .split('|')
        .filter(|a| !a.trim().is_empty())
        .collect();
    if !list.iter().any(|a| fold(a) == fold(&name)) {
        list.push(&name);
    }
    sqlx::query("UPDATE agencies SET aliases = $1 WHERE id = $2")
        .bind(list.join("|"))
        .bind(chosen)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM agencies WHERE id = $1")
        .bind(read)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(
        &mut *tx,
        by,
        "agency.alias",
        "agency",
        Some(chosen),
        &format!("“{name}” là tên khác của cơ quan này"),
    )
    .await?;
    Ok(true)
}
