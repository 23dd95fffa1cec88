//! The audit log: who changed what, when. Written inside the transaction of
//! the change it records, so the two stand or fall together.

use crate::StoreError;

pub(crate) async fn record(
    tx: &mut sqlx::AnyConnection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(crate::now())
        .bind(actor)
        .bind(action)
        .bind(entity)
        .bind(entity_id)
        .bind(detail)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
