pub mod bench;
pub mod extract;
pub mod followup;
pub mod scale;
pub mod tracking;
pub mod web;
