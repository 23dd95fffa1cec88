//! Prints the extraction JSON of a UTF-8 text file, as `dondoc extract FILE
//! --format json` does, without building the whole workspace:
//! `cargo run --release -p dondoc-extract --example extract_json -- FILE`.
//!
//! With `--bench N FILE...` it extracts the files N times and prints the speed.

use dondoc_extract::{Registry, extract};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reg = Registry::khanh_hoa();
    if args.first().map(String::as_str) == Some("--bench") {
        let rounds: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(100);
        let texts: Vec<String> = args
            .iter()
            .skip(2)
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        let bytes: usize = texts.iter().map(String::len).sum::<usize>() * rounds;
        let start = std::time::Instant::now();
        let mut tasks = 0;
        for _ in 0..rounds {
            for t in &texts {
                tasks += extract(t, &reg).tasks.len();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{:.1} MB/s ({bytes} bytes, {tasks} tasks, {secs:.3} s)",
            bytes as f64 / secs / 1e6
        );
        return ExitCode::SUCCESS;
    }
    let Some(path) = args.first() else {
        eprintln!("usage: extract_json FILE | --bench N FILE...");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    if serde_json::to_writer_pretty(&mut out, &extract(&text, &reg)).is_err() {
        return ExitCode::FAILURE;
    }
    let _ = writeln!(out);
    ExitCode::SUCCESS
}
