use super::nav::{is_plain_click, parse_href, Link, Nav};
use crate::markup::{list_html, Notes};
use rendiconto_search::{SearchResponse, Sort};
use rendiconto_web_core::i18n::{results_count, t, Key, Lang};
use rendiconto_web_core::state::Action;
use rendiconto_web_core::{Location, Route, UrlState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// The query these results answer.
    pub query: AttrValue,
    /// Time the search took (shown to benchmarks as `data-ms`).
    pub millis: f64,
    pub response: SearchResponse,
    pub on_more: Callback<()>,
    /// Between the count and the list: the phone's "Filtri" button and the active
    /// filters' chips.
    #[prop_or_default]
    pub toolbar: Html,
}

#[component]
pub fn Results(props: &Props) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let lang = props.lang;
    let r = &props.response;
    // Links inside the list navigate in place, as `Link`s do.
    let onclick = {
        let dispatch = nav.dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            if !is_plain_click(&e) {
                return;
            }
            let link = e.target_dyn_into::<web_sys::Element>().and_then(|t| t.closest("a[href]").ok().flatten());
            if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
                e.prevent_default();
                dispatch.emit(Action::Open(parse_href(&href)));
            }
        })
    };
    let items = list_html(lang, &nav.here, &r.hits, r.complete);
    // What became of the question's words, heard with the count (one live region:
    // a status is read whole when any of it changes).
    let Notes { partial, not_found, synonyms } = Notes::of(lang, r);
    let suggestion = r.suggestion.as_ref().map(|s| {
        let to = Location::new(Route::Results, UrlState { query: s.clone(), ..nav.here.state.clone() });
        html! {
            <p class="note note-suggestion" id="note-suggestion">
                {t(lang, Key::DidYouMean)}{": "}<Link {to}>{s.clone()}</Link>
            </p>
        }
    });
    html! {
        <>
            <div class="results-head">
                <div class="results-summary" role="status" aria-live="polite" id="results-summary">
                    <p class="count" id="count" data-query={props.query.clone()} data-ms={format!("{:.2}", props.millis)}>{results_count(lang, r.total)}</p>
                    if let Some(text) = partial {
                        <p class="note note-partial" id="note-partial">{text}</p>
                    }
                    if let Some(text) = not_found {
                        <p class="note note-missing" id="note-missing">{text}</p>
                    }
                    if let Some(words) = synonyms {
                        <p class="note note-synonyms" id="note-synonyms">{t(lang, Key::AlsoSearched)}{": "}{words}</p>
                    }
                    {suggestion}
                </div>
                if r.total > 1 {
                    <SortSelect {lang} />
                }
            </div>
            {props.toolbar.clone()}
            if r.total == 0 {
                <p class="empty">{t(lang, Key::NoResults)}</p>
            }
            <ResultList html={AttrValue::from(items)} {onclick} />
            if r.hits.len() < r.total {
                <button type="button" class="button-secondary more" onclick={props.on_more.reform(|_| ())}>
                    { match lang { Lang::It => format!("Mostra altri risultati ({} di {})", r.hits.len(), r.total), Lang::En => format!("Show more results ({} of {})", r.hits.len(), r.total) } }
                </button>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SortProps {
    lang: Lang,
}

/// "Ordina per": the order of the results, kept in the URL (`ordina=`). Changing it
/// reorders the list in place (no change of context) and adds a history entry.
#[component]
fn SortSelect(props: &SortProps) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let lang = props.lang;
    let current = nav.here.state.sort;
    let select = use_node_ref();
    // The shown choice follows the URL (back, forward, reload): an option's `selected`
    // attribute no longer moves the choice once the person has picked one.
    {
        let select = select.clone();
        use_effect_with(current, move |sort| {
            if let Some(el) = select.cast::<web_sys::HtmlSelectElement>() {
                el.set_value(sort.key());
            }
        });
    }
    let onchange = {
        let dispatch = nav.dispatch.clone();
        Callback::from(move |e: Event| {
            let key = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            dispatch.emit(Action::Sort(Sort::from_key(&key).unwrap_or_default()));
        })
    };
    html! {
        <div class="sort no-print">
            <label for="sort">{t(lang, Key::SortBy)}</label>
            <select id="sort" name="ordina" ref={select} {onchange}>
                { for Sort::ALL.into_iter().map(|s| html! {
                    <option value={s.key()} selected={s == current}>{t(lang, sort_label(s))}</option>
                }) }
            </select>
        </div>
    }
}

fn sort_label(sort: Sort) -> Key {
    match sort {
        Sort::Relevance => Key::SortRelevance,
        Sort::Report => Key::SortReport,
        Sort::Status => Key::SortStatus,
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    html: AttrValue,
    onclick: Callback<MouseEvent>,
}

/// The list, its items written as HTML into it when they change: one call that
/// replaces them all (Yew's own raw-HTML node removes and moves them one by one).
/// The interface never renders children into this element, so it leaves them alone.
#[component]
fn ResultList(props: &ListProps) -> Html {
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with(props.html.clone(), move |html| {
            if let Some(ol) = list.cast::<web_sys::Element>() {
                ol.set_inner_html(html);
            }
        });
    }
    html! { <div class="results-lists" id="results-list" ref={list} onclick={props.onclick.clone()}></div> }
}
