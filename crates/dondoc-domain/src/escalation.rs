//! The escalation ladder: a task reminded again and again without result is
//! flagged for the leader (gắn cờ báo lãnh đạo).

/// Whether a task reminded `reminders` times is flagged when the ladder
/// flags at `flag_after` reminders; `0` turns flagging off. The store
/// writes the same rule in SQL (`flag_sql`), tested equal.
pub fn flagged(reminders: i64, flag_after: u32) -> bool {
    flag_after > 0 && reminders >= i64::from(flag_after)
}

#[cfg(test)]
mod tests {
    #[test]
    fn zero_never_flags() {
        assert!(!super::flagged(0, 0));
        assert!(!super::flagged(50, 0));
        assert!(!super::flagged(2, 3));
        assert!(super::flagged(3, 3));
        assert!(super::flagged(4, 3));
    }
}
