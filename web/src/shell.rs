//! The frame around every page: the header (the site's, or the widget's bar), the
//! engine's loading line or failure notice, the update banner and the footer.

use crate::delivery;
use rendiconto_web_core::i18n::{t, Key, Lang};
use rendiconto_web_core::loading::{DetailsStatus, EngineStatus, FailureKind};
use rendiconto_web_core::Location;
use yew::prelude::*;

// Plain functions, not components: they hold no state of their own, and each
// component costs the wasm its own copy of Yew's component machinery.

/// The site's header, or the widget's bar; `on_lang` switches language in place.
pub fn header(lang: Lang, here: &Location, on_lang: Callback<()>) -> Html {
    let other = if lang == Lang::It { "en" } else { "it" };
    let onclick = on_lang.reform(|e: MouseEvent| e.prevent_default());
    let lang_link = html! {
        <a class="lang" href={delivery::href(&here.other_language())} {onclick} hreflang={other} lang={other}>{t(lang, Key::OtherLanguage)}</a>
    };
    if delivery::current().is_embed() {
        return html! {
            <header class="embed-bar"><div class="wrap">
                <span class="embed-name">{t(lang, Key::AppName)}{" — "}{t(lang, Key::City)}</span>
                {lang_link}
                <a class="embed-full" href={here.href_with(false)} target="_blank" rel="noopener">{t(lang, Key::OpenFullPage)}</a>
            </div></header>
        };
    }
    html! {
        <header class="site-header">
            <div class="slim"><div class="wrap">
                <span>{t(lang, Key::City)}</span>
                {lang_link}
            </div></div>
            <div class="center"><div class="wrap">
                <p class="app-name">{t(lang, Key::AppName)}</p>
                <p class="app-subtitle">{t(lang, Key::Subtitle)}</p>
            </div></div>
        </header>
    }
}

/// The engine's progress, shown only to someone waiting for it (a prerendered page is
/// read meanwhile: no line that would come and go above it); a failure of the engine
/// always, of the details where a page needs them. `waiting`: the page can show
/// nothing without the engine; `retry`: "Riprova", past every cache.
pub fn status_line(lang: Lang, status: &EngineStatus, waiting: bool, retry: &Callback<()>) -> Html {
    let loading = |text: String| {
        html! {
            <p class="engine-status" role="status" aria-live="polite" id="engine-status">
                <span class="spinner" aria-hidden="true"></span>{text}
            </p>
        }
    };
    match status {
        EngineStatus::Loading(step) if waiting => loading(format!("{} {}", t(lang, step.key()), t(lang, Key::Waiting))),
        EngineStatus::Ready(DetailsStatus::Loading) if waiting => loading(t(lang, Key::LoadingDetails).into()),
        // What happened and what to do, in plain words; the technical detail in a
        // disclosure (and in the console). The search itself works without the
        // details: their failure is told where a page needs them.
        EngineStatus::Failed(failure) | EngineStatus::Ready(DetailsStatus::Failed(failure))
            if waiting || matches!(status, EngineStatus::Failed(_)) =>
        {
            let (message, action) = failure.kind.keys();
            let onclick = match failure.kind {
                FailureKind::Download => retry.reform(|_: MouseEvent| ()),
                FailureKind::Version => Callback::from(|_: MouseEvent| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }),
            };
            let detail = if lang == Lang::It { &failure.detail_it } else { &failure.detail_en };
            html! {
                <div class="engine-error" id="engine-error">
                    <p class="engine-error-message" role="alert" id="engine-error-message">{t(lang, message)}</p>
                    <button type="button" class="button-primary" id="engine-retry" {onclick}>{t(lang, action)}</button>
                    <details class="engine-error-detail">
                        <summary>{t(lang, Key::TechnicalDetails)}</summary>
                        <p>{detail.clone()}</p>
                    </details>
                </div>
            }
        }
        _ => html! {},
    }
}

/// A newer version of the app and bundle is cached and waits for the person's go.
pub fn update_banner(lang: Lang) -> Html {
    html! {
        <div class="update-banner" role="status"><div class="wrap">
            <p>{t(lang, Key::UpdateReady)}</p>
            <button type="button" id="update-now" class="button-secondary" onclick={Callback::from(|_| crate::pwa::apply_update())}>{t(lang, Key::UpdateNow)}</button>
        </div></div>
    }
}

pub fn footer(lang: Lang) -> Html {
    html! { <footer class="site-footer"><div class="wrap"><p>{t(lang, Key::Footer)}</p></div></footer> }
}
