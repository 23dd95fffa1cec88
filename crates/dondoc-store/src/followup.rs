//! Storage of the follow-up engine: the tasks a day's reminders concern,
//! the digests (one per agency per day) and their outbox, escalation
//! figures, explanation requests and calendar feed tokens.

use crate::{Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;
use std::collections::HashMap;

/// An open task due on one of the days a reminder falls, per lead agency.
#[derive(Debug, Clone)]
pub struct DueTask {
    pub task_id: i64,
    pub agency_id: i64,
    pub agency: String,
    pub text: String,
    pub directive_number: Option<String>,
    pub due: NaiveDate,
    pub reminders_so_far: i64,
}

/// An open recurring duty and its lead agency.
#[derive(Debug, Clone)]
pub struct RecurringTask {
    pub task_id: i64,
    pub agency_id: i64,
    pub agency: String,
    pub text: String,
    pub recurrence: dondoc_domain::recurrence::Recurrence,
}

/// A day's digest for one agency, ready to store.
#[derive(Debug, Clone)]
pub struct NewReminder {
    pub agency_id: i64,
    pub on: NaiveDate,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub payload: String,
    /// (task id, kind code, days)
    pub items: Vec<(i64, String, i64)>,
    /// Periodic reports reminded: (report id, kind code, days).
    pub reports: Vec<(i64, String, i64)>,
    /// (channel, recipient)
    pub deliveries: Vec<(String, String)>,
    /// Projects behind plan and indicators waiting for a value it names.
    pub money_items: Vec<MoneyItem>,
}

/// What a digest names besides tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyItem {
    /// A project behind its disbursement plan.
    BehindPlan(i64),
    /// An indicator whose value for a period is due.
    ValueDue(i64),
}

/// A message to deliver, claimed for one attempt.
#[derive(Debug, Clone)]
pub struct OutboxMessage {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub payload: String,
    pub attempts: i64,
}

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub agency: String,
    pub on_date: String,
    pub channel: String,
    pub recipient: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt: String,
}

#[derive(Debug, Clone)]
pub struct EscalationRow {
    pub agency_id: i64,
    pub agency: String,
    pub overdue: i64,
    /// The longest delay among its overdue tasks, in days.
    pub worst_days: i64,
    /// Reminders sent for its overdue tasks.
    pub reminders: i64,
    /// Overdue tasks reminded at least the ladder's count.
    pub flagged: i64,
}

#[derive(Debug, Clone)]
pub struct Explanation {
    pub id: i64,
    pub task_id: i64,
    pub agency: String,
    pub question: String,
    pub answer_by: String,
    pub requested_by: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ReminderNote {
    pub id: i64,
    pub on_date: String,
    pub subject: String,
    pub text_body: String,
}

/// Whose deadlines a calendar feed lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedTarget {
    User(i64),
    Agency(i64),
}

/// Outbox times, to the millisecond: leases are short, and the stored
/// strings must compare in time order (one format throughout the table).
type DueRow = (i64, i64, String, String, Option<String>, String, i64);
type OutboxTuple = (
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    String,
);
type ExplanationTuple = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// Open tasks of confirmed directives due on one of `dates`, once per
    /// lead agency, with the reminders each has had.
    pub async fn tasks_due_on(&self, dates: &[NaiveDate]) -> Result<Vec<DueTask>, StoreError> {
        let mut out = Vec::new();
        for chunk in dates.chunks(200) {
            if chunk.is_empty() {
                continue;
            }
            // Dates come from NaiveDate values, never from user text.
            let list: Vec<String> = chunk.iter().map(|d| format!("'{d}'")).collect();
            // Each lead agency, then each member of a lead group: two queries,
            // each driven by the deadline index (a UNION of the agencies first
            // would read every assignment).
            let dates = list.join(",");
            let query = |agency: &str, join: &str| {
                format!(
                    "SELECT t.id, {agency}, a.name, t.text, d.number, t.due_effective, \
                     (SELECT COUNT(*) FROM reminder_items ri WHERE ri.task_id = t.id) \
                     FROM tasks t JOIN directives d ON d.id = t.directive_id AND d.state = 'confirmed' \
                     JOIN task_agencies ta ON ta.task_id = t.id AND ta.role = 'lead' {join} \
                     WHERE {open} AND t.due_effective IN ({dates})",
                    open = crate::status_sql::OPEN_SQL
                )
            };
            let leads = query("ta.agency_id", "JOIN agencies a ON a.id = ta.agency_id");
            let members = query(
                "g.member_id",
                "JOIN agency_groups g ON g.group_id = ta.agency_id JOIN agencies a ON a.id = g.member_id",
            );
            let mut rows: Vec<DueRow> = sqlx::query_as(AssertSqlSafe(leads))
                .fetch_all(self.pool())
                .await?;
            rows.extend(
                sqlx::query_as::<_, DueRow>(AssertSqlSafe(members))
                    .fetch_all(self.pool())
                    .await?,
            );
            for (task_id, agency_id, agency, text, directive_number, due, n) in rows {
                let Ok(due) = NaiveDate::parse_from_str(&due, "%Y-%m-%d") else {
                    continue;
                };
                out.push(DueTask {
                    task_id,
                    agency_id,
                    agency,
                    text,
                    directive_number,
                    due,
                    reminders_so_far: n,
                });
            }
        }
        Ok(out)
    }

    /// Open recurring duties (monthly reports, quarterly meetings...).
    pub async fn open_recurring(&self) -> Result<Vec<RecurringTask>, StoreError> {
        let sql = format!(
            "SELECT t.id, ta.agency_id, a.name, t.text, t.recurrence FROM tasks t \
             JOIN directives d ON d.id = t.directive_id AND d.state = 'confirmed' \
             JOIN task_agencies ta ON ta.task_id = t.id AND ta.role = 'lead' \
             JOIN agencies a ON a.id = ta.agency_id \
             WHERE t.recurrence IS NOT NULL AND {}",
            crate::status_sql::OPEN_SQL
        );
        let rows: Vec<(i64, i64, String, String, String)> = sqlx::query_as(AssertSqlSafe(sql))
            .fetch_all(self.pool())
            .await?;
        rows.into_iter()
            .map(|(task_id, agency_id, agency, text, recurrence)| {
                Ok(RecurringTask {
                    task_id,
                    agency_id,
                    agency,
                    text,
                    recurrence: crate::query::known(
                        &recurrence,
                        "recurrence",
                        dondoc_domain::recurrence::Recurrence::from_code,
                    )?,
                })
            })
            .collect()
    }

    /// Where each agency's digests go: its active officers' e-mail addresses
    /// and the channels configured for it.
    pub async fn agency_recipients(
        &self,
    ) -> Result<HashMap<i64, Vec<(String, String)>>, StoreError> {
        let mut out: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        let officers: Vec<(i64, String)> = sqlx::query_as(
            "SELECT agency_id, email FROM users WHERE role = 'officer' AND active = 1 \
             AND email IS NOT NULL AND email <> '' ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        for (a, email) in officers {
            out.entry(a).or_default().push(("email".into(), email));
        }
        let channels: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT agency_id, channel, recipient FROM agency_channels ORDER BY agency_id",
        )
        .fetch_all(self.pool())
        .await?;
        for (a, ch, r) in channels {
            let list = out.entry(a).or_default();
            if !list.iter().any(|(c, x)| *c == ch && *x == r) {
                list.push((ch, r));
            }
        }
        Ok(out)
    }

    /// Adds a delivery channel for an agency (a webhook URL, a shared mailbox).
    pub async fn add_agency_channel(
        &self,
        agency: i64,
        channel: &str,
        recipient: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        if !matches!(channel, "email" | "webhook") {
            return Err(StoreError::invalid(
                "channel",
                format!("{channel}: email or webhook"),
            ));
        }
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO agency_channels (agency_id, channel, recipient) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(agency)
            .bind(channel)
            .bind(recipient)
            .execute(&mut *tx)
            .await?;
        crate::audit::record(
            &mut tx,
            by,
            "agency.channel",
            "agency",
            Some(agency),
            &format!(
                "{} {recipient}",
                if channel == "email" {
                    "thư điện tử"
                } else {
                    "webhook"
                }
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a day's digests and queues their delivery, all in one
    /// transaction. An agency already reminded that day is skipped, so a run
    /// repeated (cron and server both, or after a crash) adds nothing.
    /// Returns how many digests were new and how many deliveries they queued.
    pub async fn store_reminders(
        &self,
        reminders: &[NewReminder],
    ) -> Result<(usize, usize), StoreError> {
        let mut tx = self.begin_write().await?;
        let now = crate::now();
        let queued_at = ts(Utc::now());
        let (mut added, mut queued) = (0, 0);
        for r in reminders {
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO reminders (agency_id, on_date, subject, text_body, html_body, payload, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (agency_id, on_date) DO NOTHING RETURNING id",
            )
            .bind(r.agency_id)
            .bind(r.on.to_string())
            .bind(&r.subject)
            .bind(&r.text_body)
            .bind(&r.html_body)
            .bind(&r.payload)
            .bind(&now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = id else { continue };
            added += 1;
            for (task, kind, days) in &r.items {
                sqlx::query("INSERT INTO reminder_items (reminder_id, task_id, kind, days) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                    .bind(id)
                    .bind(task)
                    .bind(kind)
                    .bind(days)
                    .execute(&mut *tx)
                    .await?;
            }
            for (report, kind, days) in &r.reports {
                sqlx::query("INSERT INTO report_reminders (reminder_id, report_id, kind, days) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                    .bind(id)
                    .bind(report)
                    .bind(kind)
                    .bind(days)
                    .execute(&mut *tx)
                    .await?;
            }
            for item in &r.money_items {
                let (project, indicator, kind) = match *item {
                    MoneyItem::BehindPlan(p) => (Some(p), None, "behind_plan"),
                    MoneyItem::ValueDue(i) => (None, Some(i), "value_due"),
                };
                sqlx::query("INSERT INTO reminder_money_items (reminder_id, project_id, indicator_id, kind) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(project)
                    .bind(indicator)
                    .bind(kind)
                    .execute(&mut *tx)
                    .await?;
            }
            for (channel, recipient) in &r.deliveries {
                sqlx::query("INSERT INTO outbox (reminder_id, channel, recipient, next_attempt) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                    .bind(id)
                    .bind(channel)
                    .bind(recipient)
                    .bind(&queued_at)
                    .execute(&mut *tx)
                    .await?;
                queued += 1;
            }
        }
        tx.commit().await?;
        Ok((added, queued))
    }

    /// Claims up to `limit` messages due for an attempt: pending ones, and
    /// ones whose sender died mid-attempt (lease expired). Each claim is a
    /// conditional update, so two senders never take the same message.
    pub async fn claim_outbox(
        &self,
        now: DateTime<Utc>,
        lease_seconds: i64,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let now_s = ts(now);
        let lease = ts(now + chrono::Duration::seconds(lease_seconds));
        let mut out = Vec::new();
        // Candidates are read, then each is claimed by a conditional update;
        // one another sender took first is skipped and the next tried, and a
        // fresh read follows until `limit` are claimed or none is left: a
        // second sender shares the queue instead of stopping at its first miss.
        while (out.len() as i64) < limit {
            let candidates: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM outbox WHERE (state = 'pending' AND next_attempt <= $1) \
                 OR (state = 'sending' AND lease_until < $1) ORDER BY id LIMIT $2",
            )
            .bind(&now_s)
            .bind(limit - out.len() as i64 + 8)
            .fetch_all(self.pool())
            .await?;
            if candidates.is_empty() {
                break;
            }
            for id in candidates {
                if out.len() as i64 >= limit {
                    break;
                }
                let n = sqlx::query(
                    "UPDATE outbox SET state = 'sending', lease_until = $1, attempts = attempts + 1 \
                     WHERE id = $2 AND ((state = 'pending' AND next_attempt <= $3) OR (state = 'sending' AND lease_until < $3))",
                )
                .bind(&lease)
                .bind(id)
                .bind(&now_s)
                .execute(self.writer())
                .await?
                .rows_affected();
                if n == 0 {
                    continue;
                }
                let row: (i64, String, String, String, String, String, String, i64) = sqlx::query_as(
                    "SELECT o.id, o.channel, o.recipient, r.subject, r.text_body, r.html_body, r.payload, o.attempts \
                     FROM outbox o JOIN reminders r ON r.id = o.reminder_id WHERE o.id = $1",
                )
                .bind(id)
                .fetch_one(self.writer())
                .await?;
                out.push(OutboxMessage {
                    id: row.0,
                    channel: row.1,
                    recipient: row.2,
                    subject: row.3,
                    text_body: row.4,
                    html_body: row.5,
                    payload: row.6,
                    attempts: row.7,
                });
            }
        }
        Ok(out)
    }

    pub async fn outbox_sent(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET state = 'sent', sent_at = $1, lease_until = NULL, last_error = NULL WHERE id = $2")
            .bind(crate::now())
            .bind(id)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Records a failed attempt: retried at `retry_at`, or given up (`None`).
    pub async fn outbox_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let (state, next) = match retry_at {
            Some(t) => ("pending", ts(t)),
            None => ("failed", ts(Utc::now())),
        };
        sqlx::query("UPDATE outbox SET state = $1, next_attempt = $2, lease_until = NULL, last_error = $3 WHERE id = $4")
            .bind(state)
            .bind(next)
            .bind(error.chars().take(500).collect::<String>())
            .bind(id)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Puts a given-up message back in the queue (the secretariat's retry).
    pub async fn outbox_retry(&self, id: i64, by: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("UPDATE outbox SET state = 'pending', next_attempt = $1 WHERE id = $2 AND state = 'failed'")
            .bind(ts(Utc::now()))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict(
                "Thư này không ở trạng thái gửi lỗi (có thể đã được gửi lại).".into(),
            ));
        }
        crate::audit::record(&mut tx, by, "outbox.retry", "outbox", Some(id), "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Messages by state (the delivery page's counts).
    pub async fn outbox_counts(&self) -> Result<HashMap<String, i64>, StoreError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT state, COUNT(*) FROM outbox GROUP BY state")
                .fetch_all(self.pool())
                .await?;
        Ok(rows.into_iter().collect())
    }

    /// Recent messages, the unsent ones first.
    pub async fn outbox_recent(&self, limit: i64) -> Result<Vec<OutboxRow>, StoreError> {
        let rows: Vec<OutboxTuple> = sqlx::query_as(
            "SELECT o.id, a.name, r.on_date, o.channel, o.recipient, o.state, o.attempts, o.last_error, o.next_attempt \
             FROM outbox o JOIN reminders r ON r.id = o.reminder_id JOIN agencies a ON a.id = r.agency_id \
             ORDER BY CASE o.state WHEN 'failed' THEN 0 WHEN 'pending' THEN 1 WHEN 'sending' THEN 2 ELSE 3 END, o.id DESC LIMIT $1",
        )
        .bind(limit.clamp(1, 1000))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| OutboxRow {
                id: r.0,
                agency: r.1,
                on_date: r.2,
                channel: r.3,
                recipient: r.4,
                state: r.5,
                attempts: r.6,
                last_error: r.7,
                next_attempt: r.8,
            })
            .collect())
    }

    /// The in-app notifications of an agency: its digests, newest first.
    pub async fn agency_reminders(
        &self,
        agency: i64,
        limit: i64,
    ) -> Result<Vec<ReminderNote>, StoreError> {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, on_date, subject, text_body FROM reminders WHERE agency_id = $1 ORDER BY on_date DESC, id DESC LIMIT $2",
        )
        .bind(agency)
        .bind(limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, on_date, subject, text_body)| ReminderNote {
                id,
                on_date,
                subject,
                text_body,
            })
            .collect())
    }

    /// How many reminders each task has received.
    pub async fn reminder_counts(&self, tasks: &[i64]) -> Result<HashMap<i64, i64>, StoreError> {
        let mut out = HashMap::new();
        for chunk in tasks.chunks(500) {
            if chunk.is_empty() {
                continue;
            }
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let sql = format!(
                "SELECT task_id, COUNT(*) FROM reminder_items WHERE task_id IN ({}) GROUP BY task_id",
                list.join(",")
            );
            let rows: Vec<(i64, i64)> = sqlx::query_as(AssertSqlSafe(sql))
                .fetch_all(self.pool())
                .await?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Agencies with overdue tasks, the worst first: how many, how late,
    /// how often reminded, how many flagged for the leader.
    pub async fn escalation(
        &self,
        scope: Option<i64>,
        today: NaiveDate,
        flag_after: u32,
    ) -> Result<Vec<EscalationRow>, StoreError> {
        let agencies = if scope.is_some() {
            "(SELECT id FROM agencies WHERE id = $2 OR parent_id = $2)"
        } else {
            "(SELECT id FROM agencies)"
        };
        let sql = format!(
            "SELECT x.agency_id, a.name, COUNT(*), MIN(t.due_effective), \
             CAST(COALESCE(SUM(rc.n), 0) AS BIGINT), \
             CAST(COALESCE(SUM({flag}), 0) AS BIGINT) \
             FROM {pairs} x JOIN tasks t ON t.id = x.task_id \
             JOIN directives d ON d.id = t.directive_id AND d.state = 'confirmed' \
             JOIN agencies a ON a.id = x.agency_id \
             LEFT JOIN (SELECT task_id, COUNT(*) AS n FROM reminder_items GROUP BY task_id) rc ON rc.task_id = t.id \
             WHERE {overdue} GROUP BY x.agency_id, a.name",
            flag = crate::status_sql::flag_sql("COALESCE(rc.n, 0)", flag_after),
            pairs = crate::status_sql::answers_pairs(agencies),
            overdue = crate::status_sql::overdue_sql("$1"),
        );
        let mut q = sqlx::query_as::<_, (i64, String, i64, String, i64, i64)>(AssertSqlSafe(sql))
            .bind(today.to_string());
        if let Some(s) = scope {
            q = q.bind(s);
        }
        let rows = q.fetch_all(self.pool()).await?;
        let mut out: Vec<EscalationRow> = rows
            .into_iter()
            .map(
                |(agency_id, agency, overdue, oldest, reminders, flagged)| EscalationRow {
                    agency_id,
                    agency,
                    overdue,
                    worst_days: NaiveDate::parse_from_str(&oldest, "%Y-%m-%d")
                        .map(|d| (today - d).num_days())
                        .unwrap_or(0),
                    reminders,
                    flagged,
                },
            )
            .collect();
        out.sort_by(|a, b| {
            b.flagged
                .cmp(&a.flagged)
                .then(b.overdue.cmp(&a.overdue))
                .then(b.worst_days.cmp(&a.worst_days))
                .then(a.agency.cmp(&b.agency))
        });
        Ok(out)
    }

    /// How many explanation requests wait for an agency's answer.
    pub async fn open_explanations(&self, agency: i64) -> Result<i64, StoreError> {
        // Requests on tasks and on indicators (giải ngân, chỉ tiêu) alike.
        Ok(sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM explanation_requests WHERE agency_id = $1 AND answer IS NULL) \
             + (SELECT COUNT(*) FROM indicator_explanations WHERE agency_id = $1 AND answer IS NULL)",
        )
        .bind(agency)
        .fetch_one(self.pool())
        .await?)
    }

    /// The latest progress report of each task: (percent, text).
    pub async fn latest_updates(
        &self,
        tasks: &[i64],
    ) -> Result<HashMap<i64, (i64, String)>, StoreError> {
        let mut out = HashMap::new();
        for chunk in tasks.chunks(500) {
            if chunk.is_empty() {
                continue;
            }
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let sql = format!(
                "SELECT u.task_id, u.percent, u.body FROM updates u WHERE u.task_id IN ({}) \
                 AND u.id = (SELECT v.id FROM updates v WHERE v.task_id = u.task_id \
                 ORDER BY v.on_date DESC, v.id DESC LIMIT 1)",
                list.join(",")
            );
            let rows: Vec<(i64, i64, String)> = sqlx::query_as(AssertSqlSafe(sql))
                .fetch_all(self.pool())
                .await?;
            out.extend(rows.into_iter().map(|(t, p, b)| (t, (p, b))));
        }
        Ok(out)
    }

    /// The secretariat asks an agency to explain a delay (yêu cầu giải trình).
    pub async fn request_explanation(
        &self,
        task: i64,
        agency: i64,
        question: &str,
        answer_by: NaiveDate,
        by: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = crate::explain::ask(
            &mut tx,
            crate::explain::Subject::Task,
            task,
            agency,
            question,
            answer_by,
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The agency's answer; an explanation is answered once.
    pub async fn answer_explanation(
        &self,
        id: i64,
        answer: &str,
        by: &str,
    ) -> Result<i64, StoreError> {
        self.answer_request(crate::explain::Subject::Task, id, answer, by)
            .await
    }

    /// Explanation requests of a task, or the open ones of an agency.
    pub async fn explanations(
        &self,
        task: Option<i64>,
        open_for_agency: Option<i64>,
    ) -> Result<Vec<Explanation>, StoreError> {
        let (filter, value) = match (task, open_for_agency) {
            (Some(t), _) => ("e.task_id = $1", t),
            (None, Some(a)) => ("e.agency_id = $1 AND e.answer IS NULL", a),
            (None, None) => return Ok(Vec::new()),
        };
        let sql = format!(
            "SELECT e.id, e.task_id, a.name, e.question, e.answer_by, e.requested_by, e.answer, e.answered_by \
             FROM explanation_requests e JOIN agencies a ON a.id = e.agency_id WHERE {filter} ORDER BY e.id"
        );
        let rows: Vec<ExplanationTuple> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(value)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| Explanation {
                id: r.0,
                task_id: r.1,
                agency: r.2,
                question: r.3,
                answer_by: r.4,
                requested_by: r.5,
                answer: r.6,
                answered_by: r.7,
            })
            .collect())
    }

    /// Records a calendar feed token (as its SHA-256).
    pub async fn create_feed_token(
        &self,
        token_sha256: &str,
        target: FeedTarget,
        by: &str,
    ) -> Result<(), StoreError> {
        let (user, agency) = match target {
            FeedTarget::User(u) => (Some(u), None),
            FeedTarget::Agency(a) => (None, Some(a)),
        };
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO feed_tokens (token_sha256, user_id, agency_id, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, (SELECT id FROM users WHERE username = $5))",
        )
        .bind(token_sha256)
        .bind(user)
        .bind(agency)
        .bind(crate::now())
        .bind(by)
        .execute(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            by,
            "feed.create",
            "user",
            user,
            &match agency {
                Some(a) => format!("lịch của đơn vị số {a}"),
                None => "lịch cá nhân".to_owned(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Revokes a calendar feed (by its digest); `owner` limits it to feeds
    /// of that user (their own, or the ones they made for their agency).
    pub async fn revoke_feed_token(
        &self,
        token_sha256: &str,
        owner: Option<i64>,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE feed_tokens SET revoked = 1 WHERE token_sha256 = $1 AND revoked = 0 \
             AND (CAST($2 AS BIGINT) IS NULL OR user_id = $2 OR created_by = $2)",
        )
        .bind(token_sha256)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(StoreError::Conflict(
                "Liên kết lịch không tồn tại hoặc đã bị thu hồi.".into(),
            ));
        }
        crate::audit::record(&mut tx, by, "feed.revoke", "feed", None, "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Live calendar feeds (all, or those a user made), newest first:
    /// (digest, for whom, created at).
    pub async fn feed_tokens(
        &self,
        owner: Option<i64>,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT f.token_sha256, COALESCE(u.username, a.name, ''), f.created_at FROM feed_tokens f \
             LEFT JOIN users u ON u.id = f.user_id LEFT JOIN agencies a ON a.id = f.agency_id \
             WHERE f.revoked = 0 AND (CAST($1 AS BIGINT) IS NULL OR f.user_id = $1 OR f.created_by = $1) \
             ORDER BY f.created_at DESC",
        )
        .bind(owner)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn feed_target(&self, token_sha256: &str) -> Result<Option<FeedTarget>, StoreError> {
        let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT f.user_id, f.agency_id FROM feed_tokens f \
             LEFT JOIN users u ON u.id = f.user_id LEFT JOIN users c ON c.id = f.created_by \
             WHERE f.token_sha256 = $1 AND f.revoked = 0 \
               AND (f.user_id IS NULL OR u.active = 1) AND (f.created_by IS NULL OR c.active = 1)",
        )
        .bind(token_sha256)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            Some((Some(u), _)) => Some(FeedTarget::User(u)),
            Some((None, Some(a))) => Some(FeedTarget::Agency(a)),
            _ => None,
        })
    }
}
