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
        err.contains("scanned.pdf") && err.contains("không có lớp văn bản"),
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

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dondoc-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// How many tasks (drafts included) the database holds, read through `dondoc tasks`.
fn task_count(db: &Path) -> i64 {
    let out = dondoc()
        .args([
            "tasks", "--drafts", "--format", "json", "--limit", "10000", "--db",
        ])
        .arg(db)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    v.as_array().map_or(-1, |a| a.len() as i64)
}

/// A process killed in the middle of an ingest leaves nothing half written:
/// the directive and its tasks are one transaction.
#[test]
fn a_crash_mid_ingest_leaves_nothing_half_written() {
    let dir = temp_dir("crash");
    let db = dir.join("dondoc.sqlite");
    let status = dondoc()
        .args(["ingest", "--confirm", "--db"])
        .arg(&db)
        .arg(repo(
            "crates/dondoc-extract/test_data/004_d326df9318934d85.txt",
        ))
        .env("DONDOC_FAILPOINT_ABORT_AFTER_TASKS", "10")
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !status.success(),
        "the process was killed after 10 of 26 task rows"
    );
    assert_eq!(
        task_count(&db),
        0,
        "no task of the killed ingest is visible"
    );
    // The same file ingests completely afterwards: nothing was recorded as done.
    let out = dondoc()
        .args(["ingest", "--confirm", "--db"])
        .arg(&db)
        .arg(repo(
            "crates/dondoc-extract/test_data/004_d326df9318934d85.txt",
        ))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(task_count(&db), 26);
}

#[test]
fn follow_a_task_from_the_command_line() {
    let dir = temp_dir("follow");
    let db = dir.join("dondoc.sqlite");
    let run = |args: &[&str]| {
        let out = dondoc()
            .args(args)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let sample = repo("crates/dondoc-extract/test_data/002_901f57d19159e859.txt");
    let first = run(&["ingest", sample.to_str().unwrap_or_default()]);
    assert!(first.contains("draft for review"), "{first}");
    assert!(run(&["ingest", sample.to_str().unwrap_or_default()]).contains("already ingested"));
    run(&["confirm", "1"]);
    let list = run(&[
        "tasks",
        "--agency",
        "Sở Nội vụ",
        "--today",
        "01/03/2026",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&list).unwrap_or_default();
    let id = v[0]["id"].as_i64().unwrap_or(0).to_string();
    assert_eq!(v[0]["due"], "2026-03-16");
    run(&[
        "task",
        "update",
        &id,
        "--percent",
        "50",
        "--text",
        "Đã dự thảo báo cáo",
        "--on",
        "05/03/2026",
        "--as",
        "officer-snv",
    ]);
    run(&[
        "task",
        "extend",
        &id,
        "--to",
        "20/03/2026",
        "--reason",
        "Chờ số liệu các xã",
    ]);
    run(&["task", "decide", "1", "approve", "--as", "secretariat"]);
    run(&[
        "task",
        "complete",
        &id,
        "--on",
        "18/03/2026",
        "--note",
        "Đã trình",
    ]);
    run(&["task", "appraise", &id, "accept", "--as", "secretariat"]);
    let show = run(&["task", "show", &id, "--today", "25/03/2026"]);
    assert!(show.contains("Hoàn thành đúng hạn"), "{show}");
    assert!(
        show.contains("ban đầu: 16/03/2026"),
        "the original deadline is kept: {show}"
    );
    assert!(show.contains("officer-snv task.update"), "{show}");
    // Search works without diacritics.
    let found = run(&["tasks", "--search", "trung tam du lieu", "--format", "csv"]);
    assert!(found.lines().count() >= 2, "{found}");
    // Errors name what was wrong.
    let bad = dondoc()
        .args([
            "task",
            "update",
            &id,
            "--percent",
            "150",
            "--text",
            "x",
            "--db",
        ])
        .arg(&db)
        .output();
    let err = bad
        .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
        .unwrap_or_default();
    assert!(err.contains("percent") && err.contains("150"), "{err}");
    let backup = dir.join("backup.sqlite");
    run(&["backup", backup.to_str().unwrap_or_default()]);
    assert!(backup.exists());
}
