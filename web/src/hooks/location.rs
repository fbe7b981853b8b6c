//! The app's state ([`State`], changed only by [`Action`]s through its reducer) and the
//! address bar: written after each new location, read back on back and forward.

use crate::delivery;
use crate::platform::{address, storage};
use rendiconto_web_core::i18n::Lang;
use rendiconto_web_core::state::{Action, State, Write};
use rendiconto_web_core::Location;
use std::ops::Deref;
use std::rc::Rc;
use yew::prelude::*;

/// Where the language choice is remembered.
const LANG_KEY: &str = "rendiconto-aperto-lang";

/// [`State`] for Yew's `use_reducer`: an action that changes nothing keeps the same
/// `Rc`, so nothing is rendered again.
#[derive(PartialEq)]
pub struct AppState(State);

impl Deref for AppState {
    type Target = State;
    fn deref(&self) -> &State {
        &self.0
    }
}

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.0.reduce(action) {
            Some(next) => Rc::new(AppState(next)),
            None => self,
        }
    }
}

/// The state, starting at `start`, and the way to act on it. Each new location is
/// written to the address bar as the action asked (a new entry, or the same one
/// rewritten after a pause in typing); back and forward restore what the URL says.
#[hook]
pub fn use_app_state(start: Location) -> (UseReducerHandle<AppState>, Callback<Action>) {
    let state = use_reducer(move || AppState(State::new(start)));
    // One callback for the app's life: it is in the `Nav` context, and a new one at
    // each render would redraw every link and bar of the page at each engine step.
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action, _| dispatcher.dispatch(action))
    };
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a browser window");
            let listener = gloo_events::EventListener::new(&window, "popstate", move |_| {
                // A typed address still waiting must not overwrite the one returned to.
                address::cancel_pending_write();
                dispatch.emit(Action::Restore(current_location()));
            });
            move || drop(listener)
        });
    }
    {
        let (location, write) = (state.location.clone(), state.write);
        use_effect_with(state.revision, move |_| match write {
            Write::None => {}
            Write::Push => address::write(url_for(&location), true),
            Write::Replace => address::write(url_for(&location), false),
        });
    }
    (state, dispatch)
}

/// The URL's location; without `lang=` in it, the language chosen last time.
pub fn current_location() -> Location {
    let search = address::search();
    let path = if delivery::current().uses_paths() { address::path_from_root() } else { String::new() };
    let mut location = Location::parse(&path, &search);
    if !search.contains("lang=") {
        location.state.english = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten()).as_deref() == Some("en");
    }
    location
}

/// Remembers the language chosen, for pages opened later without `lang=`.
pub fn remember_language(lang: Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, lang.code());
    }
}

/// The absolute address of `location` in this delivery: its page's path on the web
/// site; the old query string on the file itself elsewhere (with the delivery's own
/// parameters, so that a reload keeps the mode).
pub fn url_for(location: &Location) -> String {
    let delivery = delivery::current();
    if delivery.uses_paths() {
        return address::absolute(&location.href_with(true));
    }
    let qs = location.href_with(false);
    let qs = if qs == "?" { String::new() } else { qs };
    format!("{}{}", address::pathname(), delivery::with_suffix(&qs, &delivery.url_suffix()))
}
