//! Areas of work (lĩnh vực), tagged from a task's words so that leaders can
//! follow, say, every data task across directives. A task may have several.

/// An area of the Resolution 57 programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    /// Dữ liệu: databases, shared data catalogues, data sharing.
    Data,
    /// Hạ tầng số: networks, 5G, data centres, cloud.
    Infrastructure,
    /// Chính quyền số: online public services, administrative procedures, IOC.
    DigitalGovernment,
    /// Khoa học, công nghệ, đổi mới sáng tạo.
    ScienceInnovation,
    /// Nhân lực: staff, training, experts, talent.
    People,
    /// Tài chính: budget, funds, disbursement.
    Finance,
    /// An toàn thông tin.
    Security,
    /// Kinh tế số, xã hội số.
    DigitalEconomy,
    /// Thể chế: resolutions, regulations, policies, plans.
    Institutions,
}

/// Folded keywords of each area (matched as whole words in folded text).
const KEYWORDS: &[(Area, &[&str])] = &[
    (
        Area::Data,
        &["du lieu", "co so du lieu", "big data", "so hoa"],
    ),
    (
        Area::Infrastructure,
        &[
            "ha tang",
            "5g",
            "trung tam du lieu",
            "dien toan dam may",
            "mang truyen so lieu",
            "vung lom",
        ],
    ),
    (
        Area::DigitalGovernment,
        &[
            "dich vu cong",
            "thu tuc hanh chinh",
            "ioc",
            "chinh quyen so",
            "mot cua",
            "phan anh, kien nghi",
            "cong thong tin",
        ],
    ),
    (
        Area::ScienceInnovation,
        &[
            "khoa hoc",
            "doi moi sang tao",
            "khcn",
            "dmst",
            "khoi nghiep",
            "nghien cuu",
            "so huu tri tue",
        ],
    ),
    (
        Area::People,
        &[
            "nhan luc",
            "dao tao",
            "boi duong",
            "chuyen gia",
            "nhan tai",
            "can bo",
            "cong chuc",
            "ky nang so",
        ],
    ),
    (
        Area::Finance,
        &[
            "kinh phi",
            "ngan sach",
            "giai ngan",
            "von ",
            "quy ",
            "tai chinh",
            "dau tu cong",
        ],
    ),
    (
        Area::Security,
        &["an toan thong tin", "an ninh mang", "bao mat"],
    ),
    (
        Area::DigitalEconomy,
        &[
            "kinh te so",
            "xa hoi so",
            "thuong mai dien tu",
            "doanh nghiep so",
            "cong dan so",
        ],
    ),
    (
        Area::Institutions,
        &[
            "nghi quyet",
            "quy che",
            "quy dinh",
            "chinh sach",
            "co che",
            "de an",
            "chuong trinh",
            "ke hoach",
        ],
    ),
];

impl Area {
    /// Every area.
    pub const ALL: [Area; 9] = [
        Area::Data,
        Area::Infrastructure,
        Area::DigitalGovernment,
        Area::ScienceInnovation,
        Area::People,
        Area::Finance,
        Area::Security,
        Area::DigitalEconomy,
        Area::Institutions,
    ];

    /// The stored and URL code.
    pub fn code(self) -> &'static str {
        match self {
            Area::Data => "data",
            Area::Infrastructure => "infrastructure",
            Area::DigitalGovernment => "digital-government",
            Area::ScienceInnovation => "science-innovation",
            Area::People => "people",
            Area::Finance => "finance",
            Area::Security => "security",
            Area::DigitalEconomy => "digital-economy",
            Area::Institutions => "institutions",
        }
    }

    /// The area of a code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<Area> {
        KEYWORDS.iter().map(|(a, _)| *a).find(|a| a.code() == code)
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Area::Data => "Dữ liệu",
            Area::Infrastructure => "Hạ tầng số",
            Area::DigitalGovernment => "Chính quyền số",
            Area::ScienceInnovation => "Khoa học, công nghệ, ĐMST",
            Area::People => "Nhân lực",
            Area::Finance => "Tài chính",
            Area::Security => "An toàn thông tin",
            Area::DigitalEconomy => "Kinh tế số, xã hội số",
            Area::Institutions => "Thể chế, chính sách",
        }
    }
}

/// The areas a task's text belongs to, given its folded form (lowercase,
/// no diacritics: `dondoc_extract::text::fold`), in a stable order.
pub fn tag(folded: &str) -> Vec<Area> {
    let padded = format!(
        " {} ",
        folded.replace(|c: char| !c.is_alphanumeric() && c != ',', " ")
    );
    let mut out: Vec<Area> = KEYWORDS
        .iter()
        .filter(|(_, words)| {
            words.iter().any(|w| {
                padded.contains(&format!(" {} ", w.trim())) || padded.contains(&format!(" {w}"))
            })
        })
        .map(|(a, _)| *a)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_from_words() {
        use Area::*;
        let cases: &[(&str, &[Area])] = &[
            (
                "khan truong ban hanh danh muc du lieu dung chung toan tinh",
                &[Data],
            ),
            (
                "trien khai phan mem theo doi giai ngan du an dau tu cong",
                &[Finance],
            ),
            (
                "chiu trach nhiem ve viec van hanh ioc",
                &[DigitalGovernment],
            ),
            (
                "xay dung ho so du thao nghi quyet chinh sach thu hut nhan luc chat luong cao",
                &[People, Institutions],
            ),
            ("trang bi he thong giam sat an toan thong tin", &[Security]),
            (
                "hoan thien ha tang 5g tai cac khu kinh te",
                &[Infrastructure],
            ),
            ("tham gia hoi nghi", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(tag(text), *want, "{text}");
        }
        assert_eq!(
            Area::from_code("digital-government"),
            Some(Area::DigitalGovernment)
        );
    }
}
