use super::highlight::Highlight;
use super::nav::{Link, Nav};
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
                { for r.hits.iter().map(|h| html! { <ResultItem {lang} hit={h.clone()} /> }) }
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
}

#[component]
fn ResultItem(props: &ItemProps) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let h = &props.hit;
    let kind = match h.kind {
        ItemKind::IndicatorTable => Some(t(props.lang, Key::Table)),
        ItemKind::Activity => None,
    };
    html! {
        <li class="result" data-id={h.id.clone()}>
            <h2 class="result-title">
                <Link to={nav.here.with_open(&h.id)}>
                    <Highlight text={h.title.clone()} ranges={h.title_highlights.clone()} />
                </Link>
            </h2>
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
