//! Who may read and change a task. Checked by the server on every request;
//! the rules live here so that every entry point asks the same question.

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Manages users and the agency registry; may do everything.
    Admin,
    /// The committee's secretariat: ingests, reviews, appraises, follows up.
    Secretariat,
    /// Reads everything, changes nothing.
    Leader,
    /// An officer of one agency or commune.
    Officer {
        /// The officer's agency.
        agency: i64,
    },
}

impl Role {
    /// The Vietnamese name of the role.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị",
            Role::Secretariat => "Văn phòng thường trực",
            Role::Leader => "Lãnh đạo",
            Role::Officer { .. } => "Cán bộ cơ quan",
        }
    }
}

/// The agencies a task names.
#[derive(Debug, Clone, Copy)]
pub struct Assignment<'a> {
    /// Lead agencies (chủ trì), groups among them.
    pub lead: &'a [i64],
    /// Supporting agencies (phối hợp), groups among them.
    pub support: &'a [i64],
}

/// How one agency stands to a task: its reach. A task given to a group
/// ("các sở, ban, ngành", "UBND cấp xã") reaches every member of the group.
/// This is the one definition of "an agency's tasks": the task page, the
/// lists and exports, the API, the calendar, the inbox, the dashboard and
/// the reminders all ask it (the store holds the same rule in SQL, see
/// `Part::roles` and the store's `reach_sql`, tested equal).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reach {
    /// The agency itself leads the task.
    pub lead: bool,
    /// The agency itself supports it.
    pub support: bool,
    /// A group the agency belongs to leads it.
    pub lead_group: bool,
    /// A group the agency belongs to supports it.
    pub support_group: bool,
}

impl Reach {
    /// The reach of `agency`, a member of `groups`, over a task.
    pub fn of(agency: i64, groups: &[i64], t: Assignment) -> Reach {
        let in_group = |ids: &[i64]| ids.iter().any(|g| groups.contains(g));
        Reach {
            lead: t.lead.contains(&agency),
            support: t.support.contains(&agency),
            lead_group: in_group(t.lead),
            support_group: in_group(t.support),
        }
    }

    /// The task is among the agency's tasks at all.
    pub fn any(self) -> bool {
        self.lead || self.support || self.lead_group || self.support_group
    }

    /// Which part of the agency's tasks it falls in; `None` outside them.
    pub fn part(self) -> Option<Part> {
        if self.lead || self.lead_group {
            Some(Part::Answers)
        } else if self.support || self.support_group {
            Some(Part::Supports)
        } else {
            None
        }
    }
}

/// A part of an agency's tasks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Part {
    /// Every task the agency reaches.
    #[default]
    All,
    /// Tasks it answers for: it leads them, or a group of it does. These
    /// are reminded, counted against it on the dashboard, and reported on.
    Answers,
    /// Tasks it supports (itself or through a group), and does not lead.
    Supports,
}

impl Part {
    /// The stored role codes of assignments that fall in this part.
    pub fn roles(self) -> &'static [&'static str] {
        match self {
            Part::All => &["lead", "support"],
            Part::Answers => &["lead"],
            Part::Supports => &["support"],
        }
    }

    /// The code in URLs (`part=`).
    pub fn code(self) -> &'static str {
        match self {
            Part::All => "all",
            Part::Answers => "lead",
            Part::Supports => "support",
        }
    }

    /// The part of a URL code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<Part> {
        [Part::All, Part::Answers, Part::Supports]
            .into_iter()
            .find(|p| p.code() == code)
    }

    /// Whether a task reached this way falls in the part.
    pub fn holds(self, r: Reach) -> bool {
        match self {
            Part::All => r.any(),
            Part::Answers => r.lead || r.lead_group,
            Part::Supports => (r.support || r.support_group) && !(r.lead || r.lead_group),
        }
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Part::All => "Tất cả",
            Part::Answers => "Chủ trì",
            Part::Supports => "Phối hợp",
        }
    }
}

/// Reading: everyone but officers; officers for the tasks their agency reaches.
pub fn can_read(role: Role, r: Reach) -> bool {
    match role {
        Role::Admin | Role::Secretariat | Role::Leader => true,
        Role::Officer { .. } => r.any(),
    }
}

/// Reporting progress: the officers of an agency that answers for the task
/// (the lead, or a member of a lead group reporting its part), and the
/// secretariat on their behalf.
pub fn can_report(role: Role, r: Reach) -> bool {
    match role {
        Role::Admin | Role::Secretariat => true,
        Role::Leader => false,
        Role::Officer { .. } => r.lead || r.lead_group,
    }
}

/// Asking for more time and claiming completion: the lead agency's own
/// officers (for a group's task, the secretariat decides completion), and
/// the secretariat on their behalf.
pub fn can_update(role: Role, r: Reach) -> bool {
    match role {
        Role::Admin | Role::Secretariat => true,
        Role::Leader => false,
        Role::Officer { .. } => r.lead,
    }
}

/// Appraising completion, deciding deadline changes, reassigning, ingesting.
pub fn can_decide(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Secretariat)
}

/// Reading a record one agency owns (a project, an indicator): everyone but
/// officers; officers for their own agency's.
pub fn can_read_owned(role: Role, owner: i64) -> bool {
    match role {
        Role::Admin | Role::Secretariat | Role::Leader => true,
        Role::Officer { agency } => agency == owner,
    }
}

/// Entering figures for a record one agency owns (a month's disbursement,
/// an indicator's value): its own officers, and the secretariat.
pub fn can_enter_owned(role: Role, owner: i64) -> bool {
    match role {
        Role::Admin | Role::Secretariat => true,
        Role::Leader => false,
        Role::Officer { agency } => agency == owner,
    }
}

/// Users and the agency registry.
pub fn can_administer(role: Role) -> bool {
    role == Role::Admin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_table() {
        let t = Assignment {
            lead: &[1, 10],
            support: &[2, 20],
        };
        // Agency 3 belongs to group 10 (a lead group), agency 4 to group 20.
        let reach = |agency: i64| match agency {
            3 => Reach::of(3, &[10], t),
            4 => Reach::of(4, &[20], t),
            a => Reach::of(a, &[], t),
        };
        let officer = |a: i64| (Role::Officer { agency: a }, reach(a));
        let none = Reach::default();
        let cases = [
            ((Role::Admin, none), true, true, true, true),
            ((Role::Secretariat, none), true, true, true, true),
            ((Role::Leader, none), true, false, false, false),
            (officer(1), true, true, true, false),
            (officer(2), true, false, false, false),
            (officer(3), true, true, false, false),
            (officer(4), true, false, false, false),
            (officer(5), false, false, false, false),
        ];
        for ((role, r), read, report, update, decide) in cases {
            assert_eq!(can_read(role, r), read, "{role:?} read");
            assert_eq!(can_report(role, r), report, "{role:?} report");
            assert_eq!(can_update(role, r), update, "{role:?} update");
            assert_eq!(can_decide(role), decide, "{role:?} decide");
        }
        assert!(can_administer(Role::Admin) && !can_administer(Role::Secretariat));
        // Records an agency owns: its officers and the secretariat enter
        // figures; leaders read; other officers neither.
        let owned = [
            (Role::Admin, true, true),
            (Role::Secretariat, true, true),
            (Role::Leader, true, false),
            (Role::Officer { agency: 7 }, true, true),
            (Role::Officer { agency: 8 }, false, false),
        ];
        for (role, read, enter) in owned {
            assert_eq!(can_read_owned(role, 7), read, "{role:?} read owned");
            assert_eq!(can_enter_owned(role, 7), enter, "{role:?} enter owned");
        }
    }

    #[test]
    fn parts_of_an_agency_s_tasks() {
        let t = Assignment {
            lead: &[1, 10],
            support: &[2, 20],
        };
        assert_eq!(Reach::of(1, &[], t).part(), Some(Part::Answers));
        assert_eq!(Reach::of(3, &[10], t).part(), Some(Part::Answers));
        assert_eq!(Reach::of(2, &[], t).part(), Some(Part::Supports));
        assert_eq!(Reach::of(4, &[20], t).part(), Some(Part::Supports));
        assert_eq!(Reach::of(5, &[], t).part(), None);
        // Leading and supporting one task: it is the agency's to answer for.
        let both = Reach::of(1, &[20], t);
        assert!(Part::Answers.holds(both) && !Part::Supports.holds(both) && Part::All.holds(both));
        for p in [Part::All, Part::Answers, Part::Supports] {
            assert_eq!(Part::from_code(p.code()), Some(p));
        }
        assert_eq!(Part::from_code("lead-ish"), None);
    }
}
