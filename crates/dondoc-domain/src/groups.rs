//! Group addressees. Directives often give a task to a group — "các sở, ban,
//! ngành", "UBND các xã, phường", "các cơ quan Đảng" — which means each of
//! its members. The group's members are the agencies of the kinds below; the
//! words are the administrative vocabulary, the same in every province.

/// The agency kinds (registry codes) whose agencies belong to the group of
/// this folded name (lowercase, no diacritics); none for a group whose
/// members the kinds cannot tell (e.g. "các đơn vị sự nghiệp").
pub fn member_kinds(folded_group_name: &str) -> &'static [&'static str] {
    let n = folded_group_name.trim();
    if n.contains("so, ban, nganh") || n.contains("so ban nganh") || n.contains("so, nganh") {
        &["department", "central"]
    } else if n.contains("cap xa") || n.contains("xa, phuong") {
        &["commune"]
    } else if n.contains("co quan dang") {
        &["party"]
    } else {
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::member_kinds;

    #[test]
    fn groups_name_their_members_by_kind() {
        assert_eq!(
            member_kinds("cac so, ban, nganh"),
            &["department", "central"]
        );
        assert_eq!(member_kinds("uy ban nhan dan cap xa"), &["commune"]);
        assert_eq!(member_kinds("cac co quan dang"), &["party"]);
        assert!(member_kinds("cac don vi su nghiep").is_empty());
        assert!(
            member_kinds("uy ban nhan dan cap huyen").is_empty(),
            "districts are gone"
        );
    }
}
