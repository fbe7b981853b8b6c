//! The JSON export: the data model as it is, pretty-printed.

use crate::dataset::Distribution;
use rendiconto_model::Document;
use std::io::Write;

/// The JSON export's file name in the open-data folder.
pub const JSON_FILE: &str = "rendiconto.json";

pub fn json(doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, doc)?;
    writeln!(out)
}

pub fn json_string(doc: &Document) -> String {
    let mut out = Vec::new();
    json(doc, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`JSON_FILE`]'s entry among the dataset's files.
pub fn json_distribution() -> Distribution {
    Distribution {
        file: JSON_FILE.into(),
        title: "Relazione completa (JSON)".into(),
        description: "L'intera relazione in un documento JSON annidato (missioni, programmi, attività, indicatori), con i testi come stampati e le righe sorgente.".into(),
        format: "JSON",
        media_type: "application/json",
    }
}
