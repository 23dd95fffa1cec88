//! The follow-up engine end to end, with real parts: the `dondoc` binary,
//! an SQLite database, an SMTP listener and a webhook receiver on loopback.
//! Reminders are computed once per agency per day, delivered through the
//! outbox, retried when a receiver fails, and survive the sender being
//! killed mid-run: nothing is lost, and a repeat is only possible for the
//! one message whose acceptance was not yet recorded (same Message-ID).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const DAY: &str = "23/06/2026";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dondoc")
}

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

fn run(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut c = std::process::Command::new(bin());
    c.args(args);
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A database with the five samples tracked and officers with e-mail.
fn setup(name: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("dondoc-followup-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("d.sqlite");
    let db_s = db.to_str().unwrap().to_owned();
    let mut args = vec!["ingest", "--confirm", "--db", &db_s];
    let samples: Vec<String> = (0..5)
        .map(|i| {
            let f = std::fs::read_dir(repo("crates/dondoc-extract/test_data"))
                .unwrap()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| {
                    p.file_name()
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .starts_with(&format!("00{i}_"))
                })
                .unwrap();
            f.to_str().unwrap().to_owned()
        })
        .collect();
    args.extend(samples.iter().map(String::as_str));
    ok(run(&args, &[]));
    for (user, agency) in [
        ("kh1", "Sở Khoa học và Công nghệ"),
        ("kh2", "Sở Khoa học và Công nghệ"),
        ("tc1", "Sở Tài chính"),
        ("nv1", "Sở Nội vụ"),
    ] {
        let email = format!("{user}@khanhhoa.gov.vn");
        ok(run(
            &[
                "user", "add", "--db", &db_s, user, "--role", "officer", "--agency", agency,
                "--name", user, "--email", &email,
            ],
            &[("DONDOC_PASSWORD", "mat-khau-dai")],
        ));
    }
    (dir, db_s)
}

#[derive(Default)]
struct Mailbox {
    /// (Message-ID, recipient, subject line)
    messages: Vec<(String, String, String)>,
}

/// A real SMTP listener: speaks the protocol, keeps a message only when the
/// client finished its DATA with the final dot.
fn smtp_listener(greeting_delay: Duration) -> (u16, Arc<Mutex<Mailbox>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mailbox = Arc::new(Mutex::new(Mailbox::default()));
    let mb = mailbox.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mb = mb.clone();
            std::thread::spawn(move || {
                std::thread::sleep(greeting_delay);
                let mut w = stream.try_clone().unwrap();
                let mut r = BufReader::new(stream);
                let _ = w.write_all(b"220 test ESMTP\r\n");
                let mut rcpt = String::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let cmd = line.trim_end().to_ascii_uppercase();
                    if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
                        let _ = w.write_all(b"250-test\r\n250 8BITMIME\r\n");
                    } else if cmd.starts_with("RCPT TO:") {
                        rcpt = line.trim_end()[8..]
                            .trim()
                            .trim_matches(['<', '>'])
                            .to_owned();
                        let _ = w.write_all(b"250 OK\r\n");
                    } else if cmd == "DATA" {
                        let _ = w.write_all(b"354 go\r\n");
                        let mut data = String::new();
                        loop {
                            line.clear();
                            if r.read_line(&mut line).unwrap_or(0) == 0 {
                                return; // the client died mid-message: nothing delivered
                            }
                            if line == ".\r\n" {
                                break;
                            }
                            data.push_str(&line);
                        }
                        let header = |name: &str| {
                            data.lines()
                                .find(|l| l.to_ascii_lowercase().starts_with(name))
                                .map(|l| l[name.len()..].trim().to_owned())
                                .unwrap_or_default()
                        };
                        mb.lock().unwrap().messages.push((
                            header("message-id:"),
                            rcpt.clone(),
                            header("subject:"),
                        ));
                        let _ = w.write_all(b"250 queued\r\n");
                    } else if cmd == "QUIT" {
                        let _ = w.write_all(b"221 bye\r\n");
                        return;
                    } else {
                        let _ = w.write_all(b"250 OK\r\n");
                    }
                }
            });
        }
    });
    (port, mailbox)
}

fn outbox_states(db: &str) -> HashMap<String, i64> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = dondoc_store::Store::open(db).await.unwrap();
        store.outbox_counts().await.unwrap()
    })
}

#[test]
fn the_daily_run_makes_one_digest_per_agency_and_is_idempotent() {
    let (_dir, db) = setup("run");
    let dry = ok(run(
        &["remind", "--db", &db, "--date", DAY, "--dry-run"],
        &[],
    ));
    assert!(
        dry.contains("Sở Khoa học và Công nghệ") && dry.contains("dry run"),
        "{dry}"
    );
    assert!(dry.contains("sắp đến hạn"), "Vietnamese digest: {dry}");
    assert!(outbox_states(&db).is_empty(), "a dry run stores nothing");

    let first = ok(run(&["remind", "--db", &db, "--date", DAY], &[]));
    assert!(
        first.contains("3 digests stored, 4 deliveries queued"),
        "{first}"
    );
    let again = ok(run(&["remind", "--db", &db, "--date", DAY], &[]));
    assert!(
        again.contains("0 digests stored, 0 deliveries queued"),
        "{again}"
    );
    assert_eq!(outbox_states(&db).get("pending"), Some(&4));
}

#[test]
fn delivery_survives_the_sender_being_killed() {
    let (_dir, db) = setup("kill");
    ok(run(&["remind", "--db", &db, "--date", DAY], &[]));
    let (port, mailbox) = smtp_listener(Duration::ZERO);
    let smtp = format!("127.0.0.1:{port}");

    // Killed between two messages: the restart sends the rest, none twice.
    let out = run(
        &["send", "--db", &db, "--smtp", &smtp],
        &[("DONDOC_FAILPOINT_SEND_ABORT", "2:after-record")],
    );
    assert!(!out.status.success(), "the failpoint killed the sender");
    assert_eq!(mailbox.lock().unwrap().messages.len(), 2);
    ok(run(&["send", "--db", &db, "--smtp", &smtp], &[]));
    let m = &mailbox.lock().unwrap().messages;
    assert_eq!(m.len(), 4, "every digest once: {m:?}");
    let ids: std::collections::HashSet<&String> = m.iter().map(|x| &x.0).collect();
    assert_eq!(ids.len(), 4);
    let to: std::collections::HashSet<&str> = m.iter().map(|x| x.1.as_str()).collect();
    assert!(to.contains("kh1@khanhhoa.gov.vn") && to.contains("nv1@khanhhoa.gov.vn"));
    assert_eq!(outbox_states(&db).get("sent"), Some(&4));
}

#[test]
fn a_kill_after_acceptance_repeats_only_that_message_with_its_message_id() {
    let (_dir, db) = setup("window");
    ok(run(&["remind", "--db", &db, "--date", DAY], &[]));
    let (port, mailbox) = smtp_listener(Duration::ZERO);
    let smtp = format!("127.0.0.1:{port}");
    let out = run(
        &["send", "--db", &db, "--smtp", &smtp, "--lease-seconds", "1"],
        &[("DONDOC_FAILPOINT_SEND_ABORT", "2:before-record")],
    );
    assert!(!out.status.success());
    let states = outbox_states(&db);
    assert_eq!(states.get("sent"), Some(&1), "{states:?}");
    assert_eq!(
        states.get("sending"),
        Some(&1),
        "one message accepted, not recorded: {states:?}"
    );
    std::thread::sleep(Duration::from_millis(2100)); // the lease expires
    ok(run(
        &["send", "--db", &db, "--smtp", &smtp, "--lease-seconds", "1"],
        &[],
    ));
    let m = &mailbox.lock().unwrap().messages;
    let ids: std::collections::HashSet<&String> = m.iter().map(|x| &x.0).collect();
    assert_eq!(ids.len(), 4, "nothing lost");
    assert_eq!(
        m.len(),
        5,
        "the one unrecorded acceptance is sent again, under the same Message-ID"
    );
}

#[test]
fn random_sigkills_lose_nothing() {
    let (_dir, db) = setup("sigkill");
    ok(run(&["remind", "--db", &db, "--date", DAY], &[]));
    // A slow relay, so that the kills land while messages are in flight.
    let (port, mailbox) = smtp_listener(Duration::from_millis(150));
    let smtp = format!("127.0.0.1:{port}");
    let mut kills = 0;
    for delay in [120u64, 260, 330] {
        let mut child = std::process::Command::new(bin())
            .args(["send", "--db", &db, "--smtp", &smtp, "--lease-seconds", "1"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        let _ = child.wait();
        std::thread::sleep(Duration::from_millis(1200));
    }
    ok(run(
        &["send", "--db", &db, "--smtp", &smtp, "--lease-seconds", "1"],
        &[],
    ));
    let m = &mailbox.lock().unwrap().messages;
    let ids: std::collections::HashSet<&String> = m.iter().map(|x| &x.0).collect();
    assert_eq!(ids.len(), 4, "every digest arrived ({kills} kills)");
    assert!(
        m.len() - ids.len() <= kills,
        "at most one repeat per kill: {} messages",
        m.len()
    );
    assert_eq!(outbox_states(&db).get("sent"), Some(&4));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_are_posted_and_failures_retried_visibly() {
    let (_dir, db) = setup("webhook");
    // A receiver that fails its first call, then accepts.
    let calls: Arc<Mutex<Vec<(String, serde_json::Value)>>> = Arc::default();
    let seen = calls.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, body: axum::Json<serde_json::Value>| {
                let seen = seen.clone();
                async move {
                    let mut list = seen.lock().unwrap();
                    let key = headers
                        .get("idempotency-key")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned();
                    list.push((key, body.0));
                    if list.len() == 1 {
                        axum::http::StatusCode::SERVICE_UNAVAILABLE
                    } else {
                        axum::http::StatusCode::OK
                    }
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    {
        let store = dondoc_store::Store::open(&db).await.unwrap();
        let tc = store
            .agency_by_name("Sở Tài chính")
            .await
            .unwrap()
            .unwrap()
            .id;
        store
            .add_agency_channel(tc, "webhook", &url, "test")
            .await
            .unwrap();
    }
    let db2 = db.clone();
    let out =
        tokio::task::spawn_blocking(move || run(&["remind", "--db", &db2, "--date", DAY], &[]))
            .await
            .unwrap();
    ok(out);
    let db2 = db.clone();
    let out = tokio::task::spawn_blocking(move || run(&["send", "--db", &db2], &[]))
        .await
        .unwrap();
    let text = ok(out);
    // No SMTP configured: the four e-mails wait and say why; the webhook failed once.
    assert!(text.contains("0 sent, 5 to retry"), "{text}");
    {
        let store = dondoc_store::Store::open(&db).await.unwrap();
        let rows = store.outbox_recent(10).await.unwrap();
        let hook = rows.iter().find(|r| r.channel == "webhook").unwrap();
        assert_eq!((hook.state.as_str(), hook.attempts), ("pending", 1));
        assert!(
            hook.last_error.as_deref().unwrap_or("").contains("503"),
            "{:?}",
            hook.last_error
        );
        assert!(
            rows.iter().filter(|r| r.channel == "email").all(|r| r
                .last_error
                .as_deref()
                .unwrap_or("")
                .contains("SMTP"))
        );
        // The retry is due after the backoff; make it due now, as time would.
        store
            .execute_admin(
                "UPDATE outbox SET next_attempt = '2000-01-01T00:00:00Z' WHERE channel = 'webhook'",
            )
            .await
            .unwrap();
    }
    let db2 = db.clone();
    let text = ok(
        tokio::task::spawn_blocking(move || run(&["send", "--db", &db2], &[]))
            .await
            .unwrap(),
    );
    assert!(text.starts_with("1 sent"), "{text}");
    let calls = calls.lock().unwrap();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        calls[0].0, calls[1].0,
        "the same Idempotency-Key on the retry"
    );
    let body = &calls[1].1;
    assert_eq!(body["agency"], "Sở Tài chính");
    assert!(
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "due_in" && i["days"] == 7),
        "{body}"
    );
}

#[test]
fn recurring_duties_are_announced_once_before_each_period_falls_due() {
    let (_dir, db) = setup("duties");
    // "Tổ giúp việc họp định kỳ hàng tuần": a weekly duty of Sở KH&CN; the
    // week of 22–28/06/2026 falls due on Sunday 28, announced on Thursday 25.
    let thursday = ok(run(
        &["remind", "--db", &db, "--date", "25/06/2026", "--dry-run"],
        &[],
    ));
    assert!(thursday.contains("BÁO CÁO ĐỊNH KỲ"), "{thursday}");
    assert!(thursday.contains("tuần 22/06–28/06/2026"), "{thursday}");
    let wednesday = ok(run(
        &["remind", "--db", &db, "--date", "24/06/2026", "--dry-run"],
        &[],
    ));
    assert!(!wednesday.contains("tuần 22/06–28/06/2026"), "{wednesday}");
}

/// The same delivery against an SMTP server we did not write: Python's
/// standard `smtpd` (3.11 and older), which prints every message it accepts.
#[test]
fn an_independent_smtp_server_receives_every_digest() {
    let has_smtpd = std::process::Command::new("python3")
        .args(["-W", "ignore", "-c", "import smtpd"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_smtpd {
        // Visible, and a failure where the part must be present (CI).
        let required = std::env::var("DONDOC_REQUIRE_SMTPD").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "python3 with the smtpd module (Python ≤ 3.11) is required here"
        );
        eprintln!("SKIPPED: python3 with the smtpd module (Python ≤ 3.11) is not installed");
        return;
    }
    let (_dir, db) = setup("pysmtpd");
    ok(run(&["remind", "--db", &db, "--date", DAY], &[]));
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new("python3")
        .args([
            "-u",
            "-W",
            "ignore",
            "-m",
            "smtpd",
            "-n",
            "-c",
            "DebuggingServer",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = ok(run(
        &["send", "--db", &db, "--smtp", &format!("127.0.0.1:{port}")],
        &[],
    ));
    assert!(text.starts_with("4 sent"), "{text}");
    std::thread::sleep(Duration::from_millis(300));
    server.kill().unwrap();
    let _ = server.wait();
    let mut out = String::new();
    std::io::Read::read_to_string(&mut server.stdout.take().unwrap(), &mut out).unwrap();
    assert_eq!(out.matches("MESSAGE FOLLOWS").count(), 4, "{out}");
    for id in 1..=4 {
        assert!(
            out.contains(&format!("Message-ID: <outbox-{id}@dondoc>")),
            "{out}"
        );
    }
    assert!(
        out.contains("Subject: [dondoc]") || out.contains("Subject: =?utf-8?"),
        "{out}"
    );
}
