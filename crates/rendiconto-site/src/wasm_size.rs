//! `cargo xtask wasm-size`: what the app's wasm weighs, and which crates weigh it.
//!
//! From wasm-bindgen's output of the last Trunk build (before wasm-opt), it makes:
//! - the module Trunk ships: `wasm-opt -Oz`, as Trunk runs it (the same bytes as the
//!   `_bg.wasm` of `dist/`); its raw, brotli 11 and gzip 9 sizes;
//! - the same module with its names kept (`wasm-opt -Oz -g`: the same code, plus the
//!   "name" section), for `twiggy top`, whose items are summed by the crate their symbol
//!   names ([`crate_of`]). The name section is left out of the table; what has no crate
//!   (data segments, types, tables, unnamed functions) has a `[bracketed]` row.
//!
//! Needs `twiggy` (`cargo install twiggy`) and `wasm-opt` (scripts/setup.sh). Used for
//! docs/slim-engine.md.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{compress, run, target_dir, tool_path};

#[derive(Debug, Clone)]
pub struct Options {
    /// wasm-bindgen's output, before wasm-opt (default: Trunk's last build,
    /// `target/wasm-bindgen/release/app_bg.wasm`).
    pub bound: Option<PathBuf>,
    /// Rows of the table.
    pub top: usize,
    /// Writes every crate's bytes here (`crate,bytes`), to compare builds.
    pub csv: Option<PathBuf>,
    /// A CSV written by an earlier run: the table then shows its bytes and the change.
    pub baseline: Option<PathBuf>,
}

pub fn run_cmd(options: &Options) -> Result<(), String> {
    let root = crate::root();
    let target = target_dir(&root);
    let bound = options.bound.clone().unwrap_or_else(|| target.join("wasm-bindgen/release/app_bg.wasm"));
    if !bound.is_file() {
        return Err(format!("{}: no such file (build the app first: cargo xtask dist)", bound.display()));
    }
    let out = target.join("wasm-size");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let shipped = out.join("app_bg.wasm");
    let named = out.join("app_bg.named.wasm");
    for (file, keep_names) in [(&shipped, false), (&named, true)] {
        let mut opt = Command::new("wasm-opt");
        opt.env("PATH", tool_path()).arg("-Oz");
        if keep_names {
            opt.arg("-g");
        }
        run(opt.arg(format!("--output={}", file.display())).arg(&bound))?;
    }
    let bytes = std::fs::read(&shipped).map_err(|e| format!("{}: {e}", shipped.display()))?;
    let brotli = compress::brotli(&bytes).len();
    let gzip = compress::gzip(&bytes).len();

    let items = twiggy_items(&named)?;
    let (by_crate, names_section) = sum_by_crate(&items);
    let counted: u64 = by_crate.values().sum();

    println!("# {}", bound.display());
    println!();
    println!("- the module Trunk ships (`wasm-opt -Oz`): {} bytes raw, {brotli} brotli 11, {gzip} gzip 9", bytes.len());
    println!(
        "- twiggy, on the same with names (`-Oz -g`, {} bytes): {counted} bytes counted below, {names_section} of \
         name section left out",
        std::fs::metadata(&named).map(|m| m.len()).unwrap_or(0)
    );
    println!();

    let baseline = match &options.baseline {
        Some(path) => Some(read_csv(path)?),
        None => None,
    };
    let mut rows: Vec<(&String, &u64)> = by_crate.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let share = |n: u64| 100.0 * n as f64 / counted as f64;
    match &baseline {
        None => {
            println!("| # | crate | bytes | share |");
            println!("|---:|---|---:|---:|");
            for (rank, (name, bytes)) in rows.iter().take(options.top).enumerate() {
                println!("| {} | {name} | {bytes} | {:.1} % |", rank + 1, share(**bytes));
            }
        }
        Some(before) => {
            println!("| # | crate | bytes | share | before | change |");
            println!("|---:|---|---:|---:|---:|---:|");
            for (rank, (name, bytes)) in rows.iter().take(options.top).enumerate() {
                let was = before.get(*name).copied().unwrap_or(0);
                println!(
                    "| {} | {name} | {bytes} | {:.1} % | {was} | {:+} |",
                    rank + 1,
                    share(**bytes),
                    **bytes as i64 - was as i64
                );
            }
            // What is gone, or changed most, outside the rows above.
            let mut changes: Vec<(String, i64)> = before
                .keys()
                .chain(by_crate.keys())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(|name| {
                    let now = by_crate.get(name).copied().unwrap_or(0) as i64;
                    (name.clone(), now - before.get(name).copied().unwrap_or(0) as i64)
                })
                .filter(|(_, change)| *change != 0)
                .collect();
            changes.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
            println!();
            println!("Largest changes, every crate (bytes; negative: smaller now):");
            println!();
            println!("| crate | before | now | change |");
            println!("|---|---:|---:|---:|");
            let total_before: u64 = before.values().sum();
            for (name, change) in changes.iter().filter(|(_, c)| c.abs() >= 512).take(options.top) {
                let was = before.get(name).copied().unwrap_or(0);
                println!("| {name} | {was} | {} | {change:+} |", (was as i64 + change));
            }
            println!("| **all** | {total_before} | {counted} | {:+} |", counted as i64 - total_before as i64);
        }
    }
    if let Some(path) = &options.csv {
        let mut text = String::from("crate,bytes\n");
        for (name, bytes) in &rows {
            text.push_str(&format!("{},{bytes}\n", csv_field(name)));
        }
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wasm-size: every crate's bytes in {}", path.display());
    }
    Ok(())
}

/// `twiggy top` of every item: (name, shallow bytes).
fn twiggy_items(wasm: &Path) -> Result<Vec<(String, u64)>, String> {
    let output = Command::new("twiggy")
        .env("PATH", tool_path())
        .args(["top", "-n", "100000000", "--format", "csv"])
        .arg(wasm)
        .output()
        .map_err(|e| format!("cannot run twiggy (cargo install twiggy): {e}"))?;
    if !output.status.success() {
        return Err(format!("twiggy failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let text = String::from_utf8(output.stdout).map_err(|e| format!("twiggy's output: {e}"))?;
    let mut items = Vec::new();
    for line in text.lines().skip(1) {
        let fields = parse_csv_line(line);
        // Name, ShallowSize, ShallowSizePercent, RetainedSize, RetainedSizePercent
        let [name, size, ..] = &fields[..] else { continue };
        let size: u64 = size.parse().map_err(|e| format!("twiggy's line {line:?}: {e}"))?;
        items.push((name.clone(), size));
    }
    Ok(items)
}

/// Bytes by crate, and the bytes of the name section (left out).
fn sum_by_crate(items: &[(String, u64)]) -> (HashMap<String, u64>, u64) {
    let mut by_crate: HashMap<String, u64> = HashMap::new();
    let mut names = 0;
    for (name, size) in items {
        if name.ends_with("names\" subsection") {
            names += size;
            continue;
        }
        *by_crate.entry(crate_of(name)).or_default() += size;
    }
    (by_crate, names)
}

/// The crate a twiggy item belongs to, from its (demangled) name: the first path
/// segment, looking inside `<... as ...>` and `drop_in_place<...>`; a trait impl for a
/// type without a path (`<&T as core::fmt::Display>`) counts for the trait's crate, an
/// inherent method of a primitive type (`<char>::is_alphanumeric`) for `core`.
/// What is not a Rust path gets a bracketed group.
pub fn crate_of(name: &str) -> String {
    if name.starts_with("data segment ") {
        return "[data segments]".into();
    }
    if name.starts_with("code[") {
        return "[unnamed functions]".into();
    }
    if name.starts_with("__wbg") || name.starts_with("__wbindgen") || name.starts_with("Closure(") {
        return "wasm_bindgen".into();
    }
    let mut s = name.trim();
    // `<impl ...>` blocks and references: look at the type they are for.
    loop {
        let before = s;
        for prefix in ["<", "&", "mut ", "dyn ", "*const ", "*mut ", "(", "["] {
            s = s.strip_prefix(prefix).unwrap_or(s);
        }
        if s == before {
            break;
        }
    }
    if let Some(inner) = s.strip_prefix("core::ptr::drop_in_place<") {
        return crate_of(inner);
    }
    // Inherent methods of primitive types: `<char>::escape_debug_ext`, `<[u8]>::eq_ignore_ascii_case`.
    let head = s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
    if PRIMITIVES.contains(&head) && s[head.len()..].starts_with(['>', ']', ';']) {
        return "core".into();
    }
    match first_segment(s) {
        Some(krate) => krate,
        None => {
            // `T as path::Trait>`: the trait's crate.
            if let Some((_, rest)) = s.split_once(" as ") {
                if let Some(krate) = first_segment(rest.trim_start_matches(['<', '&'])) {
                    return krate;
                }
            }
            if name.contains('[') && !name.contains("::") {
                // type[3], table[0], elem[0], global[1], memory[0]
                "[types, tables, globals, imports, exports]".into()
            } else {
                // memcpy, memcmp, dlmalloc's, fmin, section headers, ...
                "[other: no crate path]".into()
            }
        }
    }
}

const PRIMITIVES: [&str; 17] = [
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64", "char",
    "str", "bool",
];

/// `krate::...` → `krate` (without a `[hash]` disambiguator); `None` when `s` does not
/// start with an identifier followed by `::`.
fn first_segment(s: &str) -> Option<String> {
    let end = s.find("::")?;
    let head = &s[..end];
    let head = match head.find('[') {
        Some(i) if head.ends_with(']') => &head[..i],
        _ => head,
    };
    let is_ident = !head.is_empty() && head.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_ident.then(|| head.to_string())
}

/// One CSV line as twiggy writes it (fields in double quotes when needed, `""` for `"`).
fn parse_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn read_csv(path: &Path) -> Result<HashMap<String, u64>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut map = HashMap::new();
    for line in text.lines().skip(1) {
        let fields = parse_csv_line(line);
        if let [name, bytes] = &fields[..] {
            map.insert(name.clone(), bytes.parse().map_err(|e| format!("{}: {line:?}: {e}", path.display()))?);
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates_of_symbols() {
        let cases = [
            (
                "tantivy::postings::block_segment_postings::BlockSegmentPostings::load_block::ha84379dc198deb35",
                "tantivy",
            ),
            ("<yew::html::component::lifecycle::CompStateInner<COMP> as yew::html::Stateful>::view::h1", "yew"),
            ("<&T as core::fmt::Display>::fmt::h308a75c35395bae7", "core"),
            ("core::ptr::drop_in_place<alloc::rc::Rc<rendiconto_web::components::facets::Props>>::h9", "alloc"),
            ("core::ptr::drop_in_place<rendiconto_web::components::detail::ActivityProps>::hd6", "rendiconto_web"),
            ("core[c5930c85a12de822]::fmt::write", "core"),
            (
                "rendiconto_web::views::_::<impl serde_core::de::Deserialize for rendiconto_web::views::PageData>::x",
                "rendiconto_web",
            ),
            ("data segment \".rodata.206\"", "[data segments]"),
            ("code[329]", "[unnamed functions]"),
            ("type[3]: (i32) -> i32", "[types, tables, globals, imports, exports]"),
            ("memcpy", "[other: no crate path]"),
            ("<char>::escape_debug_ext::h1", "core"),
            ("<[u8]>::eq_ignore_ascii_case.3189", "core"),
            ("<u32 as core::fmt::Debug>::fmt::h2", "core"),
            ("__wbindgen_malloc", "wasm_bindgen"),
        ];
        for (name, krate) in cases {
            assert_eq!(crate_of(name), krate, "{name}");
        }
    }

    #[test]
    fn csv_lines() {
        assert_eq!(
            parse_csv_line(r#""data segment "".rodata.206""",307724,11.5,,"#),
            ["data segment \".rodata.206\"", "307724", "11.5", "", ""]
        );
        assert_eq!(parse_csv_line(r#""a::b<c,d>::h1",12,0.1,,"#)[..2], ["a::b<c,d>::h1", "12"]);
    }
}
