//! DCAT-AP_IT metadata (the Italian profile of DCAT-AP, harvested by dati.gov.it) of the
//! dataset and of each of its files, as JSON-LD (`dcat.jsonld`): a `dcatapit:Catalog`
//! holding one `dcatapit:Dataset` whose `dcatapit:Distribution`s are the package's files;
//! the publisher and rights holder are one `dcatapit:Agent` (a `foaf:Agent` with its IPA
//! code as `dct:identifier`). Who publishes, under which licence and where the files
//! live are given at build time ([`Metadata`]); the defaults are the City of Turin's.

use crate::datapackage::{self, Table};
use rendiconto_model::Document;
use serde_json::{json, Value};

/// The metadata file's name.
pub const FILE: &str = "dcat.jsonld";

pub const DEFAULT_PUBLISHER_NAME: &str = "Città di Torino";
/// The City of Turin's code in the Indice dei domicili digitali della PA (IPA).
pub const DEFAULT_PUBLISHER_IPA: &str = "c_l219";
pub const DEFAULT_LICENSE_ID: &str = "CC-BY-4.0";
pub const DEFAULT_LICENSE_TITLE: &str = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)";
pub const DEFAULT_LICENSE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";
/// Where the files are published: `dist/dati/` of the app's site.
pub const DEFAULT_BASE_URL: &str = "https://www.comune.torino.it/rendiconto-aperto/dati/";

const THEMES: [&str; 2] = [
    // Government and public sector; Economy and finance (EU data-theme vocabulary).
    "http://publications.europa.eu/resource/authority/data-theme/GOVE",
    "http://publications.europa.eu/resource/authority/data-theme/ECON",
];
const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const FREQUENCY_ANNUAL: &str = "http://publications.europa.eu/resource/authority/frequency/ANNUAL";
const LANGUAGE_ITA: &str = "http://publications.europa.eu/resource/authority/language/ITA";
const MEDIA_TYPE: &str = "https://www.iana.org/assignments/media-types/";
/// The dataset's keywords (also the Data Package's).
pub const KEYWORDS: [&str; 6] =
    ["rendiconto", "bilancio", "programmazione", "controllo strategico", "indicatori di risultato", "Torino"];
/// Turin in GeoNames.
const SPATIAL_TORINO: &str = "https://sws.geonames.org/3165524/";

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

    /// DCAT-AP_IT's dataset identifier: `{IPA code}:{package name}`.
    pub fn dataset_identifier(&self, doc: &Document) -> String {
        format!("{}:{}", self.publisher_ipa, datapackage::package_name(doc))
    }

    /// The kind of licence in the ADMS vocabulary, when the identifier says it.
    fn license_type(&self) -> Option<&'static str> {
        let id = self.license_id.to_ascii_uppercase();
        Some(if id.starts_with("CC0") {
            "http://purl.org/adms/licencetype/PublicDomain"
        } else if id.starts_with("CC-BY-SA") {
            "http://purl.org/adms/licencetype/ShareAlike"
        } else if id.starts_with("CC-BY") || id.starts_with("IODL") {
            "http://purl.org/adms/licencetype/Attribution"
        } else {
            return None;
        })
    }
}

/// One published file.
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

/// The JSON export's file name in the open-data folder.
pub const JSON_FILE: &str = "rendiconto.json";

/// The files of the package (descriptor and tables) and the JSON export.
pub fn distributions(tables: &[Table]) -> Vec<Distribution> {
    let mut out = vec![Distribution {
        file: datapackage::DESCRIPTOR.into(),
        title: "Data Package (descrittore Frictionless)".into(),
        description: "Il descrittore del Frictionless Data Package: l'elenco delle tabelle CSV con il loro schema (tipi, chiavi primarie ed esterne, descrizioni dei campi).".into(),
        format: "JSON",
        media_type: "application/json",
    }];
    out.extend(tables.iter().map(|t| Distribution {
        file: t.file(),
        title: format!("Tabella {} (CSV)", t.name),
        description: t.description.to_string(),
        format: "CSV",
        media_type: "text/csv",
    }));
    out.push(Distribution {
        file: JSON_FILE.into(),
        title: "Relazione completa (JSON)".into(),
        description: "L'intera relazione in un documento JSON annidato (missioni, programmi, attività, indicatori), con i testi come stampati e le righe sorgente.".into(),
        format: "JSON",
        media_type: "application/json",
    });
    out
}

fn it(text: &str) -> Value {
    json!({ "@value": text, "@language": "it" })
}

fn iri(url: &str) -> Value {
    json!({ "@id": url })
}

fn date(d: &str) -> Value {
    json!({ "@value": d, "@type": "xsd:date" })
}

/// The DCAT-AP_IT graph of the catalogue, the dataset and its distributions.
pub fn jsonld(doc: &Document, meta: &Metadata, distributions: &[Distribution]) -> Value {
    let catalog = meta.url("#catalogo");
    let dataset = meta.url("#dataset");
    let agent = meta.url(&format!("#{}", meta.publisher_ipa));
    let contact = meta.url("#contatto");
    let year = doc.report.fiscal_year.as_deref();
    let mut license = json!({
        "@id": meta.license_url,
        "@type": "dct:LicenseDocument",
        "foaf:name": meta.license_title,
        "dct:identifier": meta.license_id,
    });
    if let Some(kind) = meta.license_type() {
        license["dct:type"] = iri(kind);
    }
    let mut data = json!({
        "@id": dataset,
        "@type": ["dcat:Dataset", "dcatapit:Dataset"],
        "dct:identifier": meta.dataset_identifier(doc),
        "dct:title": [it(&datapackage::package_title(doc, meta)), {
            "@value": format!("Report {} on the implementation of the administration's programme ({})", year.unwrap_or(""), meta.publisher_name),
            "@language": "en",
        }],
        "dct:description": it(&datapackage::package_description(doc)),
        "dcat:theme": THEMES.iter().map(|t| iri(t)).collect::<Vec<_>>(),
        "dct:publisher": iri(&agent),
        "dct:rightsHolder": iri(&agent),
        "dct:modified": date(&meta.modified),
        "dct:accrualPeriodicity": iri(FREQUENCY_ANNUAL),
        "dct:language": iri(LANGUAGE_ITA),
        "dct:spatial": iri(SPATIAL_TORINO),
        "dcat:keyword": KEYWORDS.iter().map(|k| it(k)).collect::<Vec<_>>(),
        "dcat:landingPage": iri(&meta.base_url),
        "dcat:contactPoint": iri(&contact),
        "dcat:distribution": distributions.iter().map(|d| iri(&meta.url(&d.file))).collect::<Vec<_>>(),
    });
    if let Some(y) = year.filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())) {
        data["dct:temporal"] = json!({
            "@type": "dct:PeriodOfTime",
            "schema:startDate": date(&format!("{y}-01-01")),
            "schema:endDate": date(&format!("{y}-12-31")),
        });
    }
    let mut graph = vec![
        json!({
            "@id": catalog,
            "@type": ["dcat:Catalog", "dcatapit:Catalog"],
            "dct:title": it(&format!("Dati aperti della relazione sull'attuazione del programma – {}", meta.publisher_name)),
            "dct:description": it("Il catalogo dei dati aperti di Rendiconto Aperto: la relazione sull'attuazione del programma annuale dell'amministrazione in tabelle e documenti riusabili."),
            "dct:publisher": iri(&agent),
            "dct:modified": date(&meta.modified),
            "dct:language": iri(LANGUAGE_ITA),
            "foaf:homepage": iri(&meta.base_url),
            "dcat:dataset": iri(&dataset),
        }),
        data,
        json!({
            "@id": agent,
            "@type": ["foaf:Agent", "dcatapit:Agent"],
            "foaf:name": meta.publisher_name,
            "dct:identifier": meta.publisher_ipa,
        }),
        json!({
            "@id": contact,
            "@type": ["dcatapit:Organization", "vcard:Organization", "vcard:Kind"],
            "vcard:fn": meta.publisher_name,
            "vcard:hasURL": iri(&meta.base_url),
        }),
        license,
    ];
    graph.extend(distributions.iter().map(|d| {
        let url = meta.url(&d.file);
        json!({
            "@id": url,
            "@type": ["dcat:Distribution", "dcatapit:Distribution"],
            "dct:title": it(&d.title),
            "dct:description": it(&d.description),
            "dct:format": iri(&format!("{FILE_TYPE}{}", d.format)),
            "dcat:mediaType": iri(&format!("{MEDIA_TYPE}{}", d.media_type)),
            "dcat:accessURL": iri(&url),
            "dcat:downloadURL": iri(&url),
            "dct:license": iri(&meta.license_url),
            "dct:modified": date(&meta.modified),
        })
    }));
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dcatapit": "http://dati.gov.it/onto/dcatapit#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "schema": "http://schema.org/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": graph,
    })
}

/// `dcat.jsonld`, pretty-printed, with a final newline.
pub fn jsonld_bytes(doc: &Document, meta: &Metadata, distributions: &[Distribution]) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&jsonld(doc, meta, distributions)).expect("JSON");
    out.push(b'\n');
    out
}
