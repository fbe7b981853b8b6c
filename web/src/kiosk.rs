//! Kiosk mode: a public touch screen that nobody looks after. In the browser, the idle
//! reset and the guards that keep visitors inside the app (the on-screen keyboard's
//! keys are `rendiconto_web_core::keys`).

use crate::platform::document;
use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A visitor cannot leave the app: no context menu (it offers "open in a new window",
/// "save as", "inspect"), no dragging a link out, no link to another page or a
/// download. Installed once for the life of the page.
pub fn install_guards() {
    let doc = document();
    let active = EventListenerOptions { phase: EventListenerPhase::Capture, passive: false };
    EventListener::new_with_options(&doc, "contextmenu", active, |e| e.prevent_default()).forget();
    EventListener::new_with_options(&doc, "dragstart", active, |e| e.prevent_default()).forget();
    // Capture phase: decided before the app's own link handlers run.
    EventListener::new_with_options(&doc, "click", active, |e| {
        let link = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(a) = link {
            if leaves_the_app(&a) {
                e.prevent_default();
                e.stop_immediate_propagation();
            }
        }
    })
    .forget();
}

/// Links inside the app only change the query string of this very page.
fn leaves_the_app(a: &web_sys::HtmlAnchorElement) -> bool {
    let Some(here) = web_sys::window().map(|w| w.location()) else { return true };
    let same = |x: String, y: Result<String, wasm_bindgen::JsValue>| y.map(|y| x == y).unwrap_or(false);
    a.has_attribute("download")
        || !a.target().is_empty() && a.target() != "_self"
        || !same(a.protocol(), here.protocol())
        || !same(a.host(), here.host())
        || !same(a.pathname(), here.pathname())
}

/// Calls `on_idle` when nobody has touched, typed or scrolled for `idle_secs`
/// (no timer at all when `None`), with the page back at its top and nothing focused
/// for the next visitor. Checked once a second: the reset may come up to a second
/// late, which nobody standing at a kiosk can tell.
#[hook]
pub fn use_idle_reset(idle_secs: Option<u32>, on_idle: Callback<()>) {
    use_effect_with(idle_secs, move |secs| {
        let mut listeners = Vec::new();
        let mut interval = None;
        if let Some(secs) = *secs {
            let last = Rc::new(Cell::new(js_sys::Date::now()));
            let passive = EventListenerOptions { phase: EventListenerPhase::Capture, passive: true };
            for event in ["pointerdown", "keydown", "input", "wheel", "touchstart", "scroll"] {
                let last = last.clone();
                listeners.push(EventListener::new_with_options(&document(), event, passive, move |_| {
                    last.set(js_sys::Date::now())
                }));
            }
            interval = Some(gloo_timers::callback::Interval::new(1000, move || {
                if js_sys::Date::now() - last.get() >= f64::from(secs) * 1000.0 {
                    last.set(js_sys::Date::now());
                    on_idle.emit(());
                    if let Some(w) = web_sys::window() {
                        w.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                    if let Some(el) = document().active_element() {
                        let _ = el.unchecked_into::<web_sys::HtmlElement>().blur();
                    }
                }
            }));
        }
        move || {
            drop(listeners);
            drop(interval);
        }
    });
}
