//! `dist/deploy/`: the web servers' configurations ([`crate::nginx`],
//! [`crate::apache`]), written by `cargo xtask dist` after every page and policy of the
//! site ([`write`]).

use crate::{apache, nginx};
use std::path::Path;

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
    let locations = nginx::locations(dist, &prefix)?;
    Ok(vec![
        (nginx::SERVER_FILE, nginx::server_example(&locations, &prefix)),
        (nginx::FILE, locations),
        (apache::FILE, apache::config(dist, &prefix)?),
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
