//! Reading tasks: filtered lists (the task list, an agency's inbox, the
//! overdue list), one task with its history, and counts for the dashboard.

use crate::status::Status;
use crate::status_sql::status_sql;
use crate::{Backend, Store, StoreError};
use chrono::NaiveDate;
use dondoc_domain::access::Part;
use dondoc_domain::agency::AgencyKind;
use dondoc_domain::areas::Area;
use dondoc_domain::model::{Appraisal, ChangeState};
use dondoc_domain::recurrence::Recurrence;
use dondoc_extract::text::fold;
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;

/// Which tasks to list. Dates are the province's.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// The tasks of this agency (its reach: see `dondoc_domain::access`) …
    pub agency: Option<i64>,
    /// … in this part of them (all, those it answers for, those it supports).
    pub part: Part,
    /// Tasks led by this agency or an agency directly under it (a province's
    /// or a department's whole tree).
    pub scope: Option<i64>,
    pub status: Option<Status>,
    pub area: Option<Area>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    pub directive: Option<i64>,
    /// Words to find, with or without diacritics.
    pub text: Option<String>,
    /// Also tasks of directives still in review.
    pub include_drafts: bool,
    /// Tasks completed on or after this day.
    pub completed_from: Option<NaiveDate>,
    /// Tasks completed on or before this day.
    pub completed_to: Option<NaiveDate>,
    /// Only open tasks (not completed, paused or cancelled).
    pub open_only: bool,
    pub sort: Sort,
    pub limit: i64,
    pub offset: i64,
}

/// The order of a task list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Nearest deadline first; no deadline last (a text search: newest first).
    #[default]
    Due,
    /// Latest deadline first.
    DueDesc,
    /// Most recently created first.
    Newest,
    /// Most recently completed first.
    Completed,
}

impl Sort {
    pub fn code(self) -> &'static str {
        match self {
            Sort::Due => "due",
            Sort::DueDesc => "due_desc",
            Sort::Newest => "newest",
            Sort::Completed => "completed",
        }
    }

    pub fn from_code(code: &str) -> Option<Sort> {
        [Sort::Due, Sort::DueDesc, Sort::Newest, Sort::Completed]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub id: i64,
    pub directive_id: i64,
    pub directive_number: Option<String>,
    pub text: String,
    pub lead: Vec<String>,
    pub due: Option<NaiveDate>,
    pub due_original: Option<NaiveDate>,
    pub recurrence: Option<Recurrence>,
    pub status: Status,
    /// Areas of work (see `dondoc_domain::areas`).
    pub areas: Vec<Area>,
    pub completed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AgencyRow {
    pub id: i64,
    pub name: String,
    pub kind: AgencyKind,
    pub parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    /// The action's code ("task.update"); the web names it in Vietnamese.
    pub action: String,
    /// What it was done to ("task", "user", …) and its id.
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
}

/// A task with everything that happened to it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskDetail {
    pub row: TaskRow,
    pub support: Vec<String>,
    pub first_line: i64,
    pub last_line: i64,
    pub due_text: Option<String>,
    pub deliverable: Option<String>,
    /// The task this one is a sub-item of.
    pub parent: Option<i64>,
    /// (directive id, number, first line, last line)
    pub mentions: Vec<(i64, Option<String>, i64, i64)>,
    /// Progress reports, oldest first.
    pub updates: Vec<UpdateEntry>,
    /// Deadline requests, in the order made.
    pub deadline_changes: Vec<ChangeEntry>,
    /// Completion claims, in the order made.
    pub completions: Vec<ClaimEntry>,
    pub audit: Vec<AuditRow>,
}

/// A progress report as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateEntry {
    pub on: String,
    pub percent: i64,
    pub body: String,
    pub by: String,
    /// Cited documents ("123/BC-SKHCN").
    pub evidence: Vec<String>,
}

/// A deadline request and its decision.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeEntry {
    pub id: i64,
    pub requested: String,
    pub reason: String,
    pub requested_by: String,
    pub state: ChangeState,
    pub decided_by: Option<String>,
    pub note: Option<String>,
    /// Approved for an objective cause (lý do khách quan).
    pub objective: bool,
}

/// A completion claim and its appraisal.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimEntry {
    pub claimed_on: String,
    pub claimed_by: String,
    pub note: String,
    pub appraisal: Appraisal,
    pub appraisal_note: Option<String>,
}

/// A stored state code read back; an unknown one is an error, not a guess.
pub(crate) fn known<T>(
    code: &str,
    what: &'static str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    parse(code).ok_or_else(|| StoreError::invalid(what, format!("unknown stored code {code:?}")))
}

#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub agency_id: i64,
    pub agency: String,
    pub counts: HashMap<Status, i64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub totals: HashMap<Status, i64>,
    pub by_agency: Vec<SummaryRow>,
}

enum Bind {
    I(i64),
    S(String),
}

/// A task row from the first nine columns every task query selects: id,
/// directive id, directive number, text, effective and original due, recurrence,
/// status, areas. Lead agencies are read separately.
fn task_row(r: &sqlx::any::AnyRow) -> Result<TaskRow, StoreError> {
    Ok(TaskRow {
        id: r.try_get(0)?,
        directive_id: r.try_get(1)?,
        directive_number: r.try_get(2)?,
        text: r.try_get(3)?,
        due: date(r.try_get(4)?),
        due_original: date(r.try_get(5)?),
        recurrence: r
            .try_get::<Option<String>, _>(6)?
            .map(|c| known(&c, "recurrence", Recurrence::from_code))
            .transpose()?,
        status: known(&r.try_get::<String, _>(7)?, "status", Status::from_code)?,
        areas: r
            .try_get::<String, _>(8)?
            .split(',')
            .filter_map(Area::from_code)
            .collect(),
        lead: Vec::new(),
        completed_on: date(r.try_get(9)?),
    })
}

/// The most rows one task list returns (an export included).
pub const MAX_LIST: i64 = 10_000;

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// An FTS5 phrase from folded words (quotes removed: the query is user text).
fn fts_phrase(words: &str) -> String {
    let clean: String = words
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect();
    format!(
        "\"{}\"",
        clean.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

impl Store {
    /// The WHERE clause of `f` (after `WHERE 1 = 1`) and its bound values.
    fn filter_sql(
        &self,
        f: &TaskFilter,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> (String, Vec<Bind>) {
        let st = status_sql(today, due_soon_days);
        let mut sql = String::new();
        let mut binds: Vec<Bind> = Vec::new();
        let arg = |b: Bind, binds: &mut Vec<Bind>| {
            binds.push(b);
            format!("${}", binds.len())
        };
        if !f.include_drafts {
            sql.push_str(" AND d.state = 'confirmed'");
        }
        if let Some(a) = f.agency {
            let p = arg(Bind::I(a), &mut binds);
            sql.push_str(&format!(
                " AND {}",
                crate::status_sql::reach_sql(&p, f.part)
            ));
        }
        if let Some(root) = f.scope {
            let p = arg(Bind::I(root), &mut binds);
            sql.push_str(&format!(
                " AND t.id IN (SELECT task_id FROM task_agencies WHERE role = 'lead' AND agency_id IN \
                 (SELECT id FROM agencies WHERE id = {p} OR parent_id = {p}))"
            ));
        }
        if let Some(s) = f.status {
            // A range predicate the due-date index can serve, then the exact rule.
            let today_s = today.to_string();
            match s {
                Status::Overdue => {
                    let p = arg(Bind::S(today_s), &mut binds);
                    sql.push_str(&format!(" AND {}", crate::status_sql::overdue_sql(&p)));
                }
                Status::DueSoon => {
                    let p = arg(Bind::S(today_s), &mut binds);
                    sql.push_str(&format!(
                        " AND t.completed_on IS NULL AND t.due_effective >= {p}"
                    ));
                }
                _ => {}
            }
            let p = arg(Bind::S(s.code().to_owned()), &mut binds);
            sql.push_str(&format!(" AND {st} = {p}"));
        }
        if let Some(a) = f.area {
            let p = arg(Bind::S(format!("%,{},%", a.code())), &mut binds);
            sql.push_str(&format!(" AND (',' || t.area_tags || ',') LIKE {p}"));
        }
        if let Some(d) = f.due_from {
            let p = arg(Bind::S(d.to_string()), &mut binds);
            sql.push_str(&format!(" AND t.due_effective >= {p}"));
        }
        if let Some(d) = f.due_to {
            let p = arg(Bind::S(d.to_string()), &mut binds);
            sql.push_str(&format!(" AND t.due_effective <= {p}"));
        }
        if let Some(d) = f.directive {
            let p = arg(Bind::I(d), &mut binds);
            sql.push_str(&format!(" AND t.directive_id = {p}"));
        }
        if let Some(q) = f.text.as_deref().map(fold).filter(|q| !q.trim().is_empty()) {
            match self.backend() {
                Backend::Sqlite => {
                    let p = arg(Bind::S(fts_phrase(&q)), &mut binds);
                    sql.push_str(&format!(
                        " AND t.id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH {p})"
                    ));
                }
                Backend::Postgres => {
                    let p = arg(Bind::S(q), &mut binds);
                    sql.push_str(&format!(
                        " AND t.search_vector @@ phraseto_tsquery('simple', {p})"
                    ));
                }
            }
        }
        if let Some(d) = f.completed_from {
            let p = arg(Bind::S(d.to_string()), &mut binds);
            sql.push_str(&format!(" AND t.completed_on >= {p}"));
        }
        if let Some(d) = f.completed_to {
            let p = arg(Bind::S(d.to_string()), &mut binds);
            sql.push_str(&format!(" AND t.completed_on <= {p}"));
        }
        if f.open_only {
            sql.push_str(&format!(" AND {}", crate::status_sql::OPEN_SQL));
        }
        (sql, binds)
    }

    /// Tasks matching `f` counted by status, each task once (however many
    /// agencies lead it).
    pub async fn status_counts(
        &self,
        f: &TaskFilter,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Result<HashMap<Status, i64>, StoreError> {
        let st = status_sql(today, due_soon_days);
        let (filter, binds) = self.filter_sql(f, today, due_soon_days);
        let sql = format!(
            "SELECT {st} AS status, COUNT(*) FROM tasks t JOIN directives d ON d.id = t.directive_id \
             WHERE 1 = 1{filter} GROUP BY status"
        );
        let mut q = sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(sql));
        for b in binds {
            q = match b {
                Bind::I(i) => q.bind(i),
                Bind::S(s) => q.bind(s),
            };
        }
        let mut out = HashMap::new();
        for (code, n) in q.fetch_all(self.pool()).await? {
            *out.entry(known(&code, "status", Status::from_code)?)
                .or_default() += n;
        }
        Ok(out)
    }

    /// How many tasks match `f` (its limit and offset aside).
    pub async fn count_tasks(
        &self,
        f: &TaskFilter,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Result<i64, StoreError> {
        let (filter, binds) = self.filter_sql(f, today, due_soon_days);
        let sql = format!(
            "SELECT COUNT(*) FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE 1 = 1{filter}"
        );
        let mut q = sqlx::query_scalar(AssertSqlSafe(sql));
        for b in binds {
            q = match b {
                Bind::I(i) => q.bind(i),
                Bind::S(s) => q.bind(s),
            };
        }
        Ok(q.fetch_one(self.pool()).await?)
    }

    /// Tasks matching `f`, in its order, with their status on `today`.
    pub async fn tasks(
        &self,
        f: &TaskFilter,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Result<Vec<TaskRow>, StoreError> {
        let st = status_sql(today, due_soon_days);
        let (filter, mut binds) = self.filter_sql(f, today, due_soon_days);
        let mut sql = format!(
            "SELECT t.id, t.directive_id, d.number, t.text, t.due_effective, t.due_original, t.recurrence, {st} AS status, \
             t.area_tags, t.completed_on FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE 1 = 1{filter}"
        );
        let arg = |b: Bind, binds: &mut Vec<Bind>| {
            binds.push(b);
            format!("${}", binds.len())
        };
        let limit = if f.limit <= 0 {
            200
        } else {
            f.limit.min(MAX_LIST)
        };
        let pl = arg(Bind::I(limit), &mut binds);
        let po = arg(Bind::I(f.offset.max(0)), &mut binds);
        let order = match f.sort {
            Sort::Due => "t.due_effective IS NULL, t.due_effective, t.id",
            Sort::DueDesc => "t.due_effective IS NULL, t.due_effective DESC, t.id DESC",
            Sort::Newest => "t.id DESC",
            Sort::Completed => "t.completed_on IS NULL, t.completed_on DESC, t.id DESC",
        };
        sql.push_str(&format!(" ORDER BY {order} LIMIT {pl} OFFSET {po}"));

        let mut q = sqlx::query(AssertSqlSafe(sql));
        for b in binds {
            q = match b {
                Bind::I(i) => q.bind(i),
                Bind::S(s) => q.bind(s),
            };
        }
        let rows = q.fetch_all(self.pool()).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(task_row(&r)?);
        }
        let ids: Vec<i64> = out.iter().map(|t| t.id).collect();
        let leads = self.agency_names(&ids, "lead").await?;
        for t in &mut out {
            t.lead = leads.get(&t.id).cloned().unwrap_or_default();
        }
        Ok(out)
    }

    /// Agency names of the given role for each task id.
    pub(crate) async fn agency_names(
        &self,
        ids: &[i64],
        role: &str,
    ) -> Result<HashMap<i64, Vec<String>>, StoreError> {
        let mut out: HashMap<i64, Vec<String>> = HashMap::new();
        for chunk in ids.chunks(500) {
            if chunk.is_empty() {
                continue;
            }
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let sql = format!(
                "SELECT ta.task_id, a.name FROM task_agencies ta JOIN agencies a ON a.id = ta.agency_id \
                 WHERE ta.role = $1 AND ta.task_id IN ({}) ORDER BY a.name",
                list.join(",")
            );
            let rows: Vec<(i64, String)> = sqlx::query_as(AssertSqlSafe(sql))
                .bind(role)
                .fetch_all(self.pool())
                .await?;
            for (id, name) in rows {
                out.entry(id).or_default().push(name);
            }
        }
        Ok(out)
    }

    /// One task with its history.
    pub async fn task(
        &self,
        id: i64,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Result<TaskDetail, StoreError> {
        let st = status_sql(today, due_soon_days);
        let sql = format!(
            "SELECT t.id, t.directive_id, d.number, t.text, t.due_effective, t.due_original, t.recurrence, {st}, \
             t.area_tags, t.completed_on, t.first_line, t.last_line, t.due_text, t.deliverable, t.parent_id FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.id = $1"
        );
        let r = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound { what: "task", id })?;
        let lead = self
            .agency_names(&[id], "lead")
            .await?
            .remove(&id)
            .unwrap_or_default();
        let support = self
            .agency_names(&[id], "support")
            .await?
            .remove(&id)
            .unwrap_or_default();
        let row = TaskRow {
            lead,
            ..task_row(&r)?
        };
        let mentions = sqlx::query_as(
            "SELECT m.directive_id, d.number, m.first_line, m.last_line FROM task_mentions m \
             JOIN directives d ON d.id = m.directive_id WHERE m.task_id = $1 ORDER BY m.directive_id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let updates: Vec<(String, i64, String, String, String)> = sqlx::query_as(
            "SELECT on_date, percent, body, by_user, evidence FROM updates WHERE task_id = $1 ORDER BY on_date, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let updates = updates
            .into_iter()
            .map(|(on, percent, body, by, evidence)| UpdateEntry {
                on,
                percent,
                body,
                by,
                evidence: evidence
                    .split('|')
                    .filter(|e| !e.trim().is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
            .collect();
        type ChangeTuple = (
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            i64,
        );
        let changes: Vec<ChangeTuple> = sqlx::query_as(
            "SELECT id, requested_due, reason, requested_by, decision, decided_by, note, objective FROM deadline_changes \
             WHERE task_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let deadline_changes = changes
            .into_iter()
            .map(
                |(id, requested, reason, requested_by, state, decided_by, note, objective)| {
                    Ok(ChangeEntry {
                        id,
                        requested,
                        reason,
                        requested_by,
                        state: known(&state, "decision", ChangeState::from_code)?,
                        decided_by,
                        note,
                        objective: objective == 1,
                    })
                },
            )
            .collect::<Result<_, StoreError>>()?;
        type ClaimTuple = (String, String, String, String, Option<String>);
        let claims: Vec<ClaimTuple> = sqlx::query_as(
            "SELECT claimed_on, claimed_by, note, appraisal, appraisal_note FROM completions WHERE task_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let completions = claims
            .into_iter()
            .map(
                |(claimed_on, claimed_by, note, appraisal, appraisal_note)| {
                    Ok(ClaimEntry {
                        claimed_on,
                        claimed_by,
                        note,
                        appraisal: known(&appraisal, "appraisal", Appraisal::from_code)?,
                        appraisal_note,
                    })
                },
            )
            .collect::<Result<_, StoreError>>()?;
        let audit = self.audit("task", id).await?;
        Ok(TaskDetail {
            row,
            support,
            first_line: r.try_get(10)?,
            last_line: r.try_get(11)?,
            due_text: r.try_get(12)?,
            deliverable: r.try_get(13)?,
            parent: r.try_get(14)?,
            mentions,
            updates,
            deadline_changes,
            completions,
            audit,
        })
    }

    /// The audit trail of one entity, oldest first.
    pub async fn audit(&self, entity: &str, id: i64) -> Result<Vec<AuditRow>, StoreError> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT at, actor, action, detail FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id",
        )
        .bind(entity)
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, actor, action, detail)| AuditRow {
                at,
                actor,
                action,
                entity: entity.to_owned(),
                entity_id: Some(id),
                detail,
            })
            .collect())
    }

    pub async fn agencies(&self) -> Result<Vec<AgencyRow>, StoreError> {
        let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT a.id, a.name, a.kind, p.name FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id ORDER BY a.kind, a.name",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, name, kind, parent)| {
                Ok(AgencyRow {
                    id,
                    name,
                    kind: known(&kind, "kind", AgencyKind::from_code)?,
                    parent,
                })
            })
            .collect()
    }

    /// One agency by id.
    pub async fn agency(&self, id: i64) -> Result<AgencyRow, StoreError> {
        let row: Option<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT a.id, a.name, a.kind, p.name FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        let (id, name, kind, parent) = row.ok_or(StoreError::NotFound { what: "agency", id })?;
        Ok(AgencyRow {
            id,
            name,
            kind: known(&kind, "kind", AgencyKind::from_code)?,
            parent,
        })
    }

    /// The agency whose name (or folded name) is `name`.
    pub async fn agency_by_name(&self, name: &str) -> Result<Option<AgencyRow>, StoreError> {
        let key = fold(name);
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT id, name, kind FROM agencies WHERE name = $1 OR search_key = $2",
        )
        .bind(name)
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        row.map(|(id, name, kind)| {
            Ok(AgencyRow {
                id,
                name,
                kind: known(&kind, "kind", AgencyKind::from_code)?,
                parent: None,
            })
        })
        .transpose()
    }

    /// Task counts by status, overall and per lead agency (confirmed
    /// directives). `scope` limits them to one agency and the agencies under
    /// it (a province's dashboard); `None` counts everything.
    pub async fn summary(
        &self,
        scope: Option<i64>,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Result<Summary, StoreError> {
        let st = status_sql(today, due_soon_days);
        // Start from the agencies in scope, so that the planner walks their
        // tasks through the (agency, role, task) index instead of every task.
        let agencies = if scope.is_some() {
            "(SELECT id FROM agencies WHERE id = $1 UNION SELECT id FROM agencies WHERE parent_id = $1)"
        } else {
            "(SELECT id FROM agencies)"
        };
        let pairs = crate::status_sql::answers_pairs(agencies);
        let sql = format!(
            "SELECT x.agency_id, a.name, {st} AS status, COUNT(*) FROM {pairs} x \
             JOIN tasks t ON t.id = x.task_id \
             JOIN directives d ON d.id = t.directive_id AND d.state = 'confirmed' \
             JOIN agencies a ON a.id = x.agency_id GROUP BY x.agency_id, a.name, status"
        );
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        if let Some(root) = scope {
            q = q.bind(root);
        }
        let rows: Vec<(i64, String, String, i64)> = q.fetch_all(self.pool()).await?;
        let mut by: HashMap<i64, SummaryRow> = HashMap::new();
        let mut totals: HashMap<Status, i64> = HashMap::new();
        for (id, name, code, n) in rows {
            let s = known(&code, "status", Status::from_code)?;
            *totals.entry(s).or_default() += n;
            *by.entry(id)
                .or_insert_with(|| SummaryRow {
                    agency_id: id,
                    agency: name,
                    counts: HashMap::new(),
                })
                .counts
                .entry(s)
                .or_default() += n;
        }
        let mut by_agency: Vec<SummaryRow> = by.into_values().collect();
        by_agency.sort_by(|a, b| {
            let late = |r: &SummaryRow| r.counts.get(&Status::Overdue).copied().unwrap_or(0);
            late(b).cmp(&late(a)).then(a.agency.cmp(&b.agency))
        });
        Ok(Summary { totals, by_agency })
    }
}

impl Store {
    /// Runs one administrative statement (`CREATE DATABASE ...`) outside any
    /// transaction. For tests and setup, never with user input.
    pub async fn execute_admin(&self, sql: &str) -> Result<(), StoreError> {
        sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Evaluates the SQL status rule over given facts (due, completed on, last
    /// update, paused, cancelled), so tests can hold it equal to
    /// [`status::derive`].
    #[doc(hidden)]
    pub async fn status_probe(
        &self,
        cases: &[(&str, &str, &str, bool, bool)],
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Result<Vec<(Status, bool, bool)>, StoreError> {
        let st = status_sql(today, due_soon_days);
        let sql = format!(
            "SELECT {st}, CASE WHEN {open} THEN 1 ELSE 0 END, CASE WHEN {overdue} THEN 1 ELSE 0 END \
             FROM (SELECT CAST($1 AS TEXT) AS due_effective, CAST($2 AS TEXT) AS completed_on, \
             CAST($3 AS TEXT) AS last_update_on, CAST($4 AS BIGINT) AS paused, CAST($5 AS BIGINT) AS cancelled) t",
            open = crate::status_sql::OPEN_SQL,
            overdue = crate::status_sql::overdue_sql(&format!("'{today}'")),
        );
        let mut out = Vec::new();
        for (due, done, upd, paused, cancelled) in cases {
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            let (code, open, overdue): (String, i64, i64) =
                sqlx::query_as(AssertSqlSafe(sql.clone()))
                    .bind(opt(due))
                    .bind(opt(done))
                    .bind(opt(upd))
                    .bind(i64::from(*paused))
                    .bind(i64::from(*cancelled))
                    .fetch_one(self.pool())
                    .await?;
            out.push((
                known(&code, "status", Status::from_code)?,
                open == 1,
                overdue == 1,
            ));
        }
        Ok(out)
    }

    /// Evaluates the SQL flag rule (`flag_sql`) over reminder counts; for
    /// the test that holds it equal to [`dondoc_domain::escalation::flagged`].
    #[doc(hidden)]
    pub async fn flag_probe(
        &self,
        counts: &[i64],
        flag_after: u32,
    ) -> Result<Vec<bool>, StoreError> {
        let sql = format!(
            "SELECT {} FROM (SELECT CAST($1 AS BIGINT) AS n) c",
            crate::status_sql::flag_sql("c.n", flag_after)
        );
        let mut out = Vec::new();
        for n in counts {
            let v: i64 = sqlx::query_scalar(AssertSqlSafe(sql.clone()))
                .bind(*n)
                .fetch_one(self.pool())
                .await?;
            out.push(v == 1);
        }
        Ok(out)
    }
}
