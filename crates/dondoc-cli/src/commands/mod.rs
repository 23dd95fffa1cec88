pub mod bench;
pub mod extract;
pub mod tracking;
