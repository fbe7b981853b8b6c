use rendiconto_web_core::i18n::{t, Key, Lang};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    /// The line under the box (the kiosk explains its keyboard instead of `Esc`).
    #[prop_or(Key::SearchHint)]
    pub hint: Key,
    /// The data are missing (the engine could not start): nothing to search in.
    #[prop_or_default]
    pub disabled: bool,
}

#[component]
pub fn SearchBox(props: &Props) -> Html {
    let lang = props.lang;
    let oninput = {
        let cb = props.on_input.clone();
        Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onkeydown = {
        let cb = props.on_input.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                cb.emit(String::new());
            }
        })
    };
    let onsubmit = Callback::from(|e: SubmitEvent| e.prevent_default());
    html! {
        <form class="search" role="search" {onsubmit}>
            <label for="q" class="search-label">{t(lang, Key::SearchLabel)}</label>
            <input id="q" name="q" type="search" role="searchbox" autocomplete="off" spellcheck="false"
                aria-describedby="q-hint" aria-controls="content"
                placeholder={t(lang, Key::SearchPlaceholder)}
                value={props.value.clone()} {oninput} {onkeydown} disabled={props.disabled} />
            <p id="q-hint" class="hint">{t(lang, if props.disabled { Key::SearchUnavailable } else { props.hint })}</p>
            // Without JavaScript the box cannot search: say so (raw HTML, so that the
            // page hydrates the same whether the browser parses it as text or not).
            {Html::from_html_unchecked(AttrValue::from(format!(
                "<noscript><p class=\"hint noscript\">{}</p></noscript>",
                t(lang, Key::NeedsJavaScript).replace('\'', "&#39;")
            )))}
        </form>
    }
}
