//! What happened, said on the next page: an action redirects with a short
//! message in a cookie (`dondoc_flash`), the next page shows it in the top
//! bar and the cookie is cleared. The message is text the server wrote; it
//! is shown escaped like any other text.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

/// The cookie's name.
pub const COOKIE: &str = "dondoc_flash";
/// The longest message kept.
const MAX_CHARS: usize = 300;

/// A redirect to `to` that shows `message` there.
pub fn redirect(to: &str, message: &str) -> Response {
    let short: String = message.chars().take(MAX_CHARS).collect();
    let value = format!(
        "{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age=120",
        encode(&short)
    );
    let mut res = Redirect::to(to).into_response();
    if let Ok(v) = HeaderValue::from_str(&value) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// The message a request carries, if any.
pub fn read(headers: &HeaderMap) -> Option<String> {
    crate::auth::session::cookie_value(headers, COOKIE)
        .and_then(|v| decode(&v))
        .filter(|m| !m.is_empty())
        .map(|m| m.chars().take(MAX_CHARS).collect())
}

/// Clears the cookie once a page has shown the message.
pub fn clear(res: &mut Response) {
    let sets_new = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with(COOKIE)));
    if !sets_new {
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static("dondoc_flash=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
        );
    }
}

/// Percent-encodes UTF-8 for a cookie value.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn messages_round_trip_through_the_cookie() {
        let m = "Đã gửi báo cáo tiến độ (80%).";
        assert_eq!(super::decode(&super::encode(m)).as_deref(), Some(m));
        assert_eq!(super::decode("%E1%BB"), None, "broken UTF-8 is dropped");
        assert_eq!(super::decode("%zz"), None);
    }
}
