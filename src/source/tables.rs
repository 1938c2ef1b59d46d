//! The snapshot tables (five required, one optional): their columns, the SQL that reads each (the table itself or the
//! configured replacement query), and the mapping of result columns to fields.

use std::collections::BTreeMap;

use super::error::SourceError;

/// A snapshot table (docs/snapshot.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    OrganizationalUnits,
    Users,
    UserOrganizationalUnits,
    Groups,
    GroupMembers,
    /// Optional: absent means no custom fields are managed.
    UserCustomFields,
}

impl Table {
    /// All tables, in reading order.
    pub const ALL: [Table; 6] = [
        Table::OrganizationalUnits,
        Table::Users,
        Table::UserOrganizationalUnits,
        Table::Groups,
        Table::GroupMembers,
        Table::UserCustomFields,
    ];

    /// Whether the snapshot may lack this table (a configured query for it must still work).
    pub fn optional(self) -> bool {
        matches!(self, Table::UserCustomFields)
    }

    pub fn name(self) -> &'static str {
        match self {
            Table::OrganizationalUnits => "organizational_units",
            Table::Users => "users",
            Table::UserOrganizationalUnits => "user_organizational_units",
            Table::Groups => "groups",
            Table::GroupMembers => "group_members",
            Table::UserCustomFields => "user_custom_fields",
        }
    }

    /// The columns eiam-sync reads, in the order the row builders expect them.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::OrganizationalUnits => &["id", "parent_id", "name", "description"],
            Table::Users => &[
                "id",
                "username",
                "display_name",
                "email",
                "email_verified",
                "phone_region",
                "phone_number",
                "phone_number_verified",
                "primary_ou_id",
                "description",
                "status",
            ],
            Table::UserOrganizationalUnits => &["user_id", "ou_id"],
            Table::Groups => &["id", "name"],
            Table::GroupMembers => &["group_id", "user_id"],
            Table::UserCustomFields => &["user_id", "field_name", "field_value"],
        }
    }
}

/// How one table is read: its SQL and whether it came from `[source.queries]`.
#[derive(Debug, Clone)]
pub struct TableQuery {
    pub table: Table,
    pub sql: String,
    pub custom: bool,
}

impl TableQuery {
    /// The configured query for `table`, else a plain `SELECT` of its columns.
    pub fn new(table: Table, queries: &BTreeMap<String, String>) -> Self {
        match queries.get(table.name()) {
            Some(sql) => TableQuery {
                table,
                sql: trim_query(sql).to_owned(),
                custom: true,
            },
            // `*`, not a column list: a missing column is then reported by name (with a list,
            // SQLite may read a double-quoted unknown column as a string literal).
            None => TableQuery {
                table,
                sql: format!("SELECT * FROM \"{}\"", table.name()),
                custom: false,
            },
        }
    }

    /// The same query limited to one row, for `config check`.
    pub fn probe_sql(&self) -> String {
        if self.custom {
            format!("SELECT * FROM ({}) AS eiam_sync_probe LIMIT 1", self.sql)
        } else {
            format!("{} LIMIT 1", self.sql)
        }
    }

    /// Where this query comes from, for messages.
    pub fn describe(&self) -> String {
        if self.custom {
            format!("query `source.queries.{}`", self.table.name())
        } else {
            format!("table `{}`", self.table.name())
        }
    }

    /// Positions of this table's columns in a result with the given column names. Names match
    /// case-insensitively (PostgreSQL folds unquoted aliases, SQLite keeps them as written).
    pub fn map_columns<'a, I>(&self, names: I) -> Result<Vec<usize>, SourceError>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let names: Vec<&str> = names.into_iter().collect();
        let mut positions = Vec::with_capacity(self.table.columns().len());
        let mut missing = Vec::new();
        for wanted in self.table.columns() {
            let mut found = names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.eq_ignore_ascii_case(wanted))
                .map(|(i, _)| i);
            match (found.next(), found.next()) {
                (Some(i), None) => positions.push(i),
                (Some(_), Some(_)) => {
                    return Err(SourceError::AmbiguousColumn {
                        what: self.describe(),
                        column: (*wanted).to_owned(),
                    });
                }
                (None, _) => missing.push((*wanted).to_owned()),
            }
        }
        if !missing.is_empty() {
            return Err(SourceError::MissingColumns {
                what: self.describe(),
                columns: missing,
            });
        }
        Ok(positions)
    }
}

/// Trailing semicolons and whitespace would break the single-statement preparation and the
/// probe's subquery.
fn trim_query(sql: &str) -> &str {
    sql.trim()
        .trim_end_matches(|c: char| c == ';' || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_queries_read_the_whole_table() {
        let q = TableQuery::new(Table::Groups, &BTreeMap::new());
        assert_eq!(q.sql, r#"SELECT * FROM "groups""#);
        assert!(!q.custom);
        assert_eq!(q.probe_sql(), r#"SELECT * FROM "groups" LIMIT 1"#);
    }

    #[test]
    fn custom_queries_lose_trailing_semicolons() {
        let queries = BTreeMap::from([(
            "groups".to_owned(),
            " SELECT gid AS id, title AS name FROM hr_groups ;\n".to_owned(),
        )]);
        let q = TableQuery::new(Table::Groups, &queries);
        assert_eq!(q.sql, "SELECT gid AS id, title AS name FROM hr_groups");
        assert!(q.custom);
        assert_eq!(q.describe(), "query `source.queries.groups`");
    }

    #[test]
    fn columns_map_by_name_and_missing_ones_are_named() {
        let q = TableQuery::new(Table::Groups, &BTreeMap::new());
        assert_eq!(q.map_columns(["extra", "NAME", "Id"]).unwrap(), vec![2, 1]);
        let err = q.map_columns(["id"]).unwrap_err();
        assert_eq!(err.to_string(), "table `groups` lacks the column(s) name");
        let err = q.map_columns(["id", "name", "ID"]).unwrap_err();
        assert!(err.to_string().contains("`id`"), "{err}");
    }
}
