//! A viewer's access to one task, asked once per request by every handler
//! that touches a task (pages, API, evidence, explanations). The rule is the
//! domain's (`dondoc_domain::access`); this module only gathers its facts:
//! the task's assignment, the officer's groups, whether the task is tracked.

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use dondoc_domain::access::{self, Assignment, Reach, Role};

/// What the viewer may do with a task it may read.
pub struct TaskAccess {
    pub lead: Vec<i64>,
    pub support: Vec<i64>,
    /// The officer's agency's reach over the task (empty for other roles).
    pub reach: Reach,
    role: Role,
}

const ONLY_LEAD: &str =
    "Chỉ cơ quan chủ trì (hoặc Văn phòng thường trực) được cập nhật nhiệm vụ này.";

impl TaskAccess {
    /// Deadline requests and completion claims (`access::can_update`).
    pub fn can_update(&self) -> bool {
        access::can_update(self.role, self.reach)
    }

    /// Progress reports (`access::can_report`).
    pub fn can_report(&self) -> bool {
        access::can_report(self.role, self.reach)
    }

    /// The agency a deadline request or completion claim is made for.
    pub fn updater(&self) -> AppResult<i64> {
        if !self.can_update() {
            return Err(AppError::Forbidden(ONLY_LEAD.into()));
        }
        self.acting_agency()
    }

    /// The agency a progress report is made for: the officer's own (a lead,
    /// or a member of a lead group reporting its part), or for the
    /// secretariat the task's first lead.
    pub fn reporter(&self) -> AppResult<i64> {
        if !self.can_report() {
            return Err(AppError::Forbidden(ONLY_LEAD.into()));
        }
        self.acting_agency()
    }

    fn acting_agency(&self) -> AppResult<i64> {
        match self.role {
            Role::Officer { agency } => Ok(agency),
            _ => self
                .lead
                .first()
                .copied()
                .ok_or_else(|| AppError::Conflict("Nhiệm vụ chưa có cơ quan chủ trì.".into())),
        }
    }
}

/// The viewer's access to task `id`, or a refusal. A task still in review is
/// the secretariat's: officers meet it once its directive is confirmed.
pub async fn readable(state: &AppState, v: &Viewer, id: i64) -> AppResult<TaskAccess> {
    let (lead, support) = state.store.task_assignment(id).await?;
    let mut reach = Reach::default();
    if let Role::Officer { agency } = v.role() {
        if !state.store.task_directive(id).await?.1 {
            return Err(AppError::NotFound(format!("Không tìm thấy nhiệm vụ {id}")));
        }
        let groups = state.store.groups_of(agency).await?;
        reach = Reach::of(
            agency,
            &groups,
            Assignment {
                lead: &lead,
                support: &support,
            },
        );
    }
    if access::can_read(v.role(), reach) {
        Ok(TaskAccess {
            lead,
            support,
            reach,
            role: v.role(),
        })
    } else {
        Err(AppError::forbidden())
    }
}
