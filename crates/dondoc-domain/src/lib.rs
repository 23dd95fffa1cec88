//! dondoc-domain: the rules of following a task to its end — its status on a
//! given day, the occurrences of a recurring duty, who may read or change it.
//!
//! Architecture invariant: pure. No I/O, no database, no HTTP, and no clock:
//! callers pass the date (`status::province_today` turns a UTC instant they
//! read into the province's date).

pub mod access;
pub mod areas;
pub mod disbursement;
pub mod groups;
pub mod indicator;
pub mod model;
pub mod money;
pub mod recurrence;
pub mod scoring;
pub mod status;
