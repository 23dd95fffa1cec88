//! Indicators (chỉ tiêu): the numbers directives set targets for, with
//! their owner agency, unit, direction, baseline and targets, their values
//! per period with evidence (document number, date, file), and explanation
//! requests on them.
//!
//! Status is never stored: it is the domain's `indicator::assess` over the
//! indicator and its values, computed by the callers (and by
//! [`Store::indicator_table`], the committee's table for a period). Figures
//! are stored as the domain's `Figure` in ten-thousandths.

use crate::query::known;
use crate::{Backend, Store, StoreError};
use chrono::NaiveDate;
use dondoc_domain::indicator::{
    AssessConfig, Assessment, Baseline, Direction, Evidence, Figure, Frequency, Goal, Indicator,
    IndicatorStatus, IndicatorUnit, Observation, Period, Target, assess, goal_words,
};
use dondoc_extract::text::fold;
use sqlx::AssertSqlSafe;
use std::collections::HashMap;

/// A stored indicator with its values.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredIndicator {
    pub id: i64,
    pub agency_id: i64,
    pub agency: String,
    pub frequency: Frequency,
    /// The directive that set it (when created at review).
    pub directive_id: Option<i64>,
    /// The domain's indicator; its `owner` is the agency's id as text.
    pub indicator: Indicator,
    /// Values, by period.
    pub values: Vec<StoredValue>,
}

impl StoredIndicator {
    /// The observations the domain assesses.
    pub fn observations(&self) -> Vec<Observation> {
        self.values.iter().map(|v| v.observation.clone()).collect()
    }

    /// The observations of periods ending on or before `end`.
    pub fn observations_until(&self, end: NaiveDate) -> Vec<Observation> {
        self.values
            .iter()
            .filter(|v| v.observation.period.end() <= end)
            .map(|v| v.observation.clone())
            .collect()
    }

    /// Its status now (the domain's rule).
    pub fn assess(&self, config: &AssessConfig) -> Assessment {
        assess(&self.indicator, &self.observations(), config)
    }
}

/// A value as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredValue {
    pub id: i64,
    pub observation: Observation,
    /// An evidence file is attached (read with [`Store::indicator_file`]).
    pub has_file: bool,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// Which indicators to read.
#[derive(Debug, Clone, Default)]
pub struct IndicatorFilter {
    /// Indicators of this agency and the agencies directly under it.
    pub scope: Option<i64>,
    /// Indicators of this owner agency.
    pub agency: Option<i64>,
    /// Indicators set by this directive.
    pub directive: Option<i64>,
}

/// A new indicator.
#[derive(Debug, Clone)]
pub struct NewIndicator<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub agency_id: i64,
    pub unit: IndicatorUnit,
    pub direction: Direction,
    pub baseline: Option<Baseline>,
    pub source: &'a str,
    pub frequency: Frequency,
    pub directive_id: Option<i64>,
    pub targets: &'a [Target],
    pub by: &'a str,
}

/// A value to record.
#[derive(Debug, Clone)]
pub struct NewValue<'a> {
    pub indicator_id: i64,
    pub period: Period,
    pub value: Figure,
    /// Số văn bản (may be empty), its date.
    pub document_number: &'a str,
    pub document_date: Option<NaiveDate>,
    /// An evidence file: (name, bytes).
    pub file: Option<(String, Vec<u8>)>,
    pub by: &'a str,
}

/// What recording a value did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueOutcome {
    Created,
    Updated,
    /// The same value and evidence were already there.
    Unchanged,
}

/// An explanation request on an indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorExplanation {
    pub id: i64,
    pub indicator_id: i64,
    pub indicator: String,
    pub agency: String,
    pub question: String,
    pub answer_by: String,
    pub requested_by: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
}

/// One row of the committee's indicator table for a period (the
/// consolidated report's "bảng chỉ tiêu").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorTableRow {
    /// STT, from 1.
    pub number: usize,
    pub id: i64,
    pub code: String,
    pub name: String,
    pub owner: String,
    pub unit: IndicatorUnit,
    /// "45 % (2025)".
    pub baseline: String,
    /// The targets of the period (or of the year it falls in), in words.
    pub target: String,
    /// The period's value, shown in its unit; empty without one.
    pub value: String,
    pub status: IndicatorStatus,
    /// Why, in Vietnamese (the domain's explanation).
    pub explanation: String,
    /// The value's document: "125/BC-STTTT ngày 05/01/2027".
    pub evidence: String,
}

type IndicatorTuple = (
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    String,
    String,
    Option<i64>,
);
type TargetTuple = (i64, String, String, Option<i64>, Option<i64>, i64, String);
type ValueTuple = (
    i64,
    i64,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    i64,
    String,
    String,
);

/// A target's goal as stored: (kind, value, value_max, strict, label).
fn goal_row(g: &Goal) -> (&'static str, Option<i64>, Option<i64>, bool, String) {
    match g {
        Goal::Reach { value, strict } => {
            ("reach", Some(value.scaled()), None, *strict, String::new())
        }
        Goal::ImproveBy { min, max } => (
            "improve",
            Some(min.scaled()),
            max.map(Figure::scaled),
            false,
            String::new(),
        ),
        Goal::Reference {
            label,
            value,
            strict,
        } => (
            "reference",
            value.map(Figure::scaled),
            None,
            *strict,
            label.clone(),
        ),
    }
}

fn goal_of(
    kind: &str,
    value: Option<i64>,
    value_max: Option<i64>,
    strict: bool,
    label: String,
) -> Result<Goal, StoreError> {
    let need = |v: Option<i64>| {
        v.map(Figure::from_scaled)
            .ok_or_else(|| StoreError::invalid("target", "a target without its value"))
    };
    match kind {
        "reach" => Ok(Goal::Reach {
            value: need(value)?,
            strict,
        }),
        "improve" => Ok(Goal::ImproveBy {
            min: need(value)?,
            max: value_max.map(Figure::from_scaled),
        }),
        "reference" => Ok(Goal::Reference {
            label,
            value: value.map(Figure::from_scaled),
            strict,
        }),
        other => Err(StoreError::invalid(
            "target",
            format!("unknown stored kind {other:?}"),
        )),
    }
}

fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// "dd/mm/yyyy".
fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

impl IndicatorFilter {
    fn sql(&self) -> (String, Vec<i64>) {
        let mut sql = String::new();
        let mut binds = Vec::new();
        if let Some(root) = self.scope {
            binds.push(root);
            let p = format!("${}", binds.len());
            sql.push_str(&format!(
                " AND i.agency_id IN (SELECT id FROM agencies WHERE id = {p} OR parent_id = {p})"
            ));
        }
        if let Some(a) = self.agency {
            binds.push(a);
            sql.push_str(&format!(" AND i.agency_id = ${}", binds.len()));
        }
        if let Some(d) = self.directive {
            binds.push(d);
            sql.push_str(&format!(" AND i.directive_id = ${}", binds.len()));
        }
        (sql, binds)
    }
}

impl Store {
    /// Indicators matching `f`, by owner then code, with targets and values.
    pub async fn indicators(
        &self,
        f: &IndicatorFilter,
    ) -> Result<Vec<StoredIndicator>, StoreError> {
        let (filter, binds) = f.sql();
        let sql = format!(
            "SELECT i.id, i.code, i.name, i.agency_id, a.name, i.unit, i.direction, i.baseline, i.baseline_year, \
             i.source, i.frequency, i.directive_id FROM indicators i JOIN agencies a ON a.id = i.agency_id \
             WHERE 1 = 1{filter} ORDER BY a.name, i.code"
        );
        let mut q = sqlx::query_as::<_, IndicatorTuple>(AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(*b);
        }
        let rows = q.fetch_all(self.pool()).await?;
        let sql = format!(
            "SELECT t.indicator_id, t.period, t.kind, t.value, t.value_max, t.strict, t.label \
             FROM indicator_targets t JOIN indicators i ON i.id = t.indicator_id WHERE 1 = 1{filter} ORDER BY t.id"
        );
        let mut q = sqlx::query_as::<_, TargetTuple>(AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(*b);
        }
        let targets = q.fetch_all(self.pool()).await?;
        let sql = format!(
            "SELECT v.id, v.indicator_id, v.period, v.value, v.document_number, v.document_date, v.file_name, \
             CASE WHEN v.file_bytes IS NULL THEN 0 ELSE 1 END, v.recorded_by, v.recorded_at \
             FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE 1 = 1{filter} ORDER BY v.period_end, v.id"
        );
        let mut q = sqlx::query_as::<_, ValueTuple>(AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(*b);
        }
        let values = q.fetch_all(self.pool()).await?;
        assemble(rows, targets, values)
    }

    /// One indicator with its targets and values.
    pub async fn indicator(&self, id: i64) -> Result<StoredIndicator, StoreError> {
        let rows: Vec<IndicatorTuple> = sqlx::query_as(
            "SELECT i.id, i.code, i.name, i.agency_id, a.name, i.unit, i.direction, i.baseline, i.baseline_year, \
             i.source, i.frequency, i.directive_id FROM indicators i JOIN agencies a ON a.id = i.agency_id WHERE i.id = $1",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound {
                what: "indicator",
                id,
            });
        }
        let targets: Vec<TargetTuple> = sqlx::query_as(
            "SELECT indicator_id, period, kind, value, value_max, strict, label FROM indicator_targets \
             WHERE indicator_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let values: Vec<ValueTuple> = sqlx::query_as(
            "SELECT id, indicator_id, period, value, document_number, document_date, file_name, \
             CASE WHEN file_bytes IS NULL THEN 0 ELSE 1 END, recorded_by, recorded_at \
             FROM indicator_values WHERE indicator_id = $1 ORDER BY period_end, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        assemble(rows, targets, values)?
            .pop()
            .ok_or(StoreError::NotFound {
                what: "indicator",
                id,
            })
    }

    /// The owner agency of an indicator (for access checks).
    pub async fn indicator_owner(&self, id: i64) -> Result<i64, StoreError> {
        let owner: Option<i64> =
            sqlx::query_scalar("SELECT agency_id FROM indicators WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        owner.ok_or(StoreError::NotFound {
            what: "indicator",
            id,
        })
    }

    /// The indicator whose code is `code`, or else whose folded name is
    /// `name` folded (imports name indicators either way).
    pub async fn indicator_by_key(&self, key: &str) -> Result<Option<i64>, StoreError> {
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM indicators WHERE code = $1 OR search_key = $2 ORDER BY CASE WHEN code = $1 THEN 0 ELSE 1 END LIMIT 1",
        )
        .bind(key)
        .bind(fold(key))
        .fetch_optional(self.pool())
        .await?;
        Ok(id)
    }

    /// Creates an indicator with its targets.
    pub async fn create_indicator(&self, n: NewIndicator<'_>) -> Result<i64, StoreError> {
        let code = n.code.trim();
        let name = n.name.trim();
        if code.is_empty() || name.is_empty() {
            return Err(StoreError::invalid(
                "indicator",
                "chỉ tiêu cần có mã và tên",
            ));
        }
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM indicators WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!(
                "Mã chỉ tiêu “{code}” đã được dùng cho một chỉ tiêu khác."
            )));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO indicators (code, name, search_key, agency_id, unit, direction, baseline, baseline_year, \
             source, frequency, directive_id, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(code)
        .bind(name)
        .bind(fold(name))
        .bind(n.agency_id)
        .bind(n.unit.code())
        .bind(n.direction.code())
        .bind(n.baseline.map(|b| b.value.scaled()))
        .bind(n.baseline.map(|b| i64::from(b.year)))
        .bind(n.source)
        .bind(n.frequency.code())
        .bind(n.directive_id)
        .bind(n.by)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?;
        for t in n.targets {
            insert_target(&mut tx, id, t).await?;
        }
        crate::audit::record(
            &mut tx,
            n.by,
            "indicator.create",
            "indicator",
            Some(id),
            &format!("{code}: {name} ({} chỉ tiêu kỳ)", n.targets.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Adds a target to an indicator.
    pub async fn add_target(&self, indicator: i64, t: &Target, by: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        lock_indicator(&mut tx, self.backend(), indicator).await?;
        insert_target(&mut tx, indicator, t).await?;
        crate::audit::record(
            &mut tx,
            by,
            "indicator.target",
            "indicator",
            Some(indicator),
            &t.period.label_vi(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records an indicator's value for a period, with its evidence. One
    /// value per period: a different one replaces it (the audit log keeps
    /// the old); the same value and evidence again change nothing.
    pub async fn record_value(&self, v: NewValue<'_>) -> Result<ValueOutcome, StoreError> {
        if let Some((name, bytes)) = &v.file
            && bytes.len() > crate::lifecycle::MAX_EVIDENCE_BYTES
        {
            return Err(StoreError::invalid(
                "evidence",
                format!("{name} is larger than 20 MB"),
            ));
        }
        let period = v.period.code();
        let mut tx = self.begin_write().await?;
        lock_indicator(&mut tx, self.backend(), v.indicator_id).await?;
        type Existing = (i64, i64, String, Option<String>, Option<String>);
        let existing: Option<Existing> = sqlx::query_as(
            "SELECT id, value, document_number, document_date, file_sha256 FROM indicator_values \
             WHERE indicator_id = $1 AND period = $2",
        )
        .bind(v.indicator_id)
        .bind(&period)
        .fetch_optional(&mut *tx)
        .await?;
        let sha = v.file.as_ref().map(|(_, b)| crate::ingest::sha256_hex(b));
        let date = v.document_date.map(|d| d.to_string());
        let now = crate::now();
        let outcome = match existing {
            Some((_, value, doc, doc_date, old_sha))
                if value == v.value.scaled()
                    && doc == v.document_number
                    && doc_date == date
                    && (sha.is_none() || sha == old_sha) =>
            {
                ValueOutcome::Unchanged
            }
            Some((id, value, ..)) => {
                // A new file replaces the old; none given keeps the old.
                let (name, bytes) = match &v.file {
                    Some((n, b)) => (Some(n.clone()), Some(b.clone())),
                    None => (None, None),
                };
                sqlx::query(
                    "UPDATE indicator_values SET value = $1, document_number = $2, document_date = $3, \
                     file_name = COALESCE($4, file_name), file_sha256 = COALESCE($5, file_sha256), \
                     file_bytes = COALESCE($6, file_bytes), recorded_by = $7, recorded_at = $8 WHERE id = $9",
                )
                .bind(v.value.scaled())
                .bind(v.document_number)
                .bind(&date)
                .bind(name)
                .bind(&sha)
                .bind(bytes)
                .bind(v.by)
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                crate::audit::record(
                    &mut tx,
                    v.by,
                    "indicator.value",
                    "indicator",
                    Some(v.indicator_id),
                    &format!(
                        "{}: {} → {} ({})",
                        v.period.label_vi(),
                        Figure::from_scaled(value).format_trimmed(4),
                        v.value.format_trimmed(4),
                        v.document_number
                    ),
                )
                .await?;
                ValueOutcome::Updated
            }
            None => {
                let (name, bytes) = match &v.file {
                    Some((n, b)) => (Some(n.clone()), Some(b.clone())),
                    None => (None, None),
                };
                sqlx::query(
                    "INSERT INTO indicator_values (indicator_id, period, period_end, value, document_number, \
                     document_date, file_name, file_sha256, file_bytes, recorded_by, recorded_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(v.indicator_id)
                .bind(&period)
                .bind(v.period.end().to_string())
                .bind(v.value.scaled())
                .bind(v.document_number)
                .bind(&date)
                .bind(name)
                .bind(&sha)
                .bind(bytes)
                .bind(v.by)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                crate::audit::record(
                    &mut tx,
                    v.by,
                    "indicator.value",
                    "indicator",
                    Some(v.indicator_id),
                    &format!(
                        "{}: {} ({})",
                        v.period.label_vi(),
                        v.value.format_trimmed(4),
                        v.document_number
                    ),
                )
                .await?;
                ValueOutcome::Created
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// The indicator a value belongs to (access is checked before a file is read).
    pub async fn indicator_of_value(&self, value_id: i64) -> Result<i64, StoreError> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT indicator_id FROM indicator_values WHERE id = $1")
                .bind(value_id)
                .fetch_optional(self.pool())
                .await?;
        id.ok_or(StoreError::NotFound {
            what: "evidence file",
            id: value_id,
        })
    }

    /// A value's evidence file: (indicator id, name, bytes).
    pub async fn indicator_file(
        &self,
        value_id: i64,
    ) -> Result<(i64, String, Vec<u8>), StoreError> {
        let row: Option<(i64, Option<String>, Option<Vec<u8>>)> = sqlx::query_as(
            "SELECT indicator_id, file_name, file_bytes FROM indicator_values WHERE id = $1",
        )
        .bind(value_id)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some((indicator, Some(name), Some(bytes))) => Ok((indicator, name, bytes)),
            _ => Err(StoreError::NotFound {
                what: "evidence file",
                id: value_id,
            }),
        }
    }

    /// The secretariat asks an indicator's owner to explain it.
    pub async fn request_indicator_explanation(
        &self,
        indicator: i64,
        question: &str,
        answer_by: NaiveDate,
        by: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let agency = lock_indicator(&mut tx, self.backend(), indicator).await?;
        let id = crate::explain::ask(
            &mut tx,
            crate::explain::Subject::Indicator,
            indicator,
            agency,
            question,
            answer_by,
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The agency's answer; answered once. Returns the indicator's id.
    pub async fn answer_indicator_explanation(
        &self,
        id: i64,
        answer: &str,
        by: &str,
    ) -> Result<i64, StoreError> {
        self.answer_request(crate::explain::Subject::Indicator, id, answer, by)
            .await
    }

    /// The agency an explanation request on an indicator is addressed to.
    pub async fn indicator_explanation_agency(&self, id: i64) -> Result<i64, StoreError> {
        let a: Option<i64> =
            sqlx::query_scalar("SELECT agency_id FROM indicator_explanations WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        a.ok_or(StoreError::NotFound {
            what: "explanation request",
            id,
        })
    }

    /// Explanation requests on an indicator, or the open ones of an agency.
    pub async fn indicator_explanations(
        &self,
        indicator: Option<i64>,
        open_for_agency: Option<i64>,
    ) -> Result<Vec<IndicatorExplanation>, StoreError> {
        let (filter, value) = match (indicator, open_for_agency) {
            (Some(i), _) => ("e.indicator_id = $1", i),
            (None, Some(a)) => ("e.agency_id = $1 AND e.answer IS NULL", a),
            (None, None) => return Ok(Vec::new()),
        };
        type Tuple = (
            i64,
            i64,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
        );
        let sql = format!(
            "SELECT e.id, e.indicator_id, i.name, a.name, e.question, e.answer_by, e.requested_by, e.answer, e.answered_by \
             FROM indicator_explanations e JOIN indicators i ON i.id = e.indicator_id JOIN agencies a ON a.id = e.agency_id \
             WHERE {filter} ORDER BY e.id"
        );
        let rows: Vec<Tuple> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(value)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| IndicatorExplanation {
                id: r.0,
                indicator_id: r.1,
                indicator: r.2,
                agency: r.3,
                question: r.4,
                answer_by: r.5,
                requested_by: r.6,
                answer: r.7,
                answered_by: r.8,
            })
            .collect())
    }

    /// The committee's indicator table for `period`: every indicator in
    /// `scope` (all when `None`), red first, with the period's target and
    /// value and the status from the values up to the period's end. For the
    /// consolidated report and the `.xlsx` table.
    pub async fn indicator_table(
        &self,
        scope: Option<i64>,
        period: Period,
        config: &AssessConfig,
    ) -> Result<Vec<IndicatorTableRow>, StoreError> {
        let list = self
            .indicators(&IndicatorFilter {
                scope,
                ..IndicatorFilter::default()
            })
            .await?;
        Ok(table_rows(&list, period, config))
    }
}

/// The table rows of `list` for `period` (see [`Store::indicator_table`]).
pub fn table_rows(
    list: &[StoredIndicator],
    period: Period,
    config: &AssessConfig,
) -> Vec<IndicatorTableRow> {
    let mut rows: Vec<(IndicatorStatus, IndicatorTableRow)> = list
        .iter()
        .map(|s| {
            let ind = &s.indicator;
            let values = s.observations_until(period.end());
            let a = assess(ind, &values, config);
            // The period's own targets, else those of the year it is in.
            let mut targets: Vec<&Target> =
                ind.targets.iter().filter(|t| t.period == period).collect();
            if targets.is_empty() {
                targets = ind
                    .targets
                    .iter()
                    .filter(|t| t.period == Period::Year(period.year()))
                    .collect();
            }
            let target = targets
                .iter()
                .map(|t| goal_words(ind.unit, ind.direction, &t.goal))
                .collect::<Vec<_>>()
                .join("; ");
            let own = s.values.iter().find(|v| v.observation.period == period);
            let evidence = own
                .and_then(|v| v.observation.evidence.as_ref())
                .map(|e| match e.date {
                    Some(d) if !e.document_number.is_empty() => {
                        format!("{} ngày {}", e.document_number, dmy(d))
                    }
                    _ => e.document_number.clone(),
                })
                .unwrap_or_default();
            let row = IndicatorTableRow {
                number: 0,
                id: s.id,
                code: ind.code.clone(),
                name: ind.name.clone(),
                owner: s.agency.clone(),
                unit: ind.unit,
                baseline: ind
                    .baseline
                    .map(|b| format!("{} ({})", ind.unit.show(b.value, false), b.year))
                    .unwrap_or_default(),
                target,
                value: own
                    .map(|v| ind.unit.show(v.observation.value, true))
                    .unwrap_or_default(),
                status: a.status,
                explanation: a.explanation_vi,
                evidence,
            };
            (a.status, row)
        })
        .collect();
    rows.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.owner.cmp(&b.1.owner))
            .then(a.1.code.cmp(&b.1.code))
    });
    rows.into_iter()
        .enumerate()
        .map(|(i, (_, mut r))| {
            r.number = i + 1;
            r
        })
        .collect()
}

/// Locks an indicator for the rest of the transaction; returns its owner.
async fn lock_indicator(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    id: i64,
) -> Result<i64, StoreError> {
    let sql = match backend {
        Backend::Sqlite => "SELECT agency_id FROM indicators WHERE id = $1",
        Backend::Postgres => "SELECT agency_id FROM indicators WHERE id = $1 FOR UPDATE",
    };
    let found: Option<i64> = sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    found.ok_or(StoreError::NotFound {
        what: "indicator",
        id,
    })
}

async fn insert_target(
    conn: &mut sqlx::AnyConnection,
    indicator: i64,
    t: &Target,
) -> Result<(), StoreError> {
    let (kind, value, value_max, strict, label) = goal_row(&t.goal);
    sqlx::query(
        "INSERT INTO indicator_targets (indicator_id, period, kind, value, value_max, strict, label) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(indicator)
    .bind(t.period.code())
    .bind(kind)
    .bind(value)
    .bind(value_max)
    .bind(i64::from(strict))
    .bind(label)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn assemble(
    rows: Vec<IndicatorTuple>,
    targets: Vec<TargetTuple>,
    values: Vec<ValueTuple>,
) -> Result<Vec<StoredIndicator>, StoreError> {
    let mut t_by: HashMap<i64, Vec<Target>> = HashMap::new();
    for (id, period, kind, value, value_max, strict, label) in targets {
        t_by.entry(id).or_default().push(Target {
            period: known(&period, "period", Period::from_code)?,
            goal: goal_of(&kind, value, value_max, strict != 0, label)?,
        });
    }
    let mut v_by: HashMap<i64, Vec<StoredValue>> = HashMap::new();
    for (id, indicator, period, value, doc, doc_date, file_name, has_file, by, at) in values {
        let evidence =
            (!doc.is_empty() || doc_date.is_some() || file_name.is_some()).then(|| Evidence {
                document_number: doc,
                date: day(doc_date),
                file_name,
            });
        v_by.entry(indicator).or_default().push(StoredValue {
            id,
            observation: Observation {
                period: known(&period, "period", Period::from_code)?,
                value: Figure::from_scaled(value),
                evidence,
            },
            has_file: has_file != 0,
            recorded_by: by,
            recorded_at: at,
        });
    }
    rows.into_iter()
        .map(|r| {
            let (
                id,
                code,
                name,
                agency_id,
                agency,
                unit,
                direction,
                baseline,
                baseline_year,
                source,
                frequency,
                directive_id,
            ) = r;
            let baseline = match (baseline, baseline_year) {
                (Some(v), Some(y)) => Some(Baseline {
                    value: Figure::from_scaled(v),
                    year: i32::try_from(y)
                        .map_err(|_| StoreError::invalid("baseline_year", y.to_string()))?,
                }),
                _ => None,
            };
            Ok(StoredIndicator {
                id,
                agency_id,
                agency,
                frequency: known(&frequency, "frequency", Frequency::from_code)?,
                directive_id,
                indicator: Indicator {
                    code,
                    name,
                    owner: agency_id.to_string(),
                    unit: known(&unit, "unit", IndicatorUnit::from_code)?,
                    direction: known(&direction, "direction", Direction::from_code)?,
                    baseline,
                    targets: t_by.remove(&id).unwrap_or_default(),
                    source,
                },
                values: v_by.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}
