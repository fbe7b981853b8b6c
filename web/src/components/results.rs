use super::highlight::{escape_into, marked_html};
use super::nav::{is_plain_click, Nav};
use crate::i18n::{results_count, t, Key, Lang};
use crate::url_state::UrlState;
use rendiconto_search::{Hit, ItemKind, SearchResponse};
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
        let go = nav.go.clone();
        Callback::from(move |e: MouseEvent| {
            if !is_plain_click(&e) {
                return;
            }
            let link = e.target_dyn_into::<web_sys::Element>().and_then(|t| t.closest("a[href]").ok().flatten());
            if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
                e.prevent_default();
                go.emit(UrlState::parse(&href));
            }
        })
    };
    let items: String = r.hits.iter().map(|h| item_html(lang, &nav.here, h)).collect();
    html! {
        <>
            <p class="count" role="status" aria-live="polite" id="count" data-query={props.query.clone()} data-ms={format!("{:.2}", props.millis)}>{results_count(lang, r.total)}</p>
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
struct ListProps {
    html: AttrValue,
    onclick: Callback<MouseEvent>,
}

/// The list, its items written as HTML into it when they change: one call that
/// replaces them all (Yew's own raw-HTML node removes and moves them one by one).
/// The interface never renders children into this `<ol>`, so it leaves them alone.
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
    html! { <ol class="results" id="results-list" ref={list} onclick={props.onclick.clone()}></ol> }
}

/// One result as HTML, every text escaped. The list is written as one string and
/// parsed by the browser in one go: each keystroke changes most of its words and
/// marks, and patching them node by node from WebAssembly took longer than the
/// search itself.
fn item_html(lang: Lang, here: &UrlState, h: &Hit) -> String {
    let kind = match h.kind {
        ItemKind::IndicatorTable => Some(t(lang, Key::Table)),
        ItemKind::Activity => None,
    };
    let mut out = String::with_capacity(512);
    out.push_str("<li class=\"result\" data-id=\"");
    escape_into(&mut out, &h.id);
    out.push_str("\"><h2 class=\"result-title\"><a href=\"");
    escape_into(&mut out, &here.with_open(&h.id).href());
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
    if !h.snippet.text.is_empty() {
        out.push_str("<p class=\"snippet\">");
        out.push_str(&marked_html(&h.snippet.text, &h.snippet.highlights));
        out.push_str("</p>");
    }
    out.push_str("</li>");
    out
}
