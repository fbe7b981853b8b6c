//! What the index holds, part by part (docs/index-parts.md).

use rendiconto_search::indexer::{self, IndexFiles};
use rendiconto_search::vocabulary;
use rendiconto_search::{analysis, items, BundleError, Engine, Item, Synonyms, TextField};
use std::sync::OnceLock;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, TantivyDocument};

const REPORT: &str = include_str!("../../../data/torino-rendiconto-2023-relazione-programma.txt");

fn report_items() -> Vec<Item> {
    items::items(&rendiconto_parser::parse_str(REPORT).unwrap())
}

fn files() -> &'static IndexFiles {
    static FILES: OnceLock<IndexFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let synonyms = Synonyms::parse(rendiconto_search::synonyms::BUNDLED).unwrap();
        indexer::build(&report_items(), &synonyms).unwrap()
    })
}

/// The vocabulary as the engine read it up to bundle version 1: the term dictionary of a
/// `folded` field (titles and the five texts, folded, no frequencies or positions).
fn vocabulary_from_a_folded_field(items: &[Item]) -> Vec<(String, u32)> {
    let mut b = Schema::builder();
    let folded = b.add_text_field(
        "folded",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer("it_folded").set_index_option(IndexRecordOption::Basic),
        ),
    );
    let index = Index::create_in_ram(b.build());
    index.tokenizers().register("it_folded", analysis::folded());
    let mut writer = index.writer_with_num_threads(1, 50_000_000).unwrap();
    for item in items {
        let mut d = TantivyDocument::default();
        d.add_text(folded, &item.title);
        for t in TextField::ALL {
            d.add_text(folded, t.text(item));
        }
        writer.add_document(d).unwrap();
    }
    writer.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let mut out = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(folded).unwrap();
        let mut stream = inverted.terms().stream().unwrap();
        while stream.advance() {
            out.push((std::str::from_utf8(stream.key()).unwrap().to_string(), stream.value().doc_freq));
        }
    }
    out
}

#[test]
fn the_vocabulary_file_holds_what_the_folded_field_held() {
    let (_, text) = files().iter().find(|(n, _)| n == vocabulary::PACK_FILE).expect("the vocabulary in the pack");
    let words = vocabulary::parse(std::str::from_utf8(text).unwrap()).unwrap();
    let old = vocabulary_from_a_folded_field(&report_items());
    assert!(words.len() > 4_000, "{} words", words.len());
    assert!(words == old, "{} words in the file, {} in the field", words.len(), old.len());
    // Folded: "attività" is "attivita".
    assert!(words.iter().any(|(w, _)| w == "attivita"));
}

#[test]
fn an_index_without_its_vocabulary_is_refused_clearly() {
    let doc = rendiconto_parser::parse_str(REPORT).unwrap();
    let mut files = files().clone();
    files.retain(|(n, _)| n != vocabulary::PACK_FILE);
    let err = Engine::open(doc.clone(), &files).err().expect("refused");
    assert!(matches!(err, BundleError::Damaged { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "part index.pack is damaged: it has no rendiconto-vocabulary.txt (the words for completions and corrections)"
    );
    files.push((vocabulary::PACK_FILE.into(), b"scuola\t2\nbici\t1\n".to_vec()));
    let err = Engine::open(doc, &files).err().expect("refused");
    assert_eq!(
        err.to_string(),
        "part index.pack is damaged: rendiconto-vocabulary.txt, line 2: the words are not in byte order"
    );
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
