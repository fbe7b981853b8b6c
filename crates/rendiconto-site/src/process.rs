//! A real web server (nginx, Apache) run in the foreground over a site folder, for
//! `cargo xtask nginx` and the tests.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

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

/// A tool on the PATH.
pub fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
}

/// `host:0` → `host:PORT` with a port free now; any other address as it is.
pub fn free_addr(addr: &str) -> Result<String, String> {
    if !addr.ends_with(":0") {
        return Ok(addr.to_string());
    }
    let listener = std::net::TcpListener::bind(addr).map_err(|e| format!("{addr}: {e}"))?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.to_string())
}

/// The sub-path a site was built for, read back from a configuration the build wrote
/// (`file`, in `dir`): the first line `sub_path` finds it in.
pub fn read_prefix(dir: &Path, file: &str, sub_path: impl Fn(&str) -> Option<&str>) -> Result<String, String> {
    let path = dir.join(file);
    let conf =
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e} (built by `cargo xtask dist`)", path.display()))?;
    conf.lines().find_map(sub_path).map(str::to_string).ok_or_else(|| format!("{}: no site sub-path", path.display()))
}
