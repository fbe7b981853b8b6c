//! What the index holds, part by part (docs/index-parts.md).

use rendiconto_search::indexer::{self, IndexFiles};
use rendiconto_search::{items, Synonyms, TextField};
use std::sync::OnceLock;

const REPORT: &str = include_str!("../../../data/torino-rendiconto-2023-relazione-programma.txt");

fn files() -> &'static IndexFiles {
    static FILES: OnceLock<IndexFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let doc = rendiconto_parser::parse_str(REPORT).unwrap();
        let synonyms = Synonyms::parse(rendiconto_search::synonyms::BUNDLED).unwrap();
        indexer::build(&items::items(&doc), &synonyms).unwrap()
    })
}

#[test]
fn space_usage_counts_each_field_and_fits_in_the_files() {
    let parts = indexer::space_usage(files()).unwrap();
    let bytes = |component: &str, field: &str| {
        parts.iter().find(|p| p.component == component && p.field == field).map_or(0, |p| p.bytes)
    };
    // Every ranked text has a dictionary, postings and positions (phrases, nearby words).
    for t in TextField::ALL {
        for component in ["termdict", "postings", "positions", "fieldnorms"] {
            assert!(bytes(component, t.name()) > 0, "{component} of {}", t.name());
        }
    }
    // The parts are the segment files' contents, less their headers and footers.
    let counted: u64 = parts.iter().map(|p| p.bytes).sum();
    let segment_files: u64 = files()
        .iter()
        .filter(|(name, _)| name.len() > 33 && name.as_bytes()[32] == b'.')
        .map(|(_, b)| b.len() as u64)
        .sum();
    assert!(counted <= segment_files && counted * 10 > segment_files * 9, "{counted} of {segment_files}");
}
