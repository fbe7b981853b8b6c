//! "Dati aperti": the files of `dist/dati/` (written by `cargo xtask dist`, see
//! docs/data-format.md), the tables and their fields, the licence and how to cite, and
//! the downloads the app makes itself.

use super::downloads::Downloads;
use super::nav::{Breadcrumb, Nav};
use rendiconto_export::datapackage::{self, Table};
use rendiconto_export::dataset;
use rendiconto_model::Document;
use rendiconto_web_core::export::{ExportFormat, ExportScope};
use rendiconto_web_core::i18n::{t, Key};
use yew::prelude::*;

/// One table: its file, what it holds, its key and its fields (in a disclosure).
fn table_html(lang: rendiconto_web_core::i18n::Lang, table: &Table) -> Html {
    let file = table.file();
    let english = lang == rendiconto_web_core::i18n::Lang::En;
    html! {
        <section class="data-table" aria-labelledby={format!("tabella-{}", table.name)}>
            <h3 id={format!("tabella-{}", table.name)}>
                <a href={format!("dati/{file}")} download="">{file.clone()}</a>
            </h3>
            <p lang={if english { "en" } else { "it" }}>{ if english { table.title } else { table.description } }</p>
            <p class="key">{t(lang, Key::OpenDataKey)}{": "}<code>{table.primary_key.join(", ")}</code></p>
            <details>
                <summary>{format!("{} ({})", t(lang, Key::OpenDataFields), table.fields.len())}</summary>
                <dl class="fields">
                    { for table.fields.iter().map(|f| html! {
                        <>
                            <dt><code>{f.name}</code>{format!(" — {}", f.kind.name())}</dt>
                            <dd lang="it">{f.description}{" "}<span lang="en">{format!("({})", f.title)}</span></dd>
                        </>
                    }) }
                </dl>
            </details>
        </section>
    }
}

/// The tables of the Data Package with their fields: the package's own schema
/// (`rendiconto_export::datapackage`, the one place that describes them), without rows.
fn schema() -> Vec<Table> {
    let empty = Document { format_version: 0, report: Default::default(), missions: Vec::new(), notes: Vec::new() };
    datapackage::tables(&empty)
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_export: Callback<(ExportScope, ExportFormat)>,
}

#[component]
pub fn OpenDataPage(props: &Props) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let lang = nav.lang;
    let trail = vec![(t(lang, Key::OpenData).to_string(), None)];
    // Links from the site's root (every page has a <base> of the root).
    let file = |name: &str, label: Html| html! { <li><a href={format!("dati/{name}")} download="">{label}</a></li> };
    html! {
        <article class="open-data" aria-labelledby="page-title">
            <Breadcrumb {trail} />
            <h1 id="page-title" tabindex="-1">{t(lang, Key::OpenData)}</h1>
            <p class="lead">{t(lang, Key::OpenDataIntro)}</p>
            <Downloads {lang} scope={ExportScope::Everything} label={Key::DownloadAll} on_export={props.on_export.clone()} />
            <ul class="plain files">
                {file("rendiconto.json", html! { <>{t(lang, Key::OpenDataJson)}{" (rendiconto.json)"}</> })}
                {file("datapackage.json", html! { <>{t(lang, Key::OpenDataPackage)}{" (datapackage.json)"}</> })}
                {file("ricerca.ndjson", html! { <>{t(lang, Key::OpenDataSearch)}{" (ricerca.ndjson)"}</> })}
                {file("dcat.jsonld", html! { <>{t(lang, Key::OpenDataDcat)}{" (dcat.jsonld)"}</> })}
            </ul>
            <h2>{t(lang, Key::OpenDataCsv)}</h2>
            <p>{t(lang, Key::OpenDataTablesIntro)}</p>
            { for schema().iter().map(|table| table_html(lang, table)) }
            <h2>{t(lang, Key::OpenDataLicence)}</h2>
            <p>
                {t(lang, Key::OpenDataLicenceText)}{" "}
                <a href={dataset::DEFAULT_LICENSE_URL} hreflang="en">{dataset::DEFAULT_LICENSE_TITLE}</a>
                {format!(" — {} (IPA {}).", dataset::DEFAULT_PUBLISHER_NAME, dataset::DEFAULT_PUBLISHER_IPA)}
            </p>
            <p>{t(lang, Key::OpenDataCite)}</p>
            <blockquote class="cite">{t(lang, Key::OpenDataCitation)}</blockquote>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::schema;

    #[test]
    fn the_page_describes_every_table_of_the_package() {
        let tables = schema();
        assert_eq!(tables.len(), 13);
        for t in &tables {
            assert!(!t.description.is_empty() && !t.title.is_empty(), "{}", t.name);
            assert!(!t.fields.is_empty() && !t.primary_key.is_empty(), "{}", t.name);
            assert!(t.fields.iter().all(|f| !f.description.is_empty()), "{}", t.name);
        }
    }
}
