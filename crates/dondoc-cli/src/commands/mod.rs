pub mod bench;
pub mod extract;
pub mod scale;
pub mod tracking;
pub mod web;
