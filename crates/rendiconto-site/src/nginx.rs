//! The site behind Debian's nginx: the configuration `cargo xtask dist` writes into
//! `dist/deploy/` (from [`crate::headers`], like the project's own server) and
//! `cargo xtask nginx`, which runs nginx in the foreground over `dist/` with it.
//!
//! nginx detail that shapes the output: a `location` with any `add_header` inherits
//! none from around it, so each leaf location repeats every header (written by one
//! function, [`headers_block`]).

use crate::headers::{self, Cache};
use crate::process::{self, Process};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Debian's `libnginx-mod-http-brotli-static` puts its module.
pub const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// The `location` blocks to include in an nginx `server { }` (in `dist/`).
pub const FILE: &str = "deploy/nginx.conf";
/// A complete minimal nginx `server { }` with the same blocks.
pub const SERVER_FILE: &str = "deploy/nginx-server.conf";

/// The marker on the lines a server without the brotli module must drop
/// ([`without_brotli`]): it then sends the `.gz` siblings.
const BROTLI_LINE: &str = "brotli_static on;";

/// The `location` blocks serving the site (`dist/` copied to the folder `prefix`
/// names under the server's `root`), to include in a `server { }`.
pub fn locations(dist: &Path, prefix: &str) -> Result<String, String> {
    let site = headers::site_policy(dist)?;
    let own = headers::own_policies(dist)?;
    let mut out = String::new();
    out.push_str(&format!(
        "# Rendiconto Aperto at {prefix}: the files of dist/ in the folder this address names under\n\
         # the server's root. Written by `cargo xtask dist` from the pages' policies: never edit it,\n\
         # rebuild. Needs Debian's libnginx-mod-http-brotli-static; without it, remove the lines\n\
         # `{BROTLI_LINE}` (nginx then sends the .gz files).\n\
         location ^~ {prefix} {{\n"
    ));
    out.push_str("    index index.html;\n");
    out.push_str(&format!("    error_page 404 {prefix}404.html;\n"));
    out.push_str("    absolute_redirect off;\n");
    out.push_str("    # The precompressed .br/.gz siblings, chosen by Accept-Encoding; Vary: Accept-Encoding.\n");
    out.push_str(&format!("    {BROTLI_LINE}\n    gzip_static on;\n    gzip_vary on;\n"));
    out.push_str("    types {\n");
    for (ext, ty) in headers::TYPES {
        let bare = ty.split(';').next().unwrap_or(ty);
        out.push_str(&format!("        {bare} {ext};\n"));
    }
    out.push_str(&format!("    }}\n    default_type {};\n", headers::DEFAULT_TYPE));
    let with_charset: Vec<&str> = headers::TYPES
        .iter()
        .filter(|(_, t)| t.contains("charset=utf-8") && !t.starts_with("text/html"))
        .map(|(_, t)| t.split(';').next().unwrap_or(t))
        .collect();
    out.push_str(&format!("    charset utf-8;\n    charset_types {};\n", with_charset.join(" ")));
    out.push_str(&headers_block(Cache::Revalidate, None, "    "));
    // Quoted: nginx reads `{` as the start of a block.
    out.push_str(&format!("    location ~ \"{}\" {{\n", headers::CONTENT_HASHED));
    out.push_str(&headers_block(Cache::Immutable, None, "        "));
    out.push_str("    }\n");
    out.push_str("    location ~ \\.html$ {\n");
    out.push_str(&headers_block(Cache::Revalidate, Some(&site), "        "));
    out.push_str("    }\n");
    for (page, policy) in &own {
        out.push_str(&format!("    location = {prefix}{page} {{\n"));
        out.push_str(&headers_block(Cache::Revalidate, Some(policy), "        "));
        out.push_str("    }\n");
    }
    out.push_str(&format!("    # The server's own files are not part of the site.\n    location ^~ {prefix}deploy/ {{\n        return 404;\n    }}\n"));
    out.push_str("}\n");
    Ok(out)
}

/// Every header of one kind of response, `always` (the 404 page too).
fn headers_block(cache: Cache, policy: Option<&str>, indent: &str) -> String {
    let mut out = String::new();
    let mut add = |name: &str, value: &str| out.push_str(&format!("{indent}add_header {name} \"{value}\" always;\n"));
    add("Cache-Control", cache.header());
    for (name, value) in headers::SECURITY {
        add(name, value);
    }
    if let Some(policy) = policy {
        add("Content-Security-Policy", policy);
    }
    out
}

/// A complete minimal `server { }` (for `/etc/nginx/sites-available/`): the site at
/// `prefix` over plain HTTP, and, commented, the HTTPS server with HSTS a public site
/// should be.
pub fn server_example(locations: &str, prefix: &str) -> String {
    let indented: String =
        locations.lines().map(|l| if l.is_empty() { "\n".into() } else { format!("    {l}\n") }).collect();
    let (hsts, value) = headers::HSTS;
    format!(
        "# Rendiconto Aperto: a complete nginx server for the site at {prefix}, written by\n\
         # `cargo xtask dist`. Copy dist/ to /var/www/html{prefix}, this file to\n\
         # /etc/nginx/sites-available/rendiconto-aperto, link it into sites-enabled/, then\n\
         # `nginx -t && systemctl reload nginx`.\n\
         server {{\n    listen 80;\n    server_name _;\n    root /var/www/html;\n\n{indented}}}\n\n\
         # On a public address, serve over HTTPS and tell browsers to stay on it (HSTS): the\n\
         # same server with\n\
         #     listen 443 ssl;\n\
         #     ssl_certificate     /etc/ssl/certs/your-site.pem;\n\
         #     ssl_certificate_key /etc/ssl/private/your-site.key;\n\
         # and, in every `location` above that has `add_header` lines, one more:\n\
         #     add_header {hsts} \"{value}\" always;\n\
         # (nginx does not pass headers down into a location that sets its own).\n"
    )
}

/// `config` for a server without the brotli module.
pub fn without_brotli(config: &str) -> String {
    config.lines().filter(|l| l.trim() != BROTLI_LINE).map(|l| format!("{l}\n")).collect()
}

/// A whole `nginx.conf` for running the site in the foreground as an ordinary
/// program: `server` (a `server { }` with `root` and `listen`), files under `work`.
fn main_config(work: &Path, server: &str, brotli: bool) -> String {
    let w = work.display();
    let module = if brotli { format!("load_module {BROTLI_MODULE};\n") } else { String::new() };
    format!(
        "{module}daemon off;\nworker_processes 1;\npid {w}/nginx.pid;\nerror_log stderr warn;\n\
         events {{\n    worker_connections 256;\n}}\n\
         http {{\n    access_log {w}/access.log;\n    client_body_temp_path {w}/tmp/body;\n    proxy_temp_path {w}/tmp/proxy;\n\
             fastcgi_temp_path {w}/tmp/fastcgi;\n    uwsgi_temp_path {w}/tmp/uwsgi;\n    scgi_temp_path {w}/tmp/scgi;\n\
             sendfile on;\n    server_tokens off;\n{server}}}\n"
    )
}

/// Starts Debian's nginx in the foreground on `dir` at `addr` (`host:0`: a free
/// port), files under `work`: `dir/deploy/nginx.conf` as the build wrote it (without
/// its brotli lines unless `brotli`), included in a server whose root holds `dir` at
/// the site's sub-path. Returns once it answers; stops when dropped. `terminal`: see
/// [`Process::start`].
pub fn start(dir: &Path, addr: &str, brotli: bool, work: &Path, terminal: bool) -> Result<Process, String> {
    let dir = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let prefix = read_prefix(&dir)?;
    let addr = process::free_addr(addr)?;
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work.join("tmp")).map_err(|e| format!("{}: {e}", work.display()))?;
    let root = process::server_root(&dir, &prefix, &work.join("www"))?;
    let blocks = dir.join(FILE);
    let mut locations = std::fs::read_to_string(&blocks).map_err(|e| format!("{}: {e}", blocks.display()))?;
    if !brotli {
        locations = without_brotli(&locations);
    }
    let included = work.join("rendiconto-aperto.conf");
    std::fs::write(&included, &locations).map_err(|e| e.to_string())?;
    let server = format!(
        "    server {{\n        listen {addr};\n        server_name localhost;\n        root {};\n        include {};\n    }}\n",
        root.display(),
        included.display()
    );
    let config = work.join("nginx.conf");
    std::fs::write(&config, main_config(work, &server, brotli)).map_err(|e| e.to_string())?;
    let mut cmd = Command::new(nginx_binary());
    cmd.arg("-e").arg(work.join("error.log")).arg("-p").arg(work).arg("-c").arg(&config);
    Process::start(cmd, &addr, &prefix, work, terminal)
}

/// The sub-path the site in `dir` was built for, read back from its [`FILE`].
pub fn read_prefix(dir: &Path) -> Result<String, String> {
    process::read_prefix(dir, FILE, |l| l.strip_prefix("location ^~ ").and_then(|r| r.strip_suffix(" {")))
}

/// `nginx`, from the PATH or Debian's place (not on a normal user's PATH).
pub fn nginx_binary() -> PathBuf {
    process::which("nginx").unwrap_or_else(|| PathBuf::from("/usr/sbin/nginx"))
}

/// `nginx -t` on `server` (a `server { }` block) in a minimal main configuration;
/// `Ok(log)` when nginx accepts it.
pub fn check(server: &str, work: &Path, brotli: bool) -> Result<String, String> {
    std::fs::create_dir_all(work.join("tmp")).map_err(|e| e.to_string())?;
    let config = work.join("check.conf");
    std::fs::write(&config, main_config(work, server, brotli)).map_err(|e| e.to_string())?;
    let out = Command::new(nginx_binary())
        .arg("-e")
        .arg(work.join("check-error.log"))
        .arg("-p")
        .arg(work)
        .arg("-t")
        .arg("-c")
        .arg(&config)
        .output()
        .map_err(|e| format!("cannot run nginx: {e}"))?;
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.success() {
        Ok(log)
    } else {
        Err(log)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_leaf_location_repeats_every_header() {
        let dir = std::env::temp_dir().join(format!("site-nginx-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (path, body) in [
            ("index.html", "<html>"),
            ("csp.txt", "default-src 'self'\n"),
            ("kiosk.html", "<html>"),
            ("kiosk.csp.txt", "default-src 'none'\n"),
        ] {
            std::fs::write(dir.join(path), body).unwrap();
        }
        let conf = locations(&dir, "/ra/").unwrap();
        assert!(conf.contains("location ^~ /ra/ {") && conf.contains("error_page 404 /ra/404.html;"));
        assert!(conf.contains("location = /ra/kiosk.html {"));
        // The outer block, the hashed files, the pages, the kiosk.
        for (name, _) in headers::SECURITY {
            assert_eq!(conf.matches(&format!("add_header {name} ")).count(), 4, "{name}: {conf}");
        }
        assert_eq!(conf.matches("add_header Content-Security-Policy \"default-src 'self'\" always;").count(), 1);
        assert_eq!(conf.matches("add_header Content-Security-Policy \"default-src 'none'\" always;").count(), 1);
        assert!(!without_brotli(&conf).contains("brotli") || without_brotli(&conf).contains("# "));
        assert!(!without_brotli(&conf).lines().any(|l| l.trim() == BROTLI_LINE));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
