//! Quản trị: users and roles, API tokens for integrations, the agency
//! registry, and the recent audit log. Administrators only.

use super::{Nav, field, render};
use crate::auth::{Viewer, password, random_token, token_digest};
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use dondoc_domain::access::{Role, can_administer};
use dondoc_store::NewUser;

fn require_admin(v: &Viewer) -> AppResult<()> {
    if can_administer(v.role()) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

pub struct UserLine {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: &'static str,
    pub agency: String,
    pub active: bool,
}

pub struct AgencyChoice {
    pub id: i64,
    pub name: String,
}

pub struct AuditLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

pub struct TokenLine {
    pub id: i64,
    pub username: String,
    pub label: String,
    pub created: String,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    nav: Nav,
    users: Vec<UserLine>,
    tokens: Vec<TokenLine>,
    agencies: Vec<AgencyChoice>,
    audit: Vec<AuditLine>,
    /// The audit log's search words.
    audit_q: String,
    new_token: Option<String>,
    message: Option<String>,
}

fn role_label(r: Role) -> &'static str {
    match r {
        Role::Admin => "Quản trị",
        Role::Secretariat => "Văn phòng thường trực",
        Role::Leader => "Lãnh đạo",
        Role::Officer { .. } => "Cán bộ cơ quan",
    }
}

async fn admin_page(
    state: &AppState,
    v: &Viewer,
    new_token: Option<String>,
    message: Option<String>,
) -> AppResult<Response> {
    admin_page_for(state, v, new_token, message, String::new()).await
}

async fn admin_page_for(
    state: &AppState,
    v: &Viewer,
    new_token: Option<String>,
    message: Option<String>,
    audit_q: String,
) -> AppResult<Response> {
    let users = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| UserLine {
            id: u.id,
            username: u.username,
            name: u.display_name,
            role: role_label(u.role),
            agency: u.agency.unwrap_or_default(),
            active: u.active,
        })
        .collect();
    let tokens = state
        .store
        .api_tokens(None)
        .await?
        .into_iter()
        .map(|t| TokenLine {
            id: t.id,
            username: t.username,
            label: t.label,
            created: fmt::timestamp(&t.created_at),
            revoked: t.revoked,
        })
        .collect();
    let agencies = state
        .store
        .agencies()
        .await?
        .into_iter()
        .map(|a| AgencyChoice {
            id: a.id,
            name: a.name,
        })
        .collect();
    let audit = state
        .store
        .audit_search(
            Some(&audit_q)
                .filter(|q| !q.trim().is_empty())
                .map(String::as_str),
            &fmt::audit_actions_named(&audit_q),
            200,
        )
        .await?
        .into_iter()
        .map(|a| AuditLine {
            at: fmt::timestamp(&a.at),
            actor: a.actor,
            action: fmt::audit_action(&a.action),
            detail: format!(
                "{}{}",
                fmt::audit_entity(&a.entity, a.entity_id),
                if a.detail.is_empty() {
                    String::new()
                } else {
                    format!(": {}", fmt::shorten(&a.detail, 160))
                }
            ),
        })
        .collect();
    Ok(render(&AdminPage {
        nav: Nav::new(v, "admin"),
        users,
        tokens,
        agencies,
        audit,
        audit_q,
        new_token,
        message,
    })?
    .into_response())
}

/// The audit log's search (`?nhat-ky=words`).
#[derive(serde::Deserialize, Default)]
pub struct AdminQuery {
    #[serde(default, rename = "nhat-ky")]
    audit: String,
}

pub async fn page(
    State(state): State<AppState>,
    v: Viewer,
    axum::extract::Query(q): axum::extract::Query<AdminQuery>,
) -> AppResult<Response> {
    require_admin(&v)?;
    admin_page_for(&state, &v, None, None, q.audit).await
}

fn role_of(form: &[(String, String)]) -> AppResult<Role> {
    Ok(match field(form, "role") {
        "admin" => Role::Admin,
        "secretariat" => Role::Secretariat,
        "leader" => Role::Leader,
        "officer" => Role::Officer {
            agency: field(form, "agency").parse().map_err(|_| {
                AppError::BadRequest("Cán bộ cơ quan cần chọn cơ quan (trường “agency”).".into())
            })?,
        },
        other => {
            return Err(AppError::BadRequest(format!(
                "Trường “role” không hợp lệ: “{other}”"
            )));
        }
    })
}

pub async fn create_user(
    State(state): State<AppState>,
    v: Viewer,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_admin(&v)?;
    let role = role_of(&form)?;
    let hash = password::hash(field(&form, "password"))
        .map_err(|m| AppError::BadRequest(format!("Trường “Mật khẩu”: {m}")))?;
    let email = Some(field(&form, "email")).filter(|e| !e.is_empty());
    state
        .store
        .create_user(
            NewUser {
                username: &field(&form, "username").to_lowercase(),
                display_name: field(&form, "display_name"),
                password_hash: &hash,
                role,
                email,
            },
            v.actor(),
        )
        .await?;
    Ok(crate::flash::redirect(
        "/quan-tri",
        &format!(
            "Đã tạo người dùng {}.",
            field(&form, "username").to_lowercase()
        ),
    ))
}

pub async fn update_user(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_admin(&v)?;
    let user = state.store.user(id).await?;
    let role = if field(&form, "role").is_empty() {
        user.role
    } else {
        role_of(&form)?
    };
    let active = field(&form, "active") == "1";
    if id == v.user.id && (!active || role != Role::Admin) {
        return Err(AppError::Conflict(
            "Không thể tự khóa hoặc bỏ quyền quản trị của chính mình.".into(),
        ));
    }
    state.store.update_user(id, role, active, v.actor()).await?;
    let new_password = field(&form, "password");
    if !new_password.is_empty() {
        let hash = password::hash(new_password)
            .map_err(|m| AppError::BadRequest(format!("Trường “Mật khẩu”: {m}")))?;
        state.store.set_password(id, &hash, v.actor()).await?;
    }
    Ok(crate::flash::redirect(
        "/quan-tri",
        &format!("Đã cập nhật người dùng {}.", user.username),
    ))
}

/// A new API token, shown once.
pub async fn create_token(
    State(state): State<AppState>,
    v: Viewer,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_admin(&v)?;
    let user: i64 = field(&form, "user")
        .parse()
        .map_err(|_| AppError::BadRequest("Chọn người dùng cho mã truy cập.".into()))?;
    let label = field(&form, "label");
    if label.is_empty() {
        return Err(AppError::BadRequest(
            "Trường “Tên gợi nhớ” đang trống.".into(),
        ));
    }
    let token = random_token()?;
    state
        .store
        .create_api_token(&token_digest(&token), user, label, v.actor())
        .await?;
    admin_page(
        &state,
        &v,
        Some(token),
        Some("Đã tạo mã truy cập. Sao chép ngay: mã chỉ hiện một lần.".into()),
    )
    .await
}

pub async fn add_agency(
    State(state): State<AppState>,
    v: Viewer,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_admin(&v)?;
    let name = field(&form, "name");
    let kind = field(&form, "kind");
    let parent = match field(&form, "parent") {
        "" => None,
        p => Some(p.parse().map_err(|_| {
            AppError::BadRequest(format!("Trường “Trực thuộc” không hợp lệ: “{p}”"))
        })?),
    };
    state
        .store
        .add_agency(name, kind, parent, v.actor())
        .await?;
    Ok(crate::flash::redirect(
        "/quan-tri",
        &format!("Đã thêm cơ quan “{name}”: văn bản tải lên sau sẽ nhận ra tên này."),
    ))
}

/// Revokes an API token: it stops working at once.
pub async fn revoke_token(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_admin(&v)?;
    state.store.revoke_api_token(id, None, v.actor()).await?;
    admin_page(
        &state,
        &v,
        None,
        Some(format!(
            "Đã thu hồi mã truy cập số {id}: mã không còn dùng được."
        )),
    )
    .await
}
