//! On a phone (below the desktop breakpoint, where the sidebar is hidden by CSS): the
//! "Filtri (2)" button and its modal dialog, and on every width the active filters as
//! chips above the results, each a button that removes it.
//!
//! The dialog is a native `<dialog>` opened with `showModal()`: the rest of the page is
//! inert (focus stays inside), `Esc` closes it, and on closing focus goes back to the
//! button. Boxes ticked in it are applied by "Applica" (`Esc` and "Chiudi" drop them);
//! "Azzera" unticks them all. The counts follow the boxes ticked, from the engine.
//! The results view is never prerendered, so none of this is hydrated.

use super::facets::Facets;
use rendiconto_search::Facet;
use rendiconto_web_core::i18n::{t, Key, Lang};
use rendiconto_web_core::url_state::{FacetCounts as Counts, Filters};
use rendiconto_web_core::UrlState;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn facet_label(lang: Lang, facet: Facet) -> &'static str {
    match lang {
        Lang::It => facet.label_it(),
        Lang::En => facet.label_en(),
    }
}

#[derive(Properties, PartialEq)]
pub struct ChipsProps {
    pub lang: Lang,
    pub filters: Filters,
    pub on_toggle: Callback<(Facet, String)>,
}

/// "Stato: In corso ✕": one button per active filter, named "Rimuovi filtro Stato: In corso".
#[component]
pub fn FilterChips(props: &ChipsProps) -> Html {
    let lang = props.lang;
    if props.filters.is_empty() {
        return html! {};
    }
    html! {
        <ul class="chips" id="filter-chips" aria-label={t(lang, Key::ActiveFilters)}>
            { for props.filters.iter().map(|(facet, value)| {
                let text = format!("{}: {}", facet_label(lang, *facet), value);
                let name = format!("{} {}", t(lang, Key::RemoveFilter), text);
                let (facet, v) = (*facet, value.clone());
                let onclick = props.on_toggle.reform(move |_| (facet, v.clone()));
                html! {
                    <li>
                        <button type="button" class="chip" aria-label={name} data-facet={facet.key()} data-value={value.clone()} {onclick}>
                            {text}<span class="chip-x" aria-hidden="true">{" ✕"}</span>
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    pub lang: Lang,
    /// The filters applied (the URL's).
    pub filters: Filters,
    /// The counts for a set of ticked boxes (the engine's, for the same question).
    pub counts: Callback<Filters, Counts>,
    pub on_apply: Callback<Filters>,
}

#[component]
pub fn FilterDialog(props: &DialogProps) -> Html {
    let lang = props.lang;
    let open = use_state(|| false);
    let pending = use_state(|| props.filters.clone());
    let dialog = use_node_ref();
    let button = use_node_ref();
    // Shown modally once its content is rendered; `open` false closes it.
    {
        let dialog = dialog.clone();
        use_effect_with(*open, move |open| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                if *open && !d.open() {
                    let _ = d.show_modal();
                } else if !*open && d.open() {
                    d.close();
                }
            }
        });
    }
    let on_open = {
        let (open, pending, filters) = (open.clone(), pending.clone(), props.filters.clone());
        Callback::from(move |_| {
            pending.set(filters.clone());
            open.set(true);
        })
    };
    // However it closes (Esc, "Chiudi", "Applica"), focus returns to the button.
    let on_close = {
        let (open, button) = (open.clone(), button.clone());
        Callback::from(move |_: Event| {
            open.set(false);
            if let Some(b) = button.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        })
    };
    let close_now = {
        let dialog = dialog.clone();
        move || {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                d.close();
            }
        }
    };
    let on_dismiss = {
        let close_now = close_now.clone();
        Callback::from(move |_: MouseEvent| close_now())
    };
    let on_apply = {
        let (pending, apply, close_now) = (pending.clone(), props.on_apply.clone(), close_now.clone());
        Callback::from(move |_: MouseEvent| {
            apply.emit((*pending).clone());
            close_now();
        })
    };
    let on_reset = {
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| pending.set(Vec::new()))
    };
    let on_toggle = {
        let pending = pending.clone();
        Callback::from(move |(facet, value): (Facet, String)| {
            let mut state = UrlState { filters: (*pending).clone(), ..UrlState::default() };
            state.toggle(facet, &value);
            pending.set(state.filters);
        })
    };
    // A click on the backdrop (outside the dialog's box) closes it too.
    let on_backdrop = {
        let close_now = close_now.clone();
        Callback::from(move |e: MouseEvent| {
            let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            if target.is_some_and(|t| t.id() == "filter-dialog") {
                close_now();
            }
        })
    };
    let active = props.filters.len();
    let label = if active > 0 {
        format!("{} ({active})", t(lang, Key::FiltersButton))
    } else {
        t(lang, Key::FiltersButton).to_string()
    };
    let counts = if *open { props.counts.emit((*pending).clone()) } else { Vec::new() };
    html! {
        <>
            <button type="button" class="button-secondary filters-open" id="filters-open" ref={button}
                aria-haspopup="dialog" aria-controls="filter-dialog" onclick={on_open}>{label}</button>
            <dialog class="filter-dialog" id="filter-dialog" ref={dialog} aria-labelledby={open.then_some("filter-dialog-title")}
                onclose={on_close} onclick={on_backdrop}>
                if *open {
                    <div class="dialog-box">
                        <div class="dialog-head">
                            <h2 id="filter-dialog-title">{t(lang, Key::Filters)}</h2>
                            <button type="button" class="button-secondary dialog-close" id="filter-dialog-close" onclick={on_dismiss}>{t(lang, Key::Close)}</button>
                        </div>
                        <div class="dialog-body">
                            <Facets {lang} facets={counts} any_selected={!pending.is_empty()} on_toggle={on_toggle}
                                on_clear={Callback::noop()} prefix={AttrValue::Static("d")} titled={false} />
                        </div>
                        <div class="dialog-actions">
                            <button type="button" class="button-secondary" id="filter-reset" onclick={on_reset}>{t(lang, Key::ClearAll)}</button>
                            <button type="button" class="button-primary" id="filter-apply" onclick={on_apply}>{t(lang, Key::ApplyFilters)}</button>
                        </div>
                    </div>
                }
            </dialog>
        </>
    }
}
