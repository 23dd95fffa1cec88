//! Group addressees. Directives often give a task to a group — "các sở, ban,
//! ngành", "UBND các xã, phường", "các cơ quan Đảng" — which means each of
//! its members. The group's members are the agencies of the kinds below; the
//! words are the administrative vocabulary, the same in every province.

use crate::agency::AgencyKind;

/// The agency kinds whose agencies belong to the group of this folded name
/// (lowercase, no diacritics); none for a group whose members the kinds
/// cannot tell (e.g. "các đơn vị sự nghiệp").
pub fn member_kinds(folded_group_name: &str) -> &'static [AgencyKind] {
    let n = folded_group_name.trim();
    if n.contains("so, ban, nganh") || n.contains("so ban nganh") || n.contains("so, nganh") {
        &[AgencyKind::Department, AgencyKind::Central]
    } else if n.contains("cap xa") || n.contains("xa, phuong") {
        &[AgencyKind::Commune]
    } else if n.contains("co quan dang") {
        &[AgencyKind::Party]
    } else {
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::member_kinds;
    use crate::agency::AgencyKind;

    #[test]
    fn groups_name_their_members_by_kind() {
        assert_eq!(
            member_kinds("cac so, ban, nganh"),
            &[AgencyKind::Department, AgencyKind::Central]
        );
        assert_eq!(
            member_kinds("uy ban nhan dan cap xa"),
            &[AgencyKind::Commune]
        );
        assert_eq!(member_kinds("cac co quan dang"), &[AgencyKind::Party]);
        assert!(member_kinds("cac don vi su nghiep").is_empty());
        assert!(
            member_kinds("uy ban nhan dan cap huyen").is_empty(),
            "districts are gone"
        );
    }
}
