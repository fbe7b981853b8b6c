//! Documents for a search server: one JSON object per line, one per searchable item,
//! with the same ids, texts and filters as the browser's index (they come from the
//! same [`rendiconto_search::items::items`] and [`TextField::ALL`]). See docs/scale.md
//! for their mapping onto Quickwit and OpenSearch.

use rendiconto_export::dataset::Distribution;
use rendiconto_model::Document;
use rendiconto_search::items::items;
use rendiconto_search::{Facet, TextField};
use serde_json::{json, Map, Value};
use std::io::Write;

/// The file's name in the open-data folder.
pub const FILE: &str = "ricerca.ndjson";

/// One document: `id`, `ord` (position in report order), `kind`, `title`, the mission
/// and programme, `status`, the five searchable texts by their index field names, and
/// one array of values per filter (`missione`, `programma`, `stato`, `politica`,
/// `anno`, `unita`).
pub fn documents(doc: &Document) -> Vec<Value> {
    items(doc)
        .iter()
        .enumerate()
        .map(|(ord, item)| {
            let mut d = Map::new();
            d.insert("id".into(), json!(item.id));
            d.insert("ord".into(), json!(ord));
            d.insert("kind".into(), json!(item.kind));
            d.insert("title".into(), json!(item.title));
            d.insert("mission".into(), json!(item.mission));
            d.insert("mission_title".into(), json!(item.mission_title));
            d.insert("program".into(), json!(item.program));
            d.insert("program_title".into(), json!(item.program_title));
            d.insert("status".into(), json!(item.status));
            for field in TextField::ALL {
                d.insert(field.name().into(), json!(field.text(item)));
            }
            for facet in Facet::ALL {
                let values: Vec<&str> =
                    item.facets.iter().filter(|(f, _)| *f == facet).map(|(_, v)| v.as_str()).collect();
                d.insert(facet.key().into(), json!(values));
            }
            Value::Object(d)
        })
        .collect()
}

pub fn write(doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    for d in documents(doc) {
        serde_json::to_writer(&mut *out, &d)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

pub fn bytes(doc: &Document) -> Vec<u8> {
    let mut out = Vec::new();
    write(doc, &mut out).expect("writing to memory");
    out
}

/// The file's entry in the DCAT metadata.
pub fn distribution() -> Distribution {
    Distribution {
        file: FILE.into(),
        title: "Documenti per un motore di ricerca (NDJSON)".into(),
        description: "Un documento JSON per riga, uno per elemento ricercabile (attività e tabelle di indicatori), con gli stessi campi, filtri e identificativi dell'indice dell'app: pronti per il caricamento in blocco in Quickwit, OpenSearch o Elasticsearch.".into(),
        format: "JSON",
        media_type: "application/x-ndjson",
    }
}
