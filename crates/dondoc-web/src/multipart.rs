//! Multipart forms (the forms that carry files). Their session token must be
//! the first part: it is checked before any other part, a file above all, is
//! read. One reader for every such form, so that none forgets.

use crate::auth::session::Viewer;
use crate::error::{AppError, AppResult};
use axum::extract::Multipart;

/// A file sent in a form.
pub struct File {
    /// Its name on the sender's machine.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A multipart form once read: its text fields and its files.
#[derive(Default)]
pub struct Parts {
    fields: Vec<(String, String)>,
    files: Vec<(String, File)>,
}

impl Parts {
    /// The text fields in order (a name may repeat).
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// The first value of a text field, "" when absent.
    pub fn text(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The files sent in `field`, in order.
    pub fn take_files(&mut self, field: &str) -> Vec<File> {
        let (taken, kept) = std::mem::take(&mut self.files)
            .into_iter()
            .partition(|(f, _)| f == field);
        self.files = kept;
        taken.into_iter().map(|(_, f)| f).collect()
    }

    /// The first file sent in `field`.
    pub fn take_file(&mut self, field: &str) -> Option<File> {
        self.take_files(field).into_iter().next()
    }
}

/// Reads a multipart form: the CSRF token first (refused otherwise, before
/// anything else is read), then the text fields and the files of the
/// `file_fields`. A file part without a chosen file (an empty name, as
/// browsers send it) is left out; a file larger than the route's body limit
/// (`limit_mb`) is refused with its name.
pub async fn read(
    v: &Viewer,
    mut form: Multipart,
    file_fields: &[&str],
    limit_mb: usize,
) -> AppResult<Parts> {
    let mut parts = Parts::default();
    let mut checked = false;
    while let Some(f) = form
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("Biểu mẫu không đọc được: {e}")))?
    {
        let name = f.name().unwrap_or("").to_owned();
        if !checked {
            let sent = if name == "csrf" {
                f.text().await.unwrap_or_default()
            } else {
                String::new()
            };
            v.check_csrf(&sent)?;
            checked = true;
            continue;
        }
        if file_fields.contains(&name.as_str()) {
            let file_name = f.file_name().map(str::to_owned);
            let shown = file_name.clone().unwrap_or_else(|| "tải lên".to_owned());
            let bytes = f.bytes().await.map_err(|_| {
                AppError::TooLarge(format!("Tệp {shown} lớn hơn giới hạn {limit_mb} MB."))
            })?;
            if file_name.as_deref() == Some("") && bytes.is_empty() {
                continue;
            }
            parts.files.push((
                name,
                File {
                    name: shown,
                    bytes: bytes.to_vec(),
                },
            ));
        } else {
            let text = f.text().await.unwrap_or_default();
            parts.fields.push((name, text));
        }
    }
    if !checked {
        v.check_csrf("")?;
    }
    Ok(parts)
}
