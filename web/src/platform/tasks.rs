//! Time on the page's thread: clocks, named measures, and the ways to let the page
//! paint and answer input between pieces of work.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Runs `f` as a User Timing measure named `name` (`ra:…`): the start-up's steps show
/// by name in DevTools' performance panel and in `performance.getEntriesByType('measure')`
/// (the release wasm carries no function names).
pub fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(p) = &performance {
        let _ = p.mark(&start);
    }
    let out = f();
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(name, &start);
        p.clear_marks_with_mark_name(&start);
    }
    out
}

/// Milliseconds with sub-millisecond resolution where the browser gives it.
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// Lets the page paint and answer input before going on.
pub async fn next_task() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Resolves after the next frame has been painted: the frame's callback runs before
/// painting, and a task queued from it runs after.
pub async fn after_next_paint() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = JsFuture::from(frame).await;
    next_task().await;
}

/// [`after_next_paint`], or after `ms` if no frame comes first (a page whose frames
/// are paused: a hidden tab, a widget's frame scrolled out of sight, a starved machine):
/// for work that must happen after the paint when there is one, and happen anyway.
pub async fn after_next_paint_or(ms: i32) {
    let either = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(either).await;
    next_task().await;
}

/// Resolves when the browser is idle (`requestIdleCallback`, at most a second later;
/// where it is missing, after 100 ms).
pub async fn when_idle() {
    let Some(window) = web_sys::window() else { return };
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &1000.into());
        let asked = idle.as_ref().map(|f| f.call2(&window, &resolve, &options));
        if !matches!(asked, Some(Ok(_))) {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        }
    });
    let _ = JsFuture::from(promise).await;
}
