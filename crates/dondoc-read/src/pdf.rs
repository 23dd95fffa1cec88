//! PDF with a text layer, through Debian's `pdftotext` (poppler), which reads
//! Vietnamese cleanly where the pure-Rust extractors split syllables.

use crate::ReadError;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a PDF may take to convert.
const TIMEOUT: Duration = Duration::from_secs(60);

pub fn read(bytes: &[u8]) -> Result<String, ReadError> {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("dondoc-{}-{}.pdf", std::process::id(), unique()));
    std::fs::write(&path, bytes)
        .map_err(|e| ReadError::PdfFailed(format!("temporary file: {e}")))?;
    let result = run(&path);
    let _ = std::fs::remove_file(&path);
    let raw = result?;
    let text = reflow(&raw);
    if text.chars().all(|c| c.is_whitespace() || c == '\u{c}') {
        return Err(ReadError::ScannedPdf);
    }
    Ok(text)
}

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn run(path: &std::path::Path) -> Result<String, ReadError> {
    let mut child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-eol", "unix"])
        .arg(path)
        .arg("-")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ReadError::PdfTool(e.to_string()))?;
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| ReadError::PdfFailed("no output".into()))?;
    // Read in a thread so a large output cannot block the child.
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ReadError::PdfFailed(format!(
                    "took longer than {} s",
                    TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(ReadError::PdfFailed(e.to_string())),
        }
    };
    let out = reader
        .join()
        .map_err(|_| ReadError::PdfFailed("reader thread".into()))?
        .map_err(|e| ReadError::PdfFailed(e.to_string()))?;
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        return Err(ReadError::PdfFailed(err.trim().to_owned()));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// pdftotext breaks every visual line; join the lines of one paragraph back,
/// keeping list items, blank lines and page breaks as boundaries.
fn reflow(raw: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in raw.split('\n') {
        for (k, piece) in line.split('\u{c}').enumerate() {
            if k > 0 {
                out.push("\u{c}".into());
                open = false;
            }
            let t = piece.trim();
            if t.is_empty() {
                if k == 0 {
                    open = false;
                }
                continue;
            }
            let starts_item = t.starts_with(['-', '+', '•', '(']) || starts_numbered(t);
            let prev_ends = out
                .last()
                .is_some_and(|p| p.trim_end().ends_with(['.', ':', ';', '!', '?']));
            if open
                && !starts_item
                && !prev_ends
                && let Some(last) = out.last_mut()
            {
                last.push(' ');
                last.push_str(t);
            } else {
                out.push(t.to_owned());
            }
            open = true;
        }
    }
    out.join("\n")
}

fn starts_numbered(t: &str) -> bool {
    let head: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        .collect();
    !head.is_empty() && t[head.len()..].starts_with(['.', ')', '-'])
}
