//! Any text must extract without a panic, and the result must point at lines
//! that exist.
#![no_main]

use dondoc_extract::{Registry, extract};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(Registry::khanh_hoa)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let x = extract(text, registry());
    let lines = text.split('\n').count();
    for t in &x.tasks {
        assert!(t.lines[0] >= 1 && t.lines[0] <= t.lines[1] && t.lines[1] <= lines, "{:?} of {lines}", t.lines);
    }
});
