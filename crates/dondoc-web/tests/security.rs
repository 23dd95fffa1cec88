//! Forged and hostile requests: every state-changing route wants the
//! session's CSRF token whatever the request's shape; API tokens work on the
//! API only and can be revoked; password guessing is throttled even in
//! parallel; and the smaller guards (Origin, redirects, caching, page
//! numbers, formula cells, slow clients).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, TestApp, client, csrf_of, login, page, start, task_of_a};
use reqwest::StatusCode;
use std::sync::Arc;

const A: &str = "Sở Khoa học và Công nghệ";

/// Every `.route(...)` of the router that takes a POST, read from its
/// source so that a new route cannot escape this test.
fn post_routes() -> Vec<String> {
    let src = include_str!("../src/lib.rs");
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(at) = rest.find(".route(") {
        rest = &rest[at + 7..];
        let end = rest.find(".route(").unwrap_or(rest.len());
        let call = &rest[..end];
        if call.contains("post(") {
            let path = call.split('"').nth(1).unwrap().to_owned();
            out.push(path);
        }
    }
    assert!(out.len() >= 20, "routes found: {out:?}");
    out
}

async fn audit_count(app: &TestApp) -> usize {
    app.store.recent_audit(1000).await.unwrap().len()
}

#[tokio::test]
async fn every_post_route_refuses_a_request_without_the_csrf_token() {
    let app = start(A, "Sở Tài chính", true).await;
    let c = login(&app, "quantri").await;
    let before = audit_count(&app).await;
    let id = task_of_a(&app).await;
    for route in post_routes() {
        if route == "/dang-nhap" {
            continue;
        }
        let url = format!("{}{}", app.url, route.replace("{id}", &id.to_string()));
        let shapes: Vec<(&str, reqwest::RequestBuilder)> = vec![
            ("no body", c.post(&url)),
            ("form without token", c.post(&url).form(&[("note", "x")])),
            (
                "form with a wrong token",
                c.post(&url).form(&[("csrf", "00")]),
            ),
            (
                "JSON",
                c.post(&url)
                    .header("content-type", "application/json")
                    .body("{\"csrf\":\"\"}"),
            ),
            (
                "text",
                c.post(&url).header("content-type", "text/plain").body("x"),
            ),
            (
                "multipart without token",
                c.post(&url)
                    .multipart(reqwest::multipart::Form::new().text("note", "x")),
            ),
        ];
        for (shape, req) in shapes {
            let r = req.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{route}: {shape}");
        }
    }
    // The session's own logout also wants the token: still logged in.
    let (code, _) = page(&c, format!("{}/quan-tri", app.url)).await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(audit_count(&app).await, before, "nothing was changed");
}

#[tokio::test]
async fn the_csrf_header_is_accepted_in_place_of_the_field() {
    let app = start(A, "Sở Tài chính", true).await;
    let id = task_of_a(&app).await;
    let c = login(&app, "canbo_a").await;
    let (_, html) = page(&c, format!("{}/nhiem-vu/{id}", app.url)).await;
    let r = c
        .post(format!("{}/nhiem-vu/{id}/hoan-thanh", app.url))
        .header("x-csrf-token", csrf_of(&html))
        .form(&[("note", "xong")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

async fn api_token(app: &TestApp, user: &str) -> (String, i64) {
    let c = login(app, "quantri").await;
    let (_, html) = page(&c, format!("{}/quan-tri", app.url)).await;
    let uid = app.store.user_for_login(user).await.unwrap().unwrap().0.id;
    let r = c
        .post(format!("{}/quan-tri/ma-truy-cap", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("user", uid.to_string().as_str()),
            ("label", "IOC"),
        ])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    let at = html.find("id=\"new-token\">").unwrap() + "id=\"new-token\">".len();
    let token = html[at..at + 64].to_owned();
    let id = app.store.api_tokens(Some(uid)).await.unwrap()[0].id;
    (token, id)
}

async fn api_status(app: &TestApp, token: &str) -> StatusCode {
    reqwest::Client::new()
        .get(format!("{}/api/v1/summary", app.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn api_tokens_open_the_api_only_and_end_when_revoked_locked_or_repassworded() {
    let app = start(A, "Sở Tài chính", false).await;
    // A token cannot act on the form routes: a directive stays a draft.
    let (token, _) = api_token(&app, "thuky").await;
    assert_eq!(api_status(&app, &token).await, StatusCode::OK);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../dondoc-extract/test_data/003_dfb97a17adc53d91.txt"
    ))
    .unwrap();
    let reg = dondoc_extract::Registry::khanh_hoa();
    let x = dondoc_extract::extract(&text, &reg);
    let draft = app
        .store
        .ingest(dondoc_store::IngestRequest {
            file_name: "003.txt",
            bytes: text.as_bytes(),
            text: &text,
            extraction: &x,
            confirm: false,
            actor: "test",
            after_task: None,
        })
        .await
        .unwrap()
        .directive_id;
    let bearer = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for req in [
        bearer.post(format!("{}/van-ban/{draft}/xac-nhan", app.url)),
        bearer
            .post(format!("{}/van-ban/{draft}/xac-nhan", app.url))
            .form(&[("csrf", "")]),
    ] {
        let r = req.bearer_auth(&token).send().await.unwrap();
        assert!(!r.status().is_success(), "{}", r.status());
    }
    let r = bearer
        .get(format!("{}/nhiem-vu", app.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "pages want a login");
    let d = app.store.directive(draft).await.unwrap();
    assert_eq!(d.row.state, "draft");

    // Revoked on the administration page: refused at once.
    let admin = login(&app, "quantri").await;
    let (_, html) = page(&admin, format!("{}/quan-tri", app.url)).await;
    let csrf = csrf_of(&html);
    let (token, id) = api_token(&app, "sep").await;
    assert_eq!(api_status(&app, &token).await, StatusCode::OK);
    let r = admin
        .post(format!("{}/quan-tri/ma-truy-cap/{id}/thu-hoi", app.url))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(api_status(&app, &token).await, StatusCode::UNAUTHORIZED);

    // The user locked: their tokens end.
    let (token, _) = api_token(&app, "canbo_b").await;
    let uid = app
        .store
        .user_for_login("canbo_b")
        .await
        .unwrap()
        .unwrap()
        .0;
    app.store
        .update_user(uid.id, uid.role, false, "test")
        .await
        .unwrap();
    app.store
        .update_user(uid.id, uid.role, true, "test")
        .await
        .unwrap();
    assert_eq!(api_status(&app, &token).await, StatusCode::UNAUTHORIZED);

    // A password change: the tokens end too.
    let (token, _) = api_token(&app, "canbo_a").await;
    let c = login(&app, "canbo_a").await;
    let (_, html) = page(&c, format!("{}/mat-khau", app.url)).await;
    let r = c
        .post(format!("{}/mat-khau", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("current", PASSWORD),
            ("new", "mat-khau-moi-dai"),
            ("repeat", "mat-khau-moi-dai"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(api_status(&app, &token).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn calendar_feeds_can_be_revoked_and_end_with_their_maker() {
    let app = start(A, "Sở Tài chính", true).await;
    let c = login(&app, "canbo_a").await;
    let (_, html) = page(&c, format!("{}/lich", app.url)).await;
    let csrf = csrf_of(&html);
    let make = || async {
        let html = c
            .post(format!("{}/lich", app.url))
            .form(&[
                ("csrf", csrf.as_str()),
                ("agency", app.a.to_string().as_str()),
            ])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let at = html.find("/lich/").unwrap();
        let end = html[at..].find(".ics").unwrap();
        format!("{}{}", app.url, &html[at..at + end + 4])
    };
    let feed = make().await;
    assert_eq!(reqwest::get(&feed).await.unwrap().status(), StatusCode::OK);
    let digests = app.store.feed_tokens(None).await.unwrap();
    let r = c
        .post(format!("{}/lich/thu-hoi", app.url))
        .form(&[("csrf", csrf.as_str()), ("feed", digests[0].0.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        reqwest::get(&feed).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // An agency feed made by an officer ends when the officer is locked.
    let feed = make().await;
    let u = app
        .store
        .user_for_login("canbo_a")
        .await
        .unwrap()
        .unwrap()
        .0;
    app.store
        .update_user(u.id, u.role, false, "test")
        .await
        .unwrap();
    assert_eq!(
        reqwest::get(&feed).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

async fn try_login(app: &TestApp, user: &str, password: &str) -> StatusCode {
    client()
        .post(format!("{}/dang-nhap", app.url))
        .form(&[("username", user), ("password", password)])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_guesses_get_five_checks_and_a_flood_does_not_unlock() {
    let app = Arc::new(start(A, "Sở Tài chính", false).await);
    let mut guesses = Vec::new();
    for n in 0..50 {
        let app = app.clone();
        guesses.push(tokio::spawn(async move {
            let pw = if n == 37 {
                PASSWORD.to_owned()
            } else {
                format!("doan-{n}")
            };
            try_login(&app, "thuky", &pw).await
        }));
    }
    let mut ok = 0;
    for g in guesses {
        ok += usize::from(g.await.unwrap() == StatusCode::SEE_OTHER);
    }
    // The right password was among them: at most by luck among the first
    // five checks, never after the lock.
    let audit = app.store.recent_audit(1000).await.unwrap();
    assert!(ok <= 1);
    assert_eq!(
        try_login(&app, "thuky", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "locked"
    );
    let _ = audit;
    // A flood of made-up usernames does not clear the lock.
    for n in 0..200 {
        try_login(&app, &format!("ai-do-{n}"), "x").await;
    }
    assert_eq!(
        try_login(&app, "thuky", PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_current_password_check_is_throttled_like_a_login() {
    let app = start(A, "Sở Tài chính", false).await;
    let c = login(&app, "sep").await;
    let (_, html) = page(&c, format!("{}/mat-khau", app.url)).await;
    let csrf = csrf_of(&html);
    let change = |current: &'static str| {
        c.post(format!("{}/mat-khau", app.url)).form(&[
            ("csrf", csrf.as_str()),
            ("current", current),
            ("new", "mat-khau-moi-dai"),
            ("repeat", "mat-khau-moi-dai"),
        ])
    };
    for _ in 0..5 {
        change("sai-roi").send().await.unwrap();
    }
    let r = change(PASSWORD).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("quá nhiều lần"));
}

#[tokio::test]
async fn an_unknown_username_takes_as_long_as_a_known_one() {
    let app = start(A, "Sở Tài chính", false).await;
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for n in 0..4 {
        // Different usernames each time, so the lock never starts.
        let t = std::time::Instant::now();
        try_login(&app, ["thuky", "sep", "canbo_a", "canbo_b"][n], "sai").await;
        known.push(t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        try_login(&app, &format!("khong-co-{n}"), "sai").await;
        unknown.push(t.elapsed().as_secs_f64());
    }
    let (k, u) = (median(known), median(unknown));
    // Before the dummy hash: ~100 ms against ~1 ms.
    assert!(u > k * 0.3, "unknown {u:.4} s vs known {k:.4} s");
}

#[tokio::test]
async fn posts_from_another_site_are_refused_login_included() {
    let app = start(A, "Sở Tài chính", false).await;
    let r = client()
        .post(format!("{}/dang-nhap", app.url))
        .header("origin", "http://evil.example")
        .form(&[("username", "thuky"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let host = app.url.trim_start_matches("http://");
    let r = client()
        .post(format!("{}/dang-nhap", app.url))
        .header("origin", format!("http://{host}"))
        .form(&[("username", "thuky"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "same-origin login works");
}

#[tokio::test]
async fn smaller_guards_hold() {
    let app = start(A, "Sở Tài chính", true).await;
    let id = task_of_a(&app).await;
    let c = login(&app, "thuky").await;

    // Redirects stay on this site.
    let (_, html) = page(&c, format!("{}/nhiem-vu/{id}", app.url)).await;
    let csrf = csrf_of(&html);
    for back in ["/\\evil.example", "//evil.example", "https://evil.example"] {
        let r = c
            .post(format!("{}/nhiem-vu/{id}/sua", app.url))
            .form(&[
                ("csrf", csrf.as_str()),
                ("back", back),
                ("text", "Nhiệm vụ sửa"),
                ("lead", app.a.to_string().as_str()),
            ])
            .send()
            .await
            .unwrap();
        let to = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        assert!(
            to.as_deref()
                .is_none_or(|l| l.starts_with('/') && !l.starts_with("//") && !l.contains('\\')),
            "{back} → {to:?}"
        );
    }

    // Nothing authenticated is kept in a cache.
    for path in [
        "/",
        "/nhiem-vu",
        &format!("/nhiem-vu/{id}"),
        "/nhiem-vu.csv",
        "/nhiem-vu.xlsx",
    ] {
        let r = c.get(format!("{}{path}", app.url)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(
            r.headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path}"
        );
    }

    // A huge page number is a page far away, not an error or page -1.
    let (code, html) = page(&c, format!("{}/nhiem-vu?page=9223372036854775807", app.url)).await;
    assert_eq!(code, StatusCode::OK);
    assert!(!html.contains("-1"), "no negative page");

    // A cell that looks like a formula is exported as text.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let due = app.store.task(id, today, 7).await.unwrap().row.due;
    app.store
        .edit_task(dondoc_store::TaskEdit {
            id,
            text: "=HYPERLINK(\"http://evil.example\",\"bấm\")",
            deliverable: None,
            due,
            lead: &[app.a],
            support: &[],
            by: "test",
        })
        .await
        .unwrap();
    let csv = c
        .get(format!("{}/nhiem-vu.csv", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("'=HYPERLINK"), "formula quoted");
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"));
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = start(A, "Sở Tài chính", false).await;
    let mut s = tokio::net::TcpStream::connect(app.url.trim_start_matches("http://"))
        .await
        .unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let read =
        tokio::time::timeout(std::time::Duration::from_secs(30), s.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the connection was still open after 30 s");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
