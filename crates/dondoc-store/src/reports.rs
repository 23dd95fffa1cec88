//! Periodic reports (báo cáo định kỳ): rounds, the agencies each expects,
//! their reports with per-task items, general sections and files, the
//! secretariat's decisions, the consolidated report's edited text, and the
//! reports named in reminder digests.
//!
//! Every change is one transaction with its audit entry; every transition is
//! conditional on the state it leaves (`dondoc_domain::reports::ReportState`)
//! so that of two decisions at once one is refused (409). Filing a report
//! writes the progress it reports into its tasks (`updates`) in the same
//! transaction: one act, not two.

use crate::status_sql::{OPEN_SQL, answers_pairs, reach_sql, status_sql};
use crate::{Backend, Store, StoreError};
use chrono::NaiveDate;
use dondoc_domain::access::Part;
use dondoc_domain::reports::{
    ReportDecision, ReportState, RoundKind, RoundState, default_due, round_title,
};
use sqlx::AssertSqlSafe;
use std::collections::HashMap;

/// Kinds of agency that report (and are ranked): departments and central
/// bodies, communes, Party bodies. Groups and exhortations do not.
pub(crate) const REPORTING_KINDS: &str = "('department', 'central', 'commune', 'party')";

/// A round to open.
#[derive(Debug, Clone)]
pub struct NewRound<'a> {
    pub kind: RoundKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub due: NaiveDate,
    /// Defaults to "Báo cáo tháng 5/2026" and the like.
    pub title: Option<&'a str>,
    /// The agencies expected; `None`: those that answer for an open task or
    /// one completed since the month before the period began.
    pub agencies: Option<&'a [i64]>,
    /// Only agencies of this tree (a province) by default; `None`: all.
    pub scope: Option<i64>,
    /// The recurring duty that opens it.
    pub duty_task: Option<i64>,
    pub by: &'a str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoundRow {
    pub id: i64,
    pub kind: RoundKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub due: NaiveDate,
    pub title: String,
    pub state: RoundState,
    pub duty_task: Option<i64>,
    pub opened_by: String,
    pub opened_at: String,
    /// Agencies expected (in the scope asked).
    pub expected: i64,
    /// Filed at least once.
    pub received: i64,
    /// First filed by the due day.
    pub on_time: i64,
    /// Accepted.
    pub accepted: i64,
}

/// One expected agency in a round's inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxRow {
    pub report_id: i64,
    pub agency_id: i64,
    pub agency: String,
    pub agency_kind: String,
    pub state: ReportState,
    pub first_submitted_on: Option<NaiveDate>,
    pub submitted_at: Option<String>,
    pub decided_by: Option<String>,
    /// Reminder digests that named this report.
    pub reminders: i64,
}

/// A report with everything in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDetail {
    pub id: i64,
    pub round: RoundRow,
    pub agency_id: i64,
    pub agency: String,
    pub state: ReportState,
    pub highlights: String,
    pub difficulties: String,
    pub proposals: String,
    pub first_submitted_on: Option<NaiveDate>,
    pub submitted_at: Option<String>,
    pub submitted_by: Option<String>,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
    pub decision_note: Option<String>,
    pub saved_at: Option<String>,
    pub items: Vec<ItemRow>,
    /// (id, name, size in bytes)
    pub files: Vec<(i64, String, i64)>,
    pub events: Vec<ReportEvent>,
}

/// A task's line in a report as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub task_id: i64,
    pub percent: Option<i64>,
    pub result: String,
    pub assessment: String,
    /// The progress update its filing wrote.
    pub update_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportEvent {
    pub action: String,
    pub on: NaiveDate,
    pub at: String,
    pub by: String,
    pub note: String,
}

/// A task's line as the agency writes it.
#[derive(Debug, Clone)]
pub struct ItemInput<'a> {
    pub task_id: i64,
    /// Tiến độ (%), when the agency gives one.
    pub percent: Option<i64>,
    /// Kết quả thực hiện.
    pub result: &'a str,
    /// Đánh giá ngắn.
    pub assessment: &'a str,
}

/// An agency saves (and perhaps files) its report.
#[derive(Debug, Clone)]
pub struct SaveReport<'a> {
    pub round_id: i64,
    pub agency_id: i64,
    pub highlights: &'a str,
    pub difficulties: &'a str,
    pub proposals: &'a str,
    pub items: &'a [ItemInput<'a>],
    /// (name, bytes)
    pub files: &'a [(String, Vec<u8>)],
    /// File it now (gửi), not only save the draft.
    pub submit: bool,
    /// The province's date (the filing's day).
    pub today: NaiveDate,
    pub by: &'a str,
}

/// A task the agency's report form lists.
#[derive(Debug, Clone, PartialEq)]
pub struct FormTask {
    pub row: crate::TaskRow,
    /// The latest progress report: (percent, text).
    pub latest: Option<(i64, String)>,
}

/// What the consolidated report compiles from one filed report.
#[derive(Debug, Clone, PartialEq)]
pub struct FiledReport {
    pub agency_id: i64,
    pub agency: String,
    pub state: ReportState,
    pub highlights: String,
    pub difficulties: String,
    pub proposals: String,
    /// (task id, task text, area codes "data,people", result, assessment)
    pub items: Vec<(i64, String, String, String, String)>,
}

/// A report due in a reminder: not filed (or returned) in an open round.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDue {
    pub report_id: i64,
    pub round_id: i64,
    pub agency_id: i64,
    pub agency: String,
    pub title: String,
    pub period: String,
    pub due: NaiveDate,
    pub state: ReportState,
}

/// An agency's reports, newest round first.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyReport {
    pub round_id: i64,
    pub title: String,
    pub due: NaiveDate,
    pub round_state: RoundState,
    pub state: ReportState,
    pub first_submitted_on: Option<NaiveDate>,
}

/// The consolidated report's stored text.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundSummary {
    pub sections_json: String,
    pub figures_json: String,
    pub as_of: NaiveDate,
    pub edited_by: String,
    pub edited_at: String,
}

fn day(s: &str, field: &'static str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| StoreError::invalid(field, format!("stored date {s:?} is not YYYY-MM-DD")))
}

fn opt_day(s: Option<String>, field: &'static str) -> Result<Option<NaiveDate>, StoreError> {
    s.map(|s| day(&s, field)).transpose()
}

type RoundTuple = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
);

fn round_row(r: RoundTuple) -> Result<RoundRow, StoreError> {
    let (id, kind, start, end, due, title, state, duty, by, at, expected, received, on_time, acc) =
        r;
    Ok(RoundRow {
        id,
        kind: crate::query::known(&kind, "round kind", RoundKind::from_code)?,
        start: day(&start, "period_start")?,
        end: day(&end, "period_end")?,
        due: day(&due, "due_on")?,
        title,
        state: crate::query::known(&state, "round state", RoundState::from_code)?,
        duty_task: duty,
        opened_by: by,
        opened_at: at,
        expected,
        received,
        on_time,
        accepted: acc,
    })
}

/// The agencies of a scope as an SQL subquery (the scope's id inlined: it
/// is an integer, never user text).
pub(crate) fn scope_agencies(scope: Option<i64>) -> String {
    match scope {
        Some(root) => format!(
            "(SELECT id FROM agencies WHERE id = {root} UNION SELECT id FROM agencies WHERE parent_id = {root})"
        ),
        None => "(SELECT id FROM agencies)".to_owned(),
    }
}

/// The round query with its counts over the reports of the scope.
fn rounds_sql(scope: Option<i64>, filter: &str) -> String {
    let agencies = scope_agencies(scope);
    format!(
        "SELECT rr.id, rr.kind, rr.period_start, rr.period_end, rr.due_on, rr.title, rr.state, rr.duty_task_id, \
         rr.opened_by, rr.opened_at, \
         COUNT(r.id), \
         COALESCE(SUM(CASE WHEN r.first_submitted_on IS NOT NULL THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN r.first_submitted_on <= rr.due_on THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN r.state = 'accepted' THEN 1 ELSE 0 END), 0) \
         FROM report_rounds rr LEFT JOIN reports r ON r.round_id = rr.id AND r.agency_id IN {agencies} \
         WHERE {filter} \
         GROUP BY rr.id, rr.kind, rr.period_start, rr.period_end, rr.due_on, rr.title, rr.state, rr.duty_task_id, rr.opened_by, rr.opened_at \
         ORDER BY rr.period_start DESC, rr.id DESC"
    )
}

impl Store {
    /// Opens a round and its reports, one per expected agency, in one
    /// transaction. A second round of the same kind and period is refused
    /// (ad hoc rounds aside).
    pub async fn open_round(&self, r: NewRound<'_>) -> Result<i64, StoreError> {
        if r.start > r.end {
            return Err(StoreError::invalid(
                "period",
                "the period ends before it starts",
            ));
        }
        let title = match r.title.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => t.to_owned(),
            None => round_title(r.kind, r.start, r.end),
        };
        let mut tx = self.begin_write().await?;
        if r.kind != RoundKind::AdHoc {
            let taken: Option<String> = sqlx::query_scalar(
                "SELECT title FROM report_rounds WHERE kind = $1 AND period_start = $2",
            )
            .bind(r.kind.code())
            .bind(r.start.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(t) = taken {
                return Err(StoreError::Conflict(format!(
                    "Đã có đợt báo cáo cho kỳ này: “{t}”."
                )));
            }
        }
        // The unique index `report_rounds_one_per_period` holds the same
        // rule against a race.
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO report_rounds (kind, period_start, period_end, due_on, title, duty_task_id, opened_by, opened_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(r.kind.code())
        .bind(r.start.to_string())
        .bind(r.end.to_string())
        .bind(r.due.to_string())
        .bind(&title)
        .bind(r.duty_task)
        .bind(r.by)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?;
        let n = match r.agencies {
            Some(list) => {
                let mut n = 0;
                for a in list {
                    let kind: Option<String> =
                        sqlx::query_scalar("SELECT kind FROM agencies WHERE id = $1")
                            .bind(a)
                            .fetch_optional(&mut *tx)
                            .await?;
                    if kind.is_none() {
                        return Err(StoreError::NotFound {
                            what: "agency",
                            id: *a,
                        });
                    }
                    n += sqlx::query(
                        "INSERT INTO reports (round_id, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    )
                    .bind(id)
                    .bind(a)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                }
                n
            }
            None => {
                // Agencies with an open task, or one completed recently.
                let recent = r
                    .start
                    .checked_sub_months(chrono::Months::new(1))
                    .unwrap_or(r.start);
                let pairs = answers_pairs(&scope_agencies(r.scope));
                let mut sql = format!(
                    "INSERT INTO reports (round_id, agency_id) SELECT DISTINCT {id}, x.agency_id FROM {pairs} x \
                     JOIN tasks t ON t.id = x.task_id \
                     JOIN directives d ON d.id = t.directive_id AND d.state = 'confirmed' \
                     JOIN agencies a ON a.id = x.agency_id \
                     WHERE a.kind IN {REPORTING_KINDS} AND ({OPEN_SQL} OR t.completed_on >= '{recent}')"
                );
                if let Some(duty) = r.duty_task {
                    // … and whoever the duty itself names.
                    sql = format!(
                        "{sql} UNION SELECT {id}, x.agency_id FROM {pairs} x JOIN agencies a ON a.id = x.agency_id \
                         WHERE x.task_id = {duty} AND a.kind IN {REPORTING_KINDS}"
                    );
                }
                sqlx::query(AssertSqlSafe(sql))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            }
        };
        crate::audit::record(
            &mut tx,
            r.by,
            "round.open",
            "round",
            Some(id),
            &format!("{title}, hạn {}, {n} cơ quan", r.due.format("%d/%m/%Y")),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Rounds opened by recurring duties: each open duty that asks for a
    /// report ("hằng tháng báo cáo …") opens the round of the period that
    /// contains `today`, due on `due_day` of the period's last month, if
    /// there is none yet. Returns the rounds opened. Safe to run every day.
    pub async fn open_rounds_from_duties(
        &self,
        today: NaiveDate,
        due_day: Option<u32>,
        scope: Option<i64>,
    ) -> Result<Vec<i64>, StoreError> {
        let duties: Vec<(i64, String, String)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT t.id, t.recurrence, t.search_text FROM tasks t \
             JOIN directives d ON d.id = t.directive_id AND d.state = 'confirmed' \
             WHERE t.recurrence IS NOT NULL AND {OPEN_SQL} ORDER BY t.id"
        )))
        .fetch_all(self.pool())
        .await?;
        let mut opened = Vec::new();
        let mut seen: Vec<RoundKind> = Vec::new();
        for (task, recurrence, folded) in duties {
            let rec = crate::query::known(
                &recurrence,
                "recurrence",
                dondoc_domain::recurrence::Recurrence::from_code,
            )?;
            let Some(kind) = RoundKind::of_recurrence(rec) else {
                continue;
            };
            if !dondoc_domain::reports::duty_is_report(&folded) || seen.contains(&kind) {
                continue;
            }
            seen.push(kind);
            let Some((start, end)) = kind.period_of(today) else {
                continue;
            };
            let exists: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM report_rounds WHERE kind = $1 AND period_start = $2",
            )
            .bind(kind.code())
            .bind(start.to_string())
            .fetch_optional(self.pool())
            .await?;
            if exists.is_some() {
                continue;
            }
            let round = NewRound {
                kind,
                start,
                end,
                due: default_due(end, due_day),
                title: None,
                agencies: None,
                scope,
                duty_task: Some(task),
                by: "dondoc",
            };
            match self.open_round(round).await {
                Ok(id) => opened.push(id),
                // Another process opened it first.
                Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(opened)
    }

    /// Every round, newest period first, with its counts over the scope's
    /// agencies.
    pub async fn rounds(&self, scope: Option<i64>) -> Result<Vec<RoundRow>, StoreError> {
        let rows: Vec<RoundTuple> = sqlx::query_as(AssertSqlSafe(rounds_sql(scope, "1 = 1")))
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(round_row).collect()
    }

    /// One round with its counts over the scope's agencies.
    pub async fn round(&self, id: i64, scope: Option<i64>) -> Result<RoundRow, StoreError> {
        let row: Option<RoundTuple> =
            sqlx::query_as(AssertSqlSafe(rounds_sql(scope, "rr.id = $1")))
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        round_row(row.ok_or(StoreError::NotFound { what: "round", id })?)
    }

    /// The round of the same kind just before this one (for "so với tháng
    /// trước").
    pub async fn previous_round(
        &self,
        round: &RoundRow,
        scope: Option<i64>,
    ) -> Result<Option<RoundRow>, StoreError> {
        let filter = format!(
            "rr.kind = '{}' AND rr.period_end < '{}'",
            round.kind.code(),
            round.start
        );
        let rows: Vec<RoundTuple> = sqlx::query_as(AssertSqlSafe(rounds_sql(scope, &filter)))
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().next().map(round_row).transpose()
    }

    /// The round's inbox: every expected agency of the scope and where its
    /// report stands, by agency name.
    pub async fn round_inbox(
        &self,
        round: i64,
        scope: Option<i64>,
    ) -> Result<Vec<InboxRow>, StoreError> {
        type Row = (
            i64,
            i64,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
        );
        let sql = format!(
            "SELECT r.id, r.agency_id, a.name, a.kind, r.state, r.first_submitted_on, r.submitted_at, r.decided_by, \
             (SELECT COUNT(*) FROM report_reminders rm WHERE rm.report_id = r.id) \
             FROM reports r JOIN agencies a ON a.id = r.agency_id \
             WHERE r.round_id = $1 AND r.agency_id IN {} ORDER BY a.name",
            scope_agencies(scope)
        );
        let rows: Vec<Row> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(round)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter()
            .map(|(id, agency_id, agency, kind, state, first, at, by, n)| {
                Ok(InboxRow {
                    report_id: id,
                    agency_id,
                    agency,
                    agency_kind: kind,
                    state: crate::query::known(&state, "report state", ReportState::from_code)?,
                    first_submitted_on: opt_day(first, "first_submitted_on")?,
                    submitted_at: at,
                    decided_by: by,
                    reminders: n,
                })
            })
            .collect()
    }

    /// The report of an agency in a round; `None` when the round does not
    /// expect the agency.
    pub async fn report(
        &self,
        round: i64,
        agency: i64,
    ) -> Result<Option<ReportDetail>, StoreError> {
        type Head = (
            i64,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let head: Option<Head> = sqlx::query_as(
            "SELECT r.id, a.name, r.state, r.highlights, r.difficulties, r.proposals, r.first_submitted_on, \
             r.submitted_at, r.submitted_by, r.decided_at, r.decided_by, r.decision_note, r.saved_at \
             FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE r.round_id = $1 AND r.agency_id = $2",
        )
        .bind(round)
        .bind(agency)
        .fetch_optional(self.pool())
        .await?;
        let Some((
            id,
            name,
            state,
            hl,
            diff,
            prop,
            first,
            sub_at,
            sub_by,
            dec_at,
            dec_by,
            note,
            saved,
        )) = head
        else {
            return Ok(None);
        };
        type Item = (i64, Option<i64>, String, String, Option<i64>);
        let items: Vec<Item> = sqlx::query_as(
            "SELECT task_id, percent, result, assessment, update_id FROM report_items WHERE report_id = $1 ORDER BY task_id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let files: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT id, name, CAST(LENGTH(bytes) AS BIGINT) FROM report_files WHERE report_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let events: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT action, on_date, at, by_user, note FROM report_events WHERE report_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        Ok(Some(ReportDetail {
            id,
            round: self.round(round, None).await?,
            agency_id: agency,
            agency: name,
            state: crate::query::known(&state, "report state", ReportState::from_code)?,
            highlights: hl,
            difficulties: diff,
            proposals: prop,
            first_submitted_on: opt_day(first, "first_submitted_on")?,
            submitted_at: sub_at,
            submitted_by: sub_by,
            decided_at: dec_at,
            decided_by: dec_by,
            decision_note: note,
            saved_at: saved,
            items: items
                .into_iter()
                .map(
                    |(task_id, percent, result, assessment, update_id)| ItemRow {
                        task_id,
                        percent,
                        result,
                        assessment,
                        update_id,
                    },
                )
                .collect(),
            files,
            events: events
                .into_iter()
                .map(|(action, on, at, by, note)| {
                    Ok(ReportEvent {
                        action,
                        on: day(&on, "on_date")?,
                        at,
                        by,
                        note,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
        }))
    }

    /// The tasks an agency's report form lists: those it answers for that
    /// are open, or were completed since `since`, with their latest progress.
    pub async fn report_form_tasks(
        &self,
        agency: i64,
        since: NaiveDate,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Result<Vec<FormTask>, StoreError> {
        let base = crate::TaskFilter {
            agency: Some(agency),
            part: Part::Answers,
            limit: 500,
            ..crate::TaskFilter::default()
        };
        let mut rows = self
            .tasks(
                &crate::TaskFilter {
                    open_only: true,
                    ..base.clone()
                },
                today,
                due_soon_days,
            )
            .await?;
        let done = self
            .tasks(
                &crate::TaskFilter {
                    completed_from: Some(since),
                    ..base
                },
                today,
                due_soon_days,
            )
            .await?;
        rows.extend(done);
        let ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
        let mut latest = self.latest_updates(&ids).await?;
        Ok(rows
            .into_iter()
            .map(|row| FormTask {
                latest: latest.remove(&row.id),
                row,
            })
            .collect())
    }

    /// Saves an agency's report (a draft, or a returned report being
    /// reworked) and, when asked, files it: state → submitted, the first
    /// filing's day kept (on time or late), and each task line with a result
    /// written as the task's progress update, all in one transaction.
    /// Returns the state after.
    pub async fn save_report(&self, s: SaveReport<'_>) -> Result<ReportState, StoreError> {
        for i in s.items {
            if let Some(p) = i.percent {
                dondoc_domain::model::Update::percent(p)
                    .map_err(|m| StoreError::invalid("percent", m))?;
            }
        }
        if let Some((name, _)) = s
            .files
            .iter()
            .find(|(_, b)| b.len() > crate::lifecycle::MAX_EVIDENCE_BYTES)
        {
            return Err(StoreError::invalid(
                "files",
                format!("{name} is larger than 20 MB"),
            ));
        }
        let mut tx = self.begin_write().await?;
        let (id, state, round_state) =
            lock_report(&mut tx, self.backend(), s.round_id, s.agency_id).await?;
        if round_state != RoundState::Open.code() {
            return Err(StoreError::Conflict(
                "Đợt báo cáo đã kết thúc; không nhận thêm báo cáo.".into(),
            ));
        }
        let state = crate::query::known(&state, "report state", ReportState::from_code)?;
        if !state.editable() {
            return Err(StoreError::Conflict(format!(
                "Báo cáo đang ở trạng thái “{}”: không sửa hoặc gửi lại được.",
                state.label_vi()
            )));
        }
        // Only the agency's own tasks (those it answers for).
        let ids: Vec<i64> = s.items.iter().map(|i| i.task_id).collect();
        if !ids.is_empty() {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            let sql = format!(
                "SELECT t.id FROM tasks t WHERE t.id IN ({}) AND {}",
                list.join(","),
                reach_sql("$1", Part::Answers)
            );
            let ok: Vec<i64> = sqlx::query_scalar(AssertSqlSafe(sql))
                .bind(s.agency_id)
                .fetch_all(&mut *tx)
                .await?;
            if let Some(bad) = ids.iter().find(|i| !ok.contains(i)) {
                return Err(StoreError::invalid(
                    "task",
                    format!("task {bad} is not one the agency answers for"),
                ));
            }
        }
        let stored: Vec<(i64, Option<i64>, String)> = sqlx::query_as(
            "SELECT task_id, percent, result FROM report_items WHERE report_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let stored: HashMap<i64, (Option<i64>, String)> =
            stored.into_iter().map(|(t, p, r)| (t, (p, r))).collect();
        for i in s.items {
            let (result, assessment) = (i.result.trim(), i.assessment.trim());
            if i.percent.is_none() && result.is_empty() && assessment.is_empty() {
                sqlx::query("DELETE FROM report_items WHERE report_id = $1 AND task_id = $2")
                    .bind(id)
                    .bind(i.task_id)
                    .execute(&mut *tx)
                    .await?;
                continue;
            }
            match stored.get(&i.task_id) {
                Some((p, r)) => {
                    // Progress changed since it was written to the task: it
                    // will be written again at the next filing.
                    let changed = *p != i.percent || r != result;
                    sqlx::query(
                        "UPDATE report_items SET percent = $1, result = $2, assessment = $3, \
                         update_id = CASE WHEN $4 = 1 THEN NULL ELSE update_id END \
                         WHERE report_id = $5 AND task_id = $6",
                    )
                    .bind(i.percent)
                    .bind(result)
                    .bind(assessment)
                    .bind(i64::from(changed))
                    .bind(id)
                    .bind(i.task_id)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query(
                        "INSERT INTO report_items (report_id, task_id, percent, result, assessment) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(i.task_id)
                    .bind(i.percent)
                    .bind(result)
                    .bind(assessment)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        let now = crate::now();
        for (name, bytes) in s.files {
            sqlx::query(
                "INSERT INTO report_files (report_id, name, sha256, bytes, added_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(name)
            .bind(crate::ingest::sha256_hex(bytes))
            .bind(bytes.clone())
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE reports SET highlights = $1, difficulties = $2, proposals = $3, saved_at = $4, saved_by = $5 WHERE id = $6",
        )
        .bind(s.highlights.trim())
        .bind(s.difficulties.trim())
        .bind(s.proposals.trim())
        .bind(&now)
        .bind(s.by)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if !s.submit {
            crate::audit::record(&mut tx, s.by, "report.save", "report", Some(id), "").await?;
            tx.commit().await?;
            return Ok(state);
        }
        // Conditional on the state it leaves.
        let n = sqlx::query(
            "UPDATE reports SET state = 'submitted', submitted_at = $1, submitted_by = $2, \
             first_submitted_on = COALESCE(first_submitted_on, $3) \
             WHERE id = $4 AND state IN ('draft', 'returned')",
        )
        .bind(&now)
        .bind(s.by)
        .bind(s.today.to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(StoreError::Conflict(
                "Báo cáo vừa được gửi hoặc xử lý; hãy tải lại trang.".into(),
            ));
        }
        sqlx::query(
            "INSERT INTO report_events (report_id, action, on_date, at, by_user) VALUES ($1, 'submit', $2, $3, $4)",
        )
        .bind(id)
        .bind(s.today.to_string())
        .bind(&now)
        .bind(s.by)
        .execute(&mut *tx)
        .await?;
        // The progress it reports, written into the tasks: one act.
        let pending: Vec<(i64, Option<i64>, String, String)> = sqlx::query_as(
            "SELECT task_id, percent, result, assessment FROM report_items \
             WHERE report_id = $1 AND update_id IS NULL AND (result <> '' OR percent IS NOT NULL) ORDER BY task_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let title: String = sqlx::query_scalar("SELECT title FROM report_rounds WHERE id = $1")
            .bind(s.round_id)
            .fetch_one(&mut *tx)
            .await?;
        for (task, percent, result, assessment) in &pending {
            crate::write::lock_task(&mut tx, self.backend(), *task).await?;
            let percent = match percent {
                Some(p) => *p,
                None => sqlx::query_scalar::<_, i64>(
                    "SELECT percent FROM updates WHERE task_id = $1 ORDER BY on_date DESC, id DESC LIMIT 1",
                )
                .bind(task)
                .fetch_optional(&mut *tx)
                .await?
                .unwrap_or(0),
            };
            let mut body = if result.is_empty() {
                format!("{title}: cập nhật tiến độ {percent}%")
            } else {
                format!("{title}: {result}")
            };
            if !assessment.is_empty() {
                body = format!("{body} (Đánh giá: {assessment})");
            }
            let update: i64 = sqlx::query_scalar(
                "INSERT INTO updates (task_id, agency_id, on_date, percent, body, evidence, by_user, created_at) \
                 VALUES ($1, $2, $3, $4, $5, '', $6, $7) RETURNING id",
            )
            .bind(task)
            .bind(s.agency_id)
            .bind(s.today.to_string())
            .bind(percent)
            .bind(&body)
            .bind(s.by)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE tasks SET last_update_on = $1 WHERE id = $2 AND (last_update_on IS NULL OR last_update_on < $1)",
            )
            .bind(s.today.to_string())
            .bind(task)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE report_items SET update_id = $1 WHERE report_id = $2 AND task_id = $3",
            )
            .bind(update)
            .bind(id)
            .bind(task)
            .execute(&mut *tx)
            .await?;
            crate::audit::record(
                &mut tx,
                s.by,
                "task.update",
                "task",
                Some(*task),
                &format!(
                    "{percent}% (báo cáo định kỳ): {}",
                    body.chars().take(200).collect::<String>()
                ),
            )
            .await?;
        }
        crate::audit::record(
            &mut tx,
            s.by,
            "report.submit",
            "report",
            Some(id),
            &format!("{title}: {} nhiệm vụ cập nhật tiến độ", pending.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(ReportState::Submitted)
    }

    /// The secretariat accepts a filed report or returns it with a comment.
    /// Of two decisions at once, the second is refused.
    pub async fn decide_report(
        &self,
        report_id: i64,
        decision: ReportDecision,
        note: &str,
        today: NaiveDate,
        by: &str,
    ) -> Result<(), StoreError> {
        if decision == ReportDecision::Return && note.trim().is_empty() {
            return Err(StoreError::invalid(
                "note",
                "a returned report needs a comment saying what to rework",
            ));
        }
        let mut tx = self.begin_write().await?;
        let to = decision.state().code();
        let now = crate::now();
        // Conditional on the state it leaves: only a filed report.
        let done: Option<i64> = sqlx::query_scalar(
            "UPDATE reports SET state = $1, decided_at = $2, decided_by = $3, decision_note = $4 \
             WHERE id = $5 AND state = 'submitted' RETURNING id",
        )
        .bind(to)
        .bind(&now)
        .bind(by)
        .bind(note.trim())
        .bind(report_id)
        .fetch_optional(&mut *tx)
        .await?;
        if done.is_none() {
            let state: Option<String> =
                sqlx::query_scalar("SELECT state FROM reports WHERE id = $1")
                    .bind(report_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let state = state.ok_or(StoreError::NotFound {
                what: "report",
                id: report_id,
            })?;
            let label = ReportState::from_code(&state).map_or("?", ReportState::label_vi);
            return Err(StoreError::Conflict(format!(
                "Báo cáo không ở trạng thái chờ tiếp nhận (hiện: {label}); có thể vừa được xử lý."
            )));
        }
        let action = match decision {
            ReportDecision::Accept => "accept",
            ReportDecision::Return => "return",
        };
        sqlx::query(
            "INSERT INTO report_events (report_id, action, on_date, at, by_user, note) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(report_id)
        .bind(action)
        .bind(today.to_string())
        .bind(&now)
        .bind(by)
        .bind(note.trim())
        .execute(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            by,
            &format!("report.{action}"),
            "report",
            Some(report_id),
            note.trim(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Closes a round: nothing more is filed.
    pub async fn close_round(&self, round: i64, by: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE report_rounds SET state = 'closed' WHERE id = $1 AND state = 'open'",
        )
        .bind(round)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(StoreError::Conflict(
                "Đợt báo cáo đã kết thúc trước đó.".into(),
            ));
        }
        crate::audit::record(&mut tx, by, "round.close", "round", Some(round), "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// A report's file: (report id, name, bytes).
    pub async fn report_file(&self, id: i64) -> Result<(i64, String, Vec<u8>), StoreError> {
        let row: Option<(i64, String, Vec<u8>)> =
            sqlx::query_as("SELECT report_id, name, bytes FROM report_files WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.ok_or(StoreError::NotFound {
            what: "report file",
            id,
        })
    }

    /// (round id, agency id) of a report file's report.
    pub async fn report_file_owner(&self, file: i64) -> Result<(i64, i64), StoreError> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT r.round_id, r.agency_id FROM report_files f JOIN reports r ON r.id = f.report_id WHERE f.id = $1",
        )
        .bind(file)
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound {
            what: "report file",
            id: file,
        })
    }

    /// (round id, agency id) of a report.
    pub async fn report_owner(&self, report: i64) -> Result<(i64, i64), StoreError> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT round_id, agency_id FROM reports WHERE id = $1")
                .bind(report)
                .fetch_optional(self.pool())
                .await?;
        row.ok_or(StoreError::NotFound {
            what: "report",
            id: report,
        })
    }

    /// Reports waiting for an agency: not filed, or returned, in open rounds.
    pub async fn reports_waiting(&self, agency: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM reports r JOIN report_rounds rr ON rr.id = r.round_id \
             WHERE r.agency_id = $1 AND rr.state = 'open' AND r.state IN ('draft', 'returned')",
        )
        .bind(agency)
        .fetch_one(self.pool())
        .await?)
    }

    /// An agency's reports, newest round first.
    pub async fn agency_reports(
        &self,
        agency: i64,
        limit: i64,
    ) -> Result<Vec<AgencyReport>, StoreError> {
        let rows: Vec<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT rr.id, rr.title, rr.due_on, rr.state, r.state, r.first_submitted_on FROM reports r \
             JOIN report_rounds rr ON rr.id = r.round_id WHERE r.agency_id = $1 \
             ORDER BY rr.period_start DESC, rr.id DESC LIMIT $2",
        )
        .bind(agency)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(round_id, title, due, rstate, state, first)| {
                Ok(AgencyReport {
                    round_id,
                    title,
                    due: day(&due, "due_on")?,
                    round_state: crate::query::known(
                        &rstate,
                        "round state",
                        RoundState::from_code,
                    )?,
                    state: crate::query::known(&state, "report state", ReportState::from_code)?,
                    first_submitted_on: opt_day(first, "first_submitted_on")?,
                })
            })
            .collect()
    }

    /// Reports not filed (or returned) in open rounds, for the daily
    /// reminders.
    pub async fn reports_due(&self) -> Result<Vec<ReportDue>, StoreError> {
        type Due = (
            i64,
            i64,
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        );
        let rows: Vec<Due> =
            sqlx::query_as(
                "SELECT r.id, rr.id, r.agency_id, a.name, rr.title, rr.kind, rr.period_start, rr.period_end, rr.due_on, r.state \
                 FROM reports r JOIN report_rounds rr ON rr.id = r.round_id JOIN agencies a ON a.id = r.agency_id \
                 WHERE rr.state = 'open' AND r.state IN ('draft', 'returned') ORDER BY r.id",
            )
            .fetch_all(self.pool())
            .await?;
        rows.into_iter()
            .map(
                |(id, round, agency_id, agency, title, kind, start, end, due, state)| {
                    let kind = crate::query::known(&kind, "round kind", RoundKind::from_code)?;
                    Ok(ReportDue {
                        report_id: id,
                        round_id: round,
                        agency_id,
                        agency,
                        title,
                        period: dondoc_domain::reports::period_label(
                            kind,
                            day(&start, "period_start")?,
                            day(&end, "period_end")?,
                        ),
                        due: day(&due, "due_on")?,
                        state: crate::query::known(&state, "report state", ReportState::from_code)?,
                    })
                },
            )
            .collect()
    }

    /// The filed reports of a round (submitted or accepted) of the scope,
    /// with their task lines, for the consolidated report.
    pub async fn filed_reports(
        &self,
        round: i64,
        scope: Option<i64>,
    ) -> Result<Vec<FiledReport>, StoreError> {
        let sql = format!(
            "SELECT r.id, r.agency_id, a.name, r.state, r.highlights, r.difficulties, r.proposals \
             FROM reports r JOIN agencies a ON a.id = r.agency_id \
             WHERE r.round_id = $1 AND r.state IN ('submitted', 'accepted') AND r.agency_id IN {} ORDER BY a.name",
            scope_agencies(scope)
        );
        let heads: Vec<(i64, i64, String, String, String, String, String)> =
            sqlx::query_as(AssertSqlSafe(sql))
                .bind(round)
                .fetch_all(self.pool())
                .await?;
        let items: Vec<(i64, i64, String, String, String, String)> = sqlx::query_as(
            "SELECT i.report_id, i.task_id, t.text, t.area_tags, i.result, i.assessment FROM report_items i \
             JOIN reports r ON r.id = i.report_id JOIN tasks t ON t.id = i.task_id \
             WHERE r.round_id = $1 AND r.state IN ('submitted', 'accepted') ORDER BY i.report_id, i.task_id",
        )
        .bind(round)
        .fetch_all(self.pool())
        .await?;
        type Line = (i64, String, String, String, String);
        let mut by_report: HashMap<i64, Vec<Line>> = HashMap::new();
        for (r, t, text, areas, result, assessment) in items {
            by_report
                .entry(r)
                .or_default()
                .push((t, text, areas, result, assessment));
        }
        heads
            .into_iter()
            .map(|(id, agency_id, agency, state, hl, diff, prop)| {
                Ok(FiledReport {
                    agency_id,
                    agency,
                    state: crate::query::known(&state, "report state", ReportState::from_code)?,
                    highlights: hl,
                    difficulties: diff,
                    proposals: prop,
                    items: by_report.remove(&id).unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Saves the consolidated report's edited text and the figures it was
    /// drafted with.
    pub async fn save_round_summary(
        &self,
        round: i64,
        sections_json: &str,
        figures_json: &str,
        as_of: NaiveDate,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM report_rounds WHERE id = $1")
            .bind(round)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound {
                what: "round",
                id: round,
            });
        }
        sqlx::query(
            "INSERT INTO round_summaries (round_id, sections, figures, as_of, edited_by, edited_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (round_id) DO UPDATE SET sections = excluded.sections, figures = excluded.figures, \
             as_of = excluded.as_of, edited_by = excluded.edited_by, edited_at = excluded.edited_at",
        )
        .bind(round)
        .bind(sections_json)
        .bind(figures_json)
        .bind(as_of.to_string())
        .bind(by)
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
        crate::audit::record(&mut tx, by, "round.summary", "round", Some(round), "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// The consolidated report's stored text, if edited.
    pub async fn round_summary(&self, round: i64) -> Result<Option<RoundSummary>, StoreError> {
        let row: Option<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT sections, figures, as_of, edited_by, edited_at FROM round_summaries WHERE round_id = $1",
        )
        .bind(round)
        .fetch_optional(self.pool())
        .await?;
        row.map(
            |(sections_json, figures_json, as_of, edited_by, edited_at)| {
                Ok(RoundSummary {
                    sections_json,
                    figures_json,
                    as_of: day(&as_of, "as_of")?,
                    edited_by,
                    edited_at,
                })
            },
        )
        .transpose()
    }

    /// Support agencies' names of each task.
    pub async fn task_supports(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, Vec<String>>, StoreError> {
        self.agency_names(ids, "support").await
    }

    /// Task counts by status as of `today` over the tasks answered for by
    /// the scope's agencies, each task once, and overdue tasks per agency.
    pub async fn round_task_figures(
        &self,
        scope: Option<i64>,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Result<(HashMap<crate::status::Status, i64>, Vec<(String, i64)>), StoreError> {
        let counts = self
            .status_counts(
                &crate::TaskFilter {
                    scope,
                    ..crate::TaskFilter::default()
                },
                today,
                due_soon_days,
            )
            .await?;
        let summary = self.summary(scope, today, due_soon_days).await?;
        let mut overdue: Vec<(String, i64)> = summary
            .by_agency
            .into_iter()
            .filter_map(|r| {
                let n = r
                    .counts
                    .get(&crate::status::Status::Overdue)
                    .copied()
                    .unwrap_or(0);
                (n > 0).then_some((r.agency, n))
            })
            .collect();
        overdue.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok((counts, overdue))
    }

    /// Status on `today` of the given tasks (for the appendix).
    pub async fn statuses(
        &self,
        ids: &[i64],
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Result<HashMap<i64, crate::status::Status>, StoreError> {
        let st = status_sql(today, due_soon_days);
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            if chunk.is_empty() {
                continue;
            }
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let rows: Vec<(i64, String)> = sqlx::query_as(AssertSqlSafe(format!(
                "SELECT t.id, {st} FROM tasks t WHERE t.id IN ({})",
                list.join(",")
            )))
            .fetch_all(self.pool())
            .await?;
            for (id, code) in rows {
                out.insert(
                    id,
                    crate::query::known(&code, "status", crate::status::Status::from_code)?,
                );
            }
        }
        Ok(out)
    }
}

/// Locks a report for the rest of the transaction: (id, state, round state).
async fn lock_report(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    round: i64,
    agency: i64,
) -> Result<(i64, String, String), StoreError> {
    let lock = match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE OF r",
    };
    let row: Option<(i64, String, String)> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT r.id, r.state, rr.state FROM reports r JOIN report_rounds rr ON rr.id = r.round_id \
         WHERE r.round_id = $1 AND r.agency_id = $2{lock}"
    )))
    .bind(round)
    .bind(agency)
    .fetch_optional(&mut *conn)
    .await?;
    row.ok_or_else(|| {
        StoreError::Conflict("Đợt báo cáo này không yêu cầu cơ quan gửi báo cáo.".into())
    })
}
