use super::highlight::Highlight;
use crate::i18n::{results_count, t, Key, Lang};
use rendiconto_search::{Hit, ItemKind, SearchResponse};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// The query these results answer.
    pub query: AttrValue,
    /// Time the worker took to search (shown to benchmarks as `data-ms`).
    pub millis: f64,
    pub response: SearchResponse,
    /// The link of each result (`?…&a=id`).
    pub href: Callback<String, String>,
    pub on_open: Callback<String>,
    pub on_more: Callback<()>,
}

/// Badge colour class for a status as printed ("In corso", "Concluso (React)"…).
pub fn status_class(status: &str) -> &'static str {
    let s = status.to_lowercase();
    if s.starts_with("concluso") {
        "badge badge-done"
    } else if s.starts_with("in corso") {
        "badge badge-progress"
    } else if s.starts_with("avviato") {
        "badge badge-started"
    } else {
        "badge badge-other"
    }
}

#[component]
pub fn Results(props: &Props) -> Html {
    let lang = props.lang;
    let r = &props.response;
    html! {
        <>
            <p class="count" role="status" aria-live="polite" id="count" data-query={props.query.clone()} data-ms={format!("{:.2}", props.millis)}>{results_count(lang, r.total)}</p>
            if r.total == 0 {
                <p class="empty">{t(lang, Key::NoResults)}</p>
            }
            <ol class="results" id="results-list">
                { for r.hits.iter().map(|h| html! { <ResultItem {lang} hit={h.clone()} href={props.href.emit(h.id.clone())} on_open={props.on_open.clone()} /> }) }
            </ol>
            if r.hits.len() < r.total {
                <button type="button" class="button-secondary more" onclick={props.on_more.reform(|_| ())}>
                    { match lang { Lang::It => format!("Mostra altri risultati ({} di {})", r.hits.len(), r.total), Lang::En => format!("Show more results ({} of {})", r.hits.len(), r.total) } }
                </button>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    lang: Lang,
    hit: Hit,
    href: String,
    on_open: Callback<String>,
}

#[component]
fn ResultItem(props: &ItemProps) -> Html {
    let h = &props.hit;
    let onclick = {
        let id = h.id.clone();
        let cb = props.on_open.clone();
        Callback::from(move |e: MouseEvent| {
            // Let the browser handle new-tab clicks; open in place otherwise.
            if !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0) {
                e.prevent_default();
                cb.emit(id.clone());
            }
        })
    };
    let kind = match (h.kind, props.lang) {
        (ItemKind::IndicatorTable, lang) => Some(t(lang, Key::Table)),
        _ => None,
    };
    html! {
        <li class="result" data-id={h.id.clone()}>
            <h3 class="result-title">
                <a href={props.href.clone()} {onclick}>
                    <Highlight text={h.title.clone()} ranges={h.title_highlights.clone()} />
                </a>
            </h3>
            <p class="path">
                {format!("{} {} › {} {}: {}", t(props.lang, Key::Mission), h.mission, t(props.lang, Key::Program), h.program, h.program_title)}
            </p>
            if let Some(s) = &h.status {
                <span class={status_class(s)}>{s.clone()}</span>
            }
            if let Some(k) = kind {
                <span class="badge badge-other">{k}</span>
            }
            if !h.snippet.text.is_empty() {
                <p class="snippet"><Highlight text={h.snippet.text.clone()} ranges={h.snippet.highlights.clone()} /></p>
            }
        </li>
    }
}
