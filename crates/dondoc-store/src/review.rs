//! Directives as the secretariat reviews them: the list, one directive with
//! its source text and extracted tasks, and the corrections made before
//! tracking starts (edit a task, drop a false one, accept a proposed link,
//! reassign agencies).

use crate::{Store, StoreError};
use chrono::NaiveDate;
use dondoc_extract::text::fold;

#[derive(Debug, Clone)]
pub struct DirectiveRow {
    pub id: i64,
    pub number: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<String>,
    pub file_name: String,
    pub state: String,
    pub tasks: i64,
    pub ingested_at: String,
}

/// A task as reviewed: every field the review screen edits.
#[derive(Debug, Clone)]
pub struct ReviewTask {
    pub id: i64,
    pub parent: Option<i64>,
    pub first_line: i64,
    pub last_line: i64,
    pub text: String,
    pub deliverable: Option<String>,
    pub due: Option<NaiveDate>,
    pub due_text: Option<String>,
    pub recurrence: Option<dondoc_domain::recurrence::Recurrence>,
    pub lead: Vec<(i64, String)>,
    pub support: Vec<(i64, String)>,
}

#[derive(Debug, Clone)]
pub struct LinkProposal {
    pub task_id: i64,
    pub existing_id: i64,
    pub existing_text: String,
    pub existing_directive: Option<String>,
    pub score: f64,
}

#[derive(Debug, Clone)]
pub struct DirectiveDetail {
    pub row: DirectiveRow,
    pub signer: Option<String>,
    pub body_text: String,
    /// What the reader said of the file (one note per line), e.g. OCR.
    pub notes: Vec<String>,
    pub tasks: Vec<ReviewTask>,
    pub proposals: Vec<LinkProposal>,
}

/// The fields a reviewer may correct.
pub struct TaskEdit<'a> {
    pub id: i64,
    pub text: &'a str,
    pub deliverable: Option<&'a str>,
    pub due: Option<NaiveDate>,
    pub lead: &'a [i64],
    pub support: &'a [i64],
    pub by: &'a str,
}

type DirectiveTuple = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    i64,
    String,
);

type ReviewTuple = (
    i64,
    Option<i64>,
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

const DIRECTIVE_COLUMNS: &str = "d.id, d.number, d.kind, d.title, d.issuer, d.issued_on, d.file_name, d.state, \
     (SELECT COUNT(*) FROM tasks t WHERE t.directive_id = d.id), d.ingested_at FROM directives d";

fn directive_from(t: DirectiveTuple) -> DirectiveRow {
    DirectiveRow {
        id: t.0,
        number: t.1,
        kind: t.2,
        title: t.3,
        issuer: t.4,
        issued_on: t.5,
        file_name: t.6,
        state: t.7,
        tasks: t.8,
        ingested_at: t.9,
    }
}

async fn roles_of(
    tx: &mut sqlx::AnyConnection,
    task: i64,
) -> Result<(Vec<i64>, Vec<i64>), StoreError> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT agency_id, role FROM task_agencies WHERE task_id = $1")
            .bind(task)
            .fetch_all(&mut *tx)
            .await?;
    let pick = |r: &str| {
        rows.iter()
            .filter(|(_, role)| role == r)
            .map(|(a, _)| *a)
            .collect()
    };
    Ok((pick("lead"), pick("support")))
}

impl Store {
    /// Directives, newest first; drafts awaiting review come first.
    pub async fn directives(
        &self,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<DirectiveRow>, StoreError> {
        let sql = format!(
            "SELECT {DIRECTIVE_COLUMNS} ORDER BY CASE WHEN d.state = 'draft' THEN 0 ELSE 1 END, d.id DESC LIMIT $1 OFFSET $2"
        );
        let rows: Vec<DirectiveTuple> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(limit.clamp(1, 1000))
            .bind(offset.max(0))
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(directive_from).collect())
    }

    pub async fn directive_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM directives")
            .fetch_one(self.pool())
            .await?)
    }

    /// One directive with its text, its tasks (drafts included) and link proposals.
    pub async fn directive(&self, id: i64) -> Result<DirectiveDetail, StoreError> {
        let sql = format!("SELECT {DIRECTIVE_COLUMNS} WHERE d.id = $1");
        let row: DirectiveTuple = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound {
                what: "directive",
                id,
            })?;
        let (signer, body_text, notes): (Option<String>, String, String) =
            sqlx::query_as("SELECT signer, body_text, notes FROM directives WHERE id = $1")
                .bind(id)
                .fetch_one(self.pool())
                .await?;
        let rows: Vec<ReviewTuple> =
            sqlx::query_as(
                "SELECT id, parent_id, first_line, last_line, text, deliverable, due_effective, due_text, recurrence \
                 FROM tasks WHERE directive_id = $1 ORDER BY first_line, id",
            )
            .bind(id)
            .fetch_all(self.pool())
            .await?;
        let agencies: Vec<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT ta.task_id, a.id, a.name, ta.role FROM task_agencies ta JOIN agencies a ON a.id = ta.agency_id \
             JOIN tasks t ON t.id = ta.task_id WHERE t.directive_id = $1 ORDER BY a.name",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let tasks = rows
            .into_iter()
            .map(
                |(
                    tid,
                    parent,
                    first_line,
                    last_line,
                    text,
                    deliverable,
                    due,
                    due_text,
                    recurrence,
                )| {
                    let pick = |role: &str| {
                        agencies
                            .iter()
                            .filter(|(t, _, _, r)| *t == tid && r == role)
                            .map(|(_, a, n, _)| (*a, n.clone()))
                            .collect()
                    };
                    ReviewTask {
                        id: tid,
                        parent,
                        first_line,
                        last_line,
                        text,
                        deliverable,
                        due: due.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                        due_text,
                        recurrence: recurrence.and_then(|c: String| {
                            dondoc_domain::recurrence::Recurrence::from_code(&c)
                        }),
                        lead: pick("lead"),
                        support: pick("support"),
                    }
                },
            )
            .collect();
        let proposals: Vec<(i64, i64, String, Option<String>, f64)> = sqlx::query_as(
            "SELECT p.task_id, p.existing_task_id, e.text, d.number, p.score FROM link_proposals p \
             JOIN tasks t ON t.id = p.task_id JOIN tasks e ON e.id = p.existing_task_id \
             JOIN directives d ON d.id = e.directive_id WHERE t.directive_id = $1 ORDER BY p.task_id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        Ok(DirectiveDetail {
            row: directive_from(row),
            signer,
            body_text,
            notes: notes
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            tasks,
            proposals: proposals
                .into_iter()
                .map(
                    |(task_id, existing_id, existing_text, existing_directive, score)| {
                        LinkProposal {
                            task_id,
                            existing_id,
                            existing_text,
                            existing_directive,
                            score,
                        }
                    },
                )
                .collect(),
        })
    }

    /// A directive's number, title and text (a task page quotes from it).
    pub async fn directive_text(
        &self,
        id: i64,
    ) -> Result<(Option<String>, Option<String>, String), StoreError> {
        sqlx::query_as("SELECT number, title, body_text FROM directives WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound {
                what: "directive",
                id,
            })
    }

    /// The original file of a directive: (name, bytes).
    pub async fn directive_file(&self, id: i64) -> Result<(String, Vec<u8>), StoreError> {
        sqlx::query_as("SELECT file_name, file_bytes FROM directives WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound {
                what: "directive",
                id,
            })
    }

    /// Evidence files of a task's updates: (file id, update day, name).
    pub async fn task_evidence(&self, task: i64) -> Result<Vec<(i64, String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT f.id, u.on_date, f.name FROM evidence_files f JOIN updates u ON u.id = f.update_id \
             WHERE u.task_id = $1 ORDER BY f.id",
        )
        .bind(task)
        .fetch_all(self.pool())
        .await?)
    }

    /// One evidence file: (task id, name, bytes).
    pub async fn evidence_file(&self, id: i64) -> Result<(i64, String, Vec<u8>), StoreError> {
        sqlx::query_as(
            "SELECT u.task_id, f.name, f.bytes FROM evidence_files f JOIN updates u ON u.id = f.update_id WHERE f.id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound { what: "evidence file", id })
    }

    /// The groups `agency` belongs to ("các sở, ban, ngành" for a department).
    pub async fn groups_of(&self, agency: i64) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT group_id FROM agency_groups WHERE member_id = $1 ORDER BY group_id",
        )
        .bind(agency)
        .fetch_all(self.pool())
        .await?)
    }

    /// The task that an evidence file belongs to (before anything is read of it).
    pub async fn evidence_task(&self, id: i64) -> Result<i64, StoreError> {
        sqlx::query_scalar(
            "SELECT u.task_id FROM evidence_files f JOIN updates u ON u.id = f.update_id WHERE f.id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound { what: "evidence file", id })
    }

    /// A task's directive, and whether it is tracked (confirmed) rather than
    /// a draft in review.
    pub async fn task_directive(&self, id: i64) -> Result<(i64, bool), StoreError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT d.id, d.state FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|(d, state)| (d, state == "confirmed"))
            .ok_or(StoreError::NotFound { what: "task", id })
    }

    /// The agencies a task names: (lead ids, support ids). For authorisation.
    pub async fn task_assignment(&self, id: i64) -> Result<(Vec<i64>, Vec<i64>), StoreError> {
        // A read transaction: the task and its roles from one snapshot.
        let mut tx = self.pool().begin().await?;
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM tasks WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        found.ok_or(StoreError::NotFound { what: "task", id })?;
        let roles = roles_of(&mut tx, id).await?;
        tx.commit().await?;
        Ok(roles)
    }

    /// Corrects a task: its text, deliverable, deadline and agencies. On a
    /// confirmed directive a deadline set here is the original deadline only
    /// if none was set; changing an agreed deadline goes through a request.
    pub async fn edit_task(&self, e: TaskEdit<'_>) -> Result<(), StoreError> {
        if e.text.trim().is_empty() {
            return Err(StoreError::invalid("text", "the task text is empty"));
        }
        if e.lead.is_empty() {
            return Err(StoreError::invalid("lead", "a task needs a lead agency"));
        }
        let mut tx = self.begin_write().await?;
        let row: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT d.state, t.due_effective FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.id = $1",
        )
        .bind(e.id)
        .fetch_optional(&mut *tx)
        .await?;
        let (state, old_due) = row.ok_or(StoreError::NotFound {
            what: "task",
            id: e.id,
        })?;
        let new_due = e.due.map(|d| d.to_string());
        if state == "confirmed" && old_due.is_some() && new_due != old_due {
            return Err(StoreError::Conflict(
                "Thời hạn của nhiệm vụ đang theo dõi chỉ thay đổi qua đề nghị gia hạn.".into(),
            ));
        }
        sqlx::query(
            "UPDATE tasks SET text = $1, search_text = $2, deliverable = $3, due_original = $4, due_effective = $4, \
             due_text = CASE WHEN $4 IS NULL THEN NULL ELSE due_text END WHERE id = $5",
        )
        .bind(e.text.trim())
        .bind(fold(e.text))
        .bind(e.deliverable.map(str::trim).filter(|s| !s.is_empty()))
        .bind(new_due.clone())
        .bind(e.id)
        .execute(&mut *tx)
        .await?;
        let (old_lead, old_support) = roles_of(&mut tx, e.id).await?;
        // A lead the extractor read that the reviewer replaced: its name
        // becomes an alias of the chosen agency (see `curate::learn_alias`).
        let replaced: Vec<i64> = old_lead
            .iter()
            .copied()
            .filter(|a| !e.lead.contains(a))
            .collect();
        let chosen: Vec<i64> = e
            .lead
            .iter()
            .copied()
            .filter(|a| !old_lead.contains(a))
            .collect();
        sqlx::query("DELETE FROM task_agencies WHERE task_id = $1")
            .bind(e.id)
            .execute(&mut *tx)
            .await?;
        for (role, ids) in [("lead", e.lead), ("support", e.support)] {
            for a in ids {
                let found: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM agencies WHERE id = $1")
                        .bind(a)
                        .fetch_optional(&mut *tx)
                        .await?;
                found.ok_or(StoreError::NotFound {
                    what: "agency",
                    id: *a,
                })?;
                sqlx::query("INSERT INTO task_agencies (task_id, agency_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                    .bind(e.id)
                    .bind(a)
                    .bind(role)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let mut detail = format!(
            "hạn {}",
            e.due
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_else(|| "không có".into())
        );
        if old_lead != e.lead || old_support != e.support {
            let names = |ids: &[i64]| {
                ids.iter()
                    .map(|i| format!("số {i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            detail.push_str(&format!(
                "; cơ quan chủ trì: {} → {}; phối hợp: {} → {}",
                names(&old_lead),
                names(e.lead),
                names(&old_support),
                names(e.support)
            ));
        }
        if let ([read], [chosen]) = (replaced.as_slice(), chosen.as_slice()) {
            crate::curate::learn_alias(&mut tx, *read, *chosen, e.by).await?;
        }
        crate::audit::record(&mut tx, e.by, "task.edit", "task", Some(e.id), &detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Drops a task the extractor found in error (draft directives only).
    pub async fn drop_draft_task(&self, id: i64, by: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let state: Option<(String, i64)> = sqlx::query_as(
            "SELECT d.state, d.id FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let (state, directive) = state.ok_or(StoreError::NotFound { what: "task", id })?;
        if state != "draft" {
            return Err(StoreError::Conflict(
                "Nhiệm vụ đang theo dõi không bỏ được (chỉ bỏ nhiệm vụ của văn bản đang chờ rà soát).".into(),
            ));
        }
        delete_task(&mut tx, id).await?;
        crate::audit::record(
            &mut tx,
            by,
            "task.drop",
            "directive",
            Some(directive),
            &format!("nhiệm vụ số {id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Decides a link proposal. Accepted: the draft task is the same duty as
    /// the tracked one, which gains this directive as a mention; the draft goes.
    pub async fn decide_link(
        &self,
        task_id: i64,
        existing_id: i64,
        accept: bool,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let found: Option<f64> = sqlx::query_scalar(
            "SELECT score FROM link_proposals WHERE task_id = $1 AND existing_task_id = $2",
        )
        .bind(task_id)
        .bind(existing_id)
        .fetch_optional(&mut *tx)
        .await?;
        found.ok_or(StoreError::NotFound {
            what: "link proposal of task",
            id: task_id,
        })?;
        sqlx::query("DELETE FROM link_proposals WHERE task_id = $1")
            .bind(task_id)
            .execute(&mut *tx)
            .await?;
        if accept {
            sqlx::query(
                "INSERT INTO task_mentions (task_id, directive_id, first_line, last_line) \
                 SELECT $1, directive_id, first_line, last_line FROM task_mentions WHERE task_id = $2 ON CONFLICT DO NOTHING",
            )
            .bind(existing_id)
            .bind(task_id)
            .execute(&mut *tx)
            .await?;
            delete_task(&mut tx, task_id).await?;
        }
        crate::audit::record(
            &mut tx,
            by,
            if accept {
                "task.link.accept"
            } else {
                "task.link.reject"
            },
            "task",
            Some(existing_id),
            &format!("draft task {task_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

pub(crate) async fn delete_task(tx: &mut sqlx::AnyConnection, id: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE tasks SET parent_id = NULL WHERE parent_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for table in ["task_agencies", "task_mentions"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE task_id = $1"
        )))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM link_proposals WHERE task_id = $1 OR existing_task_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM tasks WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
