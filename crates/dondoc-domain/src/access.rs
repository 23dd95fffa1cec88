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
    Officer { agency: i64 },
}

/// The agencies a task names.
#[derive(Debug, Clone, Copy)]
pub struct Assignment<'a> {
    pub lead: &'a [i64],
    pub support: &'a [i64],
}

/// Reading: everyone but officers; officers for tasks their agency leads or supports.
pub fn can_read(role: Role, t: Assignment) -> bool {
    match role {
        Role::Admin | Role::Secretariat | Role::Leader => true,
        Role::Officer { agency } => t.lead.contains(&agency) || t.support.contains(&agency),
    }
}

/// Reporting progress, asking for more time, claiming completion: the lead
/// agency's officers, and the secretariat on their behalf.
pub fn can_update(role: Role, t: Assignment) -> bool {
    match role {
        Role::Admin | Role::Secretariat => true,
        Role::Leader => false,
        Role::Officer { agency } => t.lead.contains(&agency),
    }
}

/// Appraising completion, deciding deadline changes, reassigning, ingesting.
pub fn can_decide(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Secretariat)
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
            lead: &[1],
            support: &[2],
        };
        let cases = [
            (Role::Admin, true, true, true),
            (Role::Secretariat, true, true, true),
            (Role::Leader, true, false, false),
            (Role::Officer { agency: 1 }, true, true, false),
            (Role::Officer { agency: 2 }, true, false, false),
            (Role::Officer { agency: 3 }, false, false, false),
        ];
        for (role, read, update, decide) in cases {
            assert_eq!(can_read(role, t), read, "{role:?} read");
            assert_eq!(can_update(role, t), update, "{role:?} update");
            assert_eq!(can_decide(role), decide, "{role:?} decide");
        }
        assert!(can_administer(Role::Admin) && !can_administer(Role::Secretariat));
    }
}
