//! The single-file edition (`dist/offline/rendiconto-aperto.html`) and the kiosk
//! (`dist/kiosk.html`): the app, the engine and the data inside one HTML file that
//! works when opened straight from disk.
//!
//! Browsers refuse `fetch`, module scripts and workers loaded from `file://`. So the
//! page carries everything as base64 in `<script type="application/octet-stream">`
//! blocks (data, never executed), the app's glue as a classic script (a
//! `--target no-modules` build of the same wasm Trunk built), and a small loader that
//! decodes the bundle into `window.RA_BUNDLE` (each file of `dist/bundle/` by its name:
//! the manifest and every part it lists) and starts the app. The app checks the bundle
//! against its manifest exactly as on the web.

use base64::Engine as _;
use std::path::Path;

/// How the site's loader (`web/boot.js`, placed by Trunk: see Trunk.toml) opens.
pub const SITE_LOADER_TAG: &str = "<script id=\"ra-boot\"";

/// The loader: decodes the bundle from the blocks, then starts the app.
const LOADER: &str = r#"(function () {
  'use strict';
  function text(id) { return document.getElementById(id).textContent; }
  function bytes(b64) {
    var s = atob(b64), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { a[i] = s.charCodeAt(i); }
    return a;
  }
  function fail(e) {
    var s = document.getElementById('boot-status');
    if (s) {
      s.className = 'engine-error';
      s.setAttribute('role', 'alert');
      s.textContent = "L'applicazione non si è avviata (" + e + "). Prova con un browser recente: Chromium, Chrome, Edge o Firefox.";
    }
  }
  try {
    var bundle = {};
    document.querySelectorAll('script[data-bundle]').forEach(function (s) {
      bundle[s.getAttribute('data-bundle')] = bytes(s.textContent);
    });
    window.RA_BUNDLE = bundle;
    wasm_bindgen({ module_or_path: bytes(text('ra-app-wasm')) }).catch(fail);
  } catch (e) {
    fail(e);
  }
})();"#;

/// The bundle's part only the web site reads (`rendiconto_search::bundle::CATALOG`).
const SITE_CATALOG: &str = "catalog.json";

/// The pieces the single file is made of, all read from the build.
pub struct Parts {
    /// `dist/index.html`, as Trunk wrote it.
    pub index_html: String,
    pub css: String,
    /// Font files by the name the CSS uses (`fonts/….woff2`).
    pub fonts: Vec<(String, Vec<u8>)>,
    pub icon_svg: Vec<u8>,
    /// The app (interface and engine): `--target no-modules` glue and its wasm.
    pub app_js: String,
    pub app_wasm: Vec<u8>,
    /// The files of `dist/bundle/` by name: `manifest.json`, then the parts it lists.
    pub bundle: Vec<(String, Vec<u8>)>,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Removes every `<link …>` tag whose text contains `marker`.
fn drop_links(html: &str, marker: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link") {
        let end = rest[start..].find('>').map(|i| start + i + 1).unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        if !rest[start..end].contains(marker) {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The page without its first script that opens with `open_tag`; `None` if it has none.
fn without_script(html: &str, open_tag: &str) -> Option<Result<String, String>> {
    let start = html.find(open_tag)?;
    let end = html[start..].find("</script>").map(|i| start + i + "</script>".len());
    Some(end.map(|end| format!("{}{}", &html[..start], &html[end..])).ok_or_else(|| "unclosed script".to_string()))
}

/// Text placed inside `<script>` must not close it early.
fn script_safe<'a>(what: &str, text: &'a str) -> Result<&'a str, String> {
    if text.to_ascii_lowercase().contains("</script") {
        Err(format!("{what} contains \"</script\": it cannot be inlined"))
    } else {
        Ok(text)
    }
}

/// The whole page. `kiosk` turns on the kiosk mode (`<html data-mode="kiosk">`).
pub fn page(parts: &Parts, kiosk: bool) -> Result<String, String> {
    // The site's loader (web/boot.js) goes: the glue is inlined below, the bundle is
    // in the page, and its own loader starts the app.
    let mut html =
        without_script(&parts.index_html, SITE_LOADER_TAG).ok_or("index.html has no loader script (ra-boot)")??;
    for marker in [
        "rel=\"stylesheet\"",
        "rel=\"modulepreload\"",
        "rel=\"preload\"",
        "rel=\"manifest\"",
        "rel=\"apple-touch-icon\"",
    ] {
        html = drop_links(&html, marker);
    }
    let mut css = parts.css.clone();
    for (name, bytes) in &parts.fonts {
        css = css.replace(&format!("url({name})"), &format!("url(data:font/woff2;base64,{})", b64(bytes)));
    }
    if css.contains("url(fonts/") {
        return Err("style.css names a font file that is not in dist/fonts".into());
    }
    let icon = format!("data:image/svg+xml;base64,{}", b64(&parts.icon_svg));
    html = html.replace("href=\"icons/icon.svg\"", &format!("href=\"{icon}\""));
    html = html.replacen("</head>", &format!("<style>{}</style>\n</head>", script_safe("style.css", &css)?), 1);
    // The fonts are in the page: the brand face from the first paint (web/style.css,
    // `html.ra-fonts`), and the kiosk mode.
    let open = if kiosk {
        "<html lang=\"it\" class=\"ra-fonts\" data-mode=\"kiosk\">"
    } else {
        "<html lang=\"it\" class=\"ra-fonts\">"
    };
    if !html.contains("<html lang=\"it\">") {
        return Err("index.html does not start with <html lang=\"it\">".into());
    }
    html = html.replacen("<html lang=\"it\">", open, 1);
    let block = |attribute: &str, bytes: &[u8]| {
        format!("<script type=\"application/octet-stream\" {attribute}>{}</script>\n", b64(bytes))
    };
    let mut body = block("id=\"ra-app-wasm\"", &parts.app_wasm);
    for (name, bytes) in &parts.bundle {
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
            return Err(format!("bundle file name {name:?} cannot be an attribute value"));
        }
        body.push_str(&block(&format!("data-bundle=\"{name}\""), bytes));
    }
    body.push_str(&format!("<script>{}</script>\n", script_safe("the app's glue", &parts.app_js)?));
    body.push_str(&format!("<script>{LOADER}</script>\n"));
    let at = html.rfind("</body>").ok_or("index.html has no </body>")?;
    html.insert_str(at, &body);
    Ok(html)
}

/// Reads the parts from a built `dist/` and the no-modules interface build in `app_dir`.
pub fn read_parts(dist: &Path, app_dir: &Path) -> Result<Parts, String> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let text = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let css_path = std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("style-") && n.ends_with(".css"))
        })
        .ok_or("dist/ has no style-*.css")?;
    let mut fonts = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dist.join("fonts"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "woff2"))
        .collect();
    names.sort();
    for p in names {
        fonts.push((format!("fonts/{}", p.file_name().unwrap().to_string_lossy()), read(&p)?));
    }
    Ok(Parts {
        index_html: text(&dist.join("index.html"))?,
        css: text(&css_path)?,
        fonts,
        icon_svg: read(&dist.join("icons/icon.svg"))?,
        app_js: text(&app_dir.join("app.js"))?,
        app_wasm: read(&app_dir.join("app_bg.wasm"))?,
        bundle: read_bundle(&dist.join("bundle"))?,
    })
}

/// `manifest.json` and every part it lists, read from `dir`.
fn read_bundle(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let read = |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()));
    let manifest = read("manifest.json")?;
    let listed: serde_json::Value = serde_json::from_slice(&manifest).map_err(|e| format!("manifest.json: {e}"))?;
    let names = listed["parts"].as_array().ok_or("manifest.json lists no parts")?;
    let mut bundle = vec![("manifest.json".to_string(), manifest)];
    for name in names {
        let name = name["name"].as_str().ok_or("manifest.json: a part without a name")?;
        // The catalog is `data.json` without its texts, for the web site, whose pages
        // download the texts in pieces; the single file carries `data.json` whole.
        if name != SITE_CATALOG {
            bundle.push((name.to_string(), read(name)?));
        }
    }
    Ok(bundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> Parts {
        Parts {
            index_html: "<!doctype html>\n<html lang=\"it\">\n<head><link rel=\"icon\" href=\"icons/icon.svg\" type=\"image/svg+xml\">\
                <link rel=\"manifest\" href=\"manifest.webmanifest\"><link rel=\"stylesheet\" href=\"./style-1.css\"/>\
                <script id=\"ra-boot\" data-js=\"./app.js\">import(me.dataset.js); fetch('bundle/data.json')</script>\
                <link rel=\"modulepreload\" href=\"./app.js\"></head>\n<body><div id=\"app\"></div><script>fallback()</script></body></html>"
                .into(),
            css: "@font-face { src: url(fonts/a.woff2) format(\"woff2\"); } body { color: red; }".into(),
            fonts: vec![("fonts/a.woff2".into(), b"wOF2".to_vec())],
            icon_svg: b"<svg/>".to_vec(),
            app_js: "let wasm_bindgen = function () {};".into(),
            app_wasm: b"\0asm-app".to_vec(),
            bundle: vec![
                ("manifest.json".into(), b"{}".to_vec()),
                ("data.json".into(), b"{\"x\":\"</script>\"}".to_vec()),
                ("index.pack".into(), b"RAIX".to_vec()),
            ],
        }
    }

    #[test]
    fn nothing_is_left_to_fetch() {
        let html = page(&parts(), false).unwrap();
        for gone in [
            "ra-boot",
            "import(",
            "modulepreload",
            "manifest.webmanifest",
            "style-1.css",
            "url(fonts/",
            "icons/icon.svg",
            "bundle/data.json",
        ] {
            assert!(!html.contains(gone), "{gone} is still there");
        }
        assert!(html.contains(&format!("url(data:font/woff2;base64,{})", b64(b"wOF2"))));
        assert!(
            html.contains(&format!("data-bundle=\"data.json\">{}</script>", b64(b"{\"x\":\"</script>\"}"))),
            "data is base64, so it cannot close the script"
        );
        assert!(html.contains("<script>fallback()</script>"), "the start-up fallback stays");
        assert!(
            html.find("data-bundle=\"index.pack\"").unwrap() < html.find("RA_BUNDLE").unwrap(),
            "data before the loader"
        );
        assert!(!html.contains("data-mode"));
        assert!(html.contains("<html lang=\"it\" class=\"ra-fonts\">"), "the fonts are in the page: used at once");
        assert!(page(&parts(), true).unwrap().contains("<html lang=\"it\" class=\"ra-fonts\" data-mode=\"kiosk\">"));
    }

    #[test]
    fn refuses_what_would_break_the_page() {
        let mut p = parts();
        p.app_js = "var s = '</script>';".into();
        assert!(page(&p, false).unwrap_err().contains("glue"));
        let mut p = parts();
        p.css = "src: url(fonts/missing.woff2)".into();
        assert!(page(&p, false).is_err());
        let mut p = parts();
        p.bundle.push(("x\"><script>".into(), Vec::new()));
        assert!(page(&p, false).unwrap_err().contains("bundle file name"));
    }
}
