//! How values read on a Vietnamese page: dates dd/mm/yyyy, statuses with
//! their colour, numbers with a dot between thousands.

use chrono::NaiveDate;
use dondoc_domain::status::{Colour, Status};

pub fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|| "—".into())
}

/// A stored timestamp (RFC 3339, UTC) as the province's local time.
pub fn timestamp(s: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| {
            dondoc_domain::status::province_time(t.with_timezone(&chrono::Utc))
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| s.to_owned())
}

/// `1234567` → `1.234.567`.
pub fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

pub fn percent(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// The CSS class of a status badge.
pub fn colour_class(s: Status, has_due: bool) -> &'static str {
    match s.colour(has_due) {
        Colour::Green => "green",
        Colour::Orange => "orange",
        Colour::Red => "red",
        Colour::Grey => "grey",
    }
}

/// Parses a dd/mm/yyyy or yyyy-mm-dd date typed into a form.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// A task's text without the list marker it had in the directive ("- ", "+ ").
pub fn without_marker(text: &str) -> &str {
    let t = text.trim_start();
    for m in ["- ", "+ ", "* ", "• ", "– "] {
        if let Some(rest) = t.strip_prefix(m) {
            return rest.trim_start();
        }
    }
    t
}

/// Text shortened to about `max` characters at a word boundary.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

/// The audit action codes whose Vietnamese label contains `words` (with or
/// without diacritics): "gia hạn" finds the deadline requests and decisions.
pub fn audit_actions_named(words: &str) -> Vec<&'static str> {
    let key = dondoc_extract::text::fold(words.trim());
    if key.is_empty() {
        return Vec::new();
    }
    AUDIT_ACTIONS
        .iter()
        .copied()
        .filter(|code| dondoc_extract::text::fold(&audit_action(code)).contains(&key))
        .collect()
}

const AUDIT_ACTIONS: &[&str] = &[
    "session.login",
    "user.create",
    "user.update",
    "user.password",
    "token.create",
    "token.revoke",
    "feed.create",
    "feed.revoke",
    "agency.add",
    "agency.channel",
    "registry.import",
    "directive.ingest",
    "directive.confirm",
    "task.update",
    "task.edit",
    "task.drop",
    "task.link.accept",
    "task.link.reject",
    "task.extension.request",
    "task.extension.approved",
    "task.extension.rejected",
    "task.complete.claim",
    "task.complete.accepted",
    "task.complete.sent_back",
    "task.explanation.request",
    "task.explanation.answer",
    "task.explanation.reviewed",
    "outbox.retry",
    "agency.alias",
    "directive.delete",
    "task.add",
    "task.split",
    "task.join",
    "round.open",
    "round.close",
    "round.summary",
    "report.save",
    "report.submit",
    "report.accept",
    "report.return",
    "criteria.add",
    "score.fix",
    "project.import",
    "project.actual",
    "project.link",
    "project.unlink",
    "money.import",
    "budget.set",
    "indicator.create",
    "indicator.target",
    "indicator.value",
    "indicator.explanation.request",
    "indicator.explanation.answer",
    "indicator.explanation.reviewed",
];

/// An audit action's code ("task.extension.approved") in Vietnamese.
pub fn audit_action(code: &str) -> String {
    let label = match code {
        "session.login" => "Đăng nhập",
        "user.create" => "Tạo người dùng",
        "user.update" => "Cập nhật người dùng",
        "user.password" => "Đặt lại mật khẩu",
        "token.create" => "Tạo mã truy cập API",
        "token.revoke" => "Thu hồi mã truy cập API",
        "feed.create" => "Tạo địa chỉ lịch",
        "feed.revoke" => "Thu hồi địa chỉ lịch",
        "agency.add" => "Thêm cơ quan",
        "agency.channel" => "Thêm nơi nhận thư nhắc",
        "registry.import" => "Nhập danh mục cơ quan",
        "directive.ingest" => "Tải lên văn bản",
        "directive.confirm" => "Xác nhận văn bản",
        "task.update" => "Báo cáo tiến độ",
        "task.edit" => "Sửa nhiệm vụ",
        "task.drop" => "Bỏ nhiệm vụ khỏi bản nháp",
        "task.link.accept" => "Gộp với nhiệm vụ đã có",
        "task.link.reject" => "Giữ là nhiệm vụ mới",
        "task.extension.request" => "Đề nghị gia hạn",
        "task.extension.approved" => "Chấp thuận gia hạn",
        "task.extension.rejected" => "Không chấp thuận gia hạn",
        "task.complete.claim" => "Báo cáo hoàn thành",
        "task.complete.accepted" => "Công nhận hoàn thành",
        "task.complete.sent_back" => "Trả lại báo cáo hoàn thành",
        "task.explanation.request" => "Yêu cầu giải trình",
        "task.explanation.answer" => "Trả lời giải trình",
        "task.explanation.reviewed" => "Đã xem giải trình",
        "outbox.retry" => "Gửi lại thư nhắc",
        "agency.alias" => "Ghi nhận tên gọi khác của cơ quan",
        "directive.delete" => "Xóa văn bản tải lên nhầm",
        "task.add" => "Thêm nhiệm vụ từ văn bản",
        "task.split" => "Tách nhiệm vụ",
        "task.join" => "Gộp nhiệm vụ",
        "round.open" => "Mở đợt báo cáo",
        "round.close" => "Kết thúc đợt báo cáo",
        "round.summary" => "Lưu báo cáo tổng hợp",
        "report.save" => "Lưu nháp báo cáo định kỳ",
        "report.submit" => "Gửi báo cáo định kỳ",
        "report.accept" => "Tiếp nhận báo cáo định kỳ",
        "report.return" => "Trả lại báo cáo định kỳ",
        "criteria.add" => "Cập nhật bộ tiêu chí",
        "score.fix" => "Chốt kết quả xếp hạng",
        "project.import" => "Nhập dự án từ tệp",
        "project.actual" => "Cập nhật giải ngân",
        "project.link" => "Gắn dự án với nhiệm vụ",
        "project.unlink" => "Bỏ gắn dự án với nhiệm vụ",
        "money.import" => "Nhập số liệu giải ngân",
        "budget.set" => "Đặt chi ngân sách khoa học và công nghệ",
        "indicator.create" => "Tạo chỉ tiêu",
        "indicator.target" => "Đặt chỉ tiêu kỳ",
        "indicator.value" => "Cập nhật số liệu chỉ tiêu",
        "indicator.explanation.request" => "Yêu cầu giải trình về chỉ tiêu",
        "indicator.explanation.answer" => "Trả lời giải trình về chỉ tiêu",
        "indicator.explanation.reviewed" => "Đã xem giải trình về chỉ tiêu",
        other => return other.to_owned(),
    };
    label.to_owned()
}

/// What an audit entry was about, in Vietnamese ("nhiệm vụ số 12").
pub fn audit_entity(entity: &str, id: Option<i64>) -> String {
    let name = match entity {
        "task" => "nhiệm vụ",
        "directive" => "văn bản",
        "user" => "người dùng",
        "agency" => "cơ quan",
        "outbox" => "thư nhắc",
        "feed" => "lịch",
        "registry" => "danh mục cơ quan",
        "report" => "báo cáo định kỳ",
        "round" => "đợt báo cáo",
        "criteria" => "bộ tiêu chí",
        "score" => "kết quả xếp hạng",
        "project" => "dự án",
        "money_import" => "tệp số liệu giải ngân",
        "budget_year" => "ngân sách năm",
        "indicator" => "chỉ tiêu",
        other => other,
    };
    match id {
        Some(i) => format!("{name} số {i}"),
        None => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every audit action the store writes (a literal "x.y" after
    /// `audit::record(`, or the codes formatted from a verdict) reads in
    /// Vietnamese in the log, and every entity has a name.
    fn literal(s: &str) -> Option<&str> {
        s.strip_prefix('"').and_then(|a| a.strip_suffix('"'))
    }

    #[test]
    fn every_audit_action_has_a_vietnamese_label() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dondoc-store/src");
        let mut missing = Vec::new();
        let files: Vec<_> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(files.len() > 10, "the store's sources at {}", dir.display());
        for path in files {
            let src = std::fs::read_to_string(&path).unwrap_or_default();
            for call in src.split("audit::record(").skip(1) {
                let args: Vec<&str> = call.splitn(6, ',').collect();
                let (action, entity) = (args[2].trim(), args[3].trim());
                if let Some(code) = literal(action)
                    && audit_action(code) == code
                {
                    missing.push(format!("{}: {code}", path.display()));
                }
                if let Some(e) = literal(entity)
                    && audit_entity(e, None) == e
                {
                    missing.push(format!("{}: entity {e}", path.display()));
                }
            }
        }
        for code in [
            "task.extension.approved",
            "task.extension.rejected",
            "task.complete.accepted",
            "task.complete.sent_back",
            "report.accept",
            "report.return",
            "task.explanation.request",
            "task.explanation.answer",
            "task.explanation.reviewed",
            "indicator.explanation.request",
            "indicator.explanation.answer",
            "indicator.explanation.reviewed",
        ] {
            if audit_action(code) == code {
                missing.push(code.to_owned());
            }
        }
        assert!(missing.is_empty(), "no Vietnamese label: {missing:?}");
    }

    #[test]
    fn vietnamese_formats() {
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 1, 30)), "30/01/2026");
        assert_eq!(number(1_234_567), "1.234.567");
        assert_eq!(number(999), "999");
        assert_eq!(percent(Some(0.625)), "62%");
        assert_eq!(
            parse_date("05/02/2026"),
            NaiveDate::from_ymd_opt(2026, 2, 5)
        );
        assert_eq!(
            parse_date("2026-02-05"),
            NaiveDate::from_ymd_opt(2026, 2, 5)
        );
        assert_eq!(parse_date("32/01/2026"), None);
        assert_eq!(shorten("một hai ba bốn", 9), "một hai…");
        assert_eq!(without_marker("- Giao Sở Tài chính"), "Giao Sở Tài chính");
        assert_eq!(without_marker("1. Giao"), "1. Giao");
        assert_eq!(timestamp("2026-11-25T20:00:00Z"), "26/11/2026 03:00");
    }
}
