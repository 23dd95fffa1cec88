//! Any file must read to text or to a named refusal, never a panic; and what
//! reads must extract. Inputs starting "PK" exercise the .docx path.
#![no_main]

use dondoc_extract::{Registry, extract};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(Registry::khanh_hoa)
}

fuzz_target!(|data: &[u8]| {
    // PDFs shell out to pdftotext; the fuzzer covers the in-process formats.
    if data.starts_with(b"%PDF-") {
        return;
    }
    let opts = dondoc_read::ReadOptions {
        ocr: false,
        ..Default::default()
    };
    if let Ok(doc) = dondoc_read::read_bytes_with(data, None, &opts) {
        let _ = extract(&doc.text, registry());
    }
});
