//! Hướng dẫn: a short help page, the viewer's own role first.

use super::{Nav, render};
use crate::auth::Viewer;
use crate::error::AppResult;
use askama::Template;
use axum::response::{IntoResponse, Response};
use dondoc_domain::access::Role;

#[derive(Template)]
#[template(path = "help.html")]
struct HelpPage {
    nav: Nav,
    /// The viewer's role: "secretariat", "officer", "leader" or "admin".
    mine: &'static str,
}

pub async fn page(v: Viewer) -> AppResult<Response> {
    let mine = match v.role() {
        Role::Admin => "admin",
        Role::Secretariat => "secretariat",
        Role::Leader => "leader",
        Role::Officer { .. } => "officer",
    };
    Ok(render(&HelpPage {
        nav: Nav::new(&v, "help"),
        mine,
    })?
    .into_response())
}
