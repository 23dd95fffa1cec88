//! Ingest: a directive file and its extraction become a directive with tasks,
//! in one transaction. The same file twice is a no-op; a task restating an
//! open one is proposed for linking instead of tracked twice.

use crate::registry::agency_id;
use crate::{Store, StoreError};
use dondoc_extract::Extraction;
use dondoc_extract::similar::{content_words, likeness, overlap};
use dondoc_extract::text::fold;
use sha2::{Digest, Sha256};

/// Least share of words for a restatement (see `dondoc_extract::similar`).
/// How alike (Dice) a new task and an open one must be to propose a link.
const LINK_OVERLAP: f64 = 0.7;
const LINK_SHARED: usize = 5;

pub struct IngestRequest<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub text: &'a str,
    pub extraction: &'a Extraction,
    /// Start tracking at once (accepting link proposals), instead of a draft for review.
    pub confirm: bool,
    pub actor: &'a str,
    /// Called after each task row is written, inside the transaction (tests
    /// use it to kill the process mid-ingest).
    pub after_task: Option<&'a (dyn Fn(usize) + Sync)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IngestOutcome {
    pub directive_id: i64,
    /// The file was ingested before: nothing was written.
    pub already: bool,
    pub tasks: usize,
    /// (new task id, existing task id, score): restatements of open tasks.
    pub proposals: Vec<(i64, i64, f64)>,
    /// Restatements merged into the existing task (with `confirm`).
    pub linked: usize,
}

/// The areas of a task, as stored: codes joined by commas.
pub(crate) fn area_codes(text: &str) -> String {
    dondoc_domain::areas::tag(&fold(text))
        .iter()
        .map(|a| a.code())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    pub async fn ingest(&self, req: IngestRequest<'_>) -> Result<IngestOutcome, StoreError> {
        let hash = sha256_hex(req.bytes);
        if let Some(id) =
            sqlx::query_scalar::<_, i64>("SELECT id FROM directives WHERE file_sha256 = $1")
                .bind(&hash)
                .fetch_optional(self.pool())
                .await?
        {
            return Ok(IngestOutcome {
                directive_id: id,
                already: true,
                tasks: 0,
                proposals: Vec::new(),
                linked: 0,
            });
        }
        let x = req.extraction;
        let d = &x.document;
        let now = crate::now();
        let mut tx = self.begin_write().await?;
        let directive_id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO directives (number, symbol, kind, issuer, issued_on, title, signer, file_name, file_sha256, \
             file_bytes, body_text, state, ingested_at, ingested_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(d.number.clone())
        .bind(d.symbol.clone())
        .bind(d.kind.clone())
        .bind(d.issuer.clone())
        .bind(d.issued_on.map(|x| x.to_string()))
        .bind(d.title.clone())
        .bind(d.signer.clone())
        .bind(req.file_name)
        .bind(&hash)
        .bind(req.bytes.to_vec())
        .bind(req.text)
        .bind(if req.confirm { "confirmed" } else { "draft" })
        .bind(&now)
        .bind(req.actor)
        .fetch_one(&mut *tx)
        .await?;

        let mut proposals = Vec::new();
        let mut linked = 0;
        // Task ids by extraction index, for sub-items' parent links.
        let mut ids: Vec<Option<i64>> = vec![None; x.tasks.len()];
        for (n, t) in x.tasks.iter().enumerate() {
            let mut leads = Vec::new();
            for name in &t.lead {
                leads.push(agency_id(&mut tx, name).await?);
            }
            // A restatement of an open task led by the same agency?
            let existing = restated(&mut tx, &t.text, &leads).await?;
            if let (true, Some((existing_id, _))) = (req.confirm, existing) {
                sqlx::query("INSERT INTO task_mentions (task_id, directive_id, first_line, last_line) VALUES ($1, $2, $3, $4)")
                    .bind(existing_id)
                    .bind(directive_id)
                    .bind(t.lines[0] as i64)
                    .bind(t.lines[1] as i64)
                    .execute(&mut *tx)
                    .await?;
                linked += 1;
                continue;
            }
            let due = t.due.as_ref();
            let task_id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO tasks (directive_id, first_line, last_line, text, search_text, deliverable, due_original, \
                 due_precision, due_text, due_effective, recurrence, created_at, area_tags, parent_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            )
            .bind(directive_id)
            .bind(t.lines[0] as i64)
            .bind(t.lines[1] as i64)
            .bind(&t.text)
            .bind(fold(&t.text))
            .bind(t.deliverable.clone())
            .bind(due.map(|d| d.date.to_string()))
            .bind(due.map(|d| d.precision.code()))
            .bind(due.map(|d| d.text.clone()))
            .bind(due.map(|d| d.date.to_string()))
            .bind(t.recurring.map(|r| r.code()))
            .bind(&now)
            .bind(area_codes(&t.text))
            .bind(t.parent.and_then(|p| ids.get(p).copied().flatten()))
            .fetch_one(&mut *tx)
            .await?;
            if let Some(slot) = ids.get_mut(n) {
                *slot = Some(task_id);
            }
            for (role, names) in [("lead", &t.lead), ("support", &t.support)] {
                for name in names {
                    let agency = agency_id(&mut tx, name).await?;
                    sqlx::query("INSERT INTO task_agencies (task_id, agency_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                        .bind(task_id)
                        .bind(agency)
                        .bind(role)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            sqlx::query("INSERT INTO task_mentions (task_id, directive_id, first_line, last_line) VALUES ($1, $2, $3, $4)")
                .bind(task_id)
                .bind(directive_id)
                .bind(t.lines[0] as i64)
                .bind(t.lines[1] as i64)
                .execute(&mut *tx)
                .await?;
            if let Some((existing_id, score)) = existing {
                sqlx::query("INSERT INTO link_proposals (task_id, existing_task_id, score) VALUES ($1, $2, $3)")
                    .bind(task_id)
                    .bind(existing_id)
                    .bind(score)
                    .execute(&mut *tx)
                    .await?;
                proposals.push((task_id, existing_id, score));
            }
            if let Some(hook) = req.after_task {
                hook(n + 1);
            }
        }
        let detail = format!(
            "{} ({}): {} nhiệm vụ",
            req.file_name,
            d.number.as_deref().unwrap_or("chưa có số"),
            x.tasks.len()
        );
        crate::audit::record(
            &mut tx,
            req.actor,
            "directive.ingest",
            "directive",
            Some(directive_id),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(IngestOutcome {
            directive_id,
            already: false,
            tasks: x.tasks.len() - linked,
            proposals,
            linked,
        })
    }
}

/// The open task, led by one of `leads`, that `text` restates (best match).
async fn restated(
    tx: &mut sqlx::AnyConnection,
    text: &str,
    leads: &[i64],
) -> Result<Option<(i64, f64)>, StoreError> {
    let words = content_words(text);
    let mut best: Option<(i64, f64)> = None;
    for lead in leads {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT t.id, t.text FROM tasks t JOIN task_agencies ta ON ta.task_id = t.id AND ta.role = 'lead' \
             JOIN directives d ON d.id = t.directive_id \
             WHERE ta.agency_id = $1 AND t.completed_on IS NULL AND t.cancelled = 0 AND d.state = 'confirmed'",
        )
        .bind(lead)
        .fetch_all(&mut *tx)
        .await?;
        for (id, other) in rows {
            let theirs = content_words(&other);
            let shared = overlap(&words, &theirs).1;
            let score = likeness(&words, &theirs);
            if score >= LINK_OVERLAP && shared >= LINK_SHARED && best.is_none_or(|(_, s)| score > s)
            {
                best = Some((id, score));
            }
        }
    }
    Ok(best)
}
