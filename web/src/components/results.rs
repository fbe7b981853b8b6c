use super::highlight::{escape_into, marked_html};
use super::nav::{is_plain_click, parse_href, Link, Nav};
use crate::delivery;
use rendiconto_search::{Hit, ItemKind, SearchResponse, Sort};
use rendiconto_web_core::i18n::{not_found_note, partial_note, results_count, t, Key, Lang};
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
    let missing = r.not_found();
    let content_words = r.words.iter().filter(|w| !w.stop).count();
    let partial = (r.total > 0 && r.complete == 0 && content_words >= 2).then(|| partial_note(lang, &missing));
    let not_found = (partial.is_none() && r.total > 0 && !missing.is_empty()).then(|| not_found_note(lang, &missing));
    let synonyms = r.synonyms().join(", ");
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
                    if !synonyms.is_empty() {
                        <p class="note note-synonyms" id="note-synonyms">{t(lang, Key::AlsoSearched)}{": "}{synonyms}</p>
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

/// The result lists as HTML. When some results hold every word and some only a few,
/// the second kind follow in a list of their own under a heading (screen readers
/// count each list's items right, and the heading can be jumped to).
fn list_html(lang: Lang, here: &Location, hits: &[Hit], complete: usize) -> String {
    let split = if complete > 0 { hits.iter().position(|h| !h.complete).unwrap_or(hits.len()) } else { hits.len() };
    let (first, rest) = hits.split_at(split);
    let mut out = String::with_capacity(512 * hits.len() + 128);
    out.push_str("<ol class=\"results\">");
    first.iter().for_each(|h| out.push_str(&item_html(lang, here, h)));
    out.push_str("</ol>");
    if !rest.is_empty() {
        out.push_str("<h2 class=\"partial-divider\" id=\"partial-divider\">");
        escape_into(&mut out, t(lang, Key::PartialDivider));
        out.push_str(&format!("</h2><ol class=\"results results-partial\" start=\"{}\">", first.len() + 1));
        rest.iter().for_each(|h| out.push_str(&item_html(lang, here, h)));
        out.push_str("</ol>");
    }
    out
}

/// One result as HTML, every text escaped. The list is written as one string and
/// parsed by the browser in one go: each keystroke changes most of its words and
/// marks, and patching them node by node from WebAssembly took longer than the
/// search itself.
fn item_html(lang: Lang, here: &Location, h: &Hit) -> String {
    let kind = match h.kind {
        ItemKind::IndicatorTable => Some(t(lang, Key::Table)),
        ItemKind::Activity => None,
    };
    let mut out = String::with_capacity(512);
    out.push_str("<li class=\"result\" data-id=\"");
    escape_into(&mut out, &h.id.to_string());
    out.push_str("\"><h2 class=\"result-title\"><a href=\"");
    escape_into(&mut out, &delivery::href(&here.with_open(h.id)));
    out.push_str("\">");
    out.push_str(&marked_html(&h.title, &h.title_highlights));
    out.push_str("</a></h2><p class=\"path\">");
    let path = format!(
        "{} {} › {} {}: {}",
        t(lang, Key::Mission),
        h.mission,
        t(lang, Key::Program),
        h.program,
        h.program_title
    );
    escape_into(&mut out, &path);
    out.push_str("</p>");
    if let Some(s) = &h.status {
        out.push_str(&format!("<span class=\"{}\">", status_class(s)));
        escape_into(&mut out, s);
        out.push_str("</span>");
    }
    if let Some(k) = kind {
        out.push_str("<span class=\"badge badge-other\">");
        escape_into(&mut out, k);
        out.push_str("</span>");
    }
    if h.waiting {
        // Its programme's texts are on their way: the snippet's place is kept (the
        // list does not move when it comes) and hidden from screen readers.
        out.push_str("<p class=\"snippet snippet-waiting\" aria-hidden=\"true\"></p>");
    } else if !h.snippet.text.is_empty() {
        out.push_str("<p class=\"snippet\">");
        out.push_str(&marked_html(&h.snippet.text, &h.snippet.highlights));
        out.push_str("</p>");
    }
    out.push_str("</li>");
    out
}
