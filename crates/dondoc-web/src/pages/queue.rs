//! Việc chờ xử lý: what waits for the viewer, oldest first, to act on from
//! the list. The secretariat: deadline requests to decide, completion claims
//! to appraise, explanation answers to read, uploads to review. An officer:
//! explanation requests to answer, and what was decided on its agency's
//! requests and claims in the last 14 days.

use super::{Nav, render};
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use dondoc_domain::access::{Role, can_decide};
use dondoc_store::{WaitKind, Waiting};

/// Things of each kind listed at most.
const LIMIT: i64 = 200;
/// How far back an officer's news go.
const NEWS_DAYS: i64 = 14;

pub struct Item {
    pub kind: &'static str,
    pub code: &'static str,
    pub id: i64,
    pub task_id: i64,
    pub indicator_id: i64,
    pub text: String,
    pub from: String,
    pub said: String,
    pub date: String,
    pub since: String,
}

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    nav: Nav,
    items: Vec<Item>,
    decider: bool,
}

fn item(w: Waiting) -> Item {
    let code = match w.kind {
        WaitKind::DeadlineRequest => "deadline",
        WaitKind::CompletionClaim => "claim",
        WaitKind::ExplanationAnswer => "answer",
        WaitKind::DraftDirective => "draft",
        WaitKind::ExplanationRequest => "question",
        WaitKind::DeadlineDecided => "decided",
        WaitKind::ClaimSentBack => "sentback",
        WaitKind::IndicatorQuestion => "indicator",
        WaitKind::IndicatorAnswer => "indicator-answer",
    };
    Item {
        kind: w.kind.label_vi(),
        code,
        id: w.id,
        task_id: w.task_id.unwrap_or(0),
        indicator_id: w.indicator_id.unwrap_or(0),
        text: fmt::shorten(fmt::without_marker(&w.text), 200),
        from: w.from,
        said: w.said,
        date: w
            .date
            .map(|d| fmt::date(fmt::parse_date(&d)))
            .unwrap_or_default(),
        since: if w.since.len() > 10 {
            fmt::timestamp(&w.since)
        } else {
            fmt::date(fmt::parse_date(&w.since))
        },
    }
}

pub async fn page(State(state): State<AppState>, v: Viewer) -> AppResult<Response> {
    let waiting = match v.role() {
        Role::Officer { agency } => {
            let since = (chrono::Utc::now() - chrono::Duration::days(NEWS_DAYS))
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            state.store.agency_news(agency, &since).await?
        }
        r if can_decide(r) => state.store.secretariat_queue(LIMIT).await?,
        _ => Vec::new(),
    };
    Ok(render(&QueuePage {
        nav: Nav::new(&v, "queue"),
        items: waiting.into_iter().map(item).collect(),
        decider: can_decide(v.role()),
    })?
    .into_response())
}
