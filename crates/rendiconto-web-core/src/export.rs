//! The files offered for download: the whole report, one programme or every result of
//! a search, as CSV or JSON, made from the engine's report (`web/src/download.rs`
//! hands them to the browser).

use rendiconto_model::{ItemId, ProgramId};
use rendiconto_search::{Engine, SearchRequest};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub enum ExportScope {
    Everything,
    Program(ProgramId),
    /// Every result of this search (not only the page shown).
    Results(SearchRequest),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// A file for the browser to save.
#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    pub filename: String,
    pub mime: String,
    pub content: String,
}

/// The file for `scope` in `format`; `None` until the engine's report is whole (its
/// details loaded).
pub fn export(engine: &Engine, scope: ExportScope, format: ExportFormat) -> Option<Download> {
    let report = engine.report()?;
    let (doc, name) = match scope {
        ExportScope::Everything => (report.clone(), "rendiconto-2023".to_string()),
        ExportScope::Program(id) => {
            let ids: BTreeSet<ItemId> = engine.items.iter().map(|i| i.id).filter(|i| i.program() == id).collect();
            (rendiconto_export::subset(report, &ids), format!("rendiconto-2023-{id}"))
        }
        ExportScope::Results(mut request) => {
            request.limit = engine.items.len().max(1);
            request.offset = 0;
            let ids: BTreeSet<ItemId> = engine.search(&request).hits.into_iter().map(|h| h.id).collect();
            (rendiconto_export::subset(report, &ids), "rendiconto-2023-risultati".to_string())
        }
    };
    Some(match format {
        ExportFormat::Csv => Download {
            filename: format!("{name}.csv"),
            mime: "text/csv;charset=utf-8".into(),
            content: rendiconto_export::csv_string(&doc),
        },
        ExportFormat::Json => Download {
            filename: format!("{name}.json"),
            mime: "application/json".into(),
            content: rendiconto_export::json_string(&doc),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::tests::doc;

    #[test]
    fn a_programme_and_a_search_give_their_own_rows() {
        let engine = Engine::in_memory(doc()).unwrap();
        let program = export(&engine, ExportScope::Program("m9-p3".parse().unwrap()), ExportFormat::Json).unwrap();
        assert_eq!(
            (program.filename.as_str(), program.mime.as_str()),
            ("rendiconto-2023-m9-p3.json", "application/json")
        );
        let json: serde_json::Value = serde_json::from_str(&program.content).unwrap();
        let missions = json["missions"].as_array().unwrap();
        assert_eq!(missions.len(), 1);
        assert_eq!(missions[0]["programs"].as_array().unwrap().len(), 1);
        let request = SearchRequest { query: "asili nido".into(), ..SearchRequest::default() };
        let results = export(&engine, ExportScope::Results(request), ExportFormat::Csv).unwrap();
        assert_eq!(results.filename, "rendiconto-2023-risultati.csv");
        assert!(results.content.lines().count() > 1 && results.content.to_lowercase().contains("nido"));
        let everything = export(&engine, ExportScope::Everything, ExportFormat::Csv).unwrap();
        assert!(everything.content.lines().count() > results.content.lines().count());
    }
}
