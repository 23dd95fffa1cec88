//! dondoc-notify: the follow-up engine at work. [`run`] turns the day's
//! deadlines into one digest per agency (rules and wording from the pure
//! `dondoc-followup`), stored with their deliveries in one transaction;
//! [`send`] drains the outbox to SMTP and webhooks with retries.

pub mod money;
pub mod run;
pub mod send;

pub use run::{RunReport, daily_run, remind};
pub use send::{SendReport, Sender, SmtpConfig};
