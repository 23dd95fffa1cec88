//! The real binary under concurrent use and faults: the CLI and the server
//! writing one SQLite file at once, two senders sharing one outbox, a restore
//! that leaves its backup untouched, a crafted .docx against a running
//! server, and secrets kept out of messages and logs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dondoc")
}

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dondoc-faults-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .args(args)
        .env("DONDOC_PASSWORD", "mat-khau-dai")
        .output()
        .unwrap()
}

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A database with the five samples tracked.
fn tracked(dir: &Path) -> String {
    let db = dir.join("d.sqlite").to_str().unwrap().to_owned();
    let mut samples: Vec<String> = std::fs::read_dir(repo("crates/dondoc-extract/test_data"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().to_str().unwrap().to_owned())
        .filter(|p| p.ends_with(".txt") && p.contains("/00"))
        .collect();
    samples.sort();
    let mut args = vec!["ingest", "--confirm", "--db", &db];
    args.extend(samples.iter().map(String::as_str));
    ok(run(&args));
    db
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `dondoc serve` on `db`; killed when dropped. Its log lines are kept.
struct Server {
    child: Child,
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(db: &str, extra: &[&str]) -> Server {
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let mut child = Command::new(bin())
            .args(["serve", "--db", db, "--addr", &addr, "--no-follow-up"])
            .args(extra)
            .env("DONDOC_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let l = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                l.lock().unwrap().push(line);
            }
        });
        let url = format!("http://{addr}");
        let started = Instant::now();
        while std::net::TcpStream::connect(&addr).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "server did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Server { child, url, log }
    }

    fn peak_memory_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

fn login(url: &str, user: &str, password: &str) -> (reqwest::blocking::Client, String) {
    let c = http();
    let r = c
        .post(format!("{url}/dang-nhap"))
        .form(&[("username", user), ("password", password)])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "login of {user}");
    let html = c
        .get(format!("{url}/nhiem-vu"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let at = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = html[at..at + 64].to_owned();
    (c, csrf)
}

#[test]
fn the_cli_and_the_server_write_one_file_at_once() {
    let dir = scratch("shared-file");
    let db = tracked(&dir);
    ok(run(&[
        "user",
        "add",
        "--db",
        &db,
        "thuky",
        "--role",
        "secretariat",
        "--name",
        "Thư ký",
    ]));
    let server = Server::start(&db, &[]);
    let (c, csrf) = login(&server.url, "thuky", "mat-khau-dai");
    let tasks: Vec<i64> = (1..=6).collect();
    // 12 CLI processes, 5 updates each, while the server takes 60 posts.
    let mut procs = Vec::new();
    for p in 0..12 {
        let db = db.clone();
        let tasks = tasks.clone();
        procs.push(std::thread::spawn(move || {
            let mut failures = Vec::new();
            for n in 0..5 {
                let id = tasks[(p + n) % tasks.len()].to_string();
                let text = format!("cli-{p}-{n}");
                let out = run(&[
                    "task",
                    "update",
                    &id,
                    "--db",
                    &db,
                    "--percent",
                    "30",
                    "--text",
                    &text,
                ]);
                if !out.status.success() {
                    failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                }
            }
            failures
        }));
    }
    let mut web_failures = Vec::new();
    for n in 0..60 {
        let id = tasks[n % tasks.len()];
        let form = reqwest::blocking::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("percent", "40")
            .text("body", format!("web-{n}"))
            .text("evidence", "");
        let r = c
            .post(format!("{}/nhiem-vu/{id}/tien-do", server.url))
            .multipart(form)
            .send()
            .unwrap();
        if r.status().as_u16() != 303 {
            web_failures.push(r.status().as_u16());
        }
    }
    let mut cli_failures = Vec::new();
    for p in procs {
        cli_failures.extend(p.join().unwrap());
    }
    assert!(
        cli_failures.is_empty(),
        "CLI writes failed: {cli_failures:?}"
    );
    assert!(
        web_failures.is_empty(),
        "web writes failed: {web_failures:?}"
    );
    let con = std::process::Command::new("sqlite3")
        .args([
            &db,
            "SELECT body FROM updates WHERE body LIKE 'cli-%' OR body LIKE 'web-%'",
        ])
        .output();
    if let Some(out) = con.ok().filter(|o| o.status.success()) {
        let rows: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect();
        let unique: HashSet<&String> = rows.iter().collect();
        assert_eq!(rows.len(), 120);
        assert_eq!(unique.len(), 120);
    } else {
        let shown = ok(run(&["task", "show", "1", "--db", &db]));
        assert!(shown.contains("cli-") && shown.contains("web-"));
    }
}

/// A slow SMTP listener: counts the Message-IDs it accepts.
fn smtp(delay: Duration) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let g = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let g = g.clone();
            std::thread::spawn(move || {
                let mut w = stream.try_clone().unwrap();
                let mut r = BufReader::new(stream);
                let _ = w.write_all(b"220 test\r\n");
                let mut line = String::new();
                let mut id = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let cmd = line.trim_end().to_ascii_uppercase();
                    if cmd == "DATA" {
                        let _ = w.write_all(b"354 go\r\n");
                        loop {
                            line.clear();
                            if r.read_line(&mut line).unwrap_or(0) == 0 {
                                return;
                            }
                            if line.to_ascii_lowercase().starts_with("message-id:") {
                                id = line[11..].trim().to_owned();
                            }
                            if line == ".\r\n" {
                                break;
                            }
                        }
                        std::thread::sleep(delay);
                        g.lock().unwrap().push(id.clone());
                        let _ = w.write_all(b"250 queued\r\n");
                    } else if cmd == "QUIT" {
                        let _ = w.write_all(b"221 bye\r\n");
                        return;
                    } else if cmd.starts_with("EHLO") {
                        let _ = w.write_all(b"250-test\r\n250 8BITMIME\r\n");
                    } else {
                        let _ = w.write_all(b"250 OK\r\n");
                    }
                }
            });
        }
    });
    (port, got)
}

#[test]
fn two_senders_share_the_outbox() {
    let dir = scratch("senders");
    let db = tracked(&dir);
    // Many recipients: every officer of many agencies gets the digest.
    for n in 0..24 {
        let agency = ["Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Nội vụ"][n % 3];
        let user = format!("cb{n}");
        let mail = format!("cb{n}@khanhhoa.gov.vn");
        ok(run(&[
            "user", "add", "--db", &db, &user, "--role", "officer", "--agency", agency, "--name",
            &user, "--email", &mail,
        ]));
    }
    ok(run(&["remind", "--db", &db, "--date", "23/06/2026"]));
    let (port, got) = smtp(Duration::from_millis(60));
    let smtp = format!("127.0.0.1:{port}");
    let senders: Vec<_> = (0..2)
        .map(|_| {
            Command::new(bin())
                .args(["send", "--db", &db, "--smtp", &smtp])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut sent = Vec::new();
    for s in senders {
        let out = s.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        sent.push(
            text.split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap(),
        );
    }
    let ids = got.lock().unwrap().clone();
    let unique: HashSet<&String> = ids.iter().collect();
    assert!(ids.len() >= 20, "messages queued: {}", ids.len());
    assert_eq!(unique.len(), ids.len(), "no message sent twice");
    assert_eq!(sent.iter().sum::<usize>(), ids.len());
    assert!(sent.iter().all(|n| *n > 0), "both senders worked: {sent:?}");
}

fn sha256_of(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn restore_leaves_the_backup_it_reads_untouched() {
    let dir = scratch("restore");
    let db = tracked(&dir);
    let backup = dir.join("backup.sqlite");
    ok(run(&["backup", backup.to_str().unwrap(), "--db", &db]));
    let before = sha256_of(&backup);
    ok(run(&[
        "task",
        "update",
        "1",
        "--db",
        &db,
        "--percent",
        "90",
        "--text",
        "sau sao lưu",
    ]));
    ok(run(&["restore", backup.to_str().unwrap(), "--db", &db]));
    assert_eq!(sha256_of(&backup), before, "the backup file changed");
    assert!(!Path::new(&format!("{}-wal", backup.display())).exists());
    let shown = ok(run(&["task", "show", "1", "--db", &db]));
    assert!(
        !shown.contains("sau sao lưu"),
        "restored to the backup's state"
    );
}

/// A .docx whose document.xml unpacks to `mb` megabytes of text runs.
fn bomb(path: &Path, mb: usize) {
    let script = format!(
        r#"
import zipfile
z = zipfile.ZipFile({path:?}, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
run = "<w:p><w:r><w:t>" + "Giao Sở Y tế triển khai nhiệm vụ. " * 30 + "</w:t></w:r></w:p>"
body = run * ({mb} * 1024 * 1024 // len(run.encode()))
z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + "</w:body></w:document>")
z.close()
"#,
        path = path.to_str().unwrap()
    );
    let st = Command::new("python3")
        .args(["-c", &script])
        .status()
        .unwrap();
    assert!(st.success());
}

#[test]
fn a_docx_bomb_leaves_the_server_small_and_stores_nothing() {
    let dir = scratch("bomb");
    let db = dir.join("demo.sqlite").to_str().unwrap().to_owned();
    let file = dir.join("bom.docx");
    bomb(&file, 190);
    assert!(std::fs::metadata(&file).unwrap().len() < 4 * 1024 * 1024);
    let server = Server::start(&db, &["--demo"]);
    let (c, csrf) = login(&server.url, "vanphong", "dondoc-demo");
    let directives_before = c
        .get(format!("{}/van-ban", server.url))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let uploads: Vec<_> = (0..3)
        .map(|_| {
            let (c, csrf, url, bytes) =
                (c.clone(), csrf.clone(), server.url.clone(), bytes.clone());
            std::thread::spawn(move || {
                let form = reqwest::blocking::multipart::Form::new()
                    .text("csrf", csrf)
                    .part(
                        "file",
                        reqwest::blocking::multipart::Part::bytes(bytes).file_name("bom.docx"),
                    );
                let r = c
                    .post(format!("{url}/van-ban"))
                    .multipart(form)
                    .send()
                    .unwrap();
                (r.status().as_u16(), r.text().unwrap_or_default())
            })
        })
        .collect();
    for u in uploads {
        let (code, html) = u.join().unwrap();
        assert_ne!(code, 303, "a bomb was stored");
        assert!(
            html.contains("giới hạn"),
            "the refusal names the limit: {code}"
        );
    }
    let peak_mb = server.peak_memory_kb() / 1024;
    assert!(peak_mb < 500, "server peaked at {peak_mb} MB");
    let directives_after = c
        .get(format!("{}/van-ban", server.url))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(
        directives_before.matches("href=\"/van-ban/").count(),
        directives_after.matches("href=\"/van-ban/").count()
    );
}

#[test]
fn requests_are_logged_with_an_id_and_secrets_stay_out() {
    // A PostgreSQL URL with a password that cannot be reached: the error
    // names the database without the password.
    let out = run(&[
        "tasks",
        "--db",
        "postgres://dondoc:hunter2@127.0.0.1:9/dondoc",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("postgres://dondoc:***@127.0.0.1:9/dondoc"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");

    let dir = scratch("logs");
    let db = dir.join("demo.sqlite").to_str().unwrap().to_owned();
    let server = Server::start(&db, &["--demo"]);
    let (c, _) = login(&server.url, "vanphong", "dondoc-demo");
    let r = c
        .get(format!("{}/nhiem-vu/999999", server.url))
        .send()
        .unwrap();
    let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    std::thread::sleep(Duration::from_millis(300));
    let log = server.log.lock().unwrap().join("\n");
    let line = log
        .lines()
        .find(|l| l.contains(&id))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(
        line.contains("status=404") && line.contains("/nhiem-vu/999999"),
        "{line}"
    );
    assert!(!log.contains("dondoc-demo"), "no password in the log");
}
