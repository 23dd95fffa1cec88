//! Kinds of agency (loại cơ quan): what kind of body an agency is decides
//! which groups it belongs to and with whom it is ranked.

use serde::Serialize;

/// What kind of body an agency is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AgencyKind {
    /// Provincial People's Council / Committee and its office.
    Province,
    /// A provincial specialised department (sở) or equal body.
    Department,
    /// A Party body.
    Party,
    /// A central agency located in the province (police, treasury, ...).
    Central,
    /// A commune-level unit.
    Commune,
    /// A group of agencies ("các sở, ban, ngành", "UBND cấp xã").
    Group,
    /// A whole-system exhortation ("các cấp ủy", "cả hệ thống chính trị"):
    /// names no one who can be held to a deadline.
    Broad,
    /// Mass organisations, press, universities, companies and other bodies.
    Other,
}

impl AgencyKind {
    /// Every kind.
    pub const ALL: [AgencyKind; 8] = [
        AgencyKind::Province,
        AgencyKind::Department,
        AgencyKind::Party,
        AgencyKind::Central,
        AgencyKind::Commune,
        AgencyKind::Group,
        AgencyKind::Broad,
        AgencyKind::Other,
    ];

    /// The code registry files and the database write.
    pub fn code(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Department => "department",
            Self::Party => "party",
            Self::Central => "central",
            Self::Commune => "commune",
            Self::Group => "group",
            Self::Broad => "broad",
            Self::Other => "other",
        }
    }

    /// The kind of a code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<AgencyKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Province => "HĐND, UBND tỉnh và Văn phòng",
            Self::Department => "Sở, ban, ngành tỉnh",
            Self::Party => "Cơ quan Đảng",
            Self::Central => "Cơ quan Trung ương trên địa bàn",
            Self::Commune => "Xã, phường, đặc khu",
            Self::Group => "Nhóm cơ quan",
            Self::Broad => "Cả hệ thống chính trị",
            Self::Other => "Đơn vị khác",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AgencyKind;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for k in AgencyKind::ALL {
            assert_eq!(AgencyKind::from_code(k.code()), Some(k));
        }
        assert_eq!(AgencyKind::from_code("Department"), None);
    }
}
