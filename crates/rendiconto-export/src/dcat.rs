//! DCAT-AP_IT metadata (the Italian profile of DCAT-AP, harvested by dati.gov.it) of the
//! dataset and of each of its files, as JSON-LD (`dcat.jsonld`): a `dcatapit:Catalog`
//! holding one `dcatapit:Dataset` whose `dcatapit:Distribution`s are the folder's files;
//! the publisher and rights holder are one `dcatapit:Agent` (a `foaf:Agent` with its IPA
//! code as `dct:identifier`). What it says of the dataset comes from [`crate::dataset`].

use crate::dataset::{self, Distribution, Metadata, KEYWORDS};
use rendiconto_model::Document;
use serde_json::{json, Value};

/// The metadata file's name.
pub const FILE: &str = "dcat.jsonld";

const THEMES: [&str; 2] = [
    // Government and public sector; Economy and finance (EU data-theme vocabulary).
    "http://publications.europa.eu/resource/authority/data-theme/GOVE",
    "http://publications.europa.eu/resource/authority/data-theme/ECON",
];
const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const FREQUENCY_ANNUAL: &str = "http://publications.europa.eu/resource/authority/frequency/ANNUAL";
const LANGUAGE_ITA: &str = "http://publications.europa.eu/resource/authority/language/ITA";
const MEDIA_TYPE: &str = "https://www.iana.org/assignments/media-types/";
/// Turin in GeoNames.
const SPATIAL_TORINO: &str = "https://sws.geonames.org/3165524/";

/// The kind of licence in the ADMS vocabulary, when its identifier says it.
fn license_type(meta: &Metadata) -> Option<&'static str> {
    let id = meta.license_id.to_ascii_uppercase();
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
    if let Some(kind) = license_type(meta) {
        license["dct:type"] = iri(kind);
    }
    let mut data = json!({
        "@id": dataset,
        "@type": ["dcat:Dataset", "dcatapit:Dataset"],
        "dct:identifier": meta.dataset_identifier(doc),
        "dct:title": [it(&dataset::title(doc, meta)), { "@value": dataset::title_en(doc, meta), "@language": "en" }],
        "dct:description": it(&dataset::description(doc)),
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
