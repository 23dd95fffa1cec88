//! Scores (chấm điểm, xếp loại): the facts `dondoc_domain::scoring` needs,
//! rebuilt from the dated record as of a period's end, the committee's
//! criteria sets (every version kept), and the results the secretariat fixed
//! for a period with the criteria they were computed with.
//!
//! "As of the period's end" means: a deadline change counts once decided
//! (`deadline_changes.decided_at`) by the end of the period's last day in
//! the province; an appraisal counts once made (`completions.appraised_at`)
//! by then; a report's filings and returns by their province date
//! (`report_events.on_date`). Whatever happens later leaves the period's
//! facts, and so its ranking, as they were.

use crate::{Store, StoreError};
use chrono::{Duration, NaiveDate};
use dondoc_domain::model::{
    Appraisal, ChangeState, Completion, DeadlineChange, completed_on, effective_due,
};
use dondoc_domain::scoring::{
    AgencyFacts, Criteria, PeerGroup, Period, PeriodKind, ReportFacts, Scoring, ScoringInput,
    TaskFacts,
};
use sqlx::AssertSqlSafe;
use std::collections::{BTreeMap, HashMap};

/// A stored criteria set.
#[derive(Debug, Clone, PartialEq)]
pub struct CriteriaRow {
    pub id: i64,
    pub version: String,
    pub name: String,
    /// The text as the committee wrote it (comments kept).
    pub source: String,
    /// `Criteria::to_toml` of it: what results are computed and kept with.
    pub canonical: String,
    pub created_by: String,
    pub created_at: String,
}

/// A period's result as the secretariat fixed it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRun {
    pub id: i64,
    pub scope: Option<i64>,
    pub criteria_version: String,
    /// The criteria set's canonical text.
    pub criteria: String,
    pub result: Scoring,
    pub computed_by: String,
    pub computed_at: String,
}

/// The stored code of a period kind.
pub fn period_code(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Month => "month",
        PeriodKind::Quarter => "quarter",
        PeriodKind::Year => "year",
    }
}

/// The first instant after the province's day `end`, as the stored UTC
/// timestamps write it: a fact timestamped before it happened by that day.
fn cutoff(end: NaiveDate) -> String {
    let next = end + Duration::days(1);
    let midnight = next.and_hms_opt(0, 0, 0).unwrap_or_default()
        - Duration::hours(dondoc_domain::status::PROVINCE_UTC_OFFSET_HOURS);
    midnight.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn day(s: &str, field: &'static str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| StoreError::invalid(field, format!("stored date {s:?} is not YYYY-MM-DD")))
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

type CriteriaTuple = (i64, String, String, String, String, String, String);

fn criteria_row(t: CriteriaTuple) -> CriteriaRow {
    let (id, version, name, source, canonical, created_by, created_at) = t;
    CriteriaRow {
        id,
        version,
        name,
        source,
        canonical,
        created_by,
        created_at,
    }
}

impl Store {
    /// Every criteria set, newest first.
    pub async fn criteria_sets(&self) -> Result<Vec<CriteriaRow>, StoreError> {
        let rows: Vec<CriteriaTuple> = sqlx::query_as(
            "SELECT id, version, name, source, canonical, created_by, created_at FROM criteria_sets ORDER BY id DESC",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(criteria_row).collect())
    }

    /// The set in force: the newest stored one (`None`: the shipped default).
    pub async fn current_criteria(&self) -> Result<Option<CriteriaRow>, StoreError> {
        let row: Option<CriteriaTuple> = sqlx::query_as(
            "SELECT id, version, name, source, canonical, created_by, created_at FROM criteria_sets ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(criteria_row))
    }

    /// The criteria set in force, parsed (the shipped default when none is
    /// stored).
    pub async fn criteria_in_force(&self) -> Result<Criteria, StoreError> {
        match self.current_criteria().await? {
            Some(row) => Criteria::parse(&row.canonical)
                .map_err(|e| StoreError::invalid("criteria", e.to_string())),
            None => Ok(Criteria::default_set()),
        }
    }

    /// Stores a new version of the criteria set; it is in force from now.
    /// The text is checked (`Criteria::parse`); a version already used is
    /// refused: every edit takes a new one.
    pub async fn add_criteria(&self, source: &str, by: &str) -> Result<i64, StoreError> {
        let criteria =
            Criteria::parse(source).map_err(|e| StoreError::invalid("criteria", e.to_string()))?;
        let canonical = criteria
            .to_toml()
            .map_err(|e| StoreError::invalid("criteria", e.to_string()))?;
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM criteria_sets WHERE version = $1")
                .bind(&criteria.version)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!(
                "Phiên bản “{}” đã có: mỗi lần sửa bộ tiêu chí hãy đổi `version`.",
                criteria.version
            )));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO criteria_sets (version, name, source, canonical, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&criteria.version)
        .bind(&criteria.name)
        .bind(source)
        .bind(&canonical)
        .bind(by)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            by,
            "criteria.add",
            "criteria",
            Some(id),
            &format!("{} — {}", criteria.version, criteria.name),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The facts of every ranked agency of the scope (departments and
    /// provincial bodies, communes, Party bodies) for `period`, as they
    /// stood at its end: the tasks each answers for whose deadline then in
    /// force falls in the period, and its reports of rounds due in it.
    pub async fn scoring_input(
        &self,
        period: Period,
        scope: Option<i64>,
    ) -> Result<ScoringInput, StoreError> {
        let (from, to) = (period.start.to_string(), period.end.to_string());
        let cut = cutoff(period.end);
        let in_scope = crate::reports::scope_agencies(scope);
        let rows: Vec<(i64, String, String)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT id, name, kind FROM agencies WHERE id IN {in_scope} AND kind IN {}",
            crate::reports::REPORTING_KINDS
        )))
        .fetch_all(self.pool())
        .await?;
        let mut agencies: BTreeMap<i64, AgencyFacts> = BTreeMap::new();
        for (id, name, kind) in rows {
            if let Some(group) = PeerGroup::from_agency_kind(&kind) {
                agencies.insert(
                    id,
                    AgencyFacts {
                        agency_id: id,
                        name,
                        group,
                        tasks: Vec::new(),
                        reports: Vec::new(),
                    },
                );
            }
        }

        // Tasks whose deadline may fall in the period: by the directive, or
        // by an approved change (decided by the end or not: checked below).
        let pairs = crate::status_sql::answers_pairs(&in_scope);
        type TaskRow = (i64, i64, String, Option<String>, i64, i64, Option<String>);
        let tasks: Vec<TaskRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT x.agency_id, t.id, t.text, t.due_original, t.paused, t.cancelled, t.completed_on FROM {pairs} x \
             JOIN tasks t ON t.id = x.task_id \
             JOIN directives d ON d.id = t.directive_id AND d.state = 'confirmed' \
             WHERE (t.due_original BETWEEN $1 AND $2 OR t.id IN \
             (SELECT task_id FROM deadline_changes WHERE decision = 'approved' AND requested_due BETWEEN $1 AND $2))"
        )))
        .bind(&from)
        .bind(&to)
        .fetch_all(self.pool())
        .await?;
        let mut ids: Vec<i64> = tasks.iter().map(|t| t.1).collect();
        ids.sort_unstable();
        ids.dedup();

        // Deadline changes and completion claims, each as of the cutoff.
        let mut changes: HashMap<i64, Vec<(DeadlineChange, bool)>> = HashMap::new();
        let mut claims: HashMap<i64, Vec<Completion>> = HashMap::new();
        for chunk in ids.chunks(500) {
            let list = id_list(chunk);
            let rows: Vec<(i64, String, String, Option<String>, i64)> =
                sqlx::query_as(AssertSqlSafe(format!(
                    "SELECT task_id, requested_due, decision, decided_at, objective FROM deadline_changes \
                     WHERE task_id IN ({list}) ORDER BY task_id, id"
                )))
                .fetch_all(self.pool())
                .await?;
            for (task, due, decision, decided_at, objective) in rows {
                let decided = decided_at.is_some_and(|at| at < cut);
                let state =
                    match crate::query::known(&decision, "decision", ChangeState::from_code)? {
                        s @ (ChangeState::Approved | ChangeState::Rejected) if decided => s,
                        _ => ChangeState::Pending,
                    };
                changes.entry(task).or_default().push((
                    DeadlineChange {
                        requested: day(&due, "requested_due")?,
                        state,
                    },
                    objective == 1,
                ));
            }
            let rows: Vec<(i64, String, String, Option<String>)> =
                sqlx::query_as(AssertSqlSafe(format!(
                    "SELECT task_id, claimed_on, appraisal, appraised_at FROM completions \
                     WHERE task_id IN ({list}) ORDER BY task_id, id"
                )))
                .fetch_all(self.pool())
                .await?;
            for (task, on, appraisal, appraised_at) in rows {
                let appraised = appraised_at.is_some_and(|at| at < cut);
                let appraisal =
                    match crate::query::known(&appraisal, "appraisal", Appraisal::from_code)? {
                        a @ (Appraisal::Accepted | Appraisal::SentBack) if appraised => a,
                        _ => Appraisal::Pending,
                    };
                claims.entry(task).or_default().push(Completion {
                    claimed_on: day(&on, "claimed_on")?,
                    appraisal,
                });
            }
        }
        for (agency, task, text, original, paused, cancelled, done_now) in tasks {
            let Some(a) = agencies.get_mut(&agency) else {
                continue;
            };
            let original = original.map(|d| day(&d, "due_original")).transpose()?;
            let ch = changes.get(&task).map(Vec::as_slice).unwrap_or(&[]);
            let list: Vec<DeadlineChange> = ch.iter().map(|(c, _)| *c).collect();
            let Some(due) = effective_due(original, &list) else {
                continue;
            };
            let objective = ch
                .iter()
                .rev()
                .find(|(c, _)| c.state == ChangeState::Approved)
                .is_some_and(|(_, o)| *o);
            let (completed, send_backs) = match claims.get(&task) {
                Some(cs) => (
                    completed_on(cs),
                    cs.iter()
                        .filter(|c| c.appraisal == Appraisal::SentBack)
                        .count() as u32,
                ),
                // Data loaded in bulk has no claims: its completion date.
                None => (done_now.map(|d| day(&d, "completed_on")).transpose()?, 0),
            };
            a.tasks.push(TaskFacts {
                task_id: task,
                text,
                due,
                original_due: original.unwrap_or(due),
                extension_objective: objective,
                completed_on: completed.filter(|d| *d <= period.end),
                send_backs,
                withdrawn: paused == 1 || cancelled == 1,
            });
        }

        // Reports of rounds due in the period, by their dated events.
        let reports: Vec<(i64, i64, i64, String, String)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT r.id, r.agency_id, rr.id, rr.title, rr.due_on FROM reports r \
             JOIN report_rounds rr ON rr.id = r.round_id \
             WHERE rr.due_on BETWEEN $1 AND $2 AND r.agency_id IN {in_scope}"
        )))
        .bind(&from)
        .bind(&to)
        .fetch_all(self.pool())
        .await?;
        let report_ids: Vec<i64> = reports.iter().map(|r| r.0).collect();
        let mut events: HashMap<i64, (Option<NaiveDate>, u32)> = HashMap::new();
        for chunk in report_ids.chunks(500) {
            let rows: Vec<(i64, String, String)> = sqlx::query_as(AssertSqlSafe(format!(
                "SELECT report_id, action, on_date FROM report_events \
                 WHERE report_id IN ({}) AND on_date <= $1 ORDER BY report_id, id",
                id_list(chunk)
            )))
            .bind(&to)
            .fetch_all(self.pool())
            .await?;
            for (report, action, on) in rows {
                let e = events.entry(report).or_default();
                match action.as_str() {
                    "submit" => {
                        let on = day(&on, "on_date")?;
                        e.0 = Some(e.0.map_or(on, |d| d.min(on)));
                    }
                    "return" => e.1 += 1,
                    _ => {}
                }
            }
        }
        for (report, agency, round, title, due) in reports {
            let Some(a) = agencies.get_mut(&agency) else {
                continue;
            };
            let (submitted_on, returns) = events.get(&report).copied().unwrap_or_default();
            a.reports.push(ReportFacts {
                round_id: round,
                title,
                due: day(&due, "due_on")?,
                submitted_on,
                returns,
            });
        }
        Ok(ScoringInput {
            period,
            agencies: agencies.into_values().collect(),
        })
    }

    /// Keeps a period's result with the criteria it was computed with (the
    /// secretariat fixes it: chốt kết quả).
    pub async fn save_score_run(
        &self,
        scope: Option<i64>,
        scoring: &Scoring,
        criteria_canonical: &str,
        by: &str,
    ) -> Result<i64, StoreError> {
        let result = serde_json::to_string(scoring)
            .map_err(|e| StoreError::invalid("result", e.to_string()))?;
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO score_runs (period_kind, period_start, period_end, scope_id, criteria_version, criteria, result, computed_by, computed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(period_code(scoring.period.kind))
        .bind(scoring.period.start.to_string())
        .bind(scoring.period.end.to_string())
        .bind(scope)
        .bind(&scoring.criteria_version)
        .bind(criteria_canonical)
        .bind(&result)
        .bind(by)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            by,
            "score.fix",
            "score",
            Some(id),
            &format!(
                "{} — bộ tiêu chí {}",
                scoring.period.label_vi(),
                scoring.criteria_version
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The latest result fixed for a period and scope.
    pub async fn score_run(
        &self,
        period: Period,
        scope: Option<i64>,
    ) -> Result<Option<ScoreRun>, StoreError> {
        type Row = (i64, Option<i64>, String, String, String, String, String);
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, scope_id, criteria_version, criteria, result, computed_by, computed_at FROM score_runs \
             WHERE period_kind = $1 AND period_start = $2 AND (scope_id = $3 OR (scope_id IS NULL AND $4 = 1)) \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(period_code(period.kind))
        .bind(period.start.to_string())
        .bind(scope.unwrap_or(-1))
        .bind(i64::from(scope.is_none()))
        .fetch_optional(self.pool())
        .await?;
        row.map(
            |(id, scope, criteria_version, criteria, result, computed_by, computed_at)| {
                Ok(ScoreRun {
                    id,
                    scope,
                    criteria_version,
                    criteria,
                    result: serde_json::from_str(&result)
                        .map_err(|e| StoreError::invalid("result", e.to_string()))?,
                    computed_by,
                    computed_at,
                })
            },
        )
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cutoff_is_midnight_in_the_province() {
        let end = chrono::NaiveDate::from_ymd_opt(2026, 4, 30).unwrap_or_default();
        assert_eq!(super::cutoff(end), "2026-04-30T17:00:00Z");
    }
}
