//! dondoc-followup: the rules and renderings of follow-up (đôn đốc) — when a
//! task is due a reminder, the daily digest an agency receives, the official
//! follow-up letter (công văn đôn đốc) as a `.docx`, and a calendar feed.
//!
//! Architecture invariant: pure. No I/O, no database, no network and no
//! clock: callers pass today's date (the province's, see
//! `dondoc_domain::status::province_today`) and every input; each function
//! returns a value (a string, JSON, or bytes) that the caller sends or stores.
//!
//! - [`policy`]: which day brings which reminder, and when to flag for the leader.
//! - [`digest`](mod@digest): one agency's daily reminder, as e-mail text, HTML and webhook JSON.
//! - [`letter`]: the follow-up letter in the Decree 30/2020 format.
//! - [`ics`]: an iCalendar (RFC 5545) feed of deadlines.
//! - [`period`]: the Vietnamese name of a recurring duty's period ("quý IV/2026").
//! - [`report`]: the committee's consolidated report for a round (.docx).
//! - [`sheets`]: the report's appendix and the scoring as spreadsheets (.xlsx).

#![deny(missing_docs)]

pub mod digest;
mod docx;
pub mod ics;
pub mod letter;
pub mod period;
pub mod policy;
pub mod report;
pub mod sheets;
mod text;

pub use digest::{
    Digest, DigestInput, DigestItem, DutyItem, MoneyItem, MoneyKind, digest, webhook_json,
};
pub use ics::{CalendarEvent, calendar};
pub use letter::{LetterError, LetterInput, LetterTask, letter_docx};
pub use period::period_label;
pub use policy::{PolicyError, ReminderKind, ReminderPolicy};
