//! Reads a file as the server does and prints its text, for trying the
//! reader on real files: `cargo run -p dondoc-read --example read -- FILE`.
//! Progress and notes go to stderr.

use std::path::Path;
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: read FILE");
        std::process::exit(2);
    };
    let start = Instant::now();
    let progress = |p: dondoc_read::Progress| {
        eprintln!(
            "[{:6.1} s] OCR {}/{} trang",
            start.elapsed().as_secs_f64(),
            p.done,
            p.total
        );
    };
    let opts = dondoc_read::ReadOptions {
        progress: Some(&progress),
        ..dondoc_read::ReadOptions::default()
    };
    match dondoc_read::read_path_with(Path::new(&path), &opts) {
        Ok(doc) => {
            eprintln!(
                "{:?}, {} trang, ocr: {}, {:.1} s",
                doc.format,
                doc.pages,
                doc.ocr,
                start.elapsed().as_secs_f64()
            );
            for n in &doc.notes {
                eprintln!("ghi chú: {n}");
            }
            println!("{}", doc.text);
        }
        Err(e) => {
            eprintln!("{}: {e}", Path::new(&path).display());
            std::process::exit(1);
        }
    }
}
