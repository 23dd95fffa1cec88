//! The agency registry in the database: imported from the registry file.

use crate::{Store, StoreError};
use dondoc_extract::Registry;
use dondoc_extract::text::fold;

impl Store {
    /// Imports (adds or updates, by name) every agency of `reg`, in one
    /// transaction. Returns how many agencies the registry holds.
    pub async fn import_registry(&self, reg: &Registry, actor: &str) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        for a in reg.agencies() {
            sqlx::query(
                "INSERT INTO agencies (name, kind, aliases, codes, search_key) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, aliases = excluded.aliases, codes = excluded.codes",
            )
            .bind(&a.name)
            .bind(a.kind.code())
            .bind(a.aliases.join("|"))
            .bind(a.codes.join("|"))
            .bind(fold(&a.name))
            .execute(&mut *tx)
            .await?;
        }
        for a in reg.agencies() {
            if let Some(parent) = &a.parent {
                sqlx::query("UPDATE agencies SET parent_id = (SELECT id FROM agencies WHERE name = $1) WHERE name = $2")
                    .bind(parent)
                    .bind(&a.name)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        refresh_groups(&mut tx).await?;
        crate::audit::record(
            &mut tx,
            actor,
            "registry.import",
            "agency",
            None,
            &format!("{} cơ quan", reg.agencies().len()),
        )
        .await?;
        tx.commit().await?;
        Ok(reg.agencies().len())
    }
}

/// An agency as the extractor's registry needs it: name, kind code, parent
/// name, aliases and codes.
pub type RegistryRow = (String, String, Option<String>, Vec<String>, Vec<String>);

impl Store {
    /// Every agency with its aliases and codes, in the order they were added
    /// (the extractor gives a shared name to the first agency that claims it).
    pub async fn registry_rows(&self) -> Result<Vec<RegistryRow>, StoreError> {
        let rows: Vec<(String, String, Option<String>, String, String)> = sqlx::query_as(
            "SELECT a.name, a.kind, p.name, a.aliases, a.codes FROM agencies a \
             LEFT JOIN agencies p ON p.id = a.parent_id ORDER BY a.id",
        )
        .fetch_all(self.pool())
        .await?;
        let split = |s: String| -> Vec<String> {
            s.split('|')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_owned)
                .collect()
        };
        Ok(rows
            .into_iter()
            .map(|(name, kind, parent, aliases, codes)| {
                (name, kind, parent, split(aliases), split(codes))
            })
            .collect())
    }

    /// Adds one agency (administration page); the name must be new.
    pub async fn add_agency(
        &self,
        name: &str,
        kind: &str,
        parent: Option<i64>,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let name = name.trim();
        if name.chars().count() < 3 {
            return Err(StoreError::invalid("name", "the agency name is too short"));
        }
        let kind = if kind.trim().is_empty() {
            "other"
        } else {
            kind.trim()
        };
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM agencies WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!("the agency {name} exists")));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agencies (name, kind, parent_id, aliases, codes, search_key) VALUES ($1, $2, $3, '', '', $4) RETURNING id",
        )
        .bind(name)
        .bind(kind)
        .bind(parent)
        .bind(fold(name))
        .fetch_one(&mut *tx)
        .await?;
        refresh_groups(&mut tx).await?;
        crate::audit::record(&mut tx, actor, "agency.add", "agency", Some(id), name).await?;
        tx.commit().await?;
        Ok(id)
    }
}

impl Store {
    /// Fills the group memberships of a database created before they existed.
    pub(crate) async fn ensure_groups(&self) -> Result<(), StoreError> {
        let (members, groups): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM agency_groups), (SELECT COUNT(*) FROM agencies WHERE kind = 'group')",
        )
        .fetch_one(self.pool())
        .await?;
        if members == 0 && groups > 0 {
            let mut tx = self.begin_write().await?;
            refresh_groups(&mut tx).await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

/// Rebuilds the members of every group agency from the agencies' kinds.
pub(crate) async fn refresh_groups(tx: &mut sqlx::AnyConnection) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM agency_groups")
        .execute(&mut *tx)
        .await?;
    let groups: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, search_key FROM agencies WHERE kind = 'group'")
            .fetch_all(&mut *tx)
            .await?;
    for (group, key) in groups {
        for kind in dondoc_domain::groups::member_kinds(&key) {
            sqlx::query(
                "INSERT INTO agency_groups (group_id, member_id) SELECT $1, id FROM agencies WHERE kind = $2 ON CONFLICT DO NOTHING",
            )
            .bind(group)
            .bind(kind.code())
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}

/// The id of the agency named `name`, adding it (kind `other`) when the
/// registry does not know it: an extracted lead must be trackable.
pub(crate) async fn agency_id(tx: &mut sqlx::AnyConnection, name: &str) -> Result<i64, StoreError> {
    if let Some(id) = sqlx::query_scalar::<_, i64>("SELECT id FROM agencies WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?
    {
        return Ok(id);
    }
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO agencies (name, kind, aliases, codes, search_key) VALUES ($1, 'other', '', '', $2) RETURNING id",
    )
    .bind(name)
    .bind(fold(name))
    .fetch_one(&mut *tx)
    .await?;
    Ok(id)
}
