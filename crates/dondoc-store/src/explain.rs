//! Explanation requests (yêu cầu giải trình) on whatever the committee
//! follows — a task, an indicator: asked of one agency with a reply date,
//! answered once, read once by the secretariat. One table per subject, one
//! set of rules for all of them.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use sqlx::AssertSqlSafe;

/// What an explanation is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    Task,
    Indicator,
}

impl Subject {
    fn table(self) -> &'static str {
        match self {
            Subject::Task => "explanation_requests",
            Subject::Indicator => "indicator_explanations",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Subject::Task => "task_id",
            Subject::Indicator => "indicator_id",
        }
    }

    /// The audit log's entity, and the prefix of its actions.
    fn entity(self) -> &'static str {
        match self {
            Subject::Task => "task",
            Subject::Indicator => "indicator",
        }
    }
}

/// Asks `agency` to explain `subject_id`, inside the caller's transaction
/// (which has locked the subject). Returns the request's id.
pub(crate) async fn ask(
    tx: &mut sqlx::AnyConnection,
    subject: Subject,
    subject_id: i64,
    agency: i64,
    question: &str,
    answer_by: NaiveDate,
    by: &str,
) -> Result<i64, StoreError> {
    if question.trim().is_empty() {
        return Err(StoreError::invalid("question", "the request is empty"));
    }
    let sql = format!(
        "INSERT INTO {} ({}, agency_id, question, answer_by, requested_by, requested_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        subject.table(),
        subject.column()
    );
    let id: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
        .bind(subject_id)
        .bind(agency)
        .bind(question.trim())
        .bind(answer_by.to_string())
        .bind(by)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?;
    crate::audit::record(
        tx,
        by,
        &format!("{}.explanation.request", subject.entity()),
        subject.entity(),
        Some(subject_id),
        question,
    )
    .await?;
    Ok(id)
}

impl Store {
    /// The agency's answer to request `id`: answered once (the update is
    /// conditional on there being no answer). Returns the subject's id.
    pub(crate) async fn answer_request(
        &self,
        subject: Subject,
        id: i64,
        answer: &str,
        by: &str,
    ) -> Result<i64, StoreError> {
        if answer.trim().is_empty() {
            return Err(StoreError::invalid("answer", "the answer is empty"));
        }
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT {} FROM {} WHERE id = $1",
            subject.column(),
            subject.table()
        );
        let subject_id: Option<i64> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let subject_id = subject_id.ok_or(StoreError::NotFound {
            what: "explanation request",
            id,
        })?;
        let sql = format!(
            "UPDATE {} SET answer = $1, answered_by = $2, answered_at = $3 \
             WHERE id = $4 AND answer IS NULL",
            subject.table()
        );
        let n = sqlx::query(AssertSqlSafe(sql))
            .bind(answer.trim())
            .bind(by)
            .bind(crate::now())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Err(StoreError::Conflict(
                "Yêu cầu giải trình này đã được trả lời.".into(),
            ));
        }
        crate::audit::record(
            &mut tx,
            by,
            &format!("{}.explanation.answer", subject.entity()),
            subject.entity(),
            Some(subject_id),
            answer,
        )
        .await?;
        tx.commit().await?;
        Ok(subject_id)
    }

    /// The secretariat has read the answer to request `id`: it leaves the
    /// queue, once.
    pub(crate) async fn mark_answer_read(
        &self,
        subject: Subject,
        id: i64,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "UPDATE {} SET reviewed_by = $1, reviewed_at = $2 \
             WHERE id = $3 AND answer IS NOT NULL AND reviewed_at IS NULL RETURNING {}",
            subject.table(),
            subject.column()
        );
        let subject_id: Option<i64> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(by)
            .bind(crate::now())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(subject_id) = subject_id else {
            return Err(StoreError::Conflict(
                "Giải trình này chưa có trả lời hoặc đã được xem.".into(),
            ));
        };
        crate::audit::record(
            &mut tx,
            by,
            &format!("{}.explanation.reviewed", subject.entity()),
            subject.entity(),
            Some(subject_id),
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
