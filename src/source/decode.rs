//! Turning database rows into raw snapshot rows, one value at a time: a value of the wrong type
//! becomes a [`Defect`] of that row (naming the field), never a failed read.

use std::borrow::Cow;

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, TypeInfo, ValueRef};

use super::tables::Table;
use crate::model::snapshot::{
    Defect, GroupMemberRow, GroupRow, OuRow, Snapshot, UserCustomFieldRow, UserOuRow, UserRow,
};

/// Typed access to the cells of one result row. `Err` is the reason, without the value.
pub(super) trait Cells {
    fn text(&self, column: usize) -> Result<Option<String>, String>;
    fn flag(&self, column: usize) -> Result<Option<bool>, String>;
    /// A value of the wrong type in a key column, rendered so the operator can find its row:
    /// a number as its text, bytes as an SQL hex literal (`x'6531'`, which a `WHERE id = …`
    /// matches as written). The record is still rejected, and removals stay frozen.
    fn key_as_text(&self, column: usize) -> Option<String>;
}

impl Cells for SqliteRow {
    // SQLite types values, not columns: look at each value's own storage class.
    fn text(&self, column: usize) -> Result<Option<String>, String> {
        let raw = self.try_get_raw(column).map_err(|e| e.to_string())?;
        if raw.is_null() {
            return Ok(None);
        }
        let found = raw.type_info().name().to_owned();
        if found != "TEXT" {
            return Err(format!("must be text, found {}", article(&found)));
        }
        self.try_get::<String, _>(column)
            .map(Some)
            .map_err(|_| "is not valid UTF-8 text".to_owned())
    }

    fn flag(&self, column: usize) -> Result<Option<bool>, String> {
        let raw = self.try_get_raw(column).map_err(|e| e.to_string())?;
        if raw.is_null() {
            return Ok(None);
        }
        let found = raw.type_info().name().to_owned();
        if found != "INTEGER" && found != "BOOLEAN" {
            return Err(format!(
                "must be a boolean (0 or 1), found {}",
                article(&found)
            ));
        }
        match self.try_get::<i64, _>(column) {
            Ok(0) => Ok(Some(false)),
            Ok(1) => Ok(Some(true)),
            _ => Err("must be a boolean (0 or 1), found another integer".to_owned()),
        }
    }

    fn key_as_text(&self, column: usize) -> Option<String> {
        self.try_get::<i64, _>(column)
            .map(|n| n.to_string())
            .or_else(|_| self.try_get::<f64, _>(column).map(|n| n.to_string()))
            .or_else(|_| self.try_get::<Vec<u8>, _>(column).map(|b| hex_literal(&b)))
            .ok()
    }
}

impl Cells for PgRow {
    // PostgreSQL types columns; a mistyped column of a custom query rejects every row of it,
    // each naming the field, which is what the operator needs to see.
    fn text(&self, column: usize) -> Result<Option<String>, String> {
        self.try_get::<Option<String>, _>(column).map_err(|_| {
            let found = self
                .try_get_raw(column)
                .map(|v| v.type_info().name().to_owned())
                .unwrap_or_default();
            format!("must be text, found {found}")
        })
    }

    fn flag(&self, column: usize) -> Result<Option<bool>, String> {
        self.try_get::<Option<bool>, _>(column).map_err(|_| {
            let found = self
                .try_get_raw(column)
                .map(|v| v.type_info().name().to_owned())
                .unwrap_or_default();
            format!("must be a boolean, found {found}")
        })
    }

    fn key_as_text(&self, column: usize) -> Option<String> {
        let int = |c| {
            self.try_get::<i64, _>(c)
                .or_else(|_| self.try_get::<i32, _>(c).map(i64::from))
                .or_else(|_| self.try_get::<i16, _>(c).map(i64::from))
        };
        int(column)
            .map(|n| n.to_string())
            .or_else(|_| self.try_get::<Vec<u8>, _>(column).map(|b| hex_literal(&b)))
            .ok()
    }
}

/// Bytes as an SQL hex literal: `x'6531'`.
fn hex_literal(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(3 + 2 * bytes.len());
    out.push_str("x'");
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out.push('\'');
    out
}

fn article(sqlite_type: &str) -> String {
    match sqlite_type {
        "INTEGER" => "an integer".to_owned(),
        "REAL" => "a real number".to_owned(),
        "BLOB" => "a blob".to_owned(),
        "TEXT" => "text".to_owned(),
        other => other.to_lowercase(),
    }
}

/// Reads the cells of one row in the table's column order, collecting defects.
struct Fields<'a, C> {
    cells: &'a C,
    positions: &'a [usize],
    columns: &'static [&'static str],
    defects: Vec<Defect>,
}

impl<'a, C: Cells> Fields<'a, C> {
    fn new(cells: &'a C, positions: &'a [usize], table: Table) -> Self {
        Fields {
            cells,
            positions,
            columns: table.columns(),
            defects: Vec::new(),
        }
    }

    fn defect(&mut self, i: usize, reason: String) {
        self.defects.push(Defect {
            field: self.columns.get(i).copied().unwrap_or("?"),
            reason,
        });
    }

    fn optional(&mut self, i: usize) -> Option<String> {
        let column = self.positions.get(i).copied().unwrap_or(usize::MAX);
        match self.cells.text(column) {
            Ok(value) => value,
            Err(reason) => {
                self.defect(i, reason);
                None
            }
        }
    }

    fn required(&mut self, i: usize) -> String {
        let column = self.positions.get(i).copied().unwrap_or(usize::MAX);
        match self.cells.text(column) {
            Ok(Some(value)) => value,
            Ok(None) => {
                self.defect(i, "is NULL".to_owned());
                String::new()
            }
            Err(reason) => {
                self.defect(i, reason);
                self.cells.key_as_text(column).unwrap_or_default()
            }
        }
    }

    fn flag(&mut self, i: usize) -> Option<bool> {
        let column = self.positions.get(i).copied().unwrap_or(usize::MAX);
        match self.cells.flag(column) {
            Ok(value) => value,
            Err(reason) => {
                self.defect(i, reason);
                None
            }
        }
    }
}

fn status(value: String) -> Cow<'static, str> {
    match value.as_str() {
        "enabled" => Cow::Borrowed("enabled"),
        "disabled" => Cow::Borrowed("disabled"),
        _ => Cow::Owned(value),
    }
}

/// Decode one result row of `table` and append it to the snapshot.
pub(super) fn push_row<C: Cells>(
    snapshot: &mut Snapshot,
    table: Table,
    cells: &C,
    positions: &[usize],
) {
    let mut f = Fields::new(cells, positions, table);
    match table {
        Table::OrganizationalUnits => {
            let row = OuRow {
                id: f.required(0),
                parent_id: f.optional(1),
                name: f.required(2),
                description: f.optional(3),
                defects: Vec::new(),
            };
            snapshot.organizational_units.push(OuRow {
                defects: f.defects,
                ..row
            });
        }
        Table::Users => {
            let row = UserRow {
                id: f.required(0),
                username: f.required(1),
                display_name: f.optional(2),
                email: f.optional(3),
                email_verified: f.flag(4),
                phone_region: f.optional(5),
                phone_number: f.optional(6),
                phone_number_verified: f.flag(7),
                primary_ou_id: f.required(8),
                description: f.optional(9),
                status: status(f.required(10)),
                defects: Vec::new(),
            };
            snapshot.users.push(UserRow {
                defects: f.defects,
                ..row
            });
        }
        Table::UserOrganizationalUnits => {
            let row = UserOuRow {
                user_id: f.required(0),
                ou_id: f.required(1),
                defects: Vec::new(),
            };
            snapshot.user_organizational_units.push(UserOuRow {
                defects: f.defects,
                ..row
            });
        }
        Table::Groups => {
            let row = GroupRow {
                id: f.required(0),
                name: f.required(1),
                defects: Vec::new(),
            };
            snapshot.groups.push(GroupRow {
                defects: f.defects,
                ..row
            });
        }
        Table::GroupMembers => {
            let row = GroupMemberRow {
                group_id: f.required(0),
                user_id: f.required(1),
                defects: Vec::new(),
            };
            snapshot.group_members.push(GroupMemberRow {
                defects: f.defects,
                ..row
            });
        }
        Table::UserCustomFields => {
            let row = UserCustomFieldRow {
                user_id: f.required(0),
                field_name: f.required(1),
                field_value: f.optional(2),
                defects: Vec::new(),
            };
            snapshot
                .user_custom_fields
                .get_or_insert_with(Vec::new)
                .push(UserCustomFieldRow {
                    defects: f.defects,
                    ..row
                });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cells from a fixed list: `Ok` values or a type problem.
    struct Fake(Vec<Result<Option<String>, String>>);

    impl Cells for Fake {
        fn text(&self, column: usize) -> Result<Option<String>, String> {
            self.0
                .get(column)
                .cloned()
                .unwrap_or(Err("no such column".into()))
        }
        fn flag(&self, column: usize) -> Result<Option<bool>, String> {
            match self.0.get(column).cloned() {
                Some(Ok(None)) => Ok(None),
                Some(Ok(Some(v))) => Ok(Some(v == "1")),
                Some(Err(e)) => Err(e),
                None => Err("no such column".into()),
            }
        }
        fn key_as_text(&self, _column: usize) -> Option<String> {
            Some("42".into())
        }
    }

    #[test]
    fn a_bad_cell_becomes_a_defect_of_its_field() {
        let cells = Fake(vec![
            Ok(Some("g1".into())),
            Err("must be text, found an integer".into()),
        ]);
        let mut snapshot = Snapshot::default();
        push_row(&mut snapshot, Table::Groups, &cells, &[0, 1]);
        let row = &snapshot.groups[0];
        assert_eq!(row.id, "g1");
        assert_eq!(row.name, "42", "a number in a key column is kept as text");
        assert_eq!(
            row.defects,
            vec![Defect {
                field: "name",
                reason: "must be text, found an integer".into()
            }]
        );
    }

    #[test]
    fn null_in_a_required_column_is_a_defect() {
        let cells = Fake(vec![Ok(None), Ok(Some("u1".into()))]);
        let mut snapshot = Snapshot::default();
        push_row(&mut snapshot, Table::GroupMembers, &cells, &[0, 1]);
        let row = &snapshot.group_members[0];
        assert_eq!(row.user_id, "u1");
        assert_eq!(row.defects[0].field, "group_id");
        assert_eq!(row.defects[0].reason, "is NULL");
    }
}
