//! What `cargo xtask dist` remembers between runs, in `target/xtask-cache/`: each
//! step's output and the sha256 of the inputs it was made from (`STEP.inputs`). A step
//! whose inputs hash the same as last time, and whose output is still there, is not run.

use sha2::Digest as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Folders never read as inputs: build output, what only tests and tools read, and this
/// crate (under `crates/` with the app's crates, but what builds the site, not part of it).
const SKIPPED_DIRS: &[&str] = &["target", ".git", "node_modules", "tests", "benches", "fuzz", "rendiconto-site"];

/// The sha256 of the files under `paths` (relative to `root`, files or folders, read
/// recursively, in a fixed order, each with its path) and of `extra`.
pub fn hash_inputs(root: &Path, paths: &[&str], extra: &[&[u8]]) -> Result<String, String> {
    let mut files = Vec::new();
    for path in paths {
        collect(&root.join(path), &mut files)?;
    }
    files.sort();
    let mut hasher = sha2::Sha256::new();
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let rel = file.strip_prefix(root).unwrap_or(file);
        hasher.update(rel.to_string_lossy().as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    for e in extra {
        hasher.update((e.len() as u64).to_le_bytes());
        hasher.update(e);
    }
    Ok(hex::encode(hasher.finalize()))
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if path.is_file() {
        out.push(path.to_path_buf());
    } else if path.is_dir() {
        for entry in std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))? {
            let p = entry.map_err(|e| e.to_string())?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !(p.is_dir() && SKIPPED_DIRS.contains(&name)) {
                collect(&p, out)?;
            }
        }
    }
    Ok(())
}

/// The compiler and the tools the outputs depend on, as their `--version` lines.
pub fn tool_versions(tools: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for tool in tools {
        let version = Command::new(tool).env("PATH", crate::tool_path()).arg("--version").output();
        out.extend(version.map(|o| o.stdout).unwrap_or_default());
    }
    out
}

/// One cached step: its output folder and the hash of the inputs that made it.
pub struct Step {
    pub output: PathBuf,
    stamp: PathBuf,
    hash: String,
}

impl Step {
    pub fn new(cache: &Path, name: &str, hash: String) -> Step {
        Step { output: cache.join(name), stamp: cache.join(format!("{name}.inputs")), hash }
    }

    /// True when the output was made from the same inputs and is still there.
    pub fn fresh(&self) -> bool {
        self.output.is_dir() && std::fs::read_to_string(&self.stamp).is_ok_and(|h| h.trim() == self.hash)
    }

    /// Runs `make` unless [`Step::fresh`]; the stamp is written only after it succeeds.
    pub fn run(&self, what: &str, make: impl FnOnce(&Path) -> Result<(), String>) -> Result<(), String> {
        if self.fresh() {
            eprintln!("dist: {what}: inputs unchanged, skipped");
            return Ok(());
        }
        let started = std::time::Instant::now();
        let _ = std::fs::remove_file(&self.stamp);
        if let Some(parent) = self.stamp.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        make(&self.output)?;
        std::fs::write(&self.stamp, &self.hash).map_err(|e| format!("{}: {e}", self.stamp.display()))?;
        eprintln!("dist: {what}: {:.1} s", started.elapsed().as_secs_f64());
        Ok(())
    }
}

/// Makes `to` hold the files of `from` for which `owned` is true (paths relative to the
/// folders, `/`-separated): a file is written only when its bytes differ, and files
/// `owned` but absent from `from` are removed. Files not `owned` are left alone. So an
/// unchanged build leaves `dist/` untouched, even while it is being served.
pub fn sync(from: &Path, to: &Path, owned: impl Fn(&str) -> bool) -> Result<usize, String> {
    let rel = |root: &Path, p: &Path| p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/");
    let mut wanted = Vec::new();
    collect_all(from, &mut wanted)?;
    let mut written = 0;
    // Files before their `.br`/`.gz` siblings: a sibling is never older than its file.
    wanted.sort_by_key(|p| (matches!(p.extension().and_then(|e| e.to_str()), Some("br" | "gz")), p.clone()));
    let mut kept = std::collections::HashSet::new();
    for source in &wanted {
        let name = rel(from, source);
        if !owned(&name) {
            continue;
        }
        let target = to.join(&name);
        let bytes = std::fs::read(source).map_err(|e| format!("{}: {e}", source.display()))?;
        if std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
            std::fs::create_dir_all(target.parent().unwrap()).map_err(|e| e.to_string())?;
            std::fs::write(&target, &bytes).map_err(|e| format!("{}: {e}", target.display()))?;
            written += 1;
        }
        kept.insert(name);
    }
    let mut present = Vec::new();
    if to.is_dir() {
        collect_all(to, &mut present)?;
    }
    for file in present {
        let name = rel(to, &file);
        if owned(&name) && !kept.contains(&name) {
            std::fs::remove_file(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            // Folders left empty go too (errors: not empty, which is fine).
            let mut dir = file.parent();
            while let Some(d) = dir.filter(|d| *d != to) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    Ok(written)
}

fn collect_all(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let p = entry.map_err(|e| e.to_string())?.path();
        if p.is_dir() {
            collect_all(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_hash_follows_content_and_names() {
        let dir = temp("hash");
        std::fs::create_dir_all(dir.join("src/target")).unwrap();
        std::fs::write(dir.join("src/a.rs"), "a").unwrap();
        std::fs::write(dir.join("src/target/out"), "built").unwrap();
        let h = |d: &Path| hash_inputs(d, &["src", "missing.toml"], &[b"v1"]).unwrap();
        let first = h(&dir);
        std::fs::write(dir.join("src/target/out"), "built again").unwrap();
        assert_eq!(h(&dir), first, "build output is not an input");
        std::fs::write(dir.join("src/a.rs"), "b").unwrap();
        let second = h(&dir);
        assert_ne!(second, first);
        std::fs::rename(dir.join("src/a.rs"), dir.join("src/b.rs")).unwrap();
        assert_ne!(h(&dir), second, "a renamed file changes the hash");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_step_runs_again_only_when_its_inputs_change() {
        let dir = temp("step");
        let runs = std::cell::Cell::new(0);
        let make = |out: &Path| {
            runs.set(runs.get() + 1);
            std::fs::create_dir_all(out).map_err(|e| e.to_string())
        };
        Step::new(&dir, "s", "1".into()).run("s", make).unwrap();
        Step::new(&dir, "s", "1".into()).run("s", make).unwrap();
        assert_eq!(runs.get(), 1);
        Step::new(&dir, "s", "2".into()).run("s", make).unwrap();
        assert_eq!(runs.get(), 2);
        assert!(Step::new(&dir, "s", "3".into()).run("s", |_| Err("failed".into())).is_err());
        assert!(!Step::new(&dir, "s", "2".into()).fresh(), "a failed run leaves no stamp");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn sync_writes_what_changed_and_removes_what_went() {
        let (from, to) = (temp("from"), temp("to"));
        for (p, b) in [("a.txt", "a"), ("sub/b.txt", "b"), ("x.html", "x")] {
            std::fs::create_dir_all(from.join(p).parent().unwrap()).unwrap();
            std::fs::write(from.join(p), b).unwrap();
        }
        std::fs::create_dir_all(to.join("old")).unwrap();
        std::fs::write(to.join("old/gone.txt"), "old").unwrap();
        std::fs::write(to.join("kept.txt"), "not ours").unwrap();
        let owned = |n: &str| n != "kept.txt";
        assert_eq!(sync(&from, &to, owned).unwrap(), 3);
        assert_eq!(sync(&from, &to, owned).unwrap(), 0, "nothing changed, nothing written");
        assert!(!to.join("old").exists() && to.join("kept.txt").exists());
        assert_eq!(std::fs::read_to_string(to.join("sub/b.txt")).unwrap(), "b");
        std::fs::remove_dir_all(&from).unwrap();
        std::fs::remove_dir_all(&to).unwrap();
    }
}
