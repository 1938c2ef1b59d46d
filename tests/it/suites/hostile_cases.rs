//! The hostile snapshots: each is the synced directory's snapshot with one kind of damage, as
//! SQL over untyped tables (SQLite keeps whatever it is given), or a file that is no database.

/// What a hostile snapshot must lead to.
#[derive(Debug, Clone)]
pub enum Expect {
    /// The record is rejected, naming this kind, external id (`""`: unreadable) and field.
    Reject(&'static str, &'static str, &'static str),
    /// The run stops before planning with an error that mentions this text.
    Fatal(&'static str),
    /// The value is valid and ends up in EIAM as written (user external id, field, value).
    Accept(Option<(&'static str, &'static str, String)>),
}

/// How the snapshot file is made.
#[derive(Debug, Clone)]
pub enum Build {
    /// The synced snapshot, then these statements.
    Sql(Vec<String>),
    /// These bytes instead of a database.
    Bytes(Vec<u8>),
    /// The first half of the synced snapshot's database file.
    Truncated,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub name: &'static str,
    pub build: Build,
    pub expect: Expect,
}

fn sql(stmts: &[&str]) -> Build {
    Build::Sql(stmts.iter().map(|s| s.to_string()).collect())
}

fn case(name: &'static str, build: Build, expect: Expect) -> Case {
    Case {
        name,
        build,
        expect,
    }
}

/// A user column set to `value` (SQL) for the test user `e00001`.
fn user_col(column: &str, value: &str) -> Build {
    Build::Sql(vec![format!(
        "UPDATE users SET {column} = {value} WHERE id = 'e00001'"
    )])
}

fn reject_user(field: &'static str) -> Expect {
    Expect::Reject("user", "e00001", field)
}

/// A string of `n` characters.
fn long(n: usize) -> String {
    format!("'{}'", "x".repeat(n))
}

/// Every kind of damage, at least forty.
pub fn all() -> Vec<Case> {
    use Expect::*;
    let ten_mb = long(10 << 20);
    let sql_text = "Robert'); DROP TABLE users;--".to_owned();
    let mut chain = Vec::new();
    let mut parent = "o0".to_owned();
    for i in 0..200 {
        chain.push(format!(
            "INSERT INTO organizational_units VALUES ('deep{i}', '{parent}', 'Level {i}', NULL)"
        ));
        parent = format!("deep{i}");
    }
    vec![
        // Every column of `users` with a wrong type.
        case("user id is a blob", user_col("id", "X'00ff'"), Reject("user", "", "id")),
        case("user id is an integer", user_col("id", "42"), Reject("user", "42", "id")),
        case("user id is a real", user_col("id", "1.5"), Reject("user", "1.5", "id")),
        case("user id is NULL", user_col("id", "NULL"), Reject("user", "", "id")),
        case("username is an integer", user_col("username", "7"), reject_user("username")),
        case("username is a blob", user_col("username", "X'41'"), reject_user("username")),
        case("username is NULL", user_col("username", "NULL"), reject_user("username")),
        case("display name is a blob", user_col("display_name", "X'41'"), reject_user("display_name")),
        case("email is an integer", user_col("email", "12"), reject_user("email")),
        case("email_verified is text", user_col("email_verified", "'yes'"), reject_user("email_verified")),
        case("email_verified is 7", user_col("email_verified", "7"), reject_user("email_verified")),
        case("phone_number_verified is a blob", user_col("phone_number_verified", "X'01'"), reject_user("phone_number_verified")),
        case("phone region is a real", Build::Sql(vec!["UPDATE users SET phone_region = 8.6, phone_number = '13800000000' WHERE id = 'e00001'".into()]), reject_user("phone_region")),
        case("phone number has letters", Build::Sql(vec!["UPDATE users SET phone_region = '86', phone_number = 'call-me' WHERE id = 'e00001'".into()]), reject_user("phone_number")),
        case("phone number without region", user_col("phone_number", "'13800000000'"), reject_user("phone_region")),
        case("primary OU is an integer", user_col("primary_ou_id", "3"), reject_user("primary_ou_id")),
        case("primary OU is NULL", user_col("primary_ou_id", "NULL"), reject_user("primary_ou_id")),
        case("description is a real", user_col("description", "2.5"), reject_user("description")),
        case("status is unknown", user_col("status", "'deleted'"), reject_user("status")),
        case("status is an integer", user_col("status", "1"), reject_user("status")),
        case("status is NULL", user_col("status", "NULL"), reject_user("status")),
        case("text is not UTF-8", user_col("display_name", "CAST(X'c328' AS TEXT)"), reject_user("display_name")),
        // Sizes and characters.
        case("10 MB display name", user_col("display_name", &ten_mb), reject_user("display_name")),
        case("10 MB OU name", Build::Sql(vec![format!("UPDATE organizational_units SET name = {ten_mb} WHERE id = 'o2'")]), Reject("organizational_unit", "o2", "name")),
        case("10 MB group name", Build::Sql(vec![format!("UPDATE groups SET name = {ten_mb} WHERE id = 'g0'")]), Reject("group", "g0", "name")),
        case("external id too long", Build::Sql(vec![format!("INSERT INTO users (id, username, primary_ou_id, status) VALUES ({}, 'too.long', 'o0', 'enabled')", long(65))]), Reject("user", "", "id")),
        case("control characters in a name", user_col("display_name", "'Bell' || char(7)"), reject_user("display_name")),
        case("NUL inside a description", user_col("description", "'a' || char(0) || 'b'"), reject_user("description")),
        case("NUL inside an OU name", Build::Sql(vec!["UPDATE organizational_units SET name = 'A' || char(0) || 'B' WHERE id = 'o2'".into()]), Reject("organizational_unit", "o2", "name")),
        case("zero-width space in a username", user_col("username", "'u00001' || char(8203)"), reject_user("username")),
        case("bidi override in an email", user_col("email", "char(8238) || 'moc.elpmaxe@x'"), reject_user("email")),
        case("bidi and zero-width characters in a display name", user_col("display_name", "'Ann' || char(8238) || 'a' || char(8205) || 'b'"), Accept(Some(("e00001", "display_name", "Ann\u{202e}a\u{200d}b".into())))),
        case("SQL-looking display name", user_col("display_name", "'Robert''); DROP TABLE users;--'"), Accept(Some(("e00001", "display_name", sql_text)))),
        case("SQL-looking OU name", Build::Sql(vec!["UPDATE organizational_units SET name = '1'' OR ''1''=''1' WHERE id = 'o2'".into()]), Accept(None)),
        case("blank username", user_col("username", "'   '"), reject_user("username")),
        case("blank OU id", Build::Sql(vec!["UPDATE organizational_units SET id = '  ' WHERE id = 'o5'".into()]), Reject("organizational_unit", "", "id")),
        // Keys: duplicates, dangling references, cycles, depth.
        case("duplicate user id", sql(&["INSERT INTO users (id, username, primary_ou_id, status) VALUES ('e00001', 'someone.else', 'o0', 'enabled')"]), Reject("user", "e00001", "id")),
        case("duplicate username", sql(&["INSERT INTO users (id, username, primary_ou_id, status) VALUES ('e09999', 'u00002', 'o0', 'enabled')"]), Reject("user", "e09999", "username")),
        case("duplicate username in other case", sql(&["INSERT INTO users (id, username, primary_ou_id, status) VALUES ('e09999', 'U00002', 'o0', 'enabled')"]), Reject("user", "e09999", "username")),
        case("duplicate email", sql(&["INSERT INTO users (id, username, email, email_verified, primary_ou_id, status) VALUES ('e09999', 'new.hire', 'u00003@corp.example', 1, 'o0', 'enabled')"]), Reject("user", "e09999", "email")),
        case("duplicate OU id", sql(&["INSERT INTO organizational_units VALUES ('o2', NULL, 'Impostor', NULL)"]), Reject("organizational_unit", "o2", "id")),
        case("duplicate group id", sql(&["INSERT INTO groups VALUES ('g0', 'Impostors')"]), Reject("group", "g0", "id")),
        case("dangling primary OU", user_col("primary_ou_id", "'nowhere'"), reject_user("primary_ou_id")),
        case("dangling OU parent", sql(&["UPDATE organizational_units SET parent_id = 'nowhere' WHERE id = 'o2'"]), Reject("organizational_unit", "o2", "parent_id")),
        case("OU cycle", sql(&["UPDATE organizational_units SET parent_id = 'o2' WHERE id = 'o1'", "UPDATE organizational_units SET parent_id = 'o1' WHERE id = 'o2'"]), Reject("organizational_unit", "o2", "parent_id")),
        case("OU that is its own parent", sql(&["UPDATE organizational_units SET parent_id = 'o3' WHERE id = 'o3'"]), Reject("organizational_unit", "o3", "parent_id")),
        case("200-level OU tree", Build::Sql(chain), Accept(None)),
        case("OU id is a blob", sql(&["UPDATE organizational_units SET id = X'0102' WHERE id = 'o5'"]), Reject("organizational_unit", "", "id")),
        case("OU parent is an integer", sql(&["UPDATE organizational_units SET parent_id = 4 WHERE id = 'o2'"]), Reject("organizational_unit", "o2", "parent_id")),
        case("OU name is NULL", sql(&["UPDATE organizational_units SET name = NULL WHERE id = 'o2'"]), Reject("organizational_unit", "o2", "name")),
        case("group id is a blob", sql(&["UPDATE groups SET id = X'ff' WHERE id = 'g1'"]), Reject("group", "", "id")),
        case("group name is NULL", sql(&["UPDATE groups SET name = NULL WHERE id = 'g0'"]), Reject("group", "g0", "name")),
        case("secondary OU link with a blob user", sql(&["UPDATE user_organizational_units SET user_id = X'00' WHERE rowid = (SELECT min(rowid) FROM user_organizational_units)"]), Reject("membership", "", "user_id")),
        case("secondary OU link with a blob OU", sql(&["UPDATE user_organizational_units SET ou_id = X'00' WHERE rowid = (SELECT min(rowid) FROM user_organizational_units)"]), Reject("membership", "", "ou_id")),
        case("dangling secondary OU", sql(&["INSERT INTO user_organizational_units VALUES ('e00001', 'nowhere')"]), Reject("membership", "", "ou_id")),
        case("group member with a blob group", sql(&["UPDATE group_members SET group_id = X'00' WHERE rowid = (SELECT min(rowid) FROM group_members)"]), Reject("membership", "", "group_id")),
        case("group member with an integer user", sql(&["UPDATE group_members SET user_id = 5 WHERE rowid = (SELECT min(rowid) FROM group_members)"]), Reject("membership", "", "user_id")),
        case("dangling group member", sql(&["INSERT INTO group_members VALUES ('g0', 'nobody')"]), Reject("membership", "", "user_id")),
        // NULLs everywhere, and every column of the wrong type.
        case("NULLs everywhere", sql(&[
            "UPDATE organizational_units SET id = NULL, parent_id = NULL, name = NULL, description = NULL",
            "UPDATE users SET id = NULL, username = NULL, display_name = NULL, email = NULL, email_verified = NULL, phone_region = NULL, phone_number = NULL, phone_number_verified = NULL, primary_ou_id = NULL, description = NULL, status = NULL",
            "UPDATE user_organizational_units SET user_id = NULL, ou_id = NULL",
            "UPDATE groups SET id = NULL, name = NULL",
            "UPDATE group_members SET group_id = NULL, user_id = NULL",
        ]), Reject("user", "", "id")),
        case("every user column of the wrong type", sql(&[
            "UPDATE users SET id = 1, username = 2, display_name = 3, email = 4, email_verified = 'x', phone_region = X'00', phone_number = 5.5, phone_number_verified = 'y', primary_ou_id = 6, description = 7, status = 8",
        ]), Reject("user", "", "id")),
        // The shape of the database.
        case("missing table", sql(&["DROP TABLE groups"]), Fatal("groups")),
        case("missing users table", sql(&["DROP TABLE users"]), Fatal("users")),
        case("missing column", sql(&["ALTER TABLE users DROP COLUMN email"]), Fatal("email")),
        case("renamed key column", sql(&["ALTER TABLE organizational_units RENAME COLUMN parent_id TO parent"]), Fatal("parent_id")),
        case("extra columns are ignored", sql(&["ALTER TABLE users ADD COLUMN salary INTEGER", "UPDATE users SET salary = 1"]), Accept(None)),
        case("a view where a table belongs", sql(&["ALTER TABLE groups RENAME TO groups_real", "CREATE VIEW groups AS SELECT id, name FROM groups_real"]), Accept(None)),
        case("not a database", Build::Bytes(b"id,username\ne00001,u00001\n".to_vec()), Fatal("database")),
        case("empty file", Build::Bytes(Vec::new()), Fatal("organizational_units")),
        case("random bytes", Build::Bytes((0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect()), Fatal("database")),
        case("truncated database", Build::Truncated, Fatal("database")),
    ]
}
