//! Start-up: the error screen for a panic, then the app on the page: hydrating the
//! prerendered HTML when the first render is exactly that page, else rendering afresh.

use crate::app::{App, AppProps};
use crate::delivery::{self, Mode};
use crate::hooks::location::current_location;
use crate::platform::tasks::measured;
use crate::platform::{address, document, hydration, search_box, set_root_attribute};
use crate::{embed, kiosk};
use rendiconto_web_core::{Location, Page, Route, UrlState};
use std::rc::Rc;

/// In WebAssembly a panic stops the program; instead of a frozen page, say so and
/// offer to reload (the hook runs before the abort).
pub fn install_panic_hook() {
    // Through Yew: its renderer would otherwise install its own (console-only) hook.
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal_error();
    }));
}

/// Lets the browser tests check the error screen through a real panic. Reachable only
/// from script (Trunk exposes it as `window.wasmBindings.self_test_panic`), not by URL.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn self_test_panic() {
    panic!("self-test: the error screen must replace the page");
}

/// Replaces the page with the error screen, built with plain DOM calls (the app that
/// would draw it has stopped).
fn show_fatal_error() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(root) = document.get_element_by_id("app") else { return };
    let href = address::href().unwrap_or_else(|| "./".into());
    let build = || -> Result<(), wasm_bindgen::JsValue> {
        root.set_inner_html("");
        let main = document.create_element("main")?;
        main.set_class_name("wrap fatal");
        let p = document.create_element("p")?;
        p.set_class_name("engine-error");
        p.set_attribute("role", "alert")?;
        p.set_id("fatal-error");
        p.set_text_content(Some(
            "Si è verificato un errore imprevisto e l'applicazione si è fermata. / An unexpected error stopped the application. ",
        ));
        let a = document.create_element("a")?;
        a.set_attribute("href", &href)?;
        a.set_text_content(Some("Ricarica la pagina / Reload the page"));
        p.append_child(&a)?;
        main.append_child(&p)?;
        root.append_child(&main)?;
        Ok(())
    };
    let _ = build();
}

/// Starts the app on the page, in a task of its own: the wasm module's instantiation
/// (with the first compilation of its start-up code), reading the page, and the first
/// render (hydration) are three shorter tasks, not one long one.
pub fn start() {
    gloo_timers::callback::Timeout::new(0, start_now).forget();
}

/// Hydrates the prerendered HTML when the first render is that page exactly (the web
/// site, same route, no search, Italian), else renders afresh (with the prerendered
/// content when it is the page asked for).
fn start_now() {
    let root = document().get_element_by_id("app").expect("index.html has #app");
    let delivery = delivery::current();
    match delivery.mode {
        Mode::Embed { compact } => {
            set_root_attribute("data-mode", if compact { "embed compact" } else { "embed" });
            embed::report_height();
        }
        Mode::Kiosk { .. } => kiosk::install_guards(),
        Mode::Site => {}
    }
    if delivery.uses_paths() {
        address::fix_base();
    }
    let start = current_location();
    let prerendered: Option<Page> = document()
        .get_element_by_id("ra-page")
        .and_then(|el| el.text_content())
        .and_then(|json| serde_json::from_str(&json).ok());
    let hydrate = delivery.uses_paths()
        && prerendered.as_ref().is_some_and(|p| p.route() == start.route)
        && start.state == UrlState::default();
    if delivery.uses_paths() {
        // An old link (`?a=m9-p3-a1`) shows its page's address from now on.
        address::replace_now(&address::absolute(&start.href_with(true)));
    }
    // The first render in a task of its own: reading the page (above) and drawing it
    // are each tens of ms on a slow phone.
    gloo_timers::callback::Timeout::new(0, move || render_first(root, start, prerendered, hydrate)).forget();
}

/// The app's first render: hydrating the page, or drawing it afresh.
fn render_first(root: web_sys::Element, mut start: Location, prerendered: Option<Page>, hydrate: bool) {
    // Read now, last: what was typed until this very task is searched.
    let typed = search_box().map(|b| b.value()).filter(|v| !v.is_empty());
    // Where the first answer's module drew (`crate::first`, until `data-start` below,
    // so it is read here), the page is no longer the prerendered one: its drawing stays
    // until this app answers.
    let drawn_over = document().document_element().is_some_and(|html| html.has_attribute("data-first"));
    let hydrate = hydrate && !drawn_over;
    // Drawn afresh on results, the box shows it from the first render (the address,
    // read a task earlier, may lack the last keys).
    if let (false, Route::Results, Some(typed)) = (hydrate, start.route, &typed) {
        start.state.query = typed.clone();
    }
    let first_answer = drawn_over
        .then(|| document().get_element_by_id("content"))
        .flatten()
        .map(|content| yew::AttrValue::from(content.inner_html()));
    let props = AppProps { start, prerendered: prerendered.map(Rc::new), typed, first_answer };
    set_root_attribute("data-start", if hydrate { "hydrate" } else { "render" });
    if hydrate {
        // In parts (`platform::hydration`): no task holds the page's thread long.
        hydration::in_parts(|| {
            measured("ra:hydrate", || yew::Renderer::<App>::with_root_and_props(root, props).hydrate());
        });
    } else {
        // Someone typing in the box keeps typing in the new one: its focus and caret
        // go over (the first answer's module hands the page over while people type).
        let caret = search_box()
            .filter(|b| document().active_element().as_ref() == Some(b.as_ref()))
            .map(|b| (b.selection_start().ok().flatten(), b.selection_end().ok().flatten()));
        // The static content (loading text, or a prerendered page of another view) goes.
        root.set_inner_html("");
        yew::Renderer::<App>::with_root_and_props(root, props).render();
        if let Some((start, end)) = caret {
            // After Yew's first render (a microtask: before the next key is handled).
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(b) = search_box() {
                    let _ = b.focus();
                    if let (Some(start), Some(end)) = (start, end) {
                        let _ = b.set_selection_range(start, end);
                    }
                }
            });
        }
    }
}
