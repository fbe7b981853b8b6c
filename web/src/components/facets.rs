use rendiconto_search::{Facet, FacetCount};
use rendiconto_web_core::i18n::{t, Key, Lang};
use yew::prelude::*;

/// Values shown before "Mostra tutti" (selected values are always shown).
const SHORT_LIST: usize = 8;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub facets: Vec<(Facet, Vec<FacetCount>)>,
    pub any_selected: bool,
    pub on_toggle: Callback<(Facet, String)>,
    pub on_clear: Callback<()>,
    /// Prefix of the ids inside (the sidebar's `f`, the phone dialog's `d`): both may
    /// be in the page at once.
    #[prop_or(AttrValue::Static("f"))]
    pub prefix: AttrValue,
    /// The title's level and text show (the dialog has its own title and "Azzera").
    #[prop_or(true)]
    pub titled: bool,
}

#[component]
pub fn Facets(props: &Props) -> Html {
    let lang = props.lang;
    // The sidebar keeps its ids (`facets-title`, `facet-anno`, `f-anno-0`).
    let (title_id, group_prefix) = match props.prefix.as_str() {
        "f" => ("facets-title".to_string(), String::new()),
        p => (format!("{p}-facets-title"), format!("{p}-")),
    };
    let groups = props.facets.iter().filter(|(_, v)| !v.is_empty()).map(|(facet, values)| {
        html! {
            <FacetGroup {lang} facet={*facet} values={values.clone()} on_toggle={props.on_toggle.clone()}
                prefix={props.prefix.clone()} group_prefix={AttrValue::from(group_prefix.clone())} />
        }
    });
    if !props.titled {
        return html! { <div class="facets">{ for groups }</div> };
    }
    html! {
        <section class="facets" aria-labelledby={title_id.clone()}>
            <h2 id={title_id}>{t(lang, Key::Filters)}</h2>
            if props.any_selected {
                <button type="button" class="link-button" onclick={props.on_clear.reform(|_| ())}>{t(lang, Key::ClearFilters)}</button>
            }
            { for groups }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GroupProps {
    lang: Lang,
    facet: Facet,
    values: Vec<FacetCount>,
    on_toggle: Callback<(Facet, String)>,
    prefix: AttrValue,
    group_prefix: AttrValue,
}

#[component]
fn FacetGroup(props: &GroupProps) -> Html {
    let expanded = use_state(|| false);
    let facet = props.facet;
    let label = match props.lang {
        Lang::It => facet.label_it(),
        Lang::En => facet.label_en(),
    };
    let long = props.values.len() > SHORT_LIST;
    let shown: Vec<&FacetCount> = props
        .values
        .iter()
        .enumerate()
        .filter(|(i, v)| *expanded || *i < SHORT_LIST || v.selected)
        .map(|(_, v)| v)
        .collect();
    let toggle_expanded = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };
    html! {
        <fieldset class="facet" id={format!("{}facet-{}", props.group_prefix, facet.key())}>
            <legend>{label}</legend>
            <ul>
            { for shown.into_iter().enumerate().map(|(i, v)| {
                let id = format!("{}-{}-{}", props.prefix, facet.key(), i);
                let value = v.value.clone();
                let onchange = props.on_toggle.reform(move |_| (facet, value.clone()));
                html! {
                    <li>
                        <input type="checkbox" id={id.clone()} checked={v.selected} {onchange}
                            data-facet={facet.key()} data-value={v.value.clone()} />
                        <label for={id}>{format!("{} ({})", v.value, v.count)}</label>
                    </li>
                }
            }) }
            </ul>
            if long {
                <button type="button" class="link-button" aria-expanded={expanded.to_string()} onclick={toggle_expanded}>
                    { if *expanded { t(props.lang, Key::ShowFewer).to_string() } else { format!("{} ({})", t(props.lang, Key::ShowAll), props.values.len()) } }
                </button>
            }
        </fieldset>
    }
}
