//! The static site's assembly: building `dist/` (each step cached, see [`cache`]) and
//! serving it. A library so that `cargo xtask` (its command line), the end-to-end tests
//! and the benchmark share one pipeline and one server.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub mod apache;
pub mod cache;
pub mod compress;
pub mod csp;
pub mod deploy;
pub mod first_answer;
pub mod headers;
pub mod http;
pub mod nginx;
pub mod prerender;
pub mod process;
pub mod pwa;
pub mod single_file;
pub mod wasm_size;

pub use http::{serve_with, CspReports};

/// Where `cargo xtask nginx` and the tests keep a web server's configuration and logs.
pub fn server_work(name: &str) -> PathBuf {
    target_dir(&root()).join("servers").join(name)
}

/// The project's folder (this crate is `crates/rendiconto-site`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).unwrap().to_path_buf()
}

/// Tools installed by scripts/setup.sh that are not on the default PATH (wasm-opt).
pub fn tool_path() -> String {
    let tools = root().join(".tools/node_modules/.bin");
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"));
    format!("{}:{}:{}", tools.display(), cargo_bin.join("bin").display(), std::env::var("PATH").unwrap_or_default())
}

/// Runs a command; an error names it and how it ended.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd.status().map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

/// How `dist` builds.
#[derive(Debug, Clone, Default)]
pub struct Build {
    /// Report text to index (default: the bundled 2023 report).
    pub input: Option<PathBuf>,
    /// Lower compression levels (development only: the `.br`/`.gz` files differ).
    pub fast: bool,
    /// The site's public address, for canonical links, `sitemap.xml` and `robots.txt`
    /// (default: [`prerender::DEFAULT_BASE_URL`]).
    pub base_url: Option<String>,
}

/// The single-file deliveries (`offline/`, `kiosk.html`), which no page of the site
/// needs: [`Site::finish`] writes them after the site.
fn is_single_file(rel: &str) -> bool {
    rel.starts_with("offline/") || rel.starts_with("kiosk.")
}

/// The open data (`dati/`), written by [`Site::finish`].
fn is_open_data(rel: &str) -> bool {
    rel.starts_with("dati/") && !prerender::is_page(rel)
}

/// Builds everything into `dist/`: [`site`], then [`Site::finish`].
pub fn dist(build: &Build) -> Result<PathBuf, String> {
    let started = Instant::now();
    let site = site(build)?;
    site.finish()?;
    eprintln!("dist: {} ready in {:.1} s", site.dist.display(), started.elapsed().as_secs_f64());
    Ok(site.dist)
}

/// Serves the site on `addr` as soon as it is built; the single files and the open data
/// follow on another thread (`no_build`: serves `dist/` as it is).
pub fn serve(addr: &str, no_build: bool, build: &Build) -> Result<(), String> {
    let started = Instant::now();
    let server = http::Server::bind(addr)?;
    let dist = if no_build {
        root().join("dist")
    } else {
        let site = site(build)?;
        let dist = site.dist.clone();
        std::thread::spawn(move || match site.finish() {
            Ok(()) => eprintln!("dist: the single file, the kiosk and the open data are ready"),
            Err(e) => {
                eprintln!("xtask: the single file, the kiosk or the open data were not built: {e}")
            }
        });
        dist
    };
    eprintln!("Rendiconto Aperto: http://{addr}/  (ready in {:.1} s; Ctrl-C to stop)", started.elapsed().as_secs_f64());
    serve_with(server, dist, None)
}

/// The web site in `dist/`, and what [`Site::finish`] needs.
pub struct Site {
    pub dist: PathBuf,
    root: PathBuf,
    /// `target/xtask-cache`: each step's output and the hash of its inputs.
    cache: PathBuf,
    levels: compress::Levels,
    /// The hash of the app's inputs (Trunk's step).
    web: cache::Step,
    /// The hash of the report, the synonyms and the code reading them.
    bundle_inputs: String,
    input: Option<PathBuf>,
    /// The site's public address (its path is the servers' sub-path).
    base_url: String,
}

/// Builds the web site into `dist/` (all but the single files): the app with Trunk,
/// the index and data bundle, the widget's example, every page's policy, the service
/// worker and the `.br`/`.gz` siblings. Each step is skipped when its inputs are those
/// of the last run (see [`cache`]); `dist/` is then left untouched.
pub fn site(build: &Build) -> Result<Site, String> {
    let root = root();
    let cache = target_dir(&root).join("xtask-cache");
    let rustc = cache::tool_versions(&["rustc"]);
    // vendor/: the forks patched in for crates.io crates (root Cargo.toml).
    let sources = ["crates", "vendor", "data", "Cargo.toml", "Cargo.lock", ".cargo/config.toml"];

    let web_inputs = [&sources[..], &["web", "Trunk.toml"]].concat();
    let tools = cache::tool_versions(&["trunk", "wasm-bindgen", "wasm-opt"]);
    let web = cache::Step::new(&cache, "web", cache::hash_inputs(&root, &web_inputs, &[&rustc, &tools])?);
    web.run("app (trunk build, wasm-opt; the first answer's module)", |out| {
        // Trunk builds with `cargo --offline` (it must not download tools), so the
        // crates have to be in the local registry first; a no-op when they are.
        run(Command::new("cargo").current_dir(&root).arg("fetch"))?;
        run(Command::new("trunk")
            .current_dir(&root)
            .env("PATH", tool_path())
            .args(["build", "--release", "--offline", "--cargo-profile", "wasm-release", "--dist"])
            .arg(out))?;
        // Trunk leaves `{boot}` in place when it cannot read web/boot.js.
        let page = out.join("index.html");
        let page = std::fs::read_to_string(&page).map_err(|e| format!("{}: {e}", page.display()))?;
        if !page.contains(single_file::SITE_LOADER_TAG) || page.contains("{boot}") {
            return Err("Trunk did not write the app's loader (web/boot.js) into index.html: see Trunk.toml".into());
        }
        first_answer::build(&root, out)?;
        // wasm-bindgen's output before wasm-opt, to recognise it (see `no_modules_interface`).
        let bound = target_dir(&root).join("wasm-bindgen/release/app_bg.wasm");
        std::fs::copy(&bound, unoptimized(&cache)).map_err(|e| format!("{}: {e}", bound.display()))?;
        Ok(())
    })?;

    let report = match &build.input {
        Some(input) => std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?,
        None => Vec::new(),
    };
    let bundle_inputs = [&sources[..], &["index-builder"]].concat();
    let bundle_inputs = cache::hash_inputs(&root, &bundle_inputs, &[&rustc, &report])?;
    let bundle = cache::Step::new(&cache, "bundle", bundle_inputs.clone());
    bundle.run("index and data bundle (index-builder build)", |out| {
        let _ = std::fs::remove_dir_all(out);
        // The dev profile: the output is byte-identical, and the tests build it anyway.
        let mut builder = Command::new("cargo");
        builder.current_dir(&root).args(["run", "--quiet", "-p", "index-builder", "--", "build", "--out"]);
        builder.arg(out);
        if let Some(input) = &build.input {
            builder.arg("--input").arg(input);
        }
        run(&mut builder)
    })?;

    let levels = if build.fast { compress::FAST } else { compress::BEST };
    let input = build.input.clone();
    let base_url = build.base_url.clone().unwrap_or_else(|| prerender::DEFAULT_BASE_URL.to_string());
    let site = Site { dist: root.join("dist"), root, cache, levels, web, bundle_inputs, input, base_url };
    let started = Instant::now();
    let stage = site.stage();
    let io = |e: std::io::Error| format!("{}: {e}", stage.display());
    let _ = std::fs::remove_dir_all(&stage);
    copy_dir(&site.web.output, &stage)?;
    copy_dir(&bundle.output, &stage.join("bundle"))?;
    let examples = stage.join("examples");
    std::fs::create_dir_all(&examples).map_err(io)?;
    for name in ["embed.html", "host.css", "embed.csp.txt"] {
        std::fs::copy(site.root.join("examples").join(name), examples.join(name))
            .map_err(|e| format!("examples/{name}: {e}"))?;
    }
    // Every page of the site, rendered (index.html becomes the prerendered home).
    prerender::write_pages(&site.root, &stage, build.base_url.as_deref())?;
    let index_html = std::fs::read_to_string(stage.join("index.html")).map_err(io)?;
    let site_policy = csp::policy(&index_html, csp::Page::Site);
    std::fs::write(stage.join("csp.txt"), format!("{site_policy}\n")).map_err(io)?;

    let template = std::fs::read_to_string(site.root.join("web/sw.js")).map_err(|e| format!("web/sw.js: {e}"))?;
    pwa::write_service_worker(&stage, &template)?;
    // Last, so that every page and policy written above has its .br/.gz sibling.
    site.publish(&stage, |rel| !is_single_file(rel) && !is_open_data(rel) && !deploy::is_deploy(rel))?;
    eprintln!("dist: site assembled and compressed: {:.1} s", started.elapsed().as_secs_f64());
    Ok(site)
}

impl Site {
    /// Where the site is assembled before it is copied into `dist/`.
    fn stage(&self) -> PathBuf {
        self.cache.join("site")
    }

    /// Compresses `stage` (each content once: the results are kept in the cache) and
    /// copies into `dist/` the files `owned` that changed.
    fn publish(&self, stage: &Path, owned: impl Fn(&str) -> bool) -> Result<(), String> {
        compress::precompress_with(stage, self.levels, Some(&self.cache.join("compressed")))?;
        cache::sync(stage, &self.dist, owned)?;
        Ok(())
    }

    /// What no page of the site needs, into `dist/`: the single files, the open
    /// data, and last the web servers' configurations (made from every page's policy,
    /// see [`deploy`]). `cargo xtask serve` runs it while the site is already served.
    pub fn finish(&self) -> Result<(), String> {
        self.single_files()?;
        self.open_data()?;
        deploy::write(&self.dist, &self.base_url, &self.cache.join("deploy"))?;
        compress::prune_cache(&self.cache.join("compressed"));
        Ok(())
    }

    /// The open data, into dist/dati/ (listed in docs/data-format.md): the Data Package
    /// (datapackage.json and its CSVs), the JSON export, the search documents and their
    /// DCAT-AP_IT metadata. Published after the site so that the service worker does not
    /// precache them: they are downloads, not part of the app. Made from the same inputs
    /// as the bundle.
    fn open_data(&self) -> Result<(), String> {
        let open_data = cache::Step::new(&self.cache, "open-data", self.bundle_inputs.clone());
        open_data.run("open data (index-builder export)", |out| {
            let _ = std::fs::remove_dir_all(out);
            let mut export = Command::new("cargo");
            export.current_dir(&self.root).args(["run", "--quiet", "-p", "index-builder", "--", "export"]);
            export.args(["--format", "datapackage", "--out"]).arg(out.join("dati"));
            if let Some(input) = &self.input {
                export.arg("--input").arg(input);
            }
            run(&mut export)
        })?;
        self.publish(&open_data.output, is_open_data)
    }

    /// The single-file edition and the kiosk, with their policies, into `dist/`.
    fn single_files(&self) -> Result<(), String> {
        let started = Instant::now();
        let wasm = target_dir(&self.root).join("wasm32-unknown-unknown/wasm-release/app.wasm");
        let wasm_bytes = std::fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
        // And the optimised wasm it may take (`no_modules_interface`).
        let optimised = trunk_wasm(&self.web.output)?.map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        let inputs = cache::hash_inputs(
            &self.root,
            &[],
            &[&wasm_bytes, &cache::tool_versions(&["wasm-bindgen"]), optimised.as_bytes()],
        )?;
        let interface = cache::Step::new(&self.cache, "no-modules", inputs);
        interface.run("interface as a classic script (wasm-bindgen --target no-modules)", |out| {
            no_modules_interface(&wasm, &self.web.output, &unoptimized(&self.cache), out)
        })?;
        let parts = single_file::read_parts(&self.stage(), &interface.output)?;
        let pages = self.cache.join("single-files");
        let _ = std::fs::remove_dir_all(&pages);
        std::fs::create_dir_all(pages.join("offline")).map_err(|e| format!("{}: {e}", pages.display()))?;
        write_page(
            &pages.join("offline/rendiconto-aperto.html"),
            &single_file::page(&parts, false)?,
            csp::Page::SingleFile,
        )?;
        write_page(&pages.join("kiosk.html"), &single_file::page(&parts, true)?, csp::Page::SingleFile)?;
        self.publish(&pages, is_single_file)?;
        eprintln!("dist: single file and kiosk: {:.1} s", started.elapsed().as_secs_f64());
        Ok(())
    }
}

/// `target/`, or `CARGO_TARGET_DIR`.
pub(crate) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"))
}

/// wasm-bindgen's output of the last Trunk build, before wasm-opt.
fn unoptimized(cache: &Path) -> PathBuf {
    cache.join("web-unoptimized_bg.wasm")
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Writes a page with its policy in a `<meta>` and, beside it, in a file for the web
/// server (`kiosk.html` → `kiosk.csp.txt`).
fn write_page(path: &Path, html: &str, page: csp::Page) -> Result<(), String> {
    let policy = csp::policy(html, page);
    std::fs::write(path, csp::with_meta(html, &policy)).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(policy_path(path), format!("{policy}\n")).map_err(|e| e.to_string())
}

/// `dir/name.html` → `dir/name.csp.txt`.
pub fn policy_path(page: &Path) -> PathBuf {
    page.with_extension("csp.txt")
}

/// The wasm Trunk optimised in `site` (`app-<hash>_bg.wasm`), not the first answer's
/// module beside it.
fn trunk_wasm(site: &Path) -> Result<Option<PathBuf>, String> {
    Ok(std::fs::read_dir(site)
        .map_err(|e| format!("{}: {e}", site.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("app-") && n.ends_with("_bg.wasm"))
        }))
}

/// The interface as a classic script (module scripts cannot load from `file://`):
/// `wasm-bindgen --target no-modules` on the wasm Trunk compiled, into `out`
/// (`app.js`, `app_bg.wasm`). The wasm wasm-bindgen writes is the same for every
/// target; when it is the one Trunk optimised (`unoptimized`), Trunk's optimised
/// file is taken, else `wasm-opt -Oz` is run as Trunk does.
fn no_modules_interface(wasm: &Path, site: &Path, unoptimized: &Path, out: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(out);
    wasm_bindgen(wasm, "no-modules", "app", out)?;
    let opt = out.join("app_bg.wasm");
    match trunk_wasm(site)? {
        Some(optimised) if std::fs::read(&opt).ok() == std::fs::read(unoptimized).ok() => {
            std::fs::copy(&optimised, &opt).map_err(|e| format!("{}: {e}", optimised.display()))?;
            Ok(())
        }
        _ => wasm_opt(&opt, &opt),
    }
}

/// `wasm-bindgen --target TARGET` on `wasm`: `NAME.js` and `NAME_bg.wasm` into `out`.
pub(crate) fn wasm_bindgen(wasm: &Path, target: &str, name: &str, out: &Path) -> Result<(), String> {
    run(Command::new("wasm-bindgen")
        .env("PATH", tool_path())
        .args(["--target", target, "--no-typescript", "--out-name", name, "--out-dir"])
        .arg(out)
        .arg(wasm))
}

/// `wasm-opt -Oz`, Trunk's level for the release build, from `input` into `output`
/// (the same file or not).
pub(crate) fn wasm_opt(input: &Path, output: &Path) -> Result<(), String> {
    run(Command::new("wasm-opt")
        .env("PATH", tool_path())
        .arg("-Oz")
        .arg(format!("--output={}", output.display()))
        .arg(input))
}
