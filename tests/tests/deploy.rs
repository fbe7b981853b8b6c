//! The site behind the real web servers the Comune runs (Debian's nginx and Apache),
//! with the configurations `cargo xtask dist` wrote into dist/deploy/: every file of
//! the site requested over HTTP, its headers and bytes checked against what
//! `rendiconto_site::headers` decides and against the page's own HTML.

use e2e::{dist, Browser, WebServer};
use rendiconto_site::{apache, csp, deploy, headers, nginx};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An answer as the server sent it (no decompression, no redirect followed).
struct Answer {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

fn get(url: &str, accept_encoding: Option<&str>) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let mut request = agent.get(url);
    if let Some(accept) = accept_encoding {
        request = request.header("Accept-Encoding", accept);
    }
    let mut response = request.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let mut headers = BTreeMap::new();
    for (name, value) in response.headers() {
        let value = value.to_str().unwrap_or("").to_string();
        headers
            .entry(name.as_str().to_string())
            .and_modify(|v: &mut String| *v = format!("{v}, {value}"))
            .or_insert(value);
    }
    let body = response.body_mut().with_config().limit(100 << 20).read_to_vec().unwrap();
    Answer { status: response.status().as_u16(), headers, body }
}

/// The files of the site (not the servers' own files, not the `.br`/`.gz` siblings).
fn site_files(dir: &Path) -> Vec<String> {
    rendiconto_site::compress::files(dir)
        .unwrap()
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .filter(|rel| !deploy::is_deploy(rel))
        .collect()
}

/// What is wrong with how `base` serves `rel` of `dir`, asked with `accept`
/// (`None`: no Accept-Encoding).
fn check_file(base: &str, dir: &Path, rel: &str, accept: Option<&str>, errors: &mut Vec<String>) {
    let answer = get(&format!("{base}{rel}"), accept);
    let mut wrong = |what: String| errors.push(format!("{rel} ({accept:?}): {what}"));
    if answer.status != 200 {
        wrong(format!("status {}", answer.status));
        return;
    }
    let expected = headers::for_file(dir, rel);
    if answer.header("content-type") != expected.content_type {
        wrong(format!("type {:?}, not {:?}", answer.header("content-type"), expected.content_type));
    }
    if answer.header("cache-control") != expected.cache.header() {
        wrong(format!("cache {:?}, not {:?}", answer.header("cache-control"), expected.cache.header()));
    }
    for (name, value) in headers::SECURITY {
        if answer.header(&name.to_ascii_lowercase()) != value {
            wrong(format!("{name}: {:?}", answer.header(&name.to_ascii_lowercase())));
        }
    }
    let policy = answer.header("content-security-policy");
    match &expected.policy {
        Some(own) if policy != own => wrong(format!("policy {policy:?}, not the page's own {own:?}")),
        None if !policy.is_empty() => wrong(format!("a policy on a file that is no page: {policy:?}")),
        _ => {}
    }
    // The same policy in the page, for servers that send none (the widget's example
    // host page is the host's own: it has only its header).
    let file = dir.join(rel);
    if let (Some(own), false) = (&expected.policy, rel.starts_with("examples/")) {
        let html = std::fs::read_to_string(&file).unwrap();
        if csp::meta_policy(&html) != Some(csp::meta_part(own).as_str()) {
            wrong(format!("its <meta> policy {:?} is not its policy's", csp::meta_policy(&html)));
        }
    }
    // A page of the site (no policy file of its own): the policy its inline scripts need.
    if expected.content_type.starts_with("text/html") && !rendiconto_site::policy_path(&file).exists() {
        let html = std::fs::read_to_string(&file).unwrap();
        let needed = csp::policy(&html, csp::Page::Site);
        if policy != needed {
            wrong(format!("policy {policy:?}, but the page's inline scripts need {needed:?}"));
        }
    }
    let compressible = rendiconto_site::compress::compressible(&file);
    let wanted = match accept {
        Some(a) if compressible && a.contains("br") => "br",
        Some(a) if compressible && a.contains("gzip") => "gzip",
        _ => "",
    };
    let sibling = match wanted {
        "br" => PathBuf::from(format!("{}.br", file.display())),
        "gzip" => PathBuf::from(format!("{}.gz", file.display())),
        _ => file.clone(),
    };
    if answer.header("content-encoding") != wanted {
        wrong(format!("encoding {:?}, not {wanted:?}", answer.header("content-encoding")));
    } else if answer.body != std::fs::read(&sibling).unwrap() {
        wrong(format!("the body is not {}", sibling.display()));
    }
    if compressible && !answer.header("vary").to_ascii_lowercase().contains("accept-encoding") {
        wrong(format!("Vary {:?}", answer.header("vary")));
    }
}

/// Every file of `dir` as served at `base`, with brotli accepted; one file of each
/// extension also with gzip only and with no encoding; the folders' addresses, an
/// unknown address and the servers' own files. Returns what is wrong.
fn check_site(base: &str, dir: &Path) -> Vec<String> {
    let files = site_files(dir);
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for rel in &files {
        check_file(base, dir, rel, Some("gzip, deflate, br, zstd"), &mut errors);
        let ext = rel.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        if seen.insert(ext.to_string()) {
            check_file(base, dir, rel, Some("gzip"), &mut errors);
            check_file(base, dir, rel, None, &mut errors);
        }
    }
    assert!(files.len() > 500, "{} files: is dist/ built?", files.len());
    // A kind of file the servers' type tables do not name would go out untyped.
    for rel in &files {
        let ext = rel.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        if !headers::TYPES.iter().any(|(e, _)| *e == ext) {
            errors.push(format!("{rel}: .{ext} is not in rendiconto_site::headers::TYPES"));
        }
    }
    let site = std::fs::read_to_string(dir.join("csp.txt")).unwrap().trim().to_string();
    let activity = files.iter().find(|f| f.starts_with("attivita/")).unwrap().trim_end_matches("index.html");
    for folder in ["", activity] {
        let answer = get(&format!("{base}{folder}"), Some("br"));
        let index = dir.join(folder).join("index.html");
        let page = match answer.header("content-encoding") {
            "br" => std::fs::read(format!("{}.br", index.display())).ok(),
            _ => std::fs::read(&index).ok(),
        };
        if answer.status != 200
            || Some(&answer.body) != page.as_ref()
            || answer.header("content-security-policy") != site
        {
            errors.push(format!("{base}{folder}: status {}, not its index.html with its policy", answer.status));
        }
    }
    for missing in ["attivita/99-99-99/", "nessuna-pagina", "deploy/nginx.conf", "deploy/apache.conf"] {
        let answer = get(&format!("{base}{missing}"), None);
        let body = String::from_utf8_lossy(&answer.body);
        if answer.status != 404 || !body.contains("<html") || answer.header("content-security-policy") != site {
            errors.push(format!(
                "{missing}: status {}, policy {:?}: not the site's 404 page",
                answer.status,
                answer.header("content-security-policy")
            ));
        }
    }
    errors
}

fn work(name: &str) -> PathBuf {
    rendiconto_site::server_work(&format!("deploy-{name}-{}", std::process::id()))
}

fn assert_no_errors(server: &str, errors: &[String]) {
    assert!(
        errors.is_empty(),
        "{server}: {} problems, the first: {:#?}",
        errors.len(),
        &errors[..errors.len().min(15)]
    );
}

#[test]
fn the_configurations_in_dist_are_those_the_build_writes() {
    let dir = dist();
    for (rel, content) in deploy::configurations(&dir, rendiconto_site::prerender::DEFAULT_BASE_URL).unwrap() {
        assert_eq!(std::fs::read_to_string(dir.join(rel)).unwrap(), content, "{rel} is not what the build writes");
    }
}

#[test]
fn the_generated_configurations_pass_nginx_t_and_apache2ctl_t() {
    let dir = dist();
    let work = work("syntax");
    std::fs::create_dir_all(&work).unwrap();
    // The complete server example, with and without Debian's brotli module.
    let example = std::fs::read_to_string(dir.join(nginx::SERVER_FILE)).unwrap();
    let log = nginx::check(&example, &work, true).unwrap_or_else(|e| panic!("nginx -t: {e}"));
    assert!(log.contains("syntax is ok") && log.contains("test is successful"), "{log}");
    nginx::check(&nginx::without_brotli(&example), &work, false).unwrap_or_else(|e| panic!("nginx -t: {e}"));
    // Without the module, the brotli lines are an error: the note in the file says so.
    assert!(nginx::check(&example, &work, false).is_err());
    let log = apache::check(&dir, &work.join("apache")).unwrap_or_else(|e| panic!("apache2ctl -t: {e}"));
    assert!(log.contains("Syntax OK"), "{log}");
}

#[test]
fn behind_nginx_every_file_has_its_type_encoding_cache_and_policy() {
    let dir = dist();
    let server = nginx::start(&dir, "127.0.0.1:0", true, &work("nginx"), false).unwrap();
    assert!(server.base.ends_with("/rendiconto-aperto/"), "{}", server.base);
    assert_no_errors("nginx", &check_site(&server.base, &dir));
}

#[test]
fn behind_nginx_without_the_brotli_module_gzip_is_sent() {
    let dir = dist();
    let server = nginx::start(&dir, "127.0.0.1:0", false, &work("nginx-gzip"), false).unwrap();
    let mut errors = Vec::new();
    let wasm = site_files(&dir).into_iter().find(|f| f.ends_with(".wasm")).unwrap();
    for rel in ["index.html", "bundle/catalog.json", wasm.as_str()] {
        let answer = get(&format!("{}{rel}", server.base), Some("gzip, deflate, br"));
        assert_eq!(answer.header("content-encoding"), "gzip", "{rel}");
        check_file(&server.base, &dir, rel, Some("gzip"), &mut errors);
    }
    assert_no_errors("nginx without brotli", &errors);
}

#[test]
fn behind_apache_every_file_has_its_type_encoding_cache_and_policy() {
    let dir = dist();
    let server = apache::start(&dir, "127.0.0.1:0", &work("apache")).unwrap();
    // The smoke test: the home, an activity page, the wasm in brotli, a policy header.
    let home = get(&server.base, Some("br"));
    assert_eq!((home.status, home.header("content-encoding")), (200, "br"));
    assert!(!home.header("content-security-policy").is_empty());
    assert_no_errors("apache", &check_site(&server.base, &dir));
}

#[test]
fn behind_the_projects_server_every_file_has_the_same_headers() {
    let dir = dist();
    let server = rendiconto_site::http::Server::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", server.addr());
    let (s, d) = (server.clone(), dir.clone());
    std::thread::spawn(move || rendiconto_site::serve_with(s, d, None));
    assert_no_errors("xtask serve", &check_site(&base, &dir));
    server.stop();
}

#[test]
fn a_changed_inline_script_without_a_rebuilt_configuration_fails_the_check() {
    let copy = e2e::copy_of_dist("deploy-drift");
    let index = copy.join("index.html");
    let html = std::fs::read_to_string(&index).unwrap();
    let start = html.find("<script id=\"ra-boot\"").unwrap();
    let body = start + html[start..].find('>').unwrap() + 1;
    let changed = format!("{}/* a new build */{}", &html[..body], &html[body..]);
    // A page published as the build does: with its compressed copies.
    let publish = |html: &str| {
        std::fs::write(&index, html).unwrap();
        std::fs::write(copy.join("index.html.br"), rendiconto_site::compress::brotli(html.as_bytes())).unwrap();
        std::fs::write(copy.join("index.html.gz"), rendiconto_site::compress::gzip(html.as_bytes())).unwrap();
    };
    publish(&changed);
    // The page changed, its policy file not: caught by the page's own scripts.
    let server = nginx::start(&copy, "127.0.0.1:0", true, &work("drift-nginx"), false).unwrap();
    let errors = check_site(&server.base, &copy);
    assert!(errors.iter().any(|e| e.starts_with("index.html") && e.contains("inline scripts need")), "{errors:#?}");
    drop(server);

    // The page and its policy file rebuilt, the server's configuration not: caught by
    // the header.
    let policy = csp::policy(&changed, csp::Page::Site);
    std::fs::write(copy.join("csp.txt"), format!("{policy}\n")).unwrap();
    publish(&csp::with_meta(&changed, &policy));
    let server = nginx::start(&copy, "127.0.0.1:0", true, &work("drift-nginx"), false).unwrap();
    let errors = check_site(&server.base, &copy);
    assert!(errors.iter().any(|e| e.starts_with("index.html") && e.contains("not the page's own")), "{errors:#?}");
    drop(server);

    // The configuration rebuilt: nothing is wrong with the home any more.
    deploy::write(&copy, rendiconto_site::prerender::DEFAULT_BASE_URL, &work("drift-stage")).unwrap();
    let server = nginx::start(&copy, "127.0.0.1:0", true, &work("drift-nginx"), false).unwrap();
    let mut errors = Vec::new();
    check_file(&server.base, &copy, "index.html", None, &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    drop(server);
    let _ = std::fs::remove_dir_all(&copy);
}

/// What a shared question's page receives for its first result, by path: the bytes as
/// sent (compressed: `encodedBodySize`). Opened with the question in its address, so
/// that the index's pieces are those of that question alone (typed letter by letter,
/// each prefix would fetch its own, as fast as the keys come); the details and the
/// fonts, which start after the first results, are left out.
async fn bytes_before_the_first_result(server: WebServer) -> BTreeMap<String, u64> {
    let b = Browser::start_on(server, None).await;
    // When the first result shows, on the page's clock: what starts later (the
    // background fill of the index's pieces, the details, the fonts) is left out.
    let watch = format!(
        "new MutationObserver((_, o) => {{ const c = {}; if (c && c.dataset.query) {{ window.__firstResult = performance.now(); o.disconnect(); }} }}).observe(document, {{ subtree: true, childList: true, attributes: true }});",
        e2e::js_one(e2e::sel::COUNT)
    );
    b.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": watch })).await;
    b.open_results("?q=asili+nido", "asili nido").await;
    b.until_report_ready().await;
    let entries = b
        .js("return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                .filter(e => e.startTime < window.__firstResult)
                .map(e => [new URL(e.name).pathname, e.encodedBodySize]);")
        .await;
    let folder = url::Url::parse(&b.base).unwrap().path().to_string();
    b.close().await;
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e[0].as_str().unwrap().trim_start_matches(folder.as_str()).to_string(), e[1].as_u64().unwrap()))
        .filter(|(path, _)| path != "bundle/details.json" && !path.starts_with("fonts/"))
        .collect()
}

#[tokio::test]
async fn the_first_result_costs_the_same_bytes_behind_nginx_as_behind_xtask_serve() {
    let ours = bytes_before_the_first_result(WebServer::Ours).await;
    let nginx = bytes_before_the_first_result(WebServer::Nginx).await;
    let total = |m: &BTreeMap<String, u64>| m.values().sum::<u64>();
    eprintln!(
        "bytes before the first result: xtask serve {} in {} responses, nginx {} in {}",
        total(&ours),
        ours.len(),
        total(&nginx),
        nginx.len()
    );
    assert!(total(&ours) > 100_000, "{ours:?}");
    assert_eq!(nginx, ours);
}

#[tokio::test]
async fn behind_nginx_a_policy_violation_fails_the_test() {
    // nginx sends the deployed policy, which names no report address: the tests read
    // the page's own record of violations instead (e2e::Browser::close).
    let b = Browser::start_on(WebServer::Nginx, None).await;
    b.open_home().await;
    b.js("const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.head.append(s);")
        .await;
    b.until("the violation seen by the page", "window.__e2eCsp.length > 0").await;
    assert_eq!(b.js("return window.__ran === undefined;").await, true, "the policy blocked the inline script");
    let closed = tokio::spawn(async move { b.close().await });
    assert!(closed.await.is_err(), "closing the session must fail on the violation");
}

#[test]
fn cargo_xtask_nginx_serves_the_site_at_its_folder_until_ctrl_c() {
    use std::os::unix::process::CommandExt as _;
    dist();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // In a group of its own, as a terminal runs a command: Ctrl-C reaches the group.
    let mut xtask = std::process::Command::new(env!("CARGO"))
        .current_dir(rendiconto_site::root())
        .args(["run", "--quiet", "-p", "xtask", "--", "nginx", "--port", &port.to_string()])
        .process_group(0)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}/rendiconto-aperto/");
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed().as_secs() < 300, "cargo xtask nginx did not answer");
        assert!(xtask.try_wait().unwrap().is_none(), "cargo xtask nginx stopped");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let home = get(&base, Some("br"));
    assert_eq!((home.status, home.header("content-encoding")), (200, "br"));
    assert_eq!(home.header("content-security-policy"), headers::site_policy(&dist()).unwrap());
    std::process::Command::new("kill").args(["-INT", "--", &format!("-{}", xtask.id())]).status().unwrap();
    xtask.wait().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "nginx outlived Ctrl-C");
}
