//! `dist/deploy/`: the web servers' configurations, written by `cargo xtask dist` after
//! every page and policy of the site ([`write`]), and what running a real server over
//! a site folder needs ([`Process`]).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The `location` blocks to include in an nginx `server { }`.
pub const NGINX: &str = "deploy/nginx.conf";
/// A complete minimal nginx `server { }` with the same blocks.
pub const NGINX_SERVER: &str = "deploy/nginx-server.conf";
/// The `<Directory>` block to include in Apache's configuration.
pub const APACHE: &str = "deploy/apache.conf";

/// Whether `rel` (a path in `dist/`) is one of the files written here.
pub fn is_deploy(rel: &str) -> bool {
    rel.starts_with("deploy/")
}

/// The site's sub-path on its server: the path of its public address
/// (`https://www.comune.torino.it/rendiconto-aperto/` → `/rendiconto-aperto/`).
pub fn prefix(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map(|(_, r)| r).unwrap_or(base_url);
    let path = after_scheme.find('/').map(|i| &after_scheme[i..]).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// The configurations for the site in `dist` (every page and policy already there),
/// at the sub-path of `base_url`, as (path in `dist`, content).
pub fn configurations(dist: &Path, base_url: &str) -> Result<Vec<(&'static str, String)>, String> {
    let prefix = prefix(base_url);
    let locations = crate::nginx::locations(dist, &prefix)?;
    Ok(vec![
        (NGINX_SERVER, crate::nginx::server_example(&locations, &prefix)),
        (NGINX, locations),
        (APACHE, crate::apache::config(dist, &prefix)?),
    ])
}

/// Writes [`configurations`] into `dist/deploy/` through `stage` (only what changed).
pub fn write(dist: &Path, base_url: &str, stage: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(stage);
    for (rel, content) in configurations(dist, base_url)? {
        let path = stage.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    crate::cache::sync(stage, dist, is_deploy)?;
    Ok(())
}

/// The sub-path the site in `dir` was built for, read back from its nginx blocks.
pub fn read_prefix(dir: &Path) -> Result<String, String> {
    let path = dir.join(NGINX);
    let conf =
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e} (built by `cargo xtask dist`)", path.display()))?;
    conf.lines()
        .find_map(|l| l.strip_prefix("location ^~ ").and_then(|r| r.strip_suffix(" {")))
        .map(str::to_string)
        .ok_or_else(|| format!("{}: no site location", path.display()))
}

/// A server root that holds `dir` at `prefix`: `dir` itself for `/`, else `www` with a
/// link from the sub-path to `dir` (as a web team would copy `dist/` there).
pub fn server_root(dir: &Path, prefix: &str, www: &Path) -> Result<PathBuf, String> {
    if prefix == "/" {
        return Ok(dir.to_path_buf());
    }
    let site = www.join(prefix.trim_matches('/'));
    std::fs::create_dir_all(site.parent().unwrap()).map_err(|e| format!("{}: {e}", www.display()))?;
    let _ = std::fs::remove_file(&site);
    std::os::unix::fs::symlink(dir, &site).map_err(|e| format!("{}: {e}", site.display()))?;
    Ok(www.to_path_buf())
}

/// A web server run in the foreground, in a process group of its own (its workers
/// end with it, also when a test fails): the site at [`Process::base`] until dropped.
pub struct Process {
    child: Child,
    /// `http://127.0.0.1:PORT/rendiconto-aperto/`.
    pub base: String,
    work: PathBuf,
    terminal: bool,
}

impl Process {
    /// Starts `cmd` (its log in `work/stderr.log`) and returns once `addr` answers.
    /// `terminal`: in the terminal's process group, so that Ctrl-C stops it with the
    /// command that started it (`cargo xtask nginx`); else in one of its own.
    pub fn start(mut cmd: Command, addr: &str, prefix: &str, work: &Path, terminal: bool) -> Result<Process, String> {
        use std::os::unix::process::CommandExt as _;
        let log = std::fs::File::create(work.join("stderr.log")).map_err(|e| e.to_string())?;
        if !terminal {
            cmd.process_group(0);
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {cmd:?} ({e}): scripts/setup-test.sh installs it"))?;
        let mut process = Process { child, base: format!("http://{addr}{prefix}"), work: work.to_path_buf(), terminal };
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(15) {
            if let Ok(Some(status)) = process.child.try_wait() {
                return Err(format!("{cmd:?} stopped ({status}): {}", process.log()));
            }
            if std::net::TcpStream::connect(addr).is_ok() {
                return Ok(process);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Err(format!("{cmd:?} did not answer on {addr} within 15 s: {}", process.log()))
    }

    /// What the server wrote to its error logs.
    pub fn log(&self) -> String {
        ["stderr.log", "error.log"]
            .iter()
            .filter_map(|f| std::fs::read_to_string(self.work.join(f)).ok())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Blocks until the server ends (`cargo xtask nginx`: Ctrl-C).
    pub fn wait(mut self) -> Result<(), String> {
        let status = self.child.wait().map_err(|e| e.to_string())?;
        Err(format!("the server stopped ({status}): {}", self.log()))
    }

    /// Ends the server and its workers.
    pub fn stop(&mut self) {
        let target = if self.terminal { self.child.id().to_string() } else { format!("-{}", self.child.id()) };
        let _ = Command::new("kill").args(["-TERM", "--", &target]).status();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sub_path_is_the_public_address_path() {
        assert_eq!(prefix("https://www.comune.torino.it/rendiconto-aperto/"), "/rendiconto-aperto/");
        assert_eq!(prefix("https://example.org"), "/");
        assert_eq!(prefix("https://example.org/a/b"), "/a/b/");
    }
}
