//! The follow-up engine inside the server: the daily reminder run once a day
//! after `remind_hour` (province time), and the outbox drained every half
//! minute. Both are idempotent, so a cron `dondoc remind` beside it is safe.

use crate::state::AppState;
use chrono::{Timelike, Utc};
use std::time::Duration as StdDuration;

pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let sender = match dondoc_notify::Sender::new(state.settings.smtp.clone()) {
            Ok(s) => s,
            Err(e) => {
                tracing::error!("follow-up: {e}");
                return;
            }
        };
        let mut last_run = None;
        loop {
            let local = dondoc_domain::status::province_time(Utc::now());
            let today = state.today();
            if last_run != Some(today) && local.hour() >= state.settings.remind_hour {
                match dondoc_notify::daily_run(
                    &state.store,
                    &state.settings.policy,
                    today,
                    &state.settings.public_url,
                    false,
                )
                .await
                {
                    Ok(r) => {
                        tracing::info!("reminders {today}: {} digests stored", r.stored);
                        last_run = Some(today);
                        state.generations.written(None);
                    }
                    Err(e) => tracing::error!("reminders {today}: {e}"),
                }
            }
            if let Err(e) = sender.drain(&state.store, Utc::now()).await {
                tracing::error!("outbox: {e}");
            }
            tokio::time::sleep(StdDuration::from_secs(30)).await;
        }
    });
}
