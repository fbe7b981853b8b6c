use rendiconto_web_core::export::{ExportFormat, ExportScope};
use rendiconto_web_core::i18n::{t, Key, Lang};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub scope: ExportScope,
    pub label: Key,
    pub on_export: Callback<(ExportScope, ExportFormat)>,
    /// Offer "Stampa" too (programme and activity pages).
    #[prop_or_default]
    pub print: bool,
}

/// Whether the report's data are missing (the engine could not start): the files are
/// made from them, so the buttons are disabled and say why. Provided by the app.
#[derive(Clone, Copy, PartialEq, Default)]
pub struct DataMissing(pub bool);

/// "Scarica i dati: CSV · JSON", made from the same data the page shows.
#[component]
pub fn Downloads(props: &Props) -> Html {
    let lang = props.lang;
    let missing = use_context::<DataMissing>().unwrap_or_default().0;
    let note_id = format!("downloads-note-{:?}", props.label).to_lowercase();
    // A kiosk has nowhere to save a file, and a saved file would stay for the next visitor.
    if crate::delivery::current().is_kiosk() {
        return html! {};
    }
    let button = |format: ExportFormat, name: &'static str| {
        let (cb, scope) = (props.on_export.clone(), props.scope.clone());
        let onclick = Callback::from(move |_| cb.emit((scope.clone(), format)));
        // The visible text first (WCAG 2.5.3: the name contains the label as seen).
        let label = format!("{name} — {}: {}", t(lang, Key::Download), t(lang, props.label));
        let described = missing.then(|| note_id.clone());
        html! {
            <button type="button" class="button-secondary" aria-label={label} data-format={name} {onclick}
                disabled={missing} aria-describedby={described}>{name}</button>
        }
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <div class="downloads no-print" role="group" aria-label={t(lang, Key::Download)}>
            <span class="downloads-label">{t(lang, Key::Download)}{": "}{t(lang, props.label)}</span>
            {button(ExportFormat::Csv, "CSV")}
            {button(ExportFormat::Json, "JSON")}
            if missing {
                <span class="hint downloads-note" id={note_id.clone()}>{t(lang, Key::DownloadUnavailable)}</span>
            }
            if props.print {
                <button type="button" class="button-secondary" onclick={print}>{t(lang, Key::Print)}</button>
            }
        </div>
    }
}
