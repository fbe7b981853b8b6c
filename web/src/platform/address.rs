//! The address bar and the document's title: the site's root (`<base>`), the path
//! under it, and writes that wait for a pause in typing.

use super::document;
use std::cell::RefCell;

thread_local! {
    /// The site's root as an absolute URL ending in `/` (see [`fix_base`]).
    static ROOT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The site's root: the prerendered pages say it with `<base href="../../">`, and
/// `index.html` is in it. Written back as an absolute `<base>`, so that relative links
/// keep resolving to the root after the address changes (`pushState`).
pub fn fix_base() {
    let doc = document();
    let base_uri = doc.base_uri().ok().flatten().unwrap_or_default();
    let cut = base_uri.find(['?', '#']).unwrap_or(base_uri.len());
    let dir = &base_uri[..cut];
    let root = match dir.rfind('/') {
        Some(i) => dir[..=i].to_string(),
        None => dir.to_string(),
    };
    let base = match doc.query_selector("base").ok().flatten() {
        Some(b) => Some(b),
        None => doc.create_element("base").ok().inspect(|b| {
            if let Some(head) = doc.head() {
                let _ = head.prepend_with_node_1(b);
            }
        }),
    };
    if let Some(b) = base {
        let _ = b.set_attribute("href", &root);
    }
    ROOT.with(|r| *r.borrow_mut() = Some(root));
}

/// `href` (relative to the root) as an absolute URL.
pub fn absolute(href: &str) -> String {
    let root = ROOT.with(|r| r.borrow().clone()).unwrap_or_default();
    format!("{root}{}", href.trim_start_matches("./"))
}

/// The page's path under the site's root (`attivita/9-3-1/`).
pub fn path_from_root() -> String {
    let Some(window) = web_sys::window() else { return String::new() };
    let pathname = window.location().pathname().unwrap_or_default();
    let root = ROOT.with(|r| r.borrow().clone()).unwrap_or_default();
    let root_path = web_sys::Url::new(&root).map(|u| u.pathname()).unwrap_or_else(|_| "/".into());
    pathname.strip_prefix(&root_path).unwrap_or("").to_string()
}

/// The query string, with its `?`.
pub fn search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The file's own path (`/kiosk.html`), where the one-file deliveries stay.
pub fn pathname() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

/// The whole address.
pub fn href() -> Option<String> {
    web_sys::window().and_then(|w| w.location().href().ok())
}

/// How long typing must pause before the address bar and the title follow the query.
const TYPING_PAUSE_MS: u32 = 300;

/// An update waiting for a pause in typing.
type Waiting = RefCell<Option<gloo_timers::callback::Timeout>>;

thread_local! {
    /// The address bar's update waiting (see [`write`]).
    static PENDING_URL: Waiting = const { RefCell::new(None) };
    /// The title's (see [`write_title`]).
    static PENDING_TITLE: Waiting = const { RefCell::new(None) };
}

/// Runs `update` at once, or (`after_pause`) once typing pauses; either way it replaces
/// (and so cancels) the update still waiting in `slot`.
fn update_when(slot: &'static std::thread::LocalKey<Waiting>, after_pause: bool, update: impl FnOnce() + 'static) {
    slot.with(|p| p.borrow_mut().take());
    if after_pause {
        let later = gloo_timers::callback::Timeout::new(TYPING_PAUSE_MS, update);
        slot.with(|p| *p.borrow_mut() = Some(later));
    } else {
        update();
    }
}

/// Writes `url` to the address bar; `push` makes a new history entry, at once.
/// Replacements (typing) wait for a pause: browsers ignore `replaceState` called
/// hundreds of times in a few seconds, which would leave a stale address, and each
/// call takes the main thread for a moment that a keystroke arriving then would wait.
pub fn write(url: String, push: bool) {
    update_when(&PENDING_URL, !push, move || {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let state = &wasm_bindgen::JsValue::NULL;
            let _ = if push {
                history.push_state_with_url(state, "", Some(&url))
            } else {
                history.replace_state_with_url(state, "", Some(&url))
            };
        }
    });
}

/// Forgets the address still waiting for a pause (back or forward went elsewhere).
pub fn cancel_pending_write() {
    PENDING_URL.with(|p| p.borrow_mut().take());
}

/// Sets the document's title; `after_pause` (a results page, changing with each
/// keystroke) waits for the same pause as the address bar: setting the title takes
/// about a millisecond, inside the frame that shows the typed letter's results.
pub fn write_title(title: &str, after_pause: bool) {
    let title = title.to_string();
    update_when(&PENDING_TITLE, after_pause, move || document().set_title(&title));
}

/// Rewrites the address at once, if it differs (an old link shown at its page's path).
pub fn replace_now(url: &str) {
    if href().as_deref() != Some(url) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
        }
    }
}
