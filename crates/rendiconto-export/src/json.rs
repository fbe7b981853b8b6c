//! The JSON export: the data model as it is, pretty-printed.

use rendiconto_model::Document;
use std::io::Write;

pub fn json(doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, doc)?;
    writeln!(out)
}

pub fn json_string(doc: &Document) -> String {
    let mut out = Vec::new();
    json(doc, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}
