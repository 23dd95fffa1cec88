//! The agency registry in the database: imported from the registry file.

use crate::{Store, StoreError};
use dondoc_extract::Registry;
use dondoc_extract::text::fold;
use sqlx::{Any, Transaction};

impl Store {
    /// Imports (adds or updates, by name) every agency of `reg`, in one
    /// transaction. Returns how many agencies the registry holds.
    pub async fn import_registry(&self, reg: &Registry, actor: &str) -> Result<usize, StoreError> {
        let mut tx = self.pool().begin().await?;
        for a in reg.agencies() {
            sqlx::query(
                "INSERT INTO agencies (name, kind, aliases, codes, search_key) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, aliases = excluded.aliases, codes = excluded.codes",
            )
            .bind(&a.name)
            .bind(a.kind.as_str())
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
        crate::audit::record(
            &mut tx,
            actor,
            "registry.import",
            "agency",
            None,
            &format!("{} agencies", reg.agencies().len()),
        )
        .await?;
        tx.commit().await?;
        Ok(reg.agencies().len())
    }
}

/// The id of the agency named `name`, adding it (kind `other`) when the
/// registry does not know it: an extracted lead must be trackable.
pub(crate) async fn agency_id(
    tx: &mut Transaction<'_, Any>,
    name: &str,
) -> Result<i64, StoreError> {
    if let Some(id) = sqlx::query_scalar::<_, i64>("SELECT id FROM agencies WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?
    {
        return Ok(id);
    }
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO agencies (name, kind, aliases, codes, search_key) VALUES ($1, 'other', '', '', $2) RETURNING id",
    )
    .bind(name)
    .bind(fold(name))
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}
