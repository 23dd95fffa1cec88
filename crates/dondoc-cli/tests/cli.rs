//! The `dondoc` binary as a user runs it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dondoc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dondoc"))
}

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

#[test]
fn extract_docx_prints_the_json_contract() {
    let out = dondoc()
        .args(["extract", "--format", "json"])
        .arg(repo("crates/dondoc-read/test_data/directive.docx"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let x: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(x["document"]["number"], "12/UBND-KGVX");
    assert_eq!(x["document"]["issued_on"], "2026-01-05");
    let first = &x["tasks"][0];
    assert_eq!(first["lead"][0], "Sở Khoa học và Công nghệ");
    assert_eq!(first["support"][0], "Sở Tài chính");
    assert_eq!(first["due"]["date"], "2026-01-30");
    assert_eq!(first["due"]["precision"], "day");
    assert!(first["lines"][0].as_u64().is_some());
    assert!(x["warnings"].is_array() && x["references"].is_array());
}

#[test]
fn extract_csv_has_one_row_per_task() {
    let out = dondoc()
        .args(["extract", "--format", "csv"])
        .arg(repo(
            "crates/dondoc-extract/test_data/003_dfb97a17adc53d91.txt",
        ))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().filter_map(Result::ok).collect();
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().any(|r| r.get(4) == Some("2026-01-15")));
}

#[test]
fn unreadable_input_fails_with_a_named_reason() {
    let out = dondoc()
        .arg("extract")
        .arg(repo("crates/dondoc-read/test_data/scanned.pdf"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("scanned.pdf") && err.contains("no text layer"),
        "{err}"
    );
}

#[test]
fn a_bad_registry_file_is_named_by_line() {
    let dir = std::env::temp_dir().join(format!("dondoc-cli-test-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let reg = dir.join("bad.tsv");
    let _ = std::fs::write(&reg, "Sở A\tdepartment\nSở B\tministry\n");
    let out = dondoc()
        .args(["extract", "--registry"])
        .arg(&reg)
        .arg(repo(
            "crates/dondoc-extract/test_data/003_dfb97a17adc53d91.txt",
        ))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2") && err.contains("ministry"), "{err}");
    // Another province's registry replaces the shipped one.
    let _ = std::fs::write(
        &reg,
        "Sở Khoa học và Công nghệ tỉnh Đồng Nai\tdepartment\t\tSở KH&CN|Sở Khoa học và Công nghệ\n",
    );
    let out = dondoc()
        .args(["extract", "--format", "json", "--registry"])
        .arg(&reg)
        .arg(repo(
            "crates/dondoc-extract/test_data/003_dfb97a17adc53d91.txt",
        ))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let x: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let leads: Vec<String> = x["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| t["lead"].to_string())
        .collect();
    assert!(leads.iter().any(|l| l.contains("Đồng Nai")), "{leads:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
