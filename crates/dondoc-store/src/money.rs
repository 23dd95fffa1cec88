//! Money (giải ngân): projects and funds with their allocation for a year,
//! monthly plan and monthly disbursement in whole đồng, the tasks they
//! serve, imports of the finance department's workbook, and the year's
//! budget for the S&T spending share.
//!
//! The rules (progress, behind plan, totals) are the domain's
//! (`dondoc_domain::disbursement`): the store reads projects back as the
//! domain's [`Project`] and the callers compute with them. Every change is
//! one transaction with its audit entry. A project is keyed by (code, year):
//! an import upserts by that key and changes only what differs, and a file
//! already imported (its SHA-256) is recognised and changes nothing.

use crate::query::known;
use crate::{Backend, Store, StoreError};
use chrono::NaiveDate;
use dondoc_domain::disbursement::{CapitalSource, Monthly, Programme, Project};
use dondoc_domain::money::{Dong, Rate};
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;

/// A stored project: the domain's project (its `agency` is the owner's id
/// as text) with its id and the owner's name.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredProject {
    pub id: i64,
    pub agency_id: i64,
    pub agency: String,
    pub project: Project,
}

/// Which projects to read.
#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    /// Projects of this agency and of the agencies directly under it (a
    /// province's deployment).
    pub scope: Option<i64>,
    /// Projects of this owner agency.
    pub agency: Option<i64>,
    pub year: Option<i32>,
    pub source: Option<CapitalSource>,
}

/// A project read from a workbook (or typed in), its owner resolved.
#[derive(Debug, Clone)]
pub struct ProjectInput {
    pub agency_id: i64,
    /// The project; its `agency` field is ignored (`agency_id` rules).
    pub project: Project,
}

/// A disbursement workbook to store, after its preview.
pub struct DisbursementBatch<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub rows: &'a [ProjectInput],
    pub by: &'a str,
}

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// The batch recorded (none when the file was imported before).
    pub batch: Option<i64>,
    /// When the same file was imported before: (when, by whom).
    pub already: Option<(String, String)>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// An import as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub rows: i64,
    pub created: i64,
    pub updated: i64,
    pub by: String,
    pub at: String,
}

/// A task a project serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedTask {
    pub id: i64,
    pub text: String,
    pub directive_id: i64,
    pub directive_number: Option<String>,
    pub due: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
}

/// A project a task has: (id, code, name, year).
pub type ProjectRef = (i64, String, String, i32);

/// A year's budget spending and the S&T share it must reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetYear {
    pub total: Dong,
    pub required: Rate,
}

/// The S&T share Resolution 57 requires by default: 3 % of budget spending.
pub const DEFAULT_REQUIRED_BP: i64 = 300;

type ProjectTuple = (i64, String, i64, String, i64, String, String, String, i64);
type ImportTuple = (i64, String, String, i64, i64, i64, String, String);
type LinkedTuple = (
    i64,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn year_of(y: i64) -> Result<i32, StoreError> {
    i32::try_from(y).map_err(|_| StoreError::invalid("year", format!("stored year {y}")))
}

fn month_index(month: i64) -> Result<usize, StoreError> {
    usize::try_from(month)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .map(|m| m - 1)
        .ok_or_else(|| StoreError::invalid("month", format!("stored month {month}")))
}

impl ProjectFilter {
    /// The WHERE conditions over `projects p` and their bound values.
    fn sql(&self) -> (String, Vec<MoneyBind>) {
        let mut sql = String::new();
        let mut binds = Vec::new();
        let mut arg = |b: MoneyBind| {
            binds.push(b);
            format!("${}", binds.len())
        };
        if let Some(root) = self.scope {
            let p = arg(MoneyBind::I(root));
            sql.push_str(&format!(
                " AND p.agency_id IN (SELECT id FROM agencies WHERE id = {p} OR parent_id = {p})"
            ));
        }
        if let Some(a) = self.agency {
            let p = arg(MoneyBind::I(a));
            sql.push_str(&format!(" AND p.agency_id = {p}"));
        }
        if let Some(y) = self.year {
            let p = arg(MoneyBind::I(i64::from(y)));
            sql.push_str(&format!(" AND p.year = {p}"));
        }
        if let Some(s) = self.source {
            let p = arg(MoneyBind::S(s.code().to_owned()));
            sql.push_str(&format!(" AND p.source = {p}"));
        }
        (sql, binds)
    }
}

enum MoneyBind {
    I(i64),
    S(String),
}

macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                MoneyBind::I(i) => q.bind(i),
                MoneyBind::S(s) => q.bind(s),
            };
        }
        q
    }};
}

/// Months as stored: (plan, actual) per month, January first.
async fn months_of(
    conn: &mut sqlx::AnyConnection,
    project: i64,
) -> Result<[(Dong, Dong); 12], StoreError> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT month, plan, actual FROM project_months WHERE project_id = $1 ORDER BY month",
    )
    .bind(project)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = [(Dong::ZERO, Dong::ZERO); 12];
    for (m, plan, actual) in rows {
        out[month_index(m)?] = (Dong(plan), Dong(actual));
    }
    Ok(out)
}

async fn insert_months(
    conn: &mut sqlx::AnyConnection,
    project: i64,
    plan: &Monthly,
    actual: &Monthly,
) -> Result<(), StoreError> {
    let values: Vec<String> = (1..=12u32)
        .map(|m| {
            format!(
                "({project}, {m}, {}, {})",
                plan.month(m).value(),
                actual.month(m).value()
            )
        })
        .collect();
    // Integers only: nothing user-written is inlined.
    let sql = format!(
        "INSERT INTO project_months (project_id, month, plan, actual) VALUES {}",
        values.join(",")
    );
    sqlx::query(AssertSqlSafe(sql)).execute(&mut *conn).await?;
    Ok(())
}

impl Store {
    /// Projects matching `f`, by owner name then code, with their months.
    pub async fn projects(&self, f: &ProjectFilter) -> Result<Vec<StoredProject>, StoreError> {
        let (filter, binds) = f.sql();
        let sql = format!(
            "SELECT p.id, p.code, p.year, p.name, p.agency_id, a.name, p.source, p.programme, p.allocation \
             FROM projects p JOIN agencies a ON a.id = p.agency_id WHERE 1 = 1{filter} ORDER BY a.name, p.code, p.year"
        );
        let rows: Vec<ProjectTuple> = bind_all!(sqlx::query_as(AssertSqlSafe(sql)), binds)
            .fetch_all(self.pool())
            .await?;
        let (filter, binds) = f.sql();
        let sql = format!(
            "SELECT m.project_id, m.month, m.plan, m.actual FROM project_months m \
             JOIN projects p ON p.id = m.project_id WHERE 1 = 1{filter}"
        );
        let months: Vec<(i64, i64, i64, i64)> =
            bind_all!(sqlx::query_as(AssertSqlSafe(sql)), binds)
                .fetch_all(self.pool())
                .await?;
        let mut by_project: HashMap<i64, [(Dong, Dong); 12]> = HashMap::new();
        for (p, m, plan, actual) in months {
            by_project
                .entry(p)
                .or_insert([(Dong::ZERO, Dong::ZERO); 12])[month_index(m)?] =
                (Dong(plan), Dong(actual));
        }
        rows.into_iter()
            .map(|r| {
                let months = by_project
                    .get(&r.0)
                    .copied()
                    .unwrap_or([(Dong::ZERO, Dong::ZERO); 12]);
                stored(r, months)
            })
            .collect()
    }

    /// One project with its months.
    pub async fn project(&self, id: i64) -> Result<StoredProject, StoreError> {
        let row: Option<ProjectTuple> = sqlx::query_as(
            "SELECT p.id, p.code, p.year, p.name, p.agency_id, a.name, p.source, p.programme, p.allocation \
             FROM projects p JOIN agencies a ON a.id = p.agency_id WHERE p.id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        let row = row.ok_or(StoreError::NotFound {
            what: "project",
            id,
        })?;
        let mut conn = self.pool().acquire().await?;
        let months = months_of(&mut conn, id).await?;
        stored(row, months)
    }

    /// The owner agency of a project (for access checks).
    pub async fn project_owner(&self, id: i64) -> Result<i64, StoreError> {
        let owner: Option<i64> = sqlx::query_scalar("SELECT agency_id FROM projects WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        owner.ok_or(StoreError::NotFound {
            what: "project",
            id,
        })
    }

    /// Stores a previewed disbursement workbook: projects created or
    /// updated by (code, year), only what differs; the file kept. The same
    /// file a second time changes nothing (and says when it was imported).
    pub async fn import_disbursements(
        &self,
        b: DisbursementBatch<'_>,
    ) -> Result<ImportOutcome, StoreError> {
        let sha = crate::ingest::sha256_hex(b.bytes);
        let mut tx = self.begin_write().await?;
        let before: Option<(String, String)> = sqlx::query_as(
            "SELECT imported_at, imported_by FROM money_imports WHERE kind = 'disbursement' AND file_sha256 = $1",
        )
        .bind(&sha)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(before) = before {
            tx.commit().await?;
            return Ok(ImportOutcome {
                already: Some(before),
                unchanged: b.rows.len(),
                ..ImportOutcome::default()
            });
        }
        let mut out = ImportOutcome::default();
        let now = crate::now();
        for row in b.rows {
            let p = &row.project;
            let lock = match self.backend() {
                Backend::Sqlite => "",
                Backend::Postgres => " FOR UPDATE",
            };
            let found: Option<(i64, String, i64, String, String, i64)> = sqlx::query_as(AssertSqlSafe(format!(
                "SELECT id, name, agency_id, source, programme, allocation FROM projects WHERE code = $1 AND year = $2{lock}"
            )))
            .bind(&p.code)
            .bind(i64::from(p.year))
            .fetch_optional(&mut *tx)
            .await?;
            match found {
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO projects (code, year, name, agency_id, source, programme, allocation, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                    )
                    .bind(&p.code)
                    .bind(i64::from(p.year))
                    .bind(&p.name)
                    .bind(row.agency_id)
                    .bind(p.source.code())
                    .bind(p.programme.code())
                    .bind(p.allocation.value())
                    .bind(&now)
                    .fetch_one(&mut *tx)
                    .await?;
                    insert_months(&mut tx, id, &p.plan, &p.actual).await?;
                    crate::audit::record(
                        &mut tx,
                        b.by,
                        "project.import",
                        "project",
                        Some(id),
                        &format!(
                            "{} {}: tạo mới từ {} (kế hoạch vốn {})",
                            p.code, p.year, b.file_name, p.allocation
                        ),
                    )
                    .await?;
                    out.created += 1;
                }
                Some((id, name, agency, source, programme, allocation)) => {
                    let mut changes = Vec::new();
                    if name != p.name
                        || agency != row.agency_id
                        || source != p.source.code()
                        || programme != p.programme.code()
                        || allocation != p.allocation.value()
                    {
                        if allocation != p.allocation.value() {
                            changes.push(format!(
                                "kế hoạch vốn {} → {}",
                                Dong(allocation),
                                p.allocation
                            ));
                        }
                        sqlx::query(
                            "UPDATE projects SET name = $1, agency_id = $2, source = $3, programme = $4, allocation = $5, updated_at = $6 WHERE id = $7",
                        )
                        .bind(&p.name)
                        .bind(row.agency_id)
                        .bind(p.source.code())
                        .bind(p.programme.code())
                        .bind(p.allocation.value())
                        .bind(&now)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                        if changes.is_empty() {
                            changes.push("thông tin dự án".to_owned());
                        }
                    }
                    let stored = months_of(&mut tx, id).await?;
                    for (i, (plan, actual)) in stored.iter().enumerate() {
                        let m = i as u32 + 1;
                        let (new_plan, new_actual) = (p.plan.month(m), p.actual.month(m));
                        if (*plan, *actual) != (new_plan, new_actual) {
                            sqlx::query(
                                "INSERT INTO project_months (project_id, month, plan, actual) VALUES ($1, $2, $3, $4) \
                                 ON CONFLICT (project_id, month) DO UPDATE SET plan = excluded.plan, actual = excluded.actual",
                            )
                            .bind(id)
                            .bind(i64::from(m))
                            .bind(new_plan.value())
                            .bind(new_actual.value())
                            .execute(&mut *tx)
                            .await?;
                            if *actual != new_actual {
                                changes.push(format!("giải ngân T{m} {actual} → {new_actual}"));
                            }
                            if *plan != new_plan {
                                changes.push(format!("kế hoạch T{m} {plan} → {new_plan}"));
                            }
                        }
                    }
                    if changes.is_empty() {
                        out.unchanged += 1;
                    } else {
                        crate::audit::record(
                            &mut tx,
                            b.by,
                            "project.import",
                            "project",
                            Some(id),
                            &format!(
                                "{} {} (từ {}): {}",
                                p.code,
                                p.year,
                                b.file_name,
                                changes.join("; ")
                            ),
                        )
                        .await?;
                        out.updated += 1;
                    }
                }
            }
        }
        let batch: i64 = sqlx::query_scalar(
            "INSERT INTO money_imports (kind, file_name, file_sha256, file_bytes, row_count, created, updated, imported_by, imported_at) \
             VALUES ('disbursement', $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(b.file_name)
        .bind(&sha)
        .bind(b.bytes.to_vec())
        .bind(b.rows.len() as i64)
        .bind(out.created as i64)
        .bind(out.updated as i64)
        .bind(b.by)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            b.by,
            "money.import",
            "money_import",
            Some(batch),
            &format!(
                "{}: {} dòng; {} tạo mới, {} cập nhật, {} không đổi",
                b.file_name,
                b.rows.len(),
                out.created,
                out.updated,
                out.unchanged
            ),
        )
        .await?;
        tx.commit().await?;
        out.batch = Some(batch);
        Ok(out)
    }

    /// Recent imports, newest first.
    pub async fn money_imports(&self, limit: i64) -> Result<Vec<ImportRecord>, StoreError> {
        let rows: Vec<ImportTuple> = sqlx::query_as(
            "SELECT id, kind, file_name, row_count, created, updated, imported_by, imported_at \
             FROM money_imports ORDER BY id DESC LIMIT $1",
        )
        .bind(limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| ImportRecord {
                id: r.0,
                kind: r.1,
                file_name: r.2,
                rows: r.3,
                created: r.4,
                updated: r.5,
                by: r.6,
                at: r.7,
            })
            .collect())
    }

    /// Records a month's disbursement of a project, typed in by its agency.
    /// Conditional on the amount the form showed (`was`): of two entries
    /// made from the same page, the second is refused (409) rather than
    /// silently overwriting the first.
    pub async fn record_actual(
        &self,
        project: i64,
        month: u32,
        was: Dong,
        amount: Dong,
        by: &str,
    ) -> Result<(), StoreError> {
        if !(1..=12).contains(&month) {
            return Err(StoreError::invalid("month", format!("{month}: 1–12")));
        }
        if amount.is_negative() {
            return Err(StoreError::invalid(
                "amount",
                "số tiền giải ngân không được âm",
            ));
        }
        let mut tx = self.begin_write().await?;
        let lock = match self.backend() {
            Backend::Sqlite => "SELECT id FROM projects WHERE id = $1",
            Backend::Postgres => "SELECT id FROM projects WHERE id = $1 FOR UPDATE",
        };
        let found: Option<i64> = sqlx::query_scalar(lock)
            .bind(project)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound {
                what: "project",
                id: project,
            });
        }
        let n = sqlx::query(
            "UPDATE project_months SET actual = $1 WHERE project_id = $2 AND month = $3 AND actual = $4",
        )
        .bind(amount.value())
        .bind(project)
        .bind(i64::from(month))
        .bind(was.value())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            let now: Option<i64> = sqlx::query_scalar(
                "SELECT actual FROM project_months WHERE project_id = $1 AND month = $2",
            )
            .bind(project)
            .bind(i64::from(month))
            .fetch_optional(&mut *tx)
            .await?;
            return Err(StoreError::Conflict(format!(
                "Số liệu giải ngân tháng {month} của dự án này vừa được cập nhật (hiện là {}). Hãy tải lại trang rồi nhập lại.",
                Dong(now.unwrap_or(0))
            )));
        }
        sqlx::query("UPDATE projects SET updated_at = $1 WHERE id = $2")
            .bind(crate::now())
            .bind(project)
            .execute(&mut *tx)
            .await?;
        crate::audit::record(
            &mut tx,
            by,
            "project.actual",
            "project",
            Some(project),
            &format!("giải ngân tháng {month}: {was} → {amount}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Links a project to a task that calls for it.
    pub async fn link_project_task(
        &self,
        project: i64,
        task: i64,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        crate::write::lock_task(&mut tx, self.backend(), task).await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM projects WHERE id = $1")
            .bind(project)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound {
                what: "project",
                id: project,
            });
        }
        let n = sqlx::query(
            "INSERT INTO project_tasks (project_id, task_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(project)
        .bind(task)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(StoreError::Conflict(
                "Dự án đã được liên kết với nhiệm vụ này.".into(),
            ));
        }
        crate::audit::record(
            &mut tx,
            by,
            "project.link",
            "project",
            Some(project),
            &format!("nhiệm vụ {task}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a project's link to a task.
    pub async fn unlink_project_task(
        &self,
        project: i64,
        task: i64,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("DELETE FROM project_tasks WHERE project_id = $1 AND task_id = $2")
            .bind(project)
            .bind(task)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Err(StoreError::Conflict(
                "Dự án không (còn) liên kết với nhiệm vụ này.".into(),
            ));
        }
        crate::audit::record(
            &mut tx,
            by,
            "project.unlink",
            "project",
            Some(project),
            &format!("nhiệm vụ {task}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The tasks a project serves.
    pub async fn project_tasks(&self, project: i64) -> Result<Vec<LinkedTask>, StoreError> {
        let rows: Vec<LinkedTuple> =
            sqlx::query_as(
                "SELECT t.id, t.text, t.directive_id, d.number, t.due_effective, t.completed_on \
                 FROM project_tasks pt JOIN tasks t ON t.id = pt.task_id JOIN directives d ON d.id = t.directive_id \
                 WHERE pt.project_id = $1 ORDER BY t.id",
            )
            .bind(project)
            .fetch_all(self.pool())
            .await?;
        let day =
            |s: Option<String>| s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
        Ok(rows
            .into_iter()
            .map(
                |(id, text, directive_id, directive_number, due, done)| LinkedTask {
                    id,
                    text,
                    directive_id,
                    directive_number,
                    due: day(due),
                    completed_on: day(done),
                },
            )
            .collect())
    }

    /// The projects a task has.
    pub async fn task_projects(&self, task: i64) -> Result<Vec<ProjectRef>, StoreError> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT p.id, p.code, p.name, p.year FROM project_tasks pt JOIN projects p ON p.id = pt.project_id \
             WHERE pt.task_id = $1 ORDER BY p.year, p.code",
        )
        .bind(task)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, code, name, year)| Ok((id, code, name, year_of(year)?)))
            .collect()
    }

    /// The budget of `year` for the S&T share (per deployment scope, 0 for all).
    pub async fn budget_year(
        &self,
        scope: i64,
        year: i32,
    ) -> Result<Option<BudgetYear>, StoreError> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT total, required_bp FROM budget_years WHERE scope_id = $1 AND year = $2",
        )
        .bind(scope)
        .bind(i64::from(year))
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(total, bp)| BudgetYear {
            total: Dong(total),
            required: Rate::from_basis_points(bp),
        }))
    }

    /// Sets the year's budget spending and the required S&T share.
    pub async fn set_budget_year(
        &self,
        scope: i64,
        year: i32,
        total: Dong,
        required_bp: i64,
        by: &str,
    ) -> Result<(), StoreError> {
        if !total.value().is_positive() {
            return Err(StoreError::invalid(
                "total",
                "tổng chi ngân sách phải lớn hơn 0",
            ));
        }
        if !(1..=10_000).contains(&required_bp) {
            return Err(StoreError::invalid(
                "required",
                "mức quy định phải trong khoảng 0,01–100 %",
            ));
        }
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO budget_years (scope_id, year, total, required_bp) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (scope_id, year) DO UPDATE SET total = excluded.total, required_bp = excluded.required_bp",
        )
        .bind(scope)
        .bind(i64::from(year))
        .bind(total.value())
        .bind(required_bp)
        .execute(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            by,
            "budget.set",
            "budget_year",
            Some(i64::from(year)),
            &format!(
                "năm {year}: tổng chi {total}, mức KH&CN {}",
                Rate::from_basis_points(required_bp).format_percent(2)
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The last day each project was named in a digest for being behind plan.
    pub async fn projects_last_reminded(&self) -> Result<HashMap<i64, NaiveDate>, StoreError> {
        last_reminded(self, "project_id").await
    }

    /// The last day each indicator was named in a digest for a missing value.
    pub async fn indicators_last_reminded(&self) -> Result<HashMap<i64, NaiveDate>, StoreError> {
        last_reminded(self, "indicator_id").await
    }
}

async fn last_reminded(
    store: &Store,
    column: &'static str,
) -> Result<HashMap<i64, NaiveDate>, StoreError> {
    let sql = format!(
        "SELECT mi.{column}, MAX(r.on_date) FROM reminder_money_items mi JOIN reminders r ON r.id = mi.reminder_id \
         WHERE mi.{column} IS NOT NULL GROUP BY mi.{column}"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .fetch_all(store.pool())
        .await?;
    let mut out = HashMap::new();
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let on: String = r.try_get(1)?;
        if let Ok(d) = NaiveDate::parse_from_str(&on, "%Y-%m-%d") {
            out.insert(id, d);
        }
    }
    Ok(out)
}

fn stored(r: ProjectTuple, months: [(Dong, Dong); 12]) -> Result<StoredProject, StoreError> {
    let (id, code, year, name, agency_id, agency, source, programme, allocation) = r;
    Ok(StoredProject {
        id,
        agency_id,
        agency,
        project: Project {
            code,
            name,
            agency: agency_id.to_string(),
            source: known(&source, "source", CapitalSource::from_code)?,
            programme: known(&programme, "programme", Programme::from_code)?,
            year: year_of(year)?,
            allocation: Dong(allocation),
            plan: Monthly::per_month(months.map(|m| m.0)),
            actual: Monthly::per_month(months.map(|m| m.1)),
        },
    })
}
