//! Bulk loading for generated data sets (benchmarks, demos): many rows per
//! statement, many statements per transaction, ids assigned by the caller.

use crate::{Backend, Store, StoreError};
use chrono::NaiveDate;
use dondoc_extract::text::fold;
use sqlx::AssertSqlSafe;

/// One generated task.
#[derive(Debug, Clone)]
pub struct BulkTask {
    pub id: i64,
    pub directive_id: i64,
    pub text: String,
    pub lead: i64,
    pub support: Vec<i64>,
    pub due: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    /// (date, percent)
    pub updates: Vec<(NaiveDate, i64)>,
}

/// One generated report round (monthly, closed unless `open`).
#[derive(Debug, Clone)]
pub struct BulkRound {
    pub id: i64,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub due: NaiveDate,
    pub title: String,
    pub open: bool,
}

/// One generated report of an agency in a round.
#[derive(Debug, Clone)]
pub struct BulkReport {
    pub id: i64,
    pub round_id: i64,
    pub agency_id: i64,
    /// A `ReportState` code.
    pub state: &'static str,
    pub first_submitted_on: Option<NaiveDate>,
    pub highlights: String,
    pub difficulties: String,
    pub proposals: String,
    /// (action code, province date)
    pub events: Vec<(&'static str, NaiveDate)>,
    /// (task id, percent, result)
    pub items: Vec<(i64, i64, String)>,
}

/// SQL string literal (generated text only; quotes doubled).
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map_or("NULL".into(), |d| format!("'{d}'"))
}

impl Store {
    /// The next free id of `table`.
    pub async fn next_id(&self, table: &str) -> Result<i64, StoreError> {
        if !matches!(
            table,
            "agencies" | "directives" | "tasks" | "updates" | "report_rounds" | "reports"
        ) {
            return Err(StoreError::invalid("table", table.to_owned()));
        }
        let max: Option<i64> =
            sqlx::query_scalar(AssertSqlSafe(format!("SELECT MAX(id) FROM {table}")))
                .fetch_one(self.pool())
                .await?;
        Ok(max.unwrap_or(0) + 1)
    }

    /// Adds agencies (id, name, kind, parent id).
    pub async fn bulk_agencies(
        &self,
        rows: &[(i64, String, &str, Option<i64>)],
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for chunk in rows.chunks(400) {
            let values: Vec<String> = chunk
                .iter()
                .map(|(id, name, kind, parent)| {
                    format!(
                        "({id}, {}, {}, {}, '', '', {})",
                        lit(name),
                        lit(kind),
                        parent.map_or("NULL".into(), |p| p.to_string()),
                        lit(&fold(name))
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO agencies (id, name, kind, parent_id, aliases, codes, search_key) VALUES {}",
                values.join(",")
            );
            sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Adds confirmed directives (id, number, issued on) with their tasks and updates.
    pub async fn bulk_load(
        &self,
        directives: &[(i64, String, NaiveDate)],
        tasks: &[BulkTask],
        first_update_id: i64,
    ) -> Result<i64, StoreError> {
        let now = crate::now();
        let mut tx = self.begin_write().await?;
        for chunk in directives.chunks(200) {
            let values: Vec<String> = chunk
                .iter()
                .map(|(id, number, on)| {
                    format!(
                        "({id}, {}, 'Thông báo', '{on}', 'demo-{id}.txt', 'demo-{id}', {}, '', 'confirmed', {}, 'demo-data')",
                        lit(number),
                        if self.backend() == Backend::Postgres { "'\\x'::bytea" } else { "X''" },
                        lit(&now)
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO directives (id, number, kind, issued_on, file_name, file_sha256, file_bytes, body_text, state, ingested_at, ingested_by) VALUES {}",
                values.join(",")
            );
            sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *tx).await?;
        }
        let mut update_id = first_update_id;
        for chunk in tasks.chunks(300) {
            let mut t_rows = Vec::with_capacity(chunk.len());
            let mut a_rows = Vec::new();
            let mut m_rows = Vec::new();
            let mut u_rows = Vec::new();
            for t in chunk {
                let last = t.updates.iter().map(|u| u.0).max();
                t_rows.push(format!(
                    "({}, {}, 1, 1, {}, {}, {}, {}, {}, {}, {})",
                    t.id,
                    t.directive_id,
                    lit(&t.text),
                    lit(&fold(&t.text)),
                    opt_date(t.due),
                    opt_date(t.due),
                    opt_date(t.completed_on),
                    opt_date(last),
                    lit(&now)
                ));
                a_rows.push(format!("({}, {}, 'lead')", t.id, t.lead));
                for s in &t.support {
                    a_rows.push(format!("({}, {s}, 'support')", t.id));
                }
                m_rows.push(format!("({}, {}, 1, 1)", t.id, t.directive_id));
                for (on, pct) in &t.updates {
                    u_rows.push(format!(
                        "({update_id}, {}, {}, '{on}', {pct}, 'Báo cáo tiến độ', '', 'demo', {})",
                        t.id,
                        t.lead,
                        lit(&now)
                    ));
                    update_id += 1;
                }
            }
            let stmts = [
                format!(
                    "INSERT INTO tasks (id, directive_id, first_line, last_line, text, search_text, due_original, due_effective, completed_on, last_update_on, created_at) VALUES {}",
                    t_rows.join(",")
                ),
                format!(
                    "INSERT INTO task_agencies (task_id, agency_id, role) VALUES {}",
                    a_rows.join(",")
                ),
                format!(
                    "INSERT INTO task_mentions (task_id, directive_id, first_line, last_line) VALUES {}",
                    m_rows.join(",")
                ),
            ];
            for sql in stmts {
                sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *tx).await?;
            }
            for u in u_rows.chunks(1000) {
                let sql = format!(
                    "INSERT INTO updates (id, task_id, agency_id, on_date, percent, body, evidence, by_user, created_at) VALUES {}",
                    u.join(",")
                );
                sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(update_id)
    }

    /// Adds report rounds (kind monthly).
    pub async fn bulk_rounds(&self, rounds: &[BulkRound]) -> Result<(), StoreError> {
        let now = crate::now();
        let mut tx = self.begin_write().await?;
        for chunk in rounds.chunks(300) {
            let values: Vec<String> = chunk
                .iter()
                .map(|r| {
                    format!(
                        "({}, 'monthly', '{}', '{}', '{}', {}, '{}', 'demo-data', {})",
                        r.id,
                        r.start,
                        r.end,
                        r.due,
                        lit(&r.title),
                        if r.open { "open" } else { "closed" },
                        lit(&now)
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO report_rounds (id, kind, period_start, period_end, due_on, title, state, opened_by, opened_at) VALUES {}",
                values.join(",")
            );
            sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Adds reports with their events and task lines.
    pub async fn bulk_reports(&self, reports: &[BulkReport]) -> Result<(), StoreError> {
        let now = crate::now();
        let mut tx = self.begin_write().await?;
        for chunk in reports.chunks(400) {
            let mut r_rows = Vec::with_capacity(chunk.len());
            let mut e_rows = Vec::new();
            let mut i_rows = Vec::new();
            for r in chunk {
                r_rows.push(format!(
                    "({}, {}, {}, '{}', {}, {}, {}, {}, {})",
                    r.id,
                    r.round_id,
                    r.agency_id,
                    r.state,
                    lit(&r.highlights),
                    lit(&r.difficulties),
                    lit(&r.proposals),
                    opt_date(r.first_submitted_on),
                    if r.first_submitted_on.is_some() {
                        lit(&now)
                    } else {
                        "NULL".into()
                    },
                ));
                for (action, on) in &r.events {
                    e_rows.push(format!(
                        "({}, '{action}', '{on}', {}, 'demo-data')",
                        r.id,
                        lit(&now)
                    ));
                }
                for (task, percent, result) in &r.items {
                    i_rows.push(format!(
                        "({}, {task}, {percent}, {}, '')",
                        r.id,
                        lit(result)
                    ));
                }
            }
            let mut stmts = vec![format!(
                "INSERT INTO reports (id, round_id, agency_id, state, highlights, difficulties, proposals, first_submitted_on, submitted_at) VALUES {}",
                r_rows.join(",")
            )];
            if !e_rows.is_empty() {
                stmts.push(format!(
                    "INSERT INTO report_events (report_id, action, on_date, at, by_user) VALUES {}",
                    e_rows.join(",")
                ));
            }
            if !i_rows.is_empty() {
                stmts.push(format!(
                    "INSERT INTO report_items (report_id, task_id, percent, result, assessment) VALUES {}",
                    i_rows.join(",")
                ));
            }
            for sql in stmts {
                sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// After loading with explicit ids, PostgreSQL's identity sequences must
    /// move past them; SQLite needs fresh statistics for its planner.
    pub async fn finish_bulk(&self) -> Result<(), StoreError> {
        match self.backend() {
            Backend::Postgres => {
                for t in [
                    "agencies",
                    "directives",
                    "tasks",
                    "updates",
                    "report_rounds",
                    "reports",
                ] {
                    let sql = format!(
                        "SELECT setval(pg_get_serial_sequence('{t}', 'id'), COALESCE((SELECT MAX(id) FROM {t}), 1))"
                    );
                    sqlx::raw_sql(AssertSqlSafe(sql))
                        .execute(self.writer())
                        .await?;
                }
                sqlx::raw_sql("ANALYZE").execute(self.writer()).await?;
            }
            Backend::Sqlite => {
                sqlx::raw_sql("ANALYZE").execute(self.writer()).await?;
            }
        }
        Ok(())
    }
}
