#![allow(clippy::unwrap_used)]
//! The store, against every configured database: SQLite always (a fresh file
//! per test), PostgreSQL too when `DONDOC_TEST_POSTGRES` holds a server URL
//! (a fresh database per test). `.ci/run` starts a real PostgreSQL for it.

use chrono::NaiveDate;
use dondoc_domain::areas::Area;
use dondoc_extract::{Registry, extract};
use dondoc_store::status::{self, Facts, Status};
use dondoc_store::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

// Money and targets (giải ngân, chỉ tiêu): a module of this suite, so
// that it runs on the same databases.
#[path = "store/money.rs"]
mod money;

static N: AtomicU32 = AtomicU32::new(0);

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// One fresh, migrated store per configured backend.
async fn stores() -> Vec<(String, Store)> {
    let n = N.fetch_add(1, Ordering::SeqCst);
    let mut out = Vec::new();
    let dir = std::env::temp_dir().join(format!("dondoc-store-test-{}-{n}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("dondoc.sqlite");
    out.push((
        "sqlite".into(),
        Store::open(&path.display().to_string())
            .await
            .unwrap_or_else(|e| panic!("sqlite: {e}")),
    ));
    if let Ok(base) = std::env::var("DONDOC_TEST_POSTGRES") {
        let name = format!("dondoc_test_{}_{n}", std::process::id());
        let admin = Store::open(&base)
            .await
            .unwrap_or_else(|e| panic!("postgres {base}: {e}"));
        admin
            .execute_admin(&format!("DROP DATABASE IF EXISTS {name}"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        admin
            .execute_admin(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        admin.close().await;
        let url = format!(
            "{}/{name}",
            base.rsplit_once('/').map_or(base.as_str(), |(h, _)| h)
        );
        out.push((
            "postgres".into(),
            Store::open(&url)
                .await
                .unwrap_or_else(|e| panic!("postgres {url}: {e}")),
        ));
    }
    out
}

fn sample(name: &str) -> (PathBuf, Vec<u8>, String) {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../dondoc-extract/test_data")
        .join(name);
    let bytes = std::fs::read(&p).unwrap_or_default();
    let text = String::from_utf8(bytes.clone()).unwrap_or_default();
    (p, bytes, text)
}

async fn ingest(store: &Store, name: &str, text: &str, confirm: bool) -> IngestOutcome {
    let reg = Registry::khanh_hoa();
    let x = extract(text, &reg);
    store
        .ingest(IngestRequest {
            file_name: name,
            bytes: text.as_bytes(),
            text,
            extraction: &x,
            confirm,
            actor: "test",
            after_task: None,
        })
        .await
        .unwrap_or_else(|e| panic!("ingest {name}: {e}"))
}

#[tokio::test]
async fn ingest_is_complete_and_idempotent() {
    for (db, s) in stores().await {
        s.import_registry(&Registry::khanh_hoa(), "test")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let (_, _, text) = sample("001_dda158427d07a616.txt");
        let first = ingest(&s, "001.txt", &text, true).await;
        assert!(!first.already);
        assert_eq!(first.tasks, 13, "{db}");
        let again = ingest(&s, "001-copy.txt", &text, true).await;
        assert!(again.already, "{db}: the same bytes are a no-op");
        assert_eq!(again.directive_id, first.directive_id);
        let all = s
            .tasks(&TaskFilter::default(), d("2026-04-25"), 7)
            .await
            .unwrap_or_default();
        assert_eq!(all.len(), 13, "{db}: nothing written twice");
        let audit = s
            .audit("directive", first.directive_id)
            .await
            .unwrap_or_default();
        assert_eq!(audit.len(), 1, "{db}");
        assert_eq!(audit[0].action, "directive.ingest");
    }
}

#[tokio::test]
async fn drafts_wait_for_review() {
    for (db, s) in stores().await {
        let (_, _, text) = sample("003_dfb97a17adc53d91.txt");
        let o = ingest(&s, "003.txt", &text, false).await;
        let today = d("2026-01-10");
        assert!(
            s.tasks(&TaskFilter::default(), today, 7)
                .await
                .unwrap_or_default()
                .is_empty(),
            "{db}"
        );
        let with_drafts = TaskFilter {
            include_drafts: true,
            ..TaskFilter::default()
        };
        assert_eq!(
            s.tasks(&with_drafts, today, 7)
                .await
                .unwrap_or_default()
                .len(),
            5,
            "{db}"
        );
        s.confirm_directive(o.directive_id, "secretariat")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(
            s.tasks(&TaskFilter::default(), today, 7)
                .await
                .unwrap_or_default()
                .len(),
            5,
            "{db}"
        );
        assert!(
            matches!(
                s.confirm_directive(o.directive_id, "x").await,
                Err(StoreError::Conflict(_))
            ),
            "{db}"
        );
    }
}

#[tokio::test]
async fn a_restated_task_is_linked_not_duplicated() {
    let a = "Số: 10/TB-UBND\nKhánh Hòa, ngày 05 tháng 01 năm 2026\n\n1. Giao Sở Khoa học và Công nghệ khẩn trương ban hành Danh mục dữ liệu dùng chung toàn tỉnh, hoàn thành trong tháng 6/2026.\n";
    let b = "Số: 20/TB-UBND\nKhánh Hòa, ngày 05 tháng 02 năm 2026\n\n1. Sở Khoa học và Công nghệ khẩn trương ban hành Danh mục dữ liệu dùng chung toàn tỉnh (hoàn thành trong tháng 6/2026).\n2. Sở Tài chính bố trí kinh phí thực hiện, hoàn thành trong quý I/2026.\n";
    for (db, s) in stores().await {
        let first = ingest(&s, "a.txt", a, true).await;
        assert_eq!(first.tasks, 1);
        // Reviewed: the restatement is proposed, not silently merged.
        let draft = ingest(&s, "b.txt", b, false).await;
        assert_eq!(draft.proposals.len(), 1, "{db}: {draft:?}");
        let existing = s
            .tasks(&TaskFilter::default(), d("2026-02-10"), 7)
            .await
            .unwrap_or_default();
        assert_eq!(draft.proposals[0].1, existing[0].id, "{db}");
        // Confirmed at once: linked, and the task shows both directives.
        let b2 = b.replace("20/TB-UBND", "21/TB-UBND");
        let confirmed = ingest(&s, "b2.txt", &b2, true).await;
        assert_eq!((confirmed.linked, confirmed.tasks), (1, 1), "{db}");
        let t = s
            .task(existing[0].id, d("2026-02-10"), 7)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(t.mentions.len(), 2, "{db}: {:?}", t.mentions);
    }
}

#[tokio::test]
async fn lifecycle_updates_extensions_completion() {
    for (db, s) in stores().await {
        let (_, _, text) = sample("000_7efb834befe4166f.txt");
        ingest(&s, "000.txt", &text, true).await;
        let today = d("2026-02-02");
        let tasks = s
            .tasks(&TaskFilter::default(), today, 7)
            .await
            .unwrap_or_default();
        let t = tasks
            .iter()
            .find(|t| t.due == Some(d("2026-01-30")))
            .cloned()
            .unwrap_or_else(|| panic!("{db}: {tasks:?}"));
        assert_eq!(t.status, Status::Overdue, "{db}");
        let agency = s
            .agency_by_name(&t.lead[0])
            .await
            .ok()
            .flatten()
            .map_or(0, |a| a.id);

        let bad = s
            .add_update(NewUpdate {
                task_id: t.id,
                agency_id: agency,
                on: today,
                percent: 140,
                body: "x",
                evidence: &[],
                files: &[],
                by: "officer",
            })
            .await;
        assert!(
            matches!(
                bad,
                Err(StoreError::Invalid {
                    field: "percent",
                    ..
                })
            ),
            "{db}"
        );
        s.add_update(NewUpdate {
            task_id: t.id,
            agency_id: agency,
            on: today,
            percent: 60,
            body: "Đã hoàn thiện dự thảo danh sách",
            evidence: &["12/BC-SKHCN".to_owned()],
            files: &[("bien-ban.pdf".to_owned(), b"%PDF-1.4 test".to_vec())],
            by: "officer",
        })
        .await
        .unwrap_or_else(|e| panic!("{db}: {e}"));

        // A deadline change keeps the original.
        let change = s
            .request_extension(ExtensionRequest {
                task_id: t.id,
                requested_due: d("2026-02-15"),
                reason: "Chờ ý kiến Thường trực",
                by: "officer",
            })
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        s.decide_extension(change, Decision::Approve, "Đồng ý", "secretariat")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert!(matches!(
            s.decide_extension(change, Decision::Reject, "", "x").await,
            Err(StoreError::Conflict(_))
        ));
        let detail = s
            .task(t.id, today, 7)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(detail.row.due, Some(d("2026-02-15")));
        assert_eq!(
            detail.row.due_original,
            Some(d("2026-01-30")),
            "{db}: the original deadline is kept"
        );
        assert_eq!(detail.row.status, Status::InProgress, "{db}");

        // Claimed, sent back, claimed again, accepted.
        s.claim_completion(CompletionClaim {
            task_id: t.id,
            on: d("2026-02-10"),
            note: "Xong",
            by: "officer",
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            s.claim_completion(CompletionClaim {
                task_id: t.id,
                on: today,
                note: "",
                by: "o"
            })
            .await,
            Err(StoreError::Conflict(_))
        ));
        s.appraise(t.id, Verdict::SendBack, "Thiếu biên bản", "secretariat")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s.task(t.id, today, 7).await.map(|x| x.row.status).ok(),
            Some(Status::InProgress),
            "{db}"
        );
        s.claim_completion(CompletionClaim {
            task_id: t.id,
            on: d("2026-02-16"),
            note: "Bổ sung",
            by: "officer",
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        s.appraise(t.id, Verdict::Accept, "Đạt", "secretariat")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let done = s
            .task(t.id, d("2026-03-01"), 7)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            done.row.status,
            Status::CompletedLate,
            "{db}: claimed 16/02, due 15/02"
        );
        let actions: Vec<&str> = done.audit.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "task.update",
                "task.extension.request",
                "task.extension.approved",
                "task.complete.claim",
                "task.complete.sent_back",
                "task.complete.claim",
                "task.complete.accepted"
            ],
            "{db}"
        );
    }
}

#[tokio::test]
async fn filters_and_search_with_or_without_diacritics() {
    for (db, s) in stores().await {
        for name in [
            "000_7efb834befe4166f.txt",
            "001_dda158427d07a616.txt",
            "004_d326df9318934d85.txt",
        ] {
            let (_, _, text) = sample(name);
            ingest(&s, name, &text, true).await;
        }
        let today = d("2026-05-01");
        let by = |f: TaskFilter| {
            let s = s.clone();
            async move { s.tasks(&f, today, 7).await.unwrap_or_default() }
        };
        let with = by(TaskFilter {
            text: Some("Danh mục dữ liệu".into()),
            ..TaskFilter::default()
        })
        .await;
        let without = by(TaskFilter {
            text: Some("danh muc du lieu".into()),
            ..TaskFilter::default()
        })
        .await;
        assert!(!with.is_empty(), "{db}");
        assert_eq!(with, without, "{db}");
        let tone = by(TaskFilter {
            text: Some("Khánh Hoà".into()),
            ..TaskFilter::default()
        })
        .await;
        let tone2 = by(TaskFilter {
            text: Some("Khánh Hòa".into()),
            ..TaskFilter::default()
        })
        .await;
        assert_eq!(tone, tone2, "{db}: both tone placements");

        let skhcn = s
            .agency_by_name("Sở Khoa học và Công nghệ")
            .await
            .ok()
            .flatten()
            .map(|a| a.id);
        let mine = by(TaskFilter {
            agency: skhcn,
            part: dondoc_domain::access::Part::Answers,
            ..TaskFilter::default()
        })
        .await;
        assert!(!mine.is_empty(), "{db}");
        assert!(
            mine.iter().all(|t| t
                .lead
                .iter()
                .any(|l| l == "Sở Khoa học và Công nghệ" || l.starts_with("Các sở"))),
            "{db}"
        );
        let overdue = by(TaskFilter {
            status: Some(Status::Overdue),
            ..TaskFilter::default()
        })
        .await;
        assert!(
            !overdue.is_empty() && overdue.iter().all(|t| t.due.is_some_and(|d| d < today)),
            "{db}"
        );
        let window = by(TaskFilter {
            due_from: Some(d("2026-05-01")),
            due_to: Some(d("2026-05-31")),
            ..TaskFilter::default()
        })
        .await;
        assert!(
            !window.is_empty()
                && window.iter().all(|t| t
                    .due
                    .is_some_and(|x| x >= d("2026-05-01") && x <= d("2026-05-31")))
        );
        let data = by(TaskFilter {
            area: Some(Area::Data),
            ..TaskFilter::default()
        })
        .await;
        assert!(
            !data.is_empty() && data.iter().all(|t| t.areas.contains(&Area::Data)),
            "{db}"
        );
        let page = by(TaskFilter {
            limit: 5,
            offset: 5,
            ..TaskFilter::default()
        })
        .await;
        let all = by(TaskFilter::default()).await;
        assert_eq!(
            page,
            all[5..10].to_vec(),
            "{db}: pages are slices of the ordered list"
        );

        let summary = s
            .summary(None, today, 7)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let total: i64 = summary.totals.values().sum();
        // Totals count lead assignments: a task with two leads counts twice.
        let leads: usize = all.iter().map(|t| t.lead.len().max(1)).sum();
        assert_eq!(total as usize, leads, "{db}");
        assert!(
            summary.by_agency.first().is_some_and(|r| r
                .counts
                .get(&Status::Overdue)
                .copied()
                .unwrap_or(0)
                > 0),
            "{db}: most overdue first"
        );
    }
}

/// The SQL status expression and the Rust rule agree on every case.
#[tokio::test]
async fn status_in_sql_equals_status_in_rust() {
    let today = d("2026-03-10");
    let dates = [
        "",
        "2026-03-01",
        "2026-03-09",
        "2026-03-10",
        "2026-03-17",
        "2026-03-18",
        "2026-04-30",
    ];
    let mut cases = Vec::new();
    for due in dates {
        for done in ["", "2026-03-09", "2026-03-10", "2026-03-20"] {
            for upd in ["", "2026-03-05"] {
                for (paused, cancelled) in [(false, false), (true, false), (false, true)] {
                    cases.push((due, done, upd, paused, cancelled));
                }
            }
        }
    }
    for (db, s) in stores().await {
        let rows = s
            .status_probe(&cases, today, 7)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        for ((due, done, upd, paused, cancelled), got) in cases.iter().zip(rows) {
            let opt = |x: &str| (!x.is_empty()).then(|| d(x));
            let facts = Facts {
                due: opt(due),
                completed_on: opt(done),
                last_update_on: opt(upd),
                paused: *paused,
                cancelled: *cancelled,
            };
            let want = (
                status::derive(&facts, today, 7),
                facts.is_open(),
                facts.is_overdue(today),
            );
            assert_eq!(
                got, want,
                "{db}: due {due} done {done} upd {upd} paused {paused} cancelled {cancelled}"
            );
        }
        // The escalation ladder's flag: the SQL and the domain agree, and 0
        // never flags.
        let counts = [0, 1, 2, 3, 4, 9];
        for flag_after in [0, 1, 3] {
            let got = s.flag_probe(&counts, flag_after).await.unwrap();
            let want: Vec<bool> = counts
                .iter()
                .map(|n| dondoc_domain::escalation::flagged(*n, flag_after))
                .collect();
            assert_eq!(got, want, "{db}: flag after {flag_after}");
        }
    }
}

/// "An agency's tasks" in SQL (`reach_sql`) holds every task the domain's
/// `Reach` says it holds, for every agency and part, on both databases.
#[tokio::test]
async fn reach_in_sql_equals_the_domain_rule() {
    use dondoc_domain::access::{Assignment, Part, Reach};
    for (db, s) in stores().await {
        for name in ["001_dda158427d07a616.txt", "004_d326df9318934d85.txt"] {
            let (_, _, text) = sample(name);
            ingest(&s, name, &text, true).await;
        }
        let today = d("2026-05-01");
        let all = s
            .tasks(
                &TaskFilter {
                    limit: 1000,
                    ..TaskFilter::default()
                },
                today,
                7,
            )
            .await
            .unwrap();
        let mut assignments = Vec::new();
        for t in &all {
            assignments.push((t.id, s.task_assignment(t.id).await.unwrap()));
        }
        let mut checked = 0;
        for agency in s.agencies().await.unwrap() {
            let groups = s.groups_of(agency.id).await.unwrap();
            for part in [Part::All, Part::Answers, Part::Supports] {
                let mut got: Vec<i64> = s
                    .tasks(
                        &TaskFilter {
                            agency: Some(agency.id),
                            part,
                            limit: 1000,
                            ..TaskFilter::default()
                        },
                        today,
                        7,
                    )
                    .await
                    .unwrap()
                    .iter()
                    .map(|t| t.id)
                    .collect();
                got.sort_unstable();
                let mut want: Vec<i64> = assignments
                    .iter()
                    .filter(|(_, (lead, support))| {
                        part.holds(Reach::of(agency.id, &groups, Assignment { lead, support }))
                    })
                    .map(|(id, _)| *id)
                    .collect();
                want.sort_unstable();
                assert_eq!(got, want, "{db}: {} {part:?}", agency.name);
                checked += want.len();
            }
        }
        assert!(checked > 50, "{db}: the samples reach agencies ({checked})");
    }
}

#[tokio::test]
async fn backup_and_restore_sqlite() {
    let dir = std::env::temp_dir().join(format!("dondoc-backup-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let db = dir.join("live.sqlite");
    let s = Store::open(&db.display().to_string())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, _, text) = sample("002_901f57d19159e859.txt");
    ingest(&s, "002.txt", &text, true).await;
    let backup = dir.join("backup.sqlite");
    s.backup(&backup).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(s.backup(&backup).await, Err(StoreError::Conflict(_))),
        "never overwrite a backup"
    );
    let (_, _, more) = sample("003_dfb97a17adc53d91.txt");
    ingest(&s, "003.txt", &more, true).await;
    s.close().await;
    restore(&backup, &db)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let s = Store::open(&db.display().to_string())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let n = s
        .tasks(&TaskFilter::default(), d("2026-03-10"), 7)
        .await
        .unwrap_or_default()
        .len();
    assert_eq!(n, 6, "the state of the backup: sample 002 only");
}

#[tokio::test]
async fn sub_items_keep_their_parent_task() {
    let doc = "Số: 30/TB-UBND\nKhánh Hòa, ngày 05 tháng 01 năm 2026\n\n1. Sở Nội vụ tham mưu bố trí công chức chuyên trách chuyển đổi số; hoàn thành trong quý I/2026.\n- Rà soát thủ tục hành chính;\n";
    for (db, s) in stores().await {
        ingest(&s, "sub.txt", doc, true).await;
        let all = s
            .tasks(&TaskFilter::default(), d("2026-01-10"), 7)
            .await
            .unwrap_or_default();
        assert_eq!(all.len(), 2, "{db}");
        let parent = all.iter().find(|t| t.text.starts_with("1.")).map(|t| t.id);
        let child = all
            .iter()
            .find(|t| t.text.starts_with("- Rà soát"))
            .map(|t| t.id)
            .unwrap_or(0);
        let detail = s
            .task(child, d("2026-01-10"), 7)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(detail.parent, parent, "{db}");
        assert!(
            detail.row.areas.contains(&Area::DigitalGovernment),
            "{db}: {:?}",
            detail.row.areas
        );
    }
}

#[tokio::test]
async fn users_sessions_and_tokens() {
    use dondoc_domain::access::Role;
    for (db, store) in stores().await {
        store
            .import_registry(&Registry::khanh_hoa(), "test")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let tc = store
            .agency_by_name("Sở Tài chính")
            .await
            .unwrap_or_default()
            .map(|a| a.id)
            .unwrap_or(0);
        let new = |username, role| NewUser {
            username,
            display_name: "Cán bộ",
            password_hash: "$argon2id$fake",
            role,
            email: Some("cb@khanhhoa.gov.vn"),
        };
        let id = store
            .create_user(new("cb.tc", Role::Officer { agency: tc }), "admin")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert!(
            matches!(
                store.create_user(new("cb.tc", Role::Leader), "admin").await,
                Err(StoreError::Conflict(_))
            ),
            "{db}"
        );
        assert!(
            matches!(
                store.create_user(new("x y", Role::Leader), "admin").await,
                Err(StoreError::Invalid {
                    field: "username",
                    ..
                })
            ),
            "{db}"
        );
        let (user, hash) = store
            .user_for_login("cb.tc")
            .await
            .unwrap_or_default()
            .unwrap_or_else(|| panic!("{db}"));
        assert_eq!(
            (user.role, user.agency.as_deref(), hash.as_str()),
            (
                Role::Officer { agency: tc },
                Some("Sở Tài chính"),
                "$argon2id$fake"
            ),
            "{db}"
        );

        store
            .create_session("s1", &user, "csrf1", "2999-01-01T00:00:00Z")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        store
            .create_session("old", &user, "csrf0", "2000-01-01T00:00:00Z")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let found = store.session_user("s1").await.unwrap_or_default();
        assert_eq!(
            found.map(|(u, c)| (u.id, c)),
            Some((id, "csrf1".to_owned())),
            "{db}"
        );
        assert!(
            store
                .session_user("old")
                .await
                .unwrap_or_default()
                .is_none(),
            "{db}: expired"
        );
        store
            .create_api_token("t1", id, "ioc", "admin")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(
            store
                .api_token_user("t1")
                .await
                .unwrap_or_default()
                .map(|u| u.id),
            Some(id),
            "{db}"
        );
        // Disabling a user ends their sessions and tokens at once.
        store
            .update_user(id, Role::Officer { agency: tc }, false, "admin")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert!(
            store.session_user("s1").await.unwrap_or_default().is_none(),
            "{db}"
        );
        assert!(
            store
                .api_token_user("t1")
                .await
                .unwrap_or_default()
                .is_none(),
            "{db}"
        );
        let audit = store.recent_audit(10).await.unwrap_or_default();
        assert!(
            audit
                .iter()
                .any(|a| a.action == "user.update" && a.actor == "admin"),
            "{db}"
        );
    }
}

#[tokio::test]
async fn review_edits_drops_and_links() {
    for (db, store) in stores().await {
        let (_, _, a) = sample("004_d326df9318934d85.txt");
        ingest(&store, "a.txt", &a, true).await;
        let (_, _, b) = sample("003_dfb97a17adc53d91.txt");
        let o = ingest(&store, "b.txt", &b, false).await;
        let detail = store
            .directive(o.directive_id)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(detail.row.state, "draft", "{db}");
        assert!(
            !detail.tasks.is_empty() && detail.body_text.lines().count() > 10,
            "{db}"
        );
        let t = &detail.tasks[0];
        let nv = store
            .agency_by_name("Sở Nội vụ")
            .await
            .unwrap_or_default()
            .map(|a| a.id)
            .unwrap_or(0);
        store
            .edit_task(TaskEdit {
                id: t.id,
                text: "Sửa lại nội dung",
                deliverable: Some("Báo cáo"),
                due: Some(d("2026-12-31")),
                lead: &[nv],
                support: &[],
                by: "vp",
            })
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let again = store
            .directive(o.directive_id)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let edited = again
            .tasks
            .iter()
            .find(|x| x.id == t.id)
            .unwrap_or_else(|| panic!("{db}"));
        assert_eq!(
            (edited.text.as_str(), edited.due, edited.lead[0].0),
            ("Sửa lại nội dung", Some(d("2026-12-31")), nv),
            "{db}"
        );
        let found = store
            .tasks(
                &TaskFilter {
                    text: Some("sua lai noi dung".into()),
                    include_drafts: true,
                    ..TaskFilter::default()
                },
                d("2026-06-01"),
                7,
            )
            .await
            .unwrap_or_default();
        assert_eq!(found.len(), 1, "{db}: the search follows the edit");
        assert!(
            matches!(
                store
                    .edit_task(TaskEdit {
                        id: t.id,
                        text: " ",
                        deliverable: None,
                        due: None,
                        lead: &[nv],
                        support: &[],
                        by: "vp"
                    })
                    .await,
                Err(StoreError::Invalid { field: "text", .. })
            ),
            "{db}"
        );
        let last = again.tasks.last().map(|x| x.id).unwrap_or(0);
        store
            .drop_draft_task(last, "vp")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(
            store
                .directive(o.directive_id)
                .await
                .map(|x| x.tasks.len())
                .unwrap_or(0),
            again.tasks.len() - 1,
            "{db}"
        );
        for p in again.proposals.iter().filter(|p| p.task_id != last).take(1) {
            store
                .decide_link(p.task_id, p.existing_id, true, "vp")
                .await
                .unwrap_or_else(|e| panic!("{db}: {e}"));
            let linked = store
                .task(p.existing_id, d("2026-06-01"), 7)
                .await
                .unwrap_or_else(|e| panic!("{db}: {e}"));
            assert!(
                linked.mentions.iter().any(|m| m.0 == o.directive_id),
                "{db}: the restatement is a mention"
            );
        }
        store
            .confirm_directive(o.directive_id, "vp")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert!(
            matches!(
                store.drop_draft_task(t.id, "vp").await,
                Err(StoreError::Conflict(_))
            ),
            "{db}: tracked tasks are not dropped"
        );
        let counts = store
            .status_counts(&TaskFilter::default(), d("2026-06-01"), 7)
            .await
            .unwrap_or_default();
        let total: i64 = counts.values().sum();
        assert_eq!(
            total,
            store
                .count_tasks(&TaskFilter::default(), d("2026-06-01"), 7)
                .await
                .unwrap_or(-1),
            "{db}"
        );
    }
}

#[tokio::test]
async fn reminders_outbox_escalation_and_explanations() {
    for (db, store) in stores().await {
        let (_, _, a) = sample("004_d326df9318934d85.txt");
        ingest(&store, "a.txt", &a, true).await;
        let all = store
            .tasks(
                &TaskFilter {
                    limit: 1000,
                    ..TaskFilter::default()
                },
                d("2026-06-01"),
                7,
            )
            .await
            .unwrap_or_default();
        let t = all
            .iter()
            .find(|t| t.due.is_some())
            .unwrap_or_else(|| panic!("{db}: a task with a deadline"));
        let due = t.due.unwrap_or_default();
        let hits = store
            .tasks_due_on(&[due])
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert!(
            hits.iter()
                .any(|h| h.task_id == t.id && h.reminders_so_far == 0),
            "{db}"
        );
        let agency = hits[0].agency_id;
        let reminder = |on: &str| NewReminder {
            agency_id: agency,
            on: d(on),
            subject: "Nhắc việc".into(),
            text_body: "…".into(),
            html_body: "<p>…</p>".into(),
            payload: "{}".into(),
            items: vec![(t.id, "overdue".into(), 1)],
            reports: Vec::new(),
            deliveries: vec![
                ("email".into(), "a@b.vn".into()),
                ("webhook".into(), "http://127.0.0.1:9/x".into()),
            ],
            money_items: Vec::new(),
        };
        assert_eq!(
            store
                .store_reminders(&[reminder("2026-06-01")])
                .await
                .unwrap_or_default(),
            (1, 2),
            "{db}"
        );
        assert_eq!(
            store
                .store_reminders(&[reminder("2026-06-01")])
                .await
                .unwrap_or_default(),
            (0, 0),
            "{db}: once a day"
        );
        store
            .store_reminders(&[reminder("2026-06-02")])
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(
            store
                .reminder_counts(&[t.id])
                .await
                .unwrap_or_default()
                .get(&t.id),
            Some(&2),
            "{db}"
        );

        let now = chrono::Utc::now();
        let first = store.claim_outbox(now, 60, 10).await.unwrap_or_default();
        assert_eq!(first.len(), 4, "{db}");
        assert!(
            store
                .claim_outbox(now, 60, 10)
                .await
                .unwrap_or_default()
                .is_empty(),
            "{db}: leased"
        );
        store
            .outbox_sent(first[0].id)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        store
            .outbox_failed(
                first[1].id,
                "SMTP: refused",
                Some(now + chrono::Duration::minutes(5)),
            )
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        store
            .outbox_failed(first[2].id, "webhook answered 500", None)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        // The lease of the fourth expires: another sender takes it up.
        let later = now + chrono::Duration::seconds(61);
        let retaken = store.claim_outbox(later, 60, 10).await.unwrap_or_default();
        assert_eq!(
            retaken.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![first[3].id],
            "{db}"
        );
        assert_eq!(retaken[0].attempts, 2, "{db}");
        let counts = store.outbox_counts().await.unwrap_or_default();
        assert_eq!(
            (
                counts.get("sent"),
                counts.get("failed"),
                counts.get("pending")
            ),
            (Some(&1), Some(&1), Some(&1)),
            "{db}: {counts:?}"
        );
        store
            .outbox_retry(first[2].id, "vp")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert!(
            matches!(
                store.outbox_retry(first[0].id, "vp").await,
                Err(StoreError::Conflict(_))
            ),
            "{db}"
        );

        let rows = store
            .escalation(None, due + chrono::Duration::days(40), 2)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let row = rows
            .iter()
            .find(|r| r.agency_id == agency)
            .unwrap_or_else(|| panic!("{db}: {rows:?}"));
        assert!(
            row.overdue >= 1 && row.reminders >= 2 && row.flagged >= 1 && row.worst_days >= 40,
            "{db}: {row:?}"
        );

        let e = store
            .request_explanation(t.id, agency, "Vì sao chậm?", d("2026-06-10"), "vp")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(
            store
                .explanations(None, Some(agency))
                .await
                .unwrap_or_default()
                .len(),
            1,
            "{db}"
        );
        assert_eq!(
            store.open_explanations(agency).await.unwrap_or(-1),
            1,
            "{db}"
        );
        store
            .answer_explanation(e, "Chờ hướng dẫn", "cb")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert!(
            matches!(
                store.answer_explanation(e, "lần hai", "cb").await,
                Err(StoreError::Conflict(_))
            ),
            "{db}"
        );
        assert!(
            store
                .explanations(None, Some(agency))
                .await
                .unwrap_or_default()
                .is_empty(),
            "{db}: answered"
        );
        assert_eq!(
            store.open_explanations(agency).await.unwrap_or(-1),
            0,
            "{db}"
        );
        // The latest report by date, whatever order the reports were made in.
        for (on, pct, body) in [("2026-06-05", 60, "sau"), ("2026-06-01", 30, "trước")] {
            store
                .add_update(NewUpdate {
                    task_id: t.id,
                    agency_id: agency,
                    on: d(on),
                    percent: pct,
                    body,
                    evidence: &[],
                    files: &[],
                    by: "cb",
                })
                .await
                .unwrap_or_else(|e| panic!("{db}: {e}"));
        }
        let latest = store.latest_updates(&[t.id]).await.unwrap_or_default();
        assert_eq!(latest.get(&t.id), Some(&(60, "sau".to_owned())), "{db}");
        assert_eq!(
            store.agency(agency).await.map(|a| a.id).ok(),
            Some(agency),
            "{db}"
        );
        assert_eq!(
            store.task_directive(t.id).await.map(|x| x.1).ok(),
            Some(true),
            "{db}"
        );

        store
            .create_feed_token("f1", FeedTarget::Agency(agency), "vp")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(
            store.feed_target("f1").await.unwrap_or_default(),
            Some(FeedTarget::Agency(agency)),
            "{db}"
        );
        assert_eq!(
            store.feed_target("nope").await.unwrap_or_default(),
            None,
            "{db}"
        );
    }
}

/// Periodic reports and scores (tests/store/reports.rs).
#[path = "store/reports.rs"]
mod reports;
