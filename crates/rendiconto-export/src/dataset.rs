//! The dataset the open-data folder publishes, as both its descriptions tell it (the
//! Data Package's `datapackage.json` and DCAT-AP_IT's `dcat.jsonld`): who publishes it,
//! under which licence, where and when it last changed ([`Metadata`], given at build
//! time; the defaults are the City of Turin's), its name, titles, description and
//! keywords, and the entry of each of its files ([`Distribution`]). Declared once here,
//! so the two descriptions cannot disagree.

use rendiconto_model::Document;

pub const DEFAULT_PUBLISHER_NAME: &str = "Città di Torino";
/// The City of Turin's code in the Indice dei domicili digitali della PA (IPA).
pub const DEFAULT_PUBLISHER_IPA: &str = "c_l219";
pub const DEFAULT_LICENSE_ID: &str = "CC-BY-4.0";
pub const DEFAULT_LICENSE_TITLE: &str = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)";
pub const DEFAULT_LICENSE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";
/// Where the files are published: `dist/dati/` of the app's site.
pub const DEFAULT_BASE_URL: &str = "https://www.comune.torino.it/rendiconto-aperto/dati/";

/// The dataset's keywords.
pub const KEYWORDS: [&str; 6] =
    ["rendiconto", "bilancio", "programmazione", "controllo strategico", "indicatori di risultato", "Torino"];

/// Who publishes the data, under which licence, where, and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub publisher_name: String,
    /// The publisher's IPA code: it prefixes the dataset identifier (`c_l219:…`).
    pub publisher_ipa: String,
    /// A short licence identifier (SPDX): `CC-BY-4.0`.
    pub license_id: String,
    pub license_title: String,
    pub license_url: String,
    /// The URL the files are published under, ending with `/`.
    pub base_url: String,
    /// `YYYY-MM-DD`.
    pub modified: String,
}

impl Metadata {
    /// The documented defaults, with the given modification date.
    pub fn defaults(modified: &str) -> Metadata {
        Metadata {
            publisher_name: DEFAULT_PUBLISHER_NAME.into(),
            publisher_ipa: DEFAULT_PUBLISHER_IPA.into(),
            license_id: DEFAULT_LICENSE_ID.into(),
            license_title: DEFAULT_LICENSE_TITLE.into(),
            license_url: DEFAULT_LICENSE_URL.into(),
            base_url: DEFAULT_BASE_URL.into(),
            modified: modified.into(),
        }
    }

    /// The URL of a published file.
    pub fn url(&self, file: &str) -> String {
        if self.base_url.ends_with('/') {
            format!("{}{file}", self.base_url)
        } else {
            format!("{}/{file}", self.base_url)
        }
    }

    /// The dataset's identifier (DCAT-AP_IT's, also the Data Package's `id`):
    /// `{IPA code}:{name}`.
    pub fn dataset_identifier(&self, doc: &Document) -> String {
        format!("{}:{}", self.publisher_ipa, name(doc))
    }
}

/// The dataset's name (the Data Package's `name`): `rendiconto-2023-relazione-programma`.
pub fn name(doc: &Document) -> String {
    format!("rendiconto-{}-relazione-programma", doc.report.fiscal_year.as_deref().unwrap_or("senza-anno"))
}

/// The dataset's title, in Italian.
pub fn title(doc: &Document, meta: &Metadata) -> String {
    let year = doc.report.fiscal_year.as_deref().unwrap_or("");
    format!(
        "Rendiconto {year} – Relazione sull'attuazione del programma annuale dell'amministrazione ({})",
        meta.publisher_name
    )
}

/// The dataset's title, in English.
pub fn title_en(doc: &Document, meta: &Metadata) -> String {
    format!(
        "Report {} on the implementation of the administration's programme ({})",
        doc.report.fiscal_year.as_deref().unwrap_or(""),
        meta.publisher_name
    )
}

/// The dataset's description, in Italian.
pub fn description(doc: &Document) -> String {
    format!(
        "{} ({}): missioni, programmi, linee programmatiche del Consiglio, attività con il loro stato, azioni effettuate per anno, indicatori di risultato 2022–2026 (valori come stampati e numeri), tabelle di indicatori e unità organizzative, in tabelle CSV collegate da chiavi. Ogni riga indica la pagina del PDF e le righe del testo da cui viene.",
        doc.report.title, doc.report.period
    )
}

/// One published file of the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    pub file: String,
    /// Italian.
    pub title: String,
    /// Italian.
    pub description: String,
    /// The code in the EU file-type vocabulary: `CSV`, `JSON`.
    pub format: &'static str,
    /// `text/csv`.
    pub media_type: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendiconto_model::{ReportInfo, FORMAT_VERSION};

    #[test]
    fn one_name_and_identifier_for_both_descriptions() {
        let mut doc = Document {
            format_version: FORMAT_VERSION,
            report: ReportInfo { fiscal_year: Some("2023".into()), ..ReportInfo::default() },
            missions: vec![],
            notes: vec![],
        };
        let meta = Metadata::defaults("2024-01-31");
        assert_eq!(meta.dataset_identifier(&doc), "c_l219:rendiconto-2023-relazione-programma");
        assert!(
            title(&doc, &meta).starts_with("Rendiconto 2023 – ") && title(&doc, &meta).ends_with("(Città di Torino)")
        );
        assert!(title_en(&doc, &meta).starts_with("Report 2023 on "));
        doc.report.fiscal_year = None;
        assert_eq!(name(&doc), "rendiconto-senza-anno-relazione-programma");
        assert_eq!(meta.url("a.csv"), "https://www.comune.torino.it/rendiconto-aperto/dati/a.csv");
        let bare = Metadata { base_url: "https://example.org/dati".into(), ..meta };
        assert_eq!(bare.url("a.csv"), "https://example.org/dati/a.csv");
    }
}
