//! The layering rules of ARCHITECTURE.md ("Layering"), checked on every test run:
//! no module import cycle in any crate's `src/`, no browser (web-sys, Yew) in the
//! dependency tree of the crates below `web/`, and the search crate's build side
//! never using its query side. Read from the sources, no browser needed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Every `src/` folder of the workspace's Rust packages.
fn source_folders() -> Vec<PathBuf> {
    let root = root();
    let mut out: Vec<PathBuf> =
        ["web", "xtask", "index-builder", "tests"].iter().map(|p| root.join(p).join("src")).collect();
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        out.push(entry.unwrap().path().join("src"));
    }
    out.retain(|p| p.is_dir());
    out.sort();
    out
}

/// The modules of a `src/` folder by path (`hooks::engine`), each with its file's
/// text, comments left out; binaries (`main.rs`, `bin/`) and the crate root are not
/// modules others import.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if parts.last().map(String::as_str) == Some("mod") {
                parts.pop();
            }
            if parts.first().map(String::as_str) == Some("bin") || parts == ["lib"] || parts == ["main"] {
                continue;
            }
            out.insert(parts.join("::"), without_comments(&std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

fn without_comments(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Which modules each module names (`crate::a::…`, `super::…`), within the crate.
fn imports(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (name, code) in modules {
        let here: Vec<&str> = name.split("::").collect();
        let mut names = BTreeSet::new();
        for (i, _) in code.match_indices("crate::").chain(code.match_indices("super::")) {
            if i > 0 && code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String =
                code[i..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
            let mut target: Vec<&str> = if parts[0] == "crate" {
                parts.remove(0);
                Vec::new()
            } else {
                let mut base = here.clone();
                while parts.first() == Some(&"super") {
                    parts.remove(0);
                    base.pop();
                }
                base
            };
            target.extend(parts);
            // The longest prefix that is a module; a module's own parts and parents are not edges.
            let found = (1..=target.len()).rev().map(|k| target[..k].join("::")).find(|m| modules.contains_key(m));
            if let Some(m) = found {
                if m != *name && !name.starts_with(&format!("{m}::")) && !m.starts_with(&format!("{name}::")) {
                    names.insert(m);
                }
            }
        }
        out.insert(name.clone(), names);
    }
    out
}

/// The groups of modules that import each other in a circle (Tarjan's strongly
/// connected components with more than one module).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in &self.graph[v] {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w.as_str()]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w.as_str()) {
                    let low = self.low[v].min(self.index[w.as_str()]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    group.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group);
                }
            }
        }
    }
    let mut walk = Walk { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

#[test]
fn the_checker_sees_a_cycle() {
    let module = without_comments;
    let mods = BTreeMap::from([
        ("a".to_string(), module("use crate::b::thing;")),
        ("b".to_string(), module("fn f() { super::c::g() }")),
        ("c".to_string(), module("use crate::a; // crate::d is a comment")),
        ("d".to_string(), module("use crate::a::x;")),
        ("e".to_string(), module("use crate::e::inner; use crate::d;")),
    ]);
    assert_eq!(cycles(&imports(&mods)), [["a", "b", "c"]]);
}

#[test]
fn no_module_imports_another_in_a_circle() {
    let mut failures = Vec::new();
    for src in source_folders() {
        for group in cycles(&imports(&modules(&src))) {
            failures.push(format!("{}: {}", src.strip_prefix(root()).unwrap().display(), group.join(" <-> ")));
        }
    }
    assert!(failures.is_empty(), "module import cycles:\n{}", failures.join("\n"));
}

#[test]
fn the_crates_below_the_web_app_have_no_browser_in_their_tree() {
    for package in ["rendiconto-web-core", "rendiconto-search", "rendiconto-model", "rendiconto-export"] {
        let out = Command::new(env!("CARGO"))
            .args([
                "tree",
                "--offline",
                "-p",
                package,
                "-e",
                "normal",
                "--prefix",
                "none",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success(), "cargo tree -p {package}: {}", String::from_utf8_lossy(&out.stderr));
        let tree = String::from_utf8_lossy(&out.stdout);
        for browser in ["web-sys ", "yew ", "gloo"] {
            assert!(!tree.lines().any(|l| l.starts_with(browser)), "{package} depends on {browser}:\n{tree}");
        }
    }
}

#[test]
fn the_search_build_side_never_uses_the_engine() {
    let mods = modules(&root().join("crates/rendiconto-search/src"));
    let graph = imports(&mods);
    for build in [
        "analysis",
        "items",
        "schema",
        "synonyms",
        "indexer",
        "bundle",
        "bundle::details",
        "bundle::pieces",
        "bundle::pieces::directory",
    ] {
        let uses: Vec<&String> = graph.get(build).into_iter().flatten().filter(|m| m.starts_with("engine")).collect();
        assert!(uses.is_empty(), "{build} uses {uses:?}");
    }
}
