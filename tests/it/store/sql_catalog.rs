//! Every SQL statement the state store's code holds, read from its source: the string literals
//! that begin with a statement keyword, with the `const` pieces and `format!` holes they are
//! built from filled in. A statement added to the store is found without being listed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One statement as the store's code spells it.
#[derive(Debug, Clone)]
pub struct Statement {
    /// `file:line` of the literal.
    pub at: String,
    pub sql: String,
}

/// `format!` holes that are not constants, with the value each stands for here.
const HOLES: &[(&str, &str)] = &[
    ("{condition}", "result = 'success'"),
    ("{time_column}", "finished_at"),
    ("({})", "('started')"),
];

/// The statements of every `.rs` file under `dir` (unit-test modules excluded).
pub fn statements(dir: &Path) -> Vec<Statement> {
    let mut literals = Vec::new();
    for file in rust_files(dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = match text.find("#[cfg(test)]") {
            Some(at) => &text[..at],
            None => &text[..],
        };
        let shown = file.strip_prefix(dir.parent().unwrap()).unwrap_or(&file);
        for (line, lit) in string_literals(code) {
            literals.push((format!("{}:{line}", shown.display()), lit));
        }
    }
    let consts = constants(dir);
    let mut out = Vec::new();
    for (at, lit) in literals {
        let trimmed = lit.trim_start();
        let keyword = ["SELECT ", "UPDATE ", "DELETE ", "WITH "]
            .iter()
            .any(|k| trimmed.starts_with(k));
        if !keyword {
            // INSERTs write one row each and read nothing to plan.
            continue;
        }
        let mut sql = fill(trimmed, &consts);
        // The first piece of a statement a query builder completes: complete it with a bind.
        let end = sql.trim_end();
        if end.ends_with("IN (") {
            sql = format!("{end}$1)");
        } else if end.ends_with('=') {
            sql = format!("{end} $1");
        }
        assert!(
            !sql.contains('{'),
            "{at}: a format! hole the query-plan test cannot fill: {sql}\n\
             (add it to HOLES in tests/it/store/sql_catalog.rs)"
        );
        out.push(Statement { at, sql });
    }
    out
}

fn fill(sql: &str, consts: &BTreeMap<String, String>) -> String {
    let mut sql = sql.to_owned();
    // Constants may be built of constants: fill until nothing changes.
    for _ in 0..4 {
        for (name, value) in consts {
            sql = sql.replace(&format!("{{{name}}}"), value);
        }
        for (hole, value) in HOLES {
            sql = sql.replace(hole, value);
        }
    }
    sql
}

/// `const NAME: &str = "...";` of every file, by name.
fn constants(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for file in rust_files(dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("const ") {
            rest = &rest[at + 6..];
            let Some((name, tail)) = rest.split_once(": &str") else {
                continue;
            };
            if !name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                continue;
            }
            let Some(eq) = tail.find('=') else { continue };
            let value = &tail[eq + 1..];
            if let Some((_, lit)) = string_literals(value).into_iter().next() {
                out.insert(name.to_owned(), lit);
            }
        }
    }
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The string literals of Rust source, with their line, as the compiler reads them (escapes
/// and `\`-newline continuations resolved). Comments and char literals are skipped.
fn string_literals(code: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => line += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                i += 2;
                continue;
            }
            '\'' => {
                // A char literal ('"', '\'', 'x') or a lifetime ('a): skip the former only.
                if chars.get(i + 1) == Some(&'\\') {
                    i += 4;
                    continue;
                }
                if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                    continue;
                }
            }
            'r' if matches!(chars.get(i + 1), Some('"') | Some('#'))
                && (i == 0 || !chars[i - 1].is_alphanumeric()) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) == Some(&'"') {
                    let start_line = line;
                    let mut lit = String::new();
                    j += 1;
                    loop {
                        if j >= chars.len() {
                            break;
                        }
                        if chars[j] == '"' && (1..=hashes).all(|h| chars.get(j + h) == Some(&'#')) {
                            j += 1 + hashes;
                            break;
                        }
                        line += usize::from(chars[j] == '\n');
                        lit.push(chars[j]);
                        j += 1;
                    }
                    out.push((start_line, lit));
                    i = j;
                    continue;
                }
            }
            '"' => {
                let start_line = line;
                let mut lit = String::new();
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        match chars.get(j + 1) {
                            Some('\n') => {
                                line += 1;
                                j += 2;
                                while j < chars.len() && chars[j].is_whitespace() {
                                    line += usize::from(chars[j] == '\n');
                                    j += 1;
                                }
                                continue;
                            }
                            Some('n') => lit.push('\n'),
                            Some('t') => lit.push('\t'),
                            Some(other) => lit.push(*other),
                            None => {}
                        }
                        j += 2;
                        continue;
                    }
                    line += usize::from(chars[j] == '\n');
                    lit.push(chars[j]);
                    j += 1;
                }
                out.push((start_line, lit));
                i = j + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[test]
fn literals_are_read_as_the_compiler_reads_them() {
    let code = "let a = \"SELECT 1 \\\n      FROM t\"; // \"not this\"\nlet c = '\"'; let b = r#\"UPDATE \"x\"\"#;";
    let lits: Vec<String> = string_literals(code).into_iter().map(|(_, l)| l).collect();
    assert_eq!(lits, ["SELECT 1 FROM t", "UPDATE \"x\""]);
}
