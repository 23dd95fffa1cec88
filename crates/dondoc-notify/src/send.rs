//! Delivering the outbox: each message claimed with a lease, sent, then
//! marked. A failure is retried with growing delays and stays visible; a
//! sender killed mid-message leaves a lease that expires, and the message is
//! sent again with the same Message-ID (the only case of a repeat: the
//! moment between the server's acceptance and our record of it).

use chrono::{DateTime, Duration, Utc};
use dondoc_store::{OutboxMessage, Store, StoreError};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Delays before attempt 2, 3, ...; after the last, the message is given up.
const BACKOFF_MINUTES: [i64; 6] = [1, 5, 30, 120, 720, 1440];

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// The province's mail relay on its network (plain SMTP, port 25 or 587).
    pub host: String,
    pub port: u16,
    pub from: String,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub retrying: usize,
    pub given_up: usize,
}

pub struct Sender {
    smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    http: reqwest::Client,
    /// Seconds a claimed message is reserved for this sender.
    pub lease_seconds: i64,
    /// A test hook: abort the process after this many messages (see below).
    failpoint: Option<(usize, Failpoint)>,
}

/// Where the crash test aborts the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failpoint {
    /// After a message is sent and recorded: between two messages.
    AfterRecord,
    /// After the server accepted a message, before it is recorded.
    BeforeRecord,
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the sender address {0} is not valid")]
    From(String),
}

impl Sender {
    pub fn new(smtp: Option<SmtpConfig>) -> Result<Sender, SendError> {
        let smtp = match smtp {
            Some(c) => {
                let from: Mailbox = c
                    .from
                    .parse()
                    .map_err(|_| SendError::From(c.from.clone()))?;
                let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&c.host)
                    .port(c.port)
                    .timeout(Some(std::time::Duration::from_secs(30)))
                    .build();
                Some((transport, from))
            }
            None => None,
        };
        let failpoint = std::env::var("DONDOC_FAILPOINT_SEND_ABORT")
            .ok()
            .and_then(|v| {
                let (n, at) = v.split_once(':')?;
                let at = match at {
                    "after-record" => Failpoint::AfterRecord,
                    "before-record" => Failpoint::BeforeRecord,
                    _ => return None,
                };
                Some((n.parse().ok()?, at))
            });
        Ok(Sender {
            smtp,
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(20))
                .build()
                .unwrap_or_default(),
            lease_seconds: 120,
            failpoint,
        })
    }

    async fn deliver(&self, m: &OutboxMessage) -> Result<(), String> {
        match m.channel.as_str() {
            "email" => {
                let Some((transport, from)) = &self.smtp else {
                    return Err("no SMTP server configured (--smtp)".into());
                };
                let to: Mailbox = m
                    .recipient
                    .parse()
                    .map_err(|e| format!("recipient {}: {e}", m.recipient))?;
                let email = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(&m.subject)
                    // Stable per outbox row: a resend is the same message.
                    .message_id(Some(format!("<outbox-{}@dondoc>", m.id)))
                    .multipart(MultiPart::alternative_plain_html(
                        m.text_body.clone(),
                        m.html_body.clone(),
                    ))
                    .map_err(|e| format!("message: {e}"))?;
                transport
                    .send(email)
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("SMTP: {e}"))
            }
            "webhook" => {
                let body: serde_json::Value =
                    serde_json::from_str(&m.payload).map_err(|e| format!("payload: {e}"))?;
                let r = self
                    .http
                    .post(&m.recipient)
                    .header("Idempotency-Key", format!("outbox-{}", m.id))
                    .json(&body)
                    .send()
                    .await
                    .map_err(|e| format!("webhook: {e}"))?;
                if r.status().is_success() {
                    Ok(())
                } else {
                    Err(format!("webhook answered {}", r.status()))
                }
            }
            other => Err(format!("unknown channel {other}")),
        }
    }

    /// Sends every message due now; returns what happened.
    pub async fn drain(&self, store: &Store, now: DateTime<Utc>) -> Result<SendReport, StoreError> {
        let mut report = SendReport::default();
        loop {
            // One at a time: a sender killed mid-run holds at most one lease.
            let batch = store.claim_outbox(now, self.lease_seconds, 1).await?;
            if batch.is_empty() {
                return Ok(report);
            }
            for m in batch {
                match self.deliver(&m).await {
                    Ok(()) => {
                        self.failpoint_hit(report.sent + 1, Failpoint::BeforeRecord);
                        store.outbox_sent(m.id).await?;
                        report.sent += 1;
                        self.failpoint_hit(report.sent, Failpoint::AfterRecord);
                    }
                    Err(e) => {
                        let n = usize::try_from(m.attempts).unwrap_or(usize::MAX);
                        let retry = BACKOFF_MINUTES
                            .get(n.saturating_sub(1))
                            .map(|min| Utc::now() + Duration::minutes(*min));
                        tracing::warn!("outbox {}: {e}", m.id);
                        store.outbox_failed(m.id, &e, retry).await?;
                        if retry.is_some() {
                            report.retrying += 1;
                        } else {
                            report.given_up += 1;
                        }
                    }
                }
            }
        }
    }

    fn failpoint_hit(&self, n: usize, at: Failpoint) {
        if self.failpoint == Some((n, at)) {
            std::process::abort();
        }
    }
}
