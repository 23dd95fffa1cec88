pub mod bench;
pub mod extract;
pub mod followup;
pub mod scale;
pub mod tracking;
pub mod web;

/// `text` cut to at most `max` characters at a word boundary, with "…"
/// where it was cut (table cells).
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(1);
    let cut: String = text.chars().take(keep).collect();
    let ends_a_word = text.chars().nth(keep).is_none_or(char::is_whitespace);
    let at = if ends_a_word {
        cut.len()
    } else {
        cut.rfind(' ')
            .filter(|i| *i > cut.len() / 2)
            .unwrap_or(cut.len())
    };
    format!("{}…", cut[..at].trim_end())
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_are_cut_between_words_with_an_ellipsis() {
        assert_eq!(super::shorten("ngắn", 10), "ngắn");
        assert_eq!(
            super::shorten("Sở Khoa học và Công nghệ chủ trì", 20),
            "Sở Khoa học và Công…"
        );
        assert!(super::shorten(&"ạ".repeat(50), 10).ends_with('…'));
    }
}
