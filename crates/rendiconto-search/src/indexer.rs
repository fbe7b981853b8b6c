//! Writes the tantivy index for a list of items, in memory, deterministically.
//!
//! tantivy names a segment with a random UUID, which appears in file names and in
//! `meta.json`. Everything else is a function of the documents (one thread, one
//! commit, one segment). So the UUID is replaced by one derived from the segment's
//! content: the same report gives byte-identical index files.

use crate::analysis;
use crate::items::Item;
use crate::schema::{schema, Fields};
use crate::synonyms::{self, Synonyms};
use crate::vocabulary;
use sha2::{Digest, Sha256};
use std::path::Path;
use tantivy::directory::{Directory, RamDirectory};
use tantivy::{Index, IndexWriter, ReloadPolicy, TantivyDocument};

/// An index as a list of (file name, bytes), sorted by name.
pub type IndexFiles = Vec<(String, Vec<u8>)>;

/// The synonym list travels with the index, as one more file of the pack
/// ([`synonyms::PACK_FILE`]): the CLI and the browser then expand questions alike. So
/// does the vocabulary, the folded words and how many items hold each
/// ([`vocabulary::PACK_FILE`]), for completions and corrections.
pub fn build(items: &[Item], synonyms: &Synonyms) -> tantivy::Result<IndexFiles> {
    let dir = RamDirectory::create();
    let index = Index::create(dir.clone(), schema(), Default::default())?;
    analysis::register(index.tokenizers());
    let fields = Fields::from_schema(&index.schema())?;
    // One thread keeps documents in insertion order: doc id == item ordinal.
    // A budget the whole input fits in keeps it one segment (several years of reports
    // in one file, as the benchmark's ×100 corpus, would overflow a fixed 50 MB).
    // tantivy's per-thread limit is a little under 4 GiB.
    const MAX_BUDGET: usize = 3_500_000_000;
    let text: usize = items.iter().map(Item::text_len).sum();
    let budget = text.saturating_mul(24).clamp(50_000_000, MAX_BUDGET);
    let mut writer: IndexWriter = index.writer_with_num_threads(1, budget)?;
    for item in items {
        let mut d = TantivyDocument::default();
        for (t, field) in fields.texts {
            d.add_text(field, t.text(item));
        }
        writer.add_document(d)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;

    let metas = index.searchable_segment_metas()?;
    if metas.len() > 1 {
        return Err(tantivy::TantivyError::InternalError(format!("expected one segment, got {}", metas.len())));
    }
    // The directory's own list of the files tantivy manages.
    let managed: Vec<String> = serde_json::from_slice(&dir.atomic_read(Path::new(".managed.json"))?)
        .map_err(|e| tantivy::TantivyError::InternalError(format!(".managed.json: {e}")))?;
    let mut files: IndexFiles = Vec::new();
    for name in managed {
        if name.starts_with('.') || !dir.exists(Path::new(&name))? {
            continue;
        }
        let bytes = dir.open_read(Path::new(&name))?.read_bytes()?.as_slice().to_vec();
        files.push((name, bytes));
    }
    if !files.iter().any(|(n, _)| n == "meta.json") {
        files.push(("meta.json".to_string(), dir.atomic_read(Path::new("meta.json"))?));
    }
    // All segment files share the UUID, so name order is extension order: stable.
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let segment_bytes: Vec<u8> =
        files.iter().filter(|(n, _)| n != "meta.json").flat_map(|(_, b)| b.iter().copied()).collect();

    // Replace the random segment UUID with a content hash.
    if let Some(meta) = metas.first() {
        // File names use the bare 32 hex digits, meta.json the hyphenated form.
        let random = meta.id().uuid_string();
        let stable = hex::encode(&Sha256::digest(&segment_bytes)[..16]);
        let hyphenated = |u: &str| format!("{}-{}-{}-{}-{}", &u[..8], &u[8..12], &u[12..16], &u[16..20], &u[20..]);
        for (name, bytes) in files.iter_mut() {
            *name = name.replace(&random, &stable);
            if name == "meta.json" {
                let text = String::from_utf8_lossy(bytes).replace(&hyphenated(&random), &hyphenated(&stable));
                *bytes = text.into_bytes();
            }
        }
    }
    files.push((synonyms::PACK_FILE.to_string(), synonyms.to_text().into_bytes()));
    files.push((vocabulary::PACK_FILE.to_string(), vocabulary::to_text(&vocabulary::count(items)).into_bytes()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// Opens an index from its files, with the Italian analysis registered. Used by the
/// browser and by `index-builder search`; the reader never spawns threads.
pub fn open(files: &[(String, Vec<u8>)]) -> tantivy::Result<Index> {
    let dir = RamDirectory::create();
    for (name, bytes) in files {
        dir.atomic_write(Path::new(name), bytes)?;
    }
    open_in(dir)
}

/// Opens the index `dir` holds (the index in pieces: `bundle::pieces`), with the
/// Italian analysis registered.
pub fn open_in(dir: impl Directory) -> tantivy::Result<Index> {
    let index = Index::open(dir)?;
    analysis::register(index.tokenizers());
    Ok(index)
}

/// One part of an index: a component of a field (or the document store) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexPart {
    /// `termdict`, `postings`, `positions`, `fieldnorms`, `fast_fields` or `store`.
    pub component: &'static str,
    /// The schema field; empty for the store.
    pub field: String,
    pub bytes: u64,
}

/// What each part of the index weighs, raw, as tantivy counts it (`Searcher::space_usage`):
/// per field its term dictionary, postings, positions, field norms and fast column; then
/// the document store. Components in that order, fields by name; a field without a
/// component has no row. Used by `index-builder check --index-usage`
/// (docs/index-parts.md).
pub fn space_usage(files: &[(String, Vec<u8>)]) -> tantivy::Result<Vec<IndexPart>> {
    let index = open(files)?;
    let reader: tantivy::IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    let usage = reader.searcher().space_usage()?;
    let mut out: Vec<IndexPart> = Vec::new();
    let mut add = |component: &'static str, field: &str, bytes: u64| match out
        .iter_mut()
        .find(|p| p.component == component && p.field == field)
    {
        Some(p) => p.bytes += bytes,
        None => out.push(IndexPart { component, field: field.to_string(), bytes }),
    };
    for segment in usage.segments() {
        for (component, per_field) in [
            ("termdict", segment.termdict()),
            ("postings", segment.postings()),
            ("positions", segment.positions()),
            ("fieldnorms", segment.fieldnorms()),
            ("fast_fields", segment.fast_fields()),
        ] {
            for f in per_field.fields() {
                add(component, f.field_name(), f.total().get_bytes());
            }
        }
        add("store", "", segment.store().total().get_bytes());
    }
    Ok(out)
}
