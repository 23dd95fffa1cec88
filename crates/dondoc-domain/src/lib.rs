//! dondoc-domain: the vocabulary and the rules of following a task to its end —
//! its status on a given day, who may read or change it, an agency's reach,
//! recurring duties, periodic reports, scores and rankings, money and disbursement, indicators.
//!
//! Architecture invariant: pure. No I/O, no database, no HTTP, and no clock:
//! callers pass the date (`status::province_today` turns a UTC instant they
//! read into the province's date).

#![deny(missing_docs)]

pub mod access;
pub mod agency;
pub mod areas;
pub mod disbursement;
pub mod escalation;
pub mod groups;
pub mod indicator;
pub mod model;
pub mod money;
pub mod recurrence;
pub mod reports;
pub mod scoring;
pub mod status;
