//! The HTML pages, one module per page family. Handlers check access, read
//! the store, and fill a template's view model with display-ready strings.

pub mod account;
pub mod admin;
pub mod agencies;
pub mod criteria;
pub mod curate;
pub mod dashboard;
pub mod directives;
pub mod followup;
pub mod help;
pub mod indicators;
pub mod money;
pub mod queue;
pub mod reports;
pub mod scores;
pub mod task;
pub mod tasks;

use crate::auth::Viewer;
use crate::error::AppResult;
use askama::Template;
use axum::response::Html;
use dondoc_domain::access::Role;

/// The top bar: who is logged in and what they may reach.
pub struct Nav {
    pub active: &'static str,
    pub user_name: String,
    pub role_label: String,
    pub csrf: String,
    pub admin: bool,
    /// An officer's agency (their inbox link).
    pub agency_id: Option<i64>,
    /// What waits for the viewer (officer: explanation requests; secretariat: its queue).
    pub waiting: i64,
    /// Whether the viewer has a queue (officers and the secretariat; not leaders).
    pub queue: bool,
    /// What the last action did.
    pub flash: Option<String>,
    /// Periodic reports waiting for the officer's agency (to file or rework).
    pub reports_waiting: i64,
}

impl Nav {
    pub fn new(v: &Viewer, active: &'static str) -> Nav {
        let role_label = match v.role() {
            Role::Admin => "Quản trị".to_owned(),
            Role::Secretariat => "Văn phòng thường trực".to_owned(),
            Role::Leader => "Lãnh đạo".to_owned(),
            Role::Officer { .. } => v.user.agency.clone().unwrap_or_else(|| "Cán bộ".into()),
        };
        Nav {
            active,
            user_name: v.user.display_name.clone(),
            role_label,
            csrf: v.csrf.clone(),
            admin: dondoc_domain::access::can_administer(v.role()),
            agency_id: match v.role() {
                Role::Officer { agency } => Some(agency),
                _ => None,
            },
            waiting: v.waiting,
            queue: dondoc_domain::access::can_decide(v.role())
                || matches!(v.role(), Role::Officer { .. }),
            flash: v.flash.clone(),
            reports_waiting: v.reports_waiting,
        }
    }

    pub fn is(&self, name: &str) -> bool {
        self.active == name
    }
}

/// One line of a record's history (a project's, an indicator's), newest first.
pub struct AuditLine {
    pub date: String,
    pub by: String,
    pub detail: String,
}

/// The audit log of one record, newest first, as its page shows it.
pub async fn audit_lines(
    state: &crate::state::AppState,
    entity: &str,
    id: i64,
) -> AppResult<Vec<AuditLine>> {
    Ok(state
        .store
        .audit(entity, id)
        .await?
        .into_iter()
        .rev()
        .map(|a| AuditLine {
            date: crate::fmt::timestamp(&a.at),
            by: a.actor,
            detail: a.detail,
        })
        .collect())
}

pub fn render(t: &impl Template) -> AppResult<Html<String>> {
    Ok(Html(t.render()?))
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub message: String,
}

impl ErrorPage {
    pub fn html(&self) -> Html<String> {
        Html(self.render().unwrap_or_else(|_| self.message.clone()))
    }
}

/// A form field's value, trimmed ("" when absent). Forms are read as pairs so
/// that repeated fields (several agencies) are kept.
pub fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}

/// A stored file as a download, under a name safe for any browser and file
/// system, never rendered by the browser.
pub fn attachment(name: &str, bytes: Vec<u8>) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A link target for a query string built from pairs (values encoded).
pub fn query(pairs: &[(&str, String)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}

/// `path` when it is a path of this site, fit to redirect to: it starts with
/// one `/`, and has no backslash (browsers read `/\\host` as `//host`) or
/// control character. Anything else could send the user off-site.
pub fn local_path(path: &str) -> Option<&str> {
    let mut chars = path.chars();
    let ok = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    ok.then_some(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_paths_of_this_site_are_redirect_targets() {
        for ok in ["/nhiem-vu?status=overdue", "/", "/van-ban/3"] {
            assert_eq!(super::local_path(ok), Some(ok));
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
            "/\tx",
            "",
        ] {
            assert_eq!(super::local_path(bad), None, "{bad:?}");
        }
    }
}
