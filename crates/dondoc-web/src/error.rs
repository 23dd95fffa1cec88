//! Errors as the user sees them: a page in Vietnamese (or JSON for the API)
//! that names the problem, with the right HTTP status. Never a panic.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dondoc_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not logged in: the login page (or 401 for the API).
    #[error("chưa đăng nhập")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("lỗi máy chủ: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { what, id } => {
                AppError::NotFound(format!("Không tìm thấy {} {id}", what_vi(what)))
            }
            StoreError::Invalid { field, message } => {
                AppError::BadRequest(format!("Trường “{field}” không hợp lệ: {message}"))
            }
            StoreError::Conflict(m) => AppError::Conflict(m),
            other => {
                tracing::error!("store: {other}");
                AppError::Internal("cơ sở dữ liệu không phản hồi, vui lòng thử lại".into())
            }
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        tracing::error!("template: {e}");
        AppError::Internal("không dựng được trang".into())
    }
}

fn what_vi(what: &str) -> &str {
    match what {
        "task" => "nhiệm vụ",
        "directive" => "văn bản",
        "agency" => "cơ quan",
        "user" => "người dùng",
        "evidence file" => "tệp minh chứng",
        "deadline change" => "đề nghị gia hạn",
        other => other,
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn forbidden() -> Self {
        AppError::Forbidden("Bạn không có quyền truy cập nội dung này.".into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if matches!(self, AppError::Unauthenticated) {
            return Redirect::to("/dang-nhap").into_response();
        }
        let status = self.status();
        let page = crate::pages::ErrorPage {
            status: status.as_u16(),
            message: self.to_string(),
        };
        (status, page.html()).into_response()
    }
}

/// The same error for the JSON API.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let body = serde_json::json!({ "error": self.0.to_string(), "status": status.as_u16() });
        (status, axum::Json(body)).into_response()
    }
}
