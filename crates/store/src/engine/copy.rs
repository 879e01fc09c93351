//! Copying an installation in and out of this engine (`crate::copy`): batches of rows read in
//! key order, and a destination that pulls them from any store inside one transaction.

use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Row};

use super::{Db, DbRow, Engine};
use crate::copy::{Cell, CopyReport, Kind, TABLES, Table, key_of};
use crate::{AuditVerdict, Result, Store, StoreError};

fn cell_from(row: &DbRow, index: usize, kind: Kind) -> Result<Cell> {
    let cell = match kind {
        Kind::Text => row.try_get::<Option<String>, _>(index)?.map(Cell::Text),
        Kind::Int => row.try_get::<Option<i64>, _>(index)?.map(Cell::Int),
        Kind::Real => row.try_get::<Option<f64>, _>(index)?.map(Cell::Real),
        Kind::Bool => row.try_get::<Option<bool>, _>(index)?.map(Cell::Bool),
        Kind::Bytes => row.try_get::<Option<Vec<u8>>, _>(index)?.map(Cell::Bytes),
    };
    Ok(cell.unwrap_or(Cell::Null))
}

/// Binds a cell with its column's type, so that a NULL has the type the column expects.
fn push_cell(row: &mut Separated<'_, '_, Db, &'static str>, cell: &Cell, kind: Kind) {
    match (cell, kind) {
        (Cell::Null, Kind::Text) => row.push_bind(None::<String>),
        (Cell::Null, Kind::Int) => row.push_bind(None::<i64>),
        (Cell::Null, Kind::Real) => row.push_bind(None::<f64>),
        (Cell::Null, Kind::Bool) => row.push_bind(None::<bool>),
        (Cell::Null, Kind::Bytes) => row.push_bind(None::<Vec<u8>>),
        (Cell::Text(text), _) => row.push_bind(text.clone()),
        (Cell::Int(number), _) => row.push_bind(*number),
        (Cell::Real(number), _) => row.push_bind(*number),
        (Cell::Bool(flag), _) => row.push_bind(*flag),
        (Cell::Bytes(bytes), _) => row.push_bind(bytes.clone()),
    };
}

fn table(index: usize) -> Result<&'static Table> {
    TABLES.get(index).ok_or_else(|| StoreError::Missing {
        what: "table",
        id: index.to_string(),
    })
}

/// Up to [`Table::batch`] rows of table `index` after the key `after`, in key order.
pub(super) async fn copy_out(store: &Engine, index: usize, after: Option<&[Cell]>) -> Result<Vec<Vec<Cell>>> {
    let table = table(index)?;
    let columns: Vec<&str> = table.columns.iter().map(|(name, _, _)| *name).collect();
    let mut query: QueryBuilder<Db> = QueryBuilder::new(format!("SELECT {} FROM {}", columns.join(", "), table.name));
    if let Some(after) = after {
        query.push(format!(" WHERE ({}) > (", table.key.join(", ")));
        let mut keys = query.separated(", ");
        for (name, cell) in table.key.iter().zip(after) {
            let kind = table
                .columns
                .iter()
                .find(|(column, _, _)| column == name)
                .map_or(Kind::Text, |(_, kind, _)| *kind);
            push_cell(&mut keys, cell, kind);
        }
        query.push(")");
    }
    query.push(format!(" ORDER BY {} LIMIT {}", table.key.join(", "), table.batch()));
    let rows = query.build().fetch_all(&store.pool).await?;
    rows.iter()
        .map(|row| {
            (table.columns.iter().enumerate())
                .map(|(i, (_, kind, _))| cell_from(row, i, *kind))
                .collect()
        })
        .collect()
}

pub(super) async fn count_rows(store: &Engine, index: usize) -> Result<i64> {
    let table = table(index)?;
    Ok(sqlx::query_scalar(&format!("SELECT count(*) FROM {}", table.name))
        .fetch_one(&store.pool)
        .await?)
}

/// Copies every table of `source` into this store, which must hold no installation yet (its
/// shipped organisations and catalogs are replaced), in one transaction; then checks the
/// counts against the source and the audit chain here.
pub(super) async fn copy_from(store: &Engine, source: &dyn Store) -> Result<CopyReport> {
    let mut tx = store.write().await?;
    for name in ["rounds", "users", "records", "audit", "assignments", "round_reviewers", "record_files", "blobs"] {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {name}"))
            .fetch_one(&mut *tx)
            .await?;
        if rows > 0 {
            return Err(StoreError::DestinationNotEmpty { table: name, rows });
        }
    }
    for name in ["settings", "catalogs", "organizations"] {
        sqlx::query(&format!("DELETE FROM {name}")).execute(&mut *tx).await?;
    }
    for (index, table) in TABLES.iter().enumerate() {
        let mut after: Option<Vec<Cell>> = None;
        loop {
            let rows = source.copy_out(index, after.as_deref()).await?;
            let Some(last) = rows.last() else { break };
            after = Some(key_of(table, last));
            let columns: Vec<&str> = table.columns.iter().map(|(name, _, _)| *name).collect();
            let mut insert: QueryBuilder<Db> =
                QueryBuilder::new(format!("INSERT INTO {} ({}) ", table.name, columns.join(", ")));
            insert.push_values(&rows, |mut row, cells| {
                for (cell, (_, kind, _)) in cells.iter().zip(table.columns) {
                    push_cell(&mut row, cell, *kind);
                }
            });
            insert.build().execute(&mut *tx).await?;
            if rows.len() < table.batch() {
                break;
            }
        }
    }
    super::after_copy(&mut tx).await?;
    tx.commit_unaudited().await?;
    // The catalogs here were replaced by the source's.
    if let Ok(mut known) = store.catalogs_read.write() {
        known.clear();
    }

    let mut tables = Vec::new();
    for (index, table) in TABLES.iter().enumerate() {
        let (here, there) = (count_rows(store, index).await?, source.count_rows(index).await?);
        if here != there {
            return Err(StoreError::CopyDiffers {
                table: table.name,
                in_source: there,
                destination: here,
            });
        }
        tables.push((table.name, here));
    }
    let audit_entries = match store.verify_audit().await? {
        AuditVerdict::Intact { entries } => entries,
        AuditVerdict::Broken { seq, problem } => return Err(StoreError::corrupt("audit entry", seq, problem)),
    };
    Ok(CopyReport { tables, audit_entries })
}
