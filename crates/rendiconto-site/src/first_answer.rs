//! The first answer's module (`web/src/first.rs`, the binary `first` of
//! `rendiconto-web`): the engine and the result list without the interface, which
//! `web/boot.js` starts before the interface's module on a page opened with a
//! question. Trunk builds one module per page (the interface's), so this one is built
//! here the way Trunk builds that one: the same profile, `wasm-bindgen --target web`,
//! `wasm-opt -Oz`, and a name that holds a hash of its content (served as immutable,
//! see [`crate::headers::CONTENT_HASHED`]). Its two names go into the loader's
//! `data-first-js` and `data-first-wasm`.

use crate::{run, target_dir};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Command;

/// The module's name, before its hash.
const NAME: &str = "first";

/// Builds the module into `site` (Trunk's output) and names it in `site/index.html`'s
/// loader.
pub fn build(root: &Path, site: &Path) -> Result<(), String> {
    run(Command::new("cargo").current_dir(root).args([
        "build",
        "--offline",
        "--quiet",
        "--profile",
        "wasm-release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "rendiconto-web",
        "--bin",
        NAME,
    ]))?;
    let wasm = target_dir(root).join(format!("wasm32-unknown-unknown/wasm-release/{NAME}.wasm"));
    let bound = target_dir(root).join(format!("wasm-bindgen/{NAME}"));
    let _ = std::fs::remove_dir_all(&bound);
    crate::wasm_bindgen(&wasm, "web", NAME, &bound)?;
    let optimized = bound.join(format!("{NAME}_bg.opt.wasm"));
    crate::wasm_opt(&bound.join(format!("{NAME}_bg.wasm")), &optimized)?;
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let (js, wasm) = (read(&bound.join(format!("{NAME}.js")))?, read(&optimized)?);
    let mut hasher = Sha256::new();
    hasher.update(&js);
    hasher.update(&wasm);
    let hash = hex::encode(&hasher.finalize()[..8]);
    let (js_name, wasm_name) = (format!("{NAME}-{hash}.js"), format!("{NAME}-{hash}_bg.wasm"));
    let write = |name: &str, bytes: &[u8]| std::fs::write(site.join(name), bytes).map_err(|e| format!("{name}: {e}"));
    write(&js_name, &js)?;
    write(&wasm_name, &wasm)?;
    let page = site.join("index.html");
    let html = std::fs::read_to_string(&page).map_err(|e| format!("{}: {e}", page.display()))?;
    std::fs::write(&page, name_in_loader(&html, &js_name, &wasm_name)?).map_err(|e| format!("{}: {e}", page.display()))
}

/// `html` with the module's names in its loader's `data-first-js` and `data-first-wasm`.
fn name_in_loader(html: &str, js: &str, wasm: &str) -> Result<String, String> {
    let tag = crate::single_file::SITE_LOADER_TAG;
    if !html.contains(tag) {
        return Err("index.html has no loader script (ra-boot) to name the first answer's module in".into());
    }
    Ok(html.replacen(tag, &format!("{tag} data-first-js=\"./{js}\" data-first-wasm=\"./{wasm}\""), 1))
}

#[cfg(test)]
mod tests {
    use super::name_in_loader;

    #[test]
    fn the_loader_is_told_both_names() {
        let html = "<head><script id=\"ra-boot\" data-js=\"./app-1.js\">boot</script></head>";
        assert_eq!(
            name_in_loader(html, "first-ab.js", "first-ab_bg.wasm").unwrap(),
            "<head><script id=\"ra-boot\" data-first-js=\"./first-ab.js\" data-first-wasm=\"./first-ab_bg.wasm\" data-js=\"./app-1.js\">boot</script></head>"
        );
        assert!(name_in_loader("<head></head>", "a", "b").is_err());
    }
}
