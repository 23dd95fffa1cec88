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
    /// Nothing was done and trying again later may work (database busy or
    /// unable to write, too many uploads at once).
    #[error("{0}")]
    Unavailable(String),
    #[error("Lỗi máy chủ: thao tác chưa hoàn thành. Vui lòng thử lại hoặc báo quản trị viên.")]
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
            StoreError::Busy(cause) => {
                tracing::warn!(%cause, "store busy");
                AppError::Unavailable(
                    "Hệ thống đang bận, thay đổi của bạn CHƯA được lưu. Vui lòng gửi lại sau ít giây."
                        .into(),
                )
            }
            StoreError::Unavailable(cause) => {
                tracing::error!(%cause, "store cannot write");
                AppError::Unavailable(
                    "Máy chủ tạm thời không ghi được dữ liệu (lỗi lưu trữ), thay đổi của bạn CHƯA được lưu. Vui lòng thử lại sau; lỗi đã được ghi vào nhật ký để quản trị viên xử lý."
                        .into(),
                )
            }
            other => {
                tracing::error!(cause = %other, "store error");
                AppError::Internal("cơ sở dữ liệu gặp lỗi, thay đổi chưa được lưu".into())
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
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
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
        if let AppError::Internal(m) = &self {
            tracing::error!(cause = %m, "internal error");
        }
        let page = crate::pages::ErrorPage {
            status: status.as_u16(),
            message: self.to_string(),
        };
        let mut res = (status, page.html()).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
        }
        res
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
