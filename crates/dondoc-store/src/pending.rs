//! What waits for someone: the secretariat's queue (deadline requests to
//! decide, completion claims to appraise, explanation answers to read, new
//! uploads to review), oldest first, and an agency's news (explanations to
//! answer, its requests decided, its claims sent back, lately).

use crate::{Store, StoreError};
use sqlx::AssertSqlSafe;

/// One thing waiting, as the queue lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    /// What kind of thing.
    pub kind: WaitKind,
    /// The row it is (deadline change, completion claim, explanation, directive).
    pub id: i64,
    /// The task it concerns (none for an upload).
    pub task_id: Option<i64>,
    /// The task's (or the directive's) words.
    pub text: String,
    /// Who asked or answered (an agency or a user).
    pub from: String,
    /// What they said (the reason, the note, the answer).
    pub said: String,
    /// The date asked for (deadline requests) or claimed (claims).
    pub date: Option<String>,
    /// When it arrived (RFC 3339).
    pub since: String,
    /// The indicator it concerns (explanations on indicators).
    pub indicator_id: Option<i64>,
}

/// Kinds of waiting things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WaitKind {
    /// A deadline request to approve or reject.
    DeadlineRequest,
    /// A completion claim to accept or send back.
    CompletionClaim,
    /// An explanation answer to read.
    ExplanationAnswer,
    /// A directive uploaded and not yet confirmed.
    DraftDirective,
    /// An explanation request the agency must answer.
    ExplanationRequest,
    /// A deadline request of the agency, decided lately.
    DeadlineDecided,
    /// A completion claim of the agency, sent back lately.
    ClaimSentBack,
    /// An explanation request on an indicator the agency owns.
    IndicatorQuestion,
    /// An answer to an explanation request on an indicator, to read.
    IndicatorAnswer,
}

impl WaitKind {
    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            WaitKind::DeadlineRequest => "Đề nghị gia hạn",
            WaitKind::CompletionClaim => "Báo cáo hoàn thành chờ thẩm định",
            WaitKind::ExplanationAnswer => "Giải trình đã được trả lời",
            WaitKind::DraftDirective => "Văn bản mới chờ rà soát",
            WaitKind::ExplanationRequest => "Yêu cầu giải trình chờ trả lời",
            WaitKind::DeadlineDecided => "Đề nghị gia hạn đã có quyết định",
            WaitKind::ClaimSentBack => "Báo cáo hoàn thành bị trả lại",
            WaitKind::IndicatorQuestion => "Yêu cầu giải trình về chỉ tiêu",
            WaitKind::IndicatorAnswer => "Giải trình về chỉ tiêu đã được trả lời",
        }
    }
}

type Row = (
    i64,
    Option<i64>,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<i64>,
);

const SECRETARIAT_QUEUE: &[(WaitKind, &str)] = &[
    (
        WaitKind::DeadlineRequest,
        "SELECT c.id, c.task_id, t.text, COALESCE((SELECT a.name FROM task_agencies ta JOIN agencies a ON a.id = ta.agency_id \
         WHERE ta.task_id = t.id AND ta.role = 'lead' ORDER BY a.name LIMIT 1), c.requested_by), c.reason, c.requested_due, c.requested_at, NULL \
         FROM deadline_changes c JOIN tasks t ON t.id = c.task_id WHERE c.decision = 'pending'",
    ),
    (
        WaitKind::CompletionClaim,
        "SELECT c.id, c.task_id, t.text, COALESCE((SELECT a.name FROM task_agencies ta JOIN agencies a ON a.id = ta.agency_id \
         WHERE ta.task_id = t.id AND ta.role = 'lead' ORDER BY a.name LIMIT 1), c.claimed_by), c.note, c.claimed_on, c.claimed_on, NULL \
         FROM completions c JOIN tasks t ON t.id = c.task_id WHERE c.appraisal = 'pending'",
    ),
    (
        WaitKind::ExplanationAnswer,
        "SELECT e.id, e.task_id, e.question, a.name, COALESCE(e.answer, ''), NULL, COALESCE(e.answered_at, e.requested_at), NULL \
         FROM explanation_requests e JOIN agencies a ON a.id = e.agency_id \
         WHERE e.answer IS NOT NULL AND e.reviewed_at IS NULL",
    ),
    (
        WaitKind::IndicatorAnswer,
        "SELECT e.id, NULL, e.question, a.name, COALESCE(e.answer, ''), NULL, COALESCE(e.answered_at, e.requested_at), e.indicator_id \
         FROM indicator_explanations e JOIN agencies a ON a.id = e.agency_id \
         WHERE e.answer IS NOT NULL AND e.reviewed_at IS NULL",
    ),
    (
        WaitKind::DraftDirective,
        "SELECT d.id, NULL, COALESCE(d.title, d.file_name), d.ingested_by, COALESCE(d.number, ''), NULL, d.ingested_at, NULL \
         FROM directives d WHERE d.state = 'draft'",
    ),
];

fn waiting(kind: WaitKind, r: Row) -> Waiting {
    Waiting {
        kind,
        id: r.0,
        task_id: r.1,
        text: r.2,
        from: r.3,
        said: r.4,
        date: r.5,
        since: r.6,
        indicator_id: r.7,
    }
}

impl Store {
    /// The secretariat's queue, oldest first (at most `limit` of each kind).
    pub async fn secretariat_queue(&self, limit: i64) -> Result<Vec<Waiting>, StoreError> {
        let mut out = Vec::new();
        for (kind, sql) in SECRETARIAT_QUEUE {
            let sql = format!("{sql} ORDER BY 7, 1 LIMIT $1");
            let rows: Vec<Row> = sqlx::query_as(AssertSqlSafe(sql))
                .bind(limit)
                .fetch_all(self.pool())
                .await?;
            out.extend(rows.into_iter().map(|r| waiting(*kind, r)));
        }
        out.sort_by(|a, b| a.since.cmp(&b.since));
        Ok(out)
    }

    /// How many things wait for the secretariat (the menu's count).
    pub async fn secretariat_waiting(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM deadline_changes WHERE decision = 'pending') \
             + (SELECT COUNT(*) FROM completions WHERE appraisal = 'pending') \
             + (SELECT COUNT(*) FROM explanation_requests WHERE answer IS NOT NULL AND reviewed_at IS NULL) \
             + (SELECT COUNT(*) FROM indicator_explanations WHERE answer IS NOT NULL AND reviewed_at IS NULL) \
             + (SELECT COUNT(*) FROM directives WHERE state = 'draft')",
        )
        .fetch_one(self.pool())
        .await?)
    }

    /// An agency's news: explanations to answer, and — since `since` (an
    /// RFC 3339 instant) — its deadline requests decided and its claims
    /// sent back.
    pub async fn agency_news(&self, agency: i64, since: &str) -> Result<Vec<Waiting>, StoreError> {
        let queries: [(WaitKind, &str); 4] = [
            (
                WaitKind::ExplanationRequest,
                "SELECT e.id, e.task_id, t.text, e.requested_by, e.question, e.answer_by, e.requested_at, NULL \
                 FROM explanation_requests e JOIN tasks t ON t.id = e.task_id \
                 WHERE e.agency_id = $1 AND e.answer IS NULL AND $2 <> ''",
            ),
            (
                WaitKind::DeadlineDecided,
                "SELECT c.id, c.task_id, t.text, COALESCE(c.decided_by, ''), \
                 CASE c.decision WHEN 'approved' THEN 'Đã chấp thuận' ELSE 'Không chấp thuận' END \
                 || COALESCE(': ' || c.note, ''), c.requested_due, c.decided_at, NULL \
                 FROM deadline_changes c JOIN tasks t ON t.id = c.task_id \
                 WHERE c.decision <> 'pending' AND c.decided_at >= $2 \
                 AND c.task_id IN (SELECT task_id FROM task_agencies WHERE agency_id = $1 AND role = 'lead')",
            ),
            (
                WaitKind::ClaimSentBack,
                "SELECT c.id, c.task_id, t.text, COALESCE(c.appraised_by, ''), COALESCE(c.appraisal_note, ''), \
                 c.claimed_on, COALESCE(c.appraised_at, c.claimed_on), NULL \
                 FROM completions c JOIN tasks t ON t.id = c.task_id \
                 WHERE c.appraisal = 'sent_back' AND c.appraised_at >= $2 \
                 AND c.task_id IN (SELECT task_id FROM task_agencies WHERE agency_id = $1 AND role = 'lead')",
            ),
            (
                WaitKind::IndicatorQuestion,
                "SELECT e.id, NULL, i.name, e.requested_by, e.question, e.answer_by, e.requested_at, i.id \
                 FROM indicator_explanations e JOIN indicators i ON i.id = e.indicator_id \
                 WHERE e.agency_id = $1 AND e.answer IS NULL AND $2 <> ''",
            ),
        ];
        let mut out = Vec::new();
        for (kind, sql) in queries {
            let sql = format!("{sql} ORDER BY 7, 1 LIMIT 200");
            let rows: Vec<Row> = sqlx::query_as(AssertSqlSafe(sql))
                .bind(agency)
                .bind(since)
                .fetch_all(self.pool())
                .await?;
            out.extend(rows.into_iter().map(|r| waiting(kind, r)));
        }
        out.sort_by(|a, b| a.since.cmp(&b.since));
        Ok(out)
    }

    /// The secretariat has read the answer on an indicator: it leaves the
    /// queue.
    pub async fn review_indicator_explanation(&self, id: i64, by: &str) -> Result<(), StoreError> {
        self.mark_answer_read(crate::explain::Subject::Indicator, id, by)
            .await
    }

    /// The secretariat has read an explanation answer: it leaves the queue.
    pub async fn review_explanation(&self, id: i64, by: &str) -> Result<(), StoreError> {
        self.mark_answer_read(crate::explain::Subject::Task, id, by)
            .await
    }
}
