//! Bulk loading of generated projects and indicators (the national data set
//! of `dondoc demo-data`): many rows per statement, one transaction per
//! call, ids assigned here. Generated text only: literals are quoted.

use crate::{Backend, Store, StoreError};
use sqlx::AssertSqlSafe;

/// One generated project (amounts in đồng, per month, January first).
#[derive(Debug, Clone)]
pub struct BulkProject {
    pub code: String,
    pub name: String,
    pub agency_id: i64,
    pub source: &'static str,
    pub programme: &'static str,
    pub year: i32,
    pub allocation: i64,
    pub plan: [i64; 12],
    pub actual: [i64; 12],
}

/// One generated indicator with its targets and values.
#[derive(Debug, Clone)]
pub struct BulkIndicator {
    pub code: String,
    pub name: String,
    pub agency_id: i64,
    pub unit: &'static str,
    pub direction: &'static str,
    /// (value in ten-thousandths, year)
    pub baseline: Option<(i64, i32)>,
    pub frequency: &'static str,
    /// (period code, kind, value in ten-thousandths)
    pub targets: Vec<(String, &'static str, i64)>,
    /// (period code, period end YYYY-MM-DD, value in ten-thousandths, document number)
    pub values: Vec<(String, String, i64, String)>,
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

async fn next_id(tx: &mut sqlx::AnyConnection, table: &str) -> Result<i64, StoreError> {
    let max: Option<i64> =
        sqlx::query_scalar(AssertSqlSafe(format!("SELECT MAX(id) FROM {table}")))
            .fetch_one(&mut *tx)
            .await?;
    Ok(max.unwrap_or(0) + 1)
}

async fn run(
    tx: &mut sqlx::AnyConnection,
    head: &str,
    values: &[String],
) -> Result<(), StoreError> {
    for chunk in values.chunks(400) {
        let sql = format!("{head} VALUES {}", chunk.join(","));
        sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *tx).await?;
    }
    Ok(())
}

impl Store {
    /// Adds generated projects with their months.
    pub async fn bulk_projects(&self, rows: &[BulkProject]) -> Result<(), StoreError> {
        let now = crate::now();
        let mut tx = self.begin_write().await?;
        let mut id = next_id(&mut tx, "projects").await?;
        let mut projects = Vec::with_capacity(rows.len());
        let mut months = Vec::with_capacity(rows.len() * 12);
        for p in rows {
            projects.push(format!(
                "({id}, {}, {}, {}, {}, {}, {}, {}, {n}, {n})",
                lit(&p.code),
                p.year,
                lit(&p.name),
                p.agency_id,
                lit(p.source),
                lit(p.programme),
                p.allocation,
                n = lit(&now)
            ));
            for m in 0..12 {
                months.push(format!("({id}, {}, {}, {})", m + 1, p.plan[m], p.actual[m]));
            }
            id += 1;
        }
        run(
            &mut tx,
            "INSERT INTO projects (id, code, year, name, agency_id, source, programme, allocation, created_at, updated_at)",
            &projects,
        )
        .await?;
        run(
            &mut tx,
            "INSERT INTO project_months (project_id, month, plan, actual)",
            &months,
        )
        .await?;
        tx.commit().await?;
        self.reset_sequence("projects").await
    }

    /// Adds generated indicators with their targets and values.
    pub async fn bulk_indicators(&self, rows: &[BulkIndicator]) -> Result<(), StoreError> {
        let now = crate::now();
        let mut tx = self.begin_write().await?;
        let mut id = next_id(&mut tx, "indicators").await?;
        let (mut inds, mut targets, mut values) = (Vec::new(), Vec::new(), Vec::new());
        for i in rows {
            let (b, by) = match i.baseline {
                Some((v, y)) => (v.to_string(), y.to_string()),
                None => ("NULL".into(), "NULL".into()),
            };
            inds.push(format!(
                "({id}, {}, {}, {}, {}, {}, {}, {b}, {by}, '', {}, 'demo', {})",
                lit(&i.code),
                lit(&i.name),
                lit(&dondoc_extract::text::fold(&i.name)),
                i.agency_id,
                lit(i.unit),
                lit(i.direction),
                lit(i.frequency),
                lit(&now)
            ));
            for (period, kind, value) in &i.targets {
                targets.push(format!(
                    "({id}, {}, {}, {value}, 0)",
                    lit(period),
                    lit(kind)
                ));
            }
            for (period, end, value, doc) in &i.values {
                values.push(format!(
                    "({id}, {}, {}, {value}, {}, 'demo', {})",
                    lit(period),
                    lit(end),
                    lit(doc),
                    lit(&now)
                ));
            }
            id += 1;
        }
        run(
            &mut tx,
            "INSERT INTO indicators (id, code, name, search_key, agency_id, unit, direction, baseline, baseline_year, source, frequency, created_by, created_at)",
            &inds,
        )
        .await?;
        run(
            &mut tx,
            "INSERT INTO indicator_targets (indicator_id, period, kind, value, strict)",
            &targets,
        )
        .await?;
        run(
            &mut tx,
            "INSERT INTO indicator_values (indicator_id, period, period_end, value, document_number, recorded_by, recorded_at)",
            &values,
        )
        .await?;
        tx.commit().await?;
        for t in ["indicators", "indicator_targets", "indicator_values"] {
            self.reset_sequence(t).await?;
        }
        Ok(())
    }

    /// On PostgreSQL, moves a table's id sequence past the ids given by hand.
    async fn reset_sequence(&self, table: &'static str) -> Result<(), StoreError> {
        if self.backend() == Backend::Postgres {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
            );
            sqlx::raw_sql(AssertSqlSafe(sql))
                .execute(self.writer())
                .await?;
        }
        Ok(())
    }
}
