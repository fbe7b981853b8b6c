//! The site behind Debian's Apache: the configuration `cargo xtask dist` writes into
//! `dist/deploy/apache.conf` (from [`crate::headers`], like the project's server and
//! nginx's), and Apache run in the foreground with it for the tests.
//!
//! Apache chooses the `.br`/`.gz` sibling with mod_rewrite, and mod_mime turns the
//! second extension into `Content-Encoding` (`app.js.br`: type from `.js`, encoding
//! from `.br`); a page's own policy is matched on the request's address.

use crate::headers::{self, Cache};
use crate::process::{self, Process};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The modules the configuration uses, and Debian's place for them.
const MODULES: [(&str, &str); 7] = [
    ("mpm_event_module", "mod_mpm_event.so"),
    ("authz_core_module", "mod_authz_core.so"),
    ("mime_module", "mod_mime.so"),
    ("dir_module", "mod_dir.so"),
    ("alias_module", "mod_alias.so"),
    ("rewrite_module", "mod_rewrite.so"),
    ("headers_module", "mod_headers.so"),
];
const MODULE_DIR: &str = "/usr/lib/apache2/modules";

/// The `<Directory>` block to include in Apache's configuration (in `dist/`).
pub const FILE: &str = "deploy/apache.conf";

/// The variable naming the site's folder on the server (default below).
pub const DIR_VARIABLE: &str = "RENDICONTO_DIR";

/// The `<Directory>` block serving the site (`dist/` copied to the folder `prefix`
/// names under the server's `DocumentRoot`), to include in the server's or a
/// `<VirtualHost>`'s configuration.
pub fn config(dist: &Path, prefix: &str) -> Result<String, String> {
    let site = headers::site_policy(dist)?;
    let own = headers::own_policies(dist)?;
    let folder = format!("/var/www/html{}", prefix.trim_end_matches('/'));
    let mut out = format!(
        "# Rendiconto Aperto at {prefix}: the files of dist/ in the folder this address names\n\
         # under the DocumentRoot (${{{DIR_VARIABLE}}}: `Define {DIR_VARIABLE} /path` before the\n\
         # Include to change it). Written by `cargo xtask dist` from the pages' policies: never\n\
         # edit it, rebuild. Needs mod_rewrite and mod_headers (`a2enmod rewrite headers`).\n\
         <IfModule !rewrite_module>\n    Error \"Rendiconto Aperto needs mod_rewrite: a2enmod rewrite\"\n</IfModule>\n\
         <IfModule !headers_module>\n    Error \"Rendiconto Aperto needs mod_headers: a2enmod headers\"\n</IfModule>\n\
         <IfDefine !{DIR_VARIABLE}>\n    Define {DIR_VARIABLE} {folder}\n</IfDefine>\n\
         <Directory \"${{{DIR_VARIABLE}}}\">\n"
    );
    let mut line = |l: &str| {
        out.push_str("    ");
        out.push_str(l);
        out.push('\n');
    };
    line("Require all granted");
    line("AllowOverride None");
    line("Options -Indexes +SymLinksIfOwnerMatch");
    line("DirectoryIndex index.html");
    line(&format!("ErrorDocument 404 {prefix}404.html"));
    line("# Types with their charset; .br/.gz are encodings of the file they follow.");
    line("RemoveType .br .gz");
    for (ext, ty) in headers::TYPES {
        line(&format!("AddType \"{ty}\" .{ext}"));
    }
    line("AddEncoding br .br");
    line("AddEncoding gzip .gz");
    line("# The precompressed sibling when the browser accepts it (not compressed again).");
    line("RewriteEngine On");
    line(&format!("RewriteBase {prefix}"));
    line("RewriteRule \"^deploy/\" - [R=404,L]");
    for (token, ext) in [("br", "br"), ("gzip", "gz")] {
        line(&format!("RewriteCond \"%{{HTTP:Accept-Encoding}}\" \"\\b{token}\\b\""));
        line(&format!("RewriteCond \"%{{REQUEST_FILENAME}}.{ext}\" -f"));
        line(&format!("RewriteRule \"^(.+)$\" \"$1.{ext}\" [E=no-gzip:1,E=no-brotli:1,L]"));
    }
    let compressible = headers::TYPES
        .iter()
        .filter(|(ext, _)| crate::compress::compressible(Path::new(&format!("x.{ext}"))))
        .map(|(ext, _)| *ext)
        .collect::<Vec<_>>()
        .join("|");
    line(&format!("<FilesMatch \"\\.({compressible})(\\.br|\\.gz)?$\">"));
    line("    Header merge Vary Accept-Encoding");
    line("</FilesMatch>");
    for l in header_lines(Cache::Revalidate, None) {
        line(&l);
    }
    line(&format!("<FilesMatch \"{}\">", headers::CONTENT_HASHED));
    line(&format!("    Header always set Cache-Control \"{}\"", Cache::Immutable.header()));
    line("</FilesMatch>");
    line("<FilesMatch \"\\.html(\\.br|\\.gz)?$\">");
    line(&format!("    Header always set Content-Security-Policy \"{site}\""));
    line("</FilesMatch>");
    for (page, policy) in &own {
        let pattern = format!("{prefix}{page}").replace('.', "\\.").replace('-', "\\-");
        line(&format!("<If \"%{{REQUEST_URI}} =~ m#^{pattern}(\\.br|\\.gz)?$#\">"));
        line(&format!("    Header always set Content-Security-Policy \"{policy}\""));
        line("</If>");
    }
    out.push_str("</Directory>\n");
    let (hsts, value) = headers::HSTS;
    out.push_str(&format!(
        "# On a public address, in the <VirtualHost *:443> that serves it over HTTPS:\n\
         #     Header always set {hsts} \"{value}\"\n"
    ));
    Ok(out)
}

/// `Header` lines every response of the folder gets.
fn header_lines(cache: Cache, policy: Option<&str>) -> Vec<String> {
    let mut lines = vec![format!("Header always set Cache-Control \"{}\"", cache.header())];
    for (name, value) in headers::SECURITY {
        lines.push(format!("Header always set {name} \"{value}\""));
    }
    if let Some(policy) = policy {
        lines.push(format!("Header always set Content-Security-Policy \"{policy}\""));
    }
    lines
}

/// A whole `apache2.conf` serving `dir` at its sub-path on `addr`, files under `work`.
fn main_config(dir: &Path, prefix: &str, work: &Path, addr: &str) -> Result<String, String> {
    let root = process::server_root(dir, prefix, &work.join("www"))?;
    let site = if prefix == "/" { root.clone() } else { root.join(prefix.trim_matches('/')) };
    let w = work.display();
    let mut out = String::new();
    for (name, file) in MODULES {
        out.push_str(&format!("LoadModule {name} {MODULE_DIR}/{file}\n"));
    }
    // Apache refuses to serve as root; Debian's user for it.
    let user = if is_root() { "User www-data\nGroup www-data\n" } else { "" };
    out.push_str(&format!(
        "ServerRoot \"{w}\"\nListen {addr}\nServerName localhost\n{user}PidFile \"{w}/httpd.pid\"\n\
         ErrorLog \"{w}/error.log\"\nLogLevel warn\nDefaultRuntimeDir \"{w}\"\nMutex file:{w} default\n\
         TypesConfig /etc/mime.types\nDocumentRoot \"{}\"\n\
         <Directory \"{}\">\n    Options FollowSymLinks\n    Require all granted\n</Directory>\n\
         Define {DIR_VARIABLE} \"{}\"\nInclude \"{}\"\n",
        root.display(),
        root.display(),
        site.display(),
        dir.join(FILE).display(),
    ));
    Ok(out)
}

/// The sub-path the site in `dir` was built for, read back from its [`FILE`].
fn read_prefix(dir: &Path) -> Result<String, String> {
    process::read_prefix(dir, FILE, |l| l.trim().strip_prefix("RewriteBase "))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.trim_ascii() == b"0").unwrap_or(false)
}

/// Debian's `apache2` binary.
pub fn binary() -> PathBuf {
    process::which("apache2").unwrap_or_else(|| PathBuf::from("/usr/sbin/apache2"))
}

/// Writes the main configuration for `dir` into `work`; its path and the site's
/// sub-path.
fn write_main_config(dir: &Path, work: &Path, addr: &str) -> Result<(PathBuf, String), String> {
    let dir = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let prefix = read_prefix(&dir)?;
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    let config = work.join("apache2.conf");
    std::fs::write(&config, main_config(&dir, &prefix, work, addr)?).map_err(|e| e.to_string())?;
    Ok((config, prefix))
}

/// `apache2ctl -t` on the site's configuration (in a minimal main configuration):
/// `Ok(log)` when Apache accepts it.
pub fn check(dir: &Path, work: &Path) -> Result<String, String> {
    let (config, _) = write_main_config(dir, work, "127.0.0.1:8099")?;
    let ctl = process::which("apache2ctl").unwrap_or_else(|| PathBuf::from("/usr/sbin/apache2ctl"));
    let out = Command::new(ctl)
        .arg("-f")
        .arg(&config)
        .arg("-t")
        .output()
        .map_err(|e| format!("cannot run apache2ctl: {e}"))?;
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.success() {
        Ok(log)
    } else {
        Err(log)
    }
}

/// Apache in the foreground on `dir` at `addr` (`host:0`: a free port) until dropped.
pub fn start(dir: &Path, addr: &str, work: &Path) -> Result<Process, String> {
    let addr = process::free_addr(addr)?;
    let (config, prefix) = write_main_config(dir, work, &addr)?;
    let mut cmd = Command::new(binary());
    cmd.arg("-f").arg(&config).arg("-DFOREGROUND");
    Process::start(cmd, &addr, &prefix, work, false)
}
