//! What the app writes outside its root: the document's title and language, the focus
//! on a newly opened page, the `<html>` attributes tests and the benchmark wait for,
//! the service worker's registration, and the widget's host told of a new view.

use super::location::remember_language;
use crate::platform::{address, focus, set_root_attribute};
use crate::{delivery, embed, pwa};
use rendiconto_web_core::i18n::Lang;
use rendiconto_web_core::loading::EngineStatus;
use rendiconto_web_core::{Location, Page, Route};
use std::rc::Rc;
use yew::prelude::*;

/// Keeps the document in step with the page; `on_update` is called when a newer
/// version of the app is installed and waits.
#[hook]
pub fn use_document(page: Rc<Page>, location: Location, lang: Lang, status: EngineStatus, on_update: Callback<()>) {
    // The app is running (hydrated or rendered): tests and the benchmark wait for it.
    use_effect_with((), |_| set_root_attribute("data-app", "running"));
    let (ready, report_ready, settled) = (status.searching(), status.report_ready(), status.settled());
    use_effect_with((ready, settled, report_ready), move |&(ready, settled, report_ready)| {
        // Registered once the engine and the details are in: installing downloads
        // every file of the app again into its cache, which must not compete with
        // the first results nor with the details.
        if settled && !delivery::current().single_file {
            pwa::register(on_update);
        }
        set_root_attribute("data-engine", if ready { "ready" } else { "loading" });
        // Tests and the benchmark wait for the details too.
        set_root_attribute("data-report", if report_ready { "ready" } else { "loading" });
    });
    let route = location.route;
    // Embedded: a new view tells the host page (not the first one: that would scroll
    // the host to the widget as soon as it loads).
    {
        let first = use_mut_ref(|| true);
        use_effect_with(route, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) && delivery::current().is_embed() {
                embed::report_navigation();
            }
        });
    }
    // A new page moves focus to its title, for keyboard and screen-reader users (not
    // the page first opened: the reader starts at its top).
    {
        let first = use_mut_ref(|| true);
        let (shown, target) = (page.is_shown(), page.focus_target());
        use_effect_with((route, shown), move |(_, shown)| {
            if std::mem::replace(&mut *first.borrow_mut(), false) || !shown {
                return;
            }
            if let Some(id) = target {
                focus(id);
            }
        });
    }
    // The document's language follows the interface, and is remembered when it changes.
    use_effect_with(lang, |lang| {
        set_root_attribute("lang", lang.code());
        remember_language(*lang);
    });
    // The title follows the page; a results page's, after a pause in typing.
    let title = page.title(lang, &location.state);
    let typing = route == Route::Results;
    use_effect_with(title, move |title| address::write_title(title, typing));
}
