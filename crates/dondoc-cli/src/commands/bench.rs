//! `dondoc bench`: extraction throughput measured in this process, next to a
//! baseline on the same bytes in the same run (the machines are shared and
//! noisy, so only ratios are comparable between runs).

use anyhow::Result;
use dondoc_extract::{Registry, extract, text};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The sample directives, built in so that the benchmark runs anywhere.
const SAMPLES: &[&str] = &[
    include_str!("../../../dondoc-extract/test_data/000_7efb834befe4166f.txt"),
    include_str!("../../../dondoc-extract/test_data/001_dda158427d07a616.txt"),
    include_str!("../../../dondoc-extract/test_data/002_901f57d19159e859.txt"),
    include_str!("../../../dondoc-extract/test_data/003_dfb97a17adc53d91.txt"),
    include_str!("../../../dondoc-extract/test_data/004_d326df9318934d85.txt"),
];

/// A Word directive (numbered lists, bullets, a table), built in.
const DOCX: &[u8] = include_bytes!("../../../dondoc-read/test_data/directive.docx");

#[derive(clap::Args)]
pub struct Args {
    /// Seconds to spend on each measurement.
    #[arg(long, default_value_t = 3.0)]
    seconds: f64,
    /// Copies of the samples concatenated into the one large document.
    #[arg(long, default_value_t = 400)]
    copies: usize,
}

/// Runs `f` over `docs` until `budget` has passed; returns MB/s.
fn throughput(docs: &[&str], budget: Duration, mut f: impl FnMut(&str)) -> f64 {
    let start = Instant::now();
    let mut bytes = 0usize;
    while start.elapsed() < budget {
        for d in docs {
            f(d);
            bytes += d.len();
        }
    }
    bytes as f64 / 1e6 / start.elapsed().as_secs_f64()
}

/// Peak resident memory of this process, from /proc (Linux).
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(args: Args) -> Result<()> {
    let reg = Registry::khanh_hoa();
    let budget = Duration::from_secs_f64(args.seconds.max(0.1));
    let total: usize = SAMPLES.iter().map(|s| s.len()).sum();
    println!(
        "dondoc bench: {} sample directives, {:.1} KB, one core",
        SAMPLES.len(),
        total as f64 / 1e3
    );

    let base = throughput(SAMPLES, budget, |d| {
        black_box(text::fold(&text::nfc(d)).lines().count());
    });
    let ours = throughput(SAMPLES, budget, |d| {
        black_box(extract(d, &reg).tasks.len());
    });
    println!("baseline (NFC + fold + line split): {base:>8.1} MB/s");
    println!(
        "extract, plain text:                {ours:>8.1} MB/s  ({:.1}x the baseline time)",
        base / ours
    );

    // .docx: unzip, parse the XML, render numbering, then extract.
    let start = Instant::now();
    let mut bytes = 0usize;
    while start.elapsed() < budget {
        let doc = dondoc_read::read_bytes(DOCX, None)?;
        black_box(extract(&doc.text, &reg).tasks.len());
        bytes += DOCX.len();
    }
    let docx = bytes as f64 / 1e6 / start.elapsed().as_secs_f64();
    println!(
        "read + extract, .docx ({:.0} KB):     {docx:>8.1} MB/s of .docx",
        DOCX.len() as f64 / 1e3
    );

    // One large document: the time must grow linearly with the size.
    let big = SAMPLES.join("\n\n").repeat(args.copies);
    let start = Instant::now();
    let tasks = black_box(extract(&big, &reg)).tasks.len();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "extract, one {:.1} MB document:     {:>8.1} MB/s  ({tasks} tasks)",
        big.len() as f64 / 1e6,
        big.len() as f64 / 1e6 / secs
    );
    if let Some(mb) = peak_rss_mb() {
        println!("peak memory: {mb:.0} MB");
    }
    Ok(())
}
