//! The record can be trusted: many writers at once lose nothing and fail
//! nothing, races on one task keep its rules (one verdict, one pending
//! claim, a rejected extension moves no deadline), and a full disk refuses
//! writes plainly and heals by itself. On SQLite, and on PostgreSQL when
//! `DONDOC_TEST_POSTGRES` is set (CI).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, csrf_of, login, page, start, start_on};
use reqwest::StatusCode;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Barrier;

const A: &str = "Sở Khoa học và Công nghệ";
const B: &str = "Sở Tài chính";

/// Open tasks that agency A alone leads and that have no claim yet.
async fn fresh_tasks_of_a(app: &TestApp, n: usize) -> Vec<i64> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let list = app
        .store
        .tasks(
            &dondoc_store::TaskFilter {
                agency: Some(app.a),
                open_only: true,
                limit: 500,
                ..dondoc_store::TaskFilter::default()
            },
            today,
            7,
        )
        .await
        .unwrap();
    let mut out = Vec::new();
    for t in list {
        let (lead, _) = app.store.task_assignment(t.id).await.unwrap();
        let d = app.store.task(t.id, today, 7).await.unwrap();
        if lead == vec![app.a] && d.completions.is_empty() && d.deadline_changes.is_empty() {
            out.push(t.id);
        }
        if out.len() == n {
            break;
        }
    }
    assert_eq!(out.len(), n, "demo data has {n} fresh tasks of A");
    out
}

/// A logged-in client and its CSRF token.
async fn session(app: &TestApp, user: &str) -> (reqwest::Client, String) {
    let c = login(app, user).await;
    let (_, html) = page(&c, format!("{}/nhiem-vu", app.url)).await;
    let csrf = csrf_of(&html);
    (c, csrf)
}

async fn progress(app: &TestApp, c: &reqwest::Client, csrf: &str, task: i64, body: &str) -> u16 {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .text("percent", "40")
        .text("body", body.to_owned())
        .text("evidence", "");
    match c
        .post(format!("{}/nhiem-vu/{task}/tien-do", app.url))
        .multipart(form)
        .send()
        .await
    {
        Ok(r) => r.status().as_u16(),
        Err(_) => 0,
    }
}

async fn stored_bodies(app: &TestApp, task_ids: &[i64]) -> HashMap<String, usize> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let mut seen = HashMap::new();
    for &t in task_ids {
        for u in app.store.task(t, today, 7).await.unwrap().updates {
            *seen.entry(u.body).or_insert(0) += 1;
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_clients_mixing_writes_and_reads_fail_nothing_and_lose_nothing() {
    let app = Arc::new(start(A, B, true).await);
    let tasks = fresh_tasks_of_a(&app, 4).await;
    const WRITERS: usize = 25;
    const READERS: usize = 25;
    const POSTS: usize = 8;
    let mut handles = Vec::new();
    for w in 0..WRITERS {
        let (app, tasks) = (app.clone(), tasks.clone());
        handles.push(tokio::spawn(async move {
            let user = if w % 3 == 0 { "thuky" } else { "canbo_a" };
            let (c, csrf) = session(&app, user).await;
            let mut codes = Vec::new();
            for n in 0..POSTS {
                let body = format!("ghi-{w}-{n} báo cáo tiến độ");
                let code = progress(&app, &c, &csrf, tasks[(w + n) % tasks.len()], &body).await;
                codes.push((body, code));
            }
            codes
        }));
    }
    let mut readers = Vec::new();
    for r in 0..READERS {
        let (app, tasks) = (app.clone(), tasks.clone());
        readers.push(tokio::spawn(async move {
            let user = ["sep", "canbo_a", "thuky"][r % 3];
            let (c, _) = session(&app, user).await;
            let mut bad = Vec::new();
            for n in 0..POSTS {
                for path in [
                    "/".to_owned(),
                    "/nhiem-vu?status=overdue".to_owned(),
                    format!("/nhiem-vu/{}", tasks[n % tasks.len()]),
                ] {
                    let (code, _) = page(&c, format!("{}{path}", app.url)).await;
                    if code != StatusCode::OK {
                        bad.push((path, code));
                    }
                }
            }
            bad
        }));
    }
    let mut acknowledged = Vec::new();
    let mut failed = Vec::new();
    for h in handles {
        for (body, code) in h.await.unwrap() {
            if code == 303 {
                acknowledged.push(body);
            } else {
                failed.push((body, code));
            }
        }
    }
    let mut read_failures = Vec::new();
    for h in readers {
        read_failures.extend(h.await.unwrap());
    }
    assert!(failed.is_empty(), "writes refused: {failed:?}");
    assert!(read_failures.is_empty(), "reads failed: {read_failures:?}");
    assert_eq!(acknowledged.len(), WRITERS * POSTS);
    let stored = stored_bodies(&app, &tasks).await;
    for body in &acknowledged {
        assert_eq!(stored.get(body), Some(&1), "{body} stored once");
    }
}

/// Runs `n` copies of a request at the same moment; their status codes.
async fn burst<F, Fut>(n: usize, make: F) -> Vec<u16>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static,
{
    let barrier = Arc::new(Barrier::new(n));
    let mut handles = Vec::new();
    for i in 0..n {
        let fut = make(i);
        let barrier = barrier.clone();
        handles.push(tokio::spawn(async move {
            barrier.wait().await;
            fut.await.map(|r| r.status().as_u16()).unwrap_or(0)
        }));
    }
    let mut codes = Vec::new();
    for h in handles {
        codes.push(h.await.unwrap());
    }
    codes
}

fn count(codes: &[u16], code: u16) -> usize {
    codes.iter().filter(|c| **c == code).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_claims_verdicts_and_decisions_keep_the_rules() {
    let app = start(A, B, true).await;
    const ROUNDS: usize = 4;
    let tasks = fresh_tasks_of_a(&app, ROUNDS * 2).await;
    let mut officers = Vec::new();
    for _ in 0..8 {
        officers.push(session(&app, "canbo_a").await);
    }
    let secretaries = [session(&app, "thuky").await, session(&app, "thuky").await];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    for round in 0..ROUNDS {
        let (task, other) = (tasks[round * 2], tasks[round * 2 + 1]);
        // Eight completion claims at once: one is taken, seven refused (409).
        let claims = burst(officers.len(), |i| {
            let (c, csrf) = officers[i].clone();
            c.post(format!("{}/nhiem-vu/{task}/hoan-thanh", app.url))
                .form(&[
                    ("csrf", csrf),
                    ("note", format!("vòng {round} báo cáo {i}")),
                ])
                .send()
        })
        .await;
        assert_eq!(count(&claims, 303), 1, "round {round}: claims {claims:?}");
        assert_eq!(count(&claims, 409), 7, "round {round}: claims {claims:?}");
        let t = app.store.task(task, today, 7).await.unwrap();
        assert_eq!(t.completions.len(), 1);

        // Accept and send back at once: one verdict stands; the task's
        // completion agrees with it.
        let verdicts = burst(2, |i| {
            let (c, csrf) = secretaries[i].clone();
            let accept = if i == 0 { "1" } else { "0" };
            c.post(format!("{}/nhiem-vu/{task}/tham-dinh", app.url))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("accept", accept),
                    ("note", "thẩm định"),
                ])
                .send()
        })
        .await;
        assert_eq!(
            count(&verdicts, 303),
            1,
            "round {round}: verdicts {verdicts:?}"
        );
        assert_eq!(
            count(&verdicts, 409),
            1,
            "round {round}: verdicts {verdicts:?}"
        );
        let t = app.store.task(task, today, 7).await.unwrap();
        let appraisal = t.completions[0].appraisal;
        assert_ne!(appraisal, dondoc_store::Appraisal::Pending);
        assert_eq!(
            t.row.completed_on.is_some(),
            appraisal == dondoc_store::Appraisal::Accepted,
            "round {round}: completion {:?} vs claim {appraisal:?}",
            t.row.completed_on
        );

        // Four deadline requests at once: one waits for a decision.
        let requests = burst(4, |i| {
            let (c, csrf) = officers[i].clone();
            c.post(format!("{}/nhiem-vu/{other}/gia-han", app.url))
                .form(&[
                    ("csrf", csrf),
                    ("due", "30/06/2028".into()),
                    ("reason", format!("lý do {i}")),
                ])
                .send()
        })
        .await;
        assert_eq!(
            count(&requests, 303),
            1,
            "round {round}: requests {requests:?}"
        );
        let t = app.store.task(other, today, 7).await.unwrap();
        assert_eq!(t.deadline_changes.len(), 1);
        let change = t.deadline_changes[0].id;
        let due_before = t.row.due;

        // Approve and reject at once: one decision stands, and the deadline
        // moved only if it was the approval.
        let decisions = burst(2, |i| {
            let (c, csrf) = secretaries[i].clone();
            let approve = if i == 0 { "1" } else { "0" };
            c.post(format!("{}/nhiem-vu/{other}/gia-han/quyet-dinh", app.url))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("change", change.to_string().as_str()),
                    ("approve", approve),
                    ("note", "quyết định"),
                ])
                .send()
        })
        .await;
        assert_eq!(
            count(&decisions, 303),
            1,
            "round {round}: decisions {decisions:?}"
        );
        assert_eq!(
            count(&decisions, 409),
            1,
            "round {round}: decisions {decisions:?}"
        );
        let t = app.store.task(other, today, 7).await.unwrap();
        let decision = t.deadline_changes[0].state;
        let moved = t.row.due != due_before;
        assert_eq!(
            moved,
            decision == dondoc_store::ChangeState::Approved,
            "round {round}: decision {decision:?}, due {:?} -> {:?}",
            due_before,
            t.row.due
        );
    }
}

#[tokio::test]
async fn a_refused_verdict_says_why_in_vietnamese() {
    let app = start(A, B, true).await;
    let task = fresh_tasks_of_a(&app, 1).await[0];
    let (c, csrf) = session(&app, "thuky").await;
    let r = c
        .post(format!("{}/nhiem-vu/{task}/tham-dinh", app.url))
        .form(&[("csrf", csrf.as_str()), ("accept", "1"), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("không có báo cáo hoàn thành")
    );
}

/// Mounts a small tmpfs at `dir` (root only); false where that cannot be
/// done. `DONDOC_REQUIRE_FAULT_TESTS=1` (CI) turns that into a failure.
fn small_disk(dir: &std::path::Path, megabytes: u32) -> bool {
    std::fs::create_dir_all(dir).unwrap();
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let required = std::env::var("DONDOC_REQUIRE_FAULT_TESTS").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "cannot mount a tmpfs at {} (run as root)",
            dir.display()
        );
        eprintln!("SKIPPED: a full-disk test needs root to mount a tmpfs");
    }
    ok
}

/// Fills the file system of `dir` with one file; returns its path.
fn fill(dir: &std::path::Path) -> std::path::PathBuf {
    use std::io::Write;
    let path = dir.join("fill");
    let mut f = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
    path
}

/// The log lines of this test process, captured from every thread.
#[derive(Clone, Default)]
struct Capture(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_writes_plainly_and_heals_when_space_returns() {
    if std::env::var("DONDOC_TEST_POSTGRES").is_ok() {
        return; // a file-system fault of the SQLite file
    }
    let log = Capture::default();
    let sink = log.clone();
    let _ = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .try_init();
    let mnt = std::env::temp_dir().join(format!("dondoc-full-{}", std::process::id()));
    if !small_disk(&mnt, 24) {
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount")
                .arg("-l")
                .arg(&self.0)
                .status();
        }
    }
    let _unmount = Unmount(mnt.clone());
    let app = start_on(Some(&mnt.join("full.sqlite")), A, B, true).await;
    let tasks = fresh_tasks_of_a(&app, 2).await;
    let (c, csrf) = session(&app, "canbo_a").await;
    let filler = fill(&mnt);
    // Until the database's spare pages (its WAL may have room left) are used
    // up, then a few more.
    let padding = "x".repeat(64 * 1024);
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for n in 0..400 {
        let body = format!("day-{n} {padding}");
        match progress(&app, &c, &csrf, tasks[n % 2], &body).await {
            303 => acknowledged.push(body),
            503 => refused += 1,
            other => panic!("post {n} on a full disk answered {other}"),
        }
        if refused >= 5 {
            break;
        }
    }
    assert!(refused > 0, "the disk never filled");
    // Each refusal is in the log with its request and its cause.
    let logged = String::from_utf8_lossy(&log.0.lock().unwrap()).into_owned();
    assert!(logged.contains("store cannot write"), "{logged}");
    assert!(logged.contains("full"), "the cause is named: {logged}");
    assert!(logged.contains("status=503"), "{logged}");
    // Reading still works on a full disk.
    let (code, _) = page(&c, format!("{}/nhiem-vu/{}", app.url, tasks[0])).await;
    assert_eq!(code, StatusCode::OK);

    std::fs::remove_file(filler).unwrap();
    for n in 0..10 {
        let body = format!("sau-{n} báo cáo khi đĩa đã trống");
        let code = progress(&app, &c, &csrf, tasks[n % 2], &body).await;
        assert_eq!(code, 303, "post {n} after space returned");
        acknowledged.push(body);
    }
    let stored = stored_bodies(&app, &tasks).await;
    for body in &acknowledged {
        let key: String = body.chars().take(12).collect();
        assert_eq!(
            stored.get(body),
            Some(&1),
            "acknowledged {key}… stored once"
        );
    }
    let stored_full = stored.keys().filter(|b| b.starts_with("day-")).count();
    assert_eq!(
        stored_full,
        acknowledged
            .iter()
            .filter(|b| b.starts_with("day-"))
            .count(),
        "nothing refused was stored"
    );
}
