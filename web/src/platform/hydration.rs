//! The prerendered page hydrated in parts: the page's frame (header, search box, status)
//! in the first task, then each part marked [`crate::components::later::Later`] in a
//! task of its own. Hydrating the home's 2,000 elements at once held the page's thread
//! for 450 ms on the benchmark's 4× slower CPU (Lighthouse counts every task over 50 ms
//! as blocking); in parts, no task is that long, and a keystroke in between is answered.

use std::cell::Cell;
use yew::suspense::Suspension;

thread_local! {
    /// Whether the app's first render is hydrating the prerendered page.
    static HYDRATING: Cell<bool> = const { Cell::new(false) };
    /// The parts put off so far: the next one waits one task more.
    static PUT_OFF: Cell<u32> = const { Cell::new(0) };
    /// The parts put off and not hydrated yet.
    static PENDING: Cell<u32> = const { Cell::new(0) };
}

/// Says on `<html data-hydrated="whole">` (for tests and the benchmark) that every part
/// is hydrated, once the first render is over and the last part put off is in.
fn whole_if_last() {
    if !HYDRATING.with(Cell::get) && PENDING.with(Cell::get) == 0 {
        // The part's own render runs after its suspension resumes: a task later.
        wasm_bindgen_futures::spawn_local(async {
            super::tasks::next_task().await;
            super::set_root_attribute("data-hydrated", "whole");
        });
    }
}

/// Runs `hydrate` (which starts Yew's first render) with the parts put off: Yew renders
/// in a microtask after `hydrate` returns, so the flag falls in the next task.
pub fn in_parts(hydrate: impl FnOnce()) {
    HYDRATING.with(|h| h.set(true));
    PUT_OFF.with(|p| p.set(0));
    hydrate();
    gloo_timers::callback::Timeout::new(0, || {
        HYDRATING.with(|h| h.set(false));
        whole_if_last();
    })
    .forget();
}

/// For a part of the page (once, when it is created): during the first hydration, a
/// suspension that resumes one task after the part put off before it; else none (a
/// page drawn afresh is drawn at once: it has nothing on screen to show meanwhile).
pub fn put_off() -> Option<Suspension> {
    if !HYDRATING.with(Cell::get) {
        return None;
    }
    let turn = PUT_OFF.with(|p| {
        p.set(p.get() + 1);
        p.get()
    });
    PENDING.with(|p| p.set(p.get() + 1));
    Some(Suspension::from_future(async move {
        for _ in 0..turn {
            super::tasks::next_task().await;
        }
        PENDING.with(|p| p.set(p.get() - 1));
        whole_if_last();
    }))
}
