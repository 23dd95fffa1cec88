//! dondoc-web: the web application — dashboard, directive review, task
//! lists and pages, agency inboxes, administration — and the JSON API.
//!
//! Server-rendered HTML (askama templates, compiled in) with a little
//! vendored JavaScript. Every handler asks `dondoc_domain::access` whether
//! the viewer may read or change what it touches; the store does the rest.

pub mod api;
mod assets;
pub mod auth;
pub mod cache;
pub mod dashboard;
pub mod demo;
pub mod error;
mod export;
mod feeds;
mod flash;
mod fmt;
pub mod ioc;
pub mod money;
pub mod multipart;
mod pages;
pub mod reach;
pub mod scheduler;
pub mod server;
pub mod state;
mod trace;
pub mod work;

pub use pages::reports::consolidated_report;
pub use state::{AppState, Settings};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};

/// The whole application.
pub fn router(state: AppState) -> Router {
    let upload_limit = state.settings.max_upload_bytes + 64 * 1024;
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/static/{name}", get(assets::serve))
        .route(
            "/dang-nhap",
            get(pages::account::login_form).post(pages::account::login),
        )
        .route("/dang-xuat", post(pages::account::logout))
        .route(
            "/mat-khau",
            get(pages::account::password_form).post(pages::account::password),
        )
        .route("/", get(pages::dashboard::page))
        .route(
            "/van-ban",
            get(pages::directives::list).post(pages::directives::upload),
        )
        .route("/van-ban/{id}", get(pages::directives::review))
        .route(
            "/van-ban/tai-len/{id}",
            get(pages::directives::upload_progress),
        )
        .route(
            "/van-ban/tai-len/{id}/huy",
            post(pages::directives::upload_cancel),
        )
        .route("/van-ban/{id}/tep", get(pages::directives::original))
        .route("/van-ban/{id}/xac-nhan", post(pages::directives::confirm))
        .route("/van-ban/{id}/xoa", post(pages::curate::delete_directive))
        .route("/van-ban/{id}/them-nhiem-vu", post(pages::curate::add_task))
        .route("/nhiem-vu/{id}/tach", post(pages::curate::split))
        .route("/nhiem-vu/{id}/gop", post(pages::curate::join))
        .route("/nhiem-vu", get(pages::tasks::list))
        .route("/nhiem-vu.xlsx", get(export::xlsx))
        .route("/nhiem-vu.csv", get(export::csv))
        .route("/nhiem-vu/{id}", get(pages::task::page))
        .route("/nhiem-vu/{id}/sua", post(pages::task::edit))
        .route("/nhiem-vu/{id}/bo", post(pages::task::drop))
        .route("/nhiem-vu/{id}/lien-ket", post(pages::task::link))
        .route("/nhiem-vu/{id}/tien-do", post(pages::task::progress))
        .route("/nhiem-vu/{id}/gia-han", post(pages::task::extension))
        .route(
            "/nhiem-vu/{id}/gia-han/quyet-dinh",
            post(pages::task::decide_extension),
        )
        .route("/nhiem-vu/{id}/hoan-thanh", post(pages::task::claim))
        .route("/nhiem-vu/{id}/tham-dinh", post(pages::task::appraise))
        .route("/minh-chung/{id}", get(pages::task::evidence))
        .route("/viec-cho", get(pages::queue::page))
        .route("/huong-dan", get(pages::help::page))
        .route(
            "/giai-trinh/{id}/da-xem",
            post(pages::followup::review_explanation),
        )
        .route("/co-quan", get(pages::agencies::list))
        .route("/co-quan/{id}", get(pages::agencies::inbox))
        .route("/quan-tri", get(pages::admin::page))
        .route("/quan-tri/nguoi-dung", post(pages::admin::create_user))
        .route("/quan-tri/nguoi-dung/{id}", post(pages::admin::update_user))
        .route("/quan-tri/ma-truy-cap", post(pages::admin::create_token))
        .route(
            "/quan-tri/ma-truy-cap/{id}/thu-hoi",
            post(pages::admin::revoke_token),
        )
        .route("/quan-tri/co-quan", post(pages::admin::add_agency))
        .route("/don-doc", get(pages::followup::page))
        .route("/don-doc/chay", post(pages::followup::run_now))
        .route("/don-doc/gui-lai/{id}", post(pages::followup::retry))
        .route(
            "/nhiem-vu/{id}/giai-trinh",
            post(pages::followup::request_explanation),
        )
        .route(
            "/giai-trinh/{id}",
            post(pages::followup::answer_explanation),
        )
        .route(
            "/co-quan/{id}/cong-van-don-doc.docx",
            get(pages::followup::letter),
        )
        .route("/co-quan/{id}/kenh", post(pages::followup::add_channel))
        .route(
            "/bao-cao",
            get(pages::reports::list).post(pages::reports::open),
        )
        .route("/bao-cao/{id}", get(pages::reports::round))
        .route("/bao-cao/{id}/ket-thuc", post(pages::reports::close))
        .route(
            "/bao-cao/{id}/don-vi/{agency}",
            get(pages::reports::form).post(pages::reports::save),
        )
        .route(
            "/bao-cao/{id}/don-vi/{agency}/quyet-dinh",
            post(pages::reports::decide),
        )
        .route("/bao-cao/tep/{id}", get(pages::reports::file))
        .route(
            "/bao-cao/{id}/tong-hop",
            get(pages::reports::summary).post(pages::reports::save_summary),
        )
        .route("/bao-cao/{id}/tong-hop.docx", get(pages::reports::docx))
        .route(
            "/bao-cao/{id}/phu-luc.xlsx",
            get(pages::reports::appendix_xlsx),
        )
        .route("/xep-hang", get(pages::scores::ranking))
        .route("/xep-hang.xlsx", get(pages::scores::ranking_xlsx))
        .route("/xep-hang/chot", post(pages::scores::fix))
        .route("/xep-hang/kpi", get(pages::scores::kpi))
        .route("/xep-hang/kpi.xlsx", get(pages::scores::kpi_xlsx))
        .route("/xep-hang/co-quan/{file}", get(pages::scores::agency_page))
        .route(
            "/tieu-chi",
            get(pages::criteria::page).post(pages::criteria::save),
        )
        .route("/tieu-chi/tai-len", post(pages::criteria::upload))
        .route("/tieu-chi/{id}", get(pages::criteria::version))
        .route("/giai-ngan", get(pages::money::overview))
        .route("/giai-ngan/du-an", get(pages::money::projects))
        .route("/giai-ngan/du-an/{id}", get(pages::money::project))
        .route(
            "/giai-ngan/du-an/{id}/thuc-hien",
            post(pages::money::record_actual),
        )
        .route(
            "/giai-ngan/du-an/{id}/nhiem-vu",
            post(pages::money::link_task),
        )
        .route(
            "/giai-ngan/du-an/{id}/bo-nhiem-vu",
            post(pages::money::unlink_task),
        )
        .route(
            "/giai-ngan/nhap",
            get(pages::money::import_form).post(pages::money::import_upload),
        )
        .route(
            "/giai-ngan/nhap/xac-nhan",
            post(pages::money::import_confirm),
        )
        .route("/giai-ngan/ngan-sach", post(pages::money::set_budget))
        .route(
            "/chi-tieu",
            get(pages::indicators::list).post(pages::indicators::create),
        )
        .route("/chi-tieu.xlsx", get(pages::indicators::table_xlsx))
        .route("/chi-tieu/{id}", get(pages::indicators::page))
        .route(
            "/chi-tieu/{id}/gia-tri",
            post(pages::indicators::record_value),
        )
        .route(
            "/chi-tieu/{id}/chi-tieu-ky",
            post(pages::indicators::add_target),
        )
        .route(
            "/chi-tieu/{id}/giai-trinh",
            post(pages::indicators::request_explanation),
        )
        .route(
            "/chi-tieu/giai-trinh/{id}",
            post(pages::indicators::answer_explanation),
        )
        .route(
            "/chi-tieu/giai-trinh/{id}/da-xem",
            post(pages::indicators::review_explanation),
        )
        .route(
            "/chi-tieu/minh-chung/{id}",
            get(pages::indicators::evidence),
        )
        .route("/lich", get(feeds::page).post(feeds::create))
        .route("/lich/thu-hoi", post(feeds::revoke))
        .route("/lich/{file}", get(feeds::ics))
        .nest("/api/v1", api::router())
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(middleware::from_fn(guard))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            writes_invalidate,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::session::resolve,
        ))
        .layer(middleware::from_fn(trace::requests))
        .with_state(state)
}

/// The longest a request may take; an upload's reading and extraction included.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Time limit and security headers on every response: no framing, no
/// sniffing, scripts and styles only from this server (there is no inline
/// script or style to allow), and nothing but the vendored assets kept in
/// a cache (pages, exports and files are the user's, behind their login).
async fn guard(req: Request, next: Next) -> Response {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let cacheable = req.uri().path().starts_with("/static/");
    let mut res = match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(r) => r,
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Yêu cầu quá thời gian xử lý (60 giây).",
        )
            .into_response(),
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !cacheable && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// A write through the app starts a new generation: cached pages are stale
/// (at once for the writer; see `cache.rs`).
async fn writes_invalidate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let write = req.method() != Method::GET && req.method() != Method::HEAD;
    let user = req.extensions().get::<auth::Viewer>().map(|v| v.user.id);
    let res = next.run(req).await;
    if write {
        state.generations.written(user);
    }
    res
}

/// Serves the app on `addr` until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    if state.settings.follow_up {
        scheduler::spawn(state.clone());
    }
    server::run(listener, router(state), shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
