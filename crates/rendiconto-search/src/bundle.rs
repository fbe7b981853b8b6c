//! What `index-builder build` writes and the browser downloads:
//!
//! - `manifest.json`: format version, the source's sha256, and size and sha256 of each part;
//! - `data.json`: the report without its details (every text a search needs: see
//!   [`details`]);
//! - `catalog.json`: for the web site, `data.json` without the texts only a shown or
//!   opened item needs (see [`texts`]); those texts are among the index's pieces, one
//!   fragment per programme;
//! - `details.json`: what only an opened page needs (indicator values, source lines,
//!   cover pages, notes), downloaded after the first results;
//! - `index.pack`: the tantivy index files, the synonym list and the vocabulary (the
//!   folded words for completions and corrections), packed into one file.
//!
//! The browser checks every part against the manifest before opening anything, so a
//! stale cache or a half-copied USB stick gives a clear message, not wrong results.

pub mod details;
pub mod pieces;
pub mod texts;

use crate::indexer::{self, IndexFiles};
use crate::items;
use crate::synonyms::Synonyms;
use rendiconto_model::Document;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

pub const BUNDLE_FORMAT: &str = "rendiconto-aperto-bundle";
/// Bumped whenever the data or index layout changes incompatibly.
/// 2: the folded words are a text file of the pack (`rendiconto-vocabulary.txt`), no
/// longer a tantivy field; the index holds the five ranked texts only (no `ord`, no
/// filter fields).
/// 3: the report's details are a part of their own (`details.json`).
/// 4: the catalog (`catalog.json`) and the texts in fragments among the pieces.
pub const BUNDLE_VERSION: u32 = 4;
pub const MANIFEST: &str = "manifest.json";
pub const DATA: &str = "data.json";
pub const DETAILS: &str = "details.json";
/// `data.json` without the texts (the web site's first download: [`texts`]).
pub const CATALOG: &str = "catalog.json";
pub const INDEX: &str = "index.pack";
const PACK_MAGIC: &[u8; 4] = b"RAIX";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub source_name: String,
    pub source_bytes: u64,
    pub source_sha256: String,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Error, PartialEq)]
pub enum BundleError {
    #[error("manifest.json is unreadable: {0}")]
    Manifest(String),
    #[error("bundle version {found} is not the version this program reads ({expected}); rebuild the bundle")]
    Version { found: u32, expected: u32 },
    #[error("part {0} is missing")]
    Missing(String),
    #[error("part {name} is damaged: {what}")]
    Damaged { name: String, what: String },
    #[error("the index cannot be opened: {0}")]
    Index(String),
}

impl BundleError {
    /// The same message for people using the Italian interface.
    pub fn message_it(&self) -> String {
        match self {
            BundleError::Manifest(_) => "L'indice dei dati (manifest.json) non è leggibile.".into(),
            BundleError::Version { .. } => {
                "I dati sono di una versione diversa dell'applicazione: ricaricare la pagina o ricostruire i dati."
                    .into()
            }
            BundleError::Missing(name) => format!("Manca un file dei dati ({name})."),
            BundleError::Damaged { name, .. } => {
                format!("Il file dei dati {name} è danneggiato o incompleto (non corrisponde al manifest).")
            }
            BundleError::Index(_) => "L'indice di ricerca non si apre.".into(),
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A digest in the manifest's notation (lower-case hex), for one computed elsewhere (the
/// browser's own SHA-256).
pub fn digest_hex(digest: &[u8]) -> String {
    hex::encode(digest)
}

/// A built bundle: the manifest and its parts, in memory.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub manifest: Manifest,
    pub parts: Vec<(String, Vec<u8>)>,
    /// The programmes' texts, cut out of the catalog ([`Bundle::pieces`] writes them).
    pub texts: Vec<texts::Fragment>,
}

impl Bundle {
    /// Builds the data and the index for `doc`, parsed from `source`, with `synonyms`.
    pub fn create(doc: &Document, source: &[u8], source_name: &str, synonyms: &Synonyms) -> tantivy::Result<Bundle> {
        fn json(value: &impl Serialize) -> tantivy::Result<Vec<u8>> {
            serde_json::to_vec(value).map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))
        }
        let (lean, details) = details::split(doc);
        let (catalog, texts) = texts::split(&lean);
        let (data, catalog, details) = (json(&lean)?, json(&catalog)?, json(&details)?);
        let index = pack(&indexer::build(&items::items(doc), synonyms)?);
        let parts = vec![
            (DATA.to_string(), data),
            (CATALOG.to_string(), catalog),
            (DETAILS.to_string(), details),
            (INDEX.to_string(), index),
        ];
        let manifest = Manifest {
            format: BUNDLE_FORMAT.into(),
            version: BUNDLE_VERSION,
            source_name: source_name.into(),
            source_bytes: source.len() as u64,
            source_sha256: sha256_hex(source),
            parts: parts
                .iter()
                .map(|(name, b)| Part { name: name.clone(), size: b.len() as u64, sha256: sha256_hex(b) })
                .collect(),
        };
        Ok(Bundle { manifest, parts, texts })
    }

    /// Every file to write: the manifest first, then the parts.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut manifest = serde_json::to_vec_pretty(&self.manifest).expect("manifest serializes");
        manifest.push(b'\n');
        let mut out = vec![(MANIFEST.to_string(), manifest)];
        out.extend(self.parts.iter().cloned());
        out
    }

    /// The index cut in pieces ([`pieces::cut`], its chunk size by [`pieces::chunk_bytes_for`]) and the
    /// programmes' texts ([`texts`]): what the web site's app downloads instead of
    /// `index.pack` and `data.json`, written beside the bundle in
    /// [`pieces::PIECES_DIR`] (by `index-builder build`, and by the benchmark for its
    /// scaled corpora).
    pub fn pieces(&self) -> Result<pieces::Pieces, String> {
        let pack = self.parts.iter().find(|(f, _)| f == INDEX).map(|(_, b)| b).ok_or("the bundle has no index")?;
        let files = Self::decode_index(pack).map_err(|e| e.to_string())?;
        let mut cut = pieces::cut(pack, &files, pieces::chunk_bytes_for(pieces::postings_bytes(&files)))?;
        cut.add_texts(&self.texts);
        Ok(cut)
    }

    /// Reads the manifest (checking its version) — the first step of loading.
    pub fn read_manifest(bytes: &[u8]) -> Result<Manifest, BundleError> {
        let m: Manifest = serde_json::from_slice(bytes).map_err(|e| BundleError::Manifest(e.to_string()))?;
        if m.format != BUNDLE_FORMAT {
            return Err(BundleError::Manifest(format!("format is {:?}", m.format)));
        }
        if m.version != BUNDLE_VERSION {
            return Err(BundleError::Version { found: m.version, expected: BUNDLE_VERSION });
        }
        Ok(m)
    }

    /// Checks a downloaded part against the manifest.
    pub fn verify_part(manifest: &Manifest, name: &str, bytes: &[u8]) -> Result<(), BundleError> {
        Self::verify_digest(manifest, name, bytes.len(), &sha256_hex(bytes))
    }

    /// Checks a part's length and sha256 (hex), computed by the caller, against the
    /// manifest (the browser hashes with its own native SHA-256, off the page's thread).
    pub fn verify_digest(manifest: &Manifest, name: &str, len: usize, sha: &str) -> Result<(), BundleError> {
        let part = manifest.parts.iter().find(|p| p.name == name).ok_or_else(|| BundleError::Missing(name.into()))?;
        check_digest(name, len, sha, part.size, &part.sha256)
    }

    /// Verifies and decodes `details.json` (for [`details::restore`]).
    pub fn open_details(manifest: &Manifest, bytes: &[u8]) -> Result<Document, BundleError> {
        Self::verify_part(manifest, DETAILS, bytes)?;
        Self::decode_document(DETAILS, bytes)
    }

    /// The whole report from its two parts, verified (what the prerenderer and the
    /// exports read).
    pub fn open_document(manifest: &Manifest, data: &[u8], details: &[u8]) -> Result<Document, BundleError> {
        let mut doc = Self::open_data(manifest, data)?;
        details::restore(&mut doc, Self::open_details(manifest, details)?)
            .map_err(|what| BundleError::Damaged { name: DETAILS.into(), what })?;
        Ok(doc)
    }

    /// Verifies and decodes what a search needs: the report without its details
    /// (`data.json`) and the index files.
    pub fn open_parts(manifest: &Manifest, data: &[u8], index: &[u8]) -> Result<(Document, IndexFiles), BundleError> {
        let doc = Self::open_data(manifest, data)?;
        Self::verify_part(manifest, INDEX, index)?;
        Ok((doc, Self::decode_index(index)?))
    }

    /// Verifies and decodes `data.json`.
    fn open_data(manifest: &Manifest, data: &[u8]) -> Result<Document, BundleError> {
        Self::verify_part(manifest, DATA, data)?;
        Self::decode_document(DATA, data)
    }

    /// Decodes a verified `data.json`, `catalog.json` or `details.json` (the part `name`).
    pub fn decode_document(name: &str, bytes: &[u8]) -> Result<Document, BundleError> {
        serde_json::from_slice(bytes).map_err(|e| BundleError::Damaged { name: name.into(), what: e.to_string() })
    }

    /// Decodes a verified `index.pack` into its files.
    pub fn decode_index(bytes: &[u8]) -> Result<IndexFiles, BundleError> {
        unpack(bytes).map_err(|what| BundleError::Damaged { name: INDEX.into(), what })
    }
}

/// Checks the length and sha256 of the file `name` against what a manifest says.
fn check_digest(name: &str, len: usize, sha: &str, size: u64, sha256: &str) -> Result<(), BundleError> {
    if size != len as u64 {
        return Err(BundleError::Damaged { name: name.into(), what: format!("{len} bytes, the manifest says {size}") });
    }
    if sha != sha256 {
        return Err(BundleError::Damaged {
            name: name.into(),
            what: format!("sha256 {sha}, the manifest says {sha256}"),
        });
    }
    Ok(())
}

/// `RAIX`, then per file: u32 name length, name, u64 length, bytes (little-endian).
pub fn pack(files: &IndexFiles) -> Vec<u8> {
    let mut out = PACK_MAGIC.to_vec();
    out.extend((files.len() as u32).to_le_bytes());
    for (name, bytes) in files {
        out.extend((name.len() as u32).to_le_bytes());
        out.extend(name.as_bytes());
        out.extend((bytes.len() as u64).to_le_bytes());
        out.extend(bytes);
    }
    out
}

pub fn unpack(b: &[u8]) -> Result<IndexFiles, String> {
    let mut b = Reader { rest: b, name: INDEX };
    if b.take(4)? != PACK_MAGIC {
        return Err("index.pack has no RAIX header".into());
    }
    let count = b.u32()?;
    let mut files = Vec::new();
    for _ in 0..count {
        let name = b.name()?;
        let len = b.u64()?;
        files.push((name, b.take(len)?.to_vec()));
    }
    b.end()?;
    Ok(files)
}

/// Reads the bundle's binary files (`index.pack`, the hotcache of `pieces`):
/// little-endian numbers, names with their u32 length; an error names the file.
pub(crate) struct Reader<'a> {
    pub(crate) rest: &'a [u8],
    pub(crate) name: &'a str,
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.rest.len() < n {
            return Err(format!("{} ends early", self.name));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    pub(crate) fn u32(&mut self) -> Result<usize, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")) as usize)
    }

    pub(crate) fn u64(&mut self) -> Result<usize, String> {
        let n = u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes"));
        usize::try_from(n).map_err(|_| format!("{}: a length too large", self.name))
    }

    /// A file name: its u32 length, then UTF-8.
    pub(crate) fn name(&mut self) -> Result<String, String> {
        let n = self.u32()?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| format!("{}: a file name is not UTF-8", self.name))
    }

    /// Nothing may follow.
    pub(crate) fn end(&self) -> Result<(), String> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(format!("{} has trailing bytes", self.name))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_round_trips_and_rejects_garbage() {
        let files = vec![("a".to_string(), vec![1, 2, 3]), ("meta.json".to_string(), b"{}".to_vec())];
        assert_eq!(unpack(&pack(&files)).unwrap(), files);
        assert!(unpack(b"RAIX\x05\x00\x00\x00").is_err());
        assert!(unpack(b"nope").is_err());
        let mut p = pack(&files);
        p.truncate(p.len() - 1);
        assert!(unpack(&p).is_err());
    }

    #[test]
    fn manifest_version_and_damage_are_reported() {
        let m = Manifest {
            format: BUNDLE_FORMAT.into(),
            version: BUNDLE_VERSION + 1,
            source_name: "x".into(),
            source_bytes: 0,
            source_sha256: String::new(),
            parts: vec![Part { name: DATA.into(), size: 2, sha256: sha256_hex(b"{}") }],
        };
        let bytes = serde_json::to_vec(&m).unwrap();
        assert!(matches!(Bundle::read_manifest(&bytes), Err(BundleError::Version { .. })));
        assert!(matches!(Bundle::read_manifest(b"not json"), Err(BundleError::Manifest(_))));
        assert_eq!(Bundle::verify_part(&m, DATA, b"{}"), Ok(()));
        assert!(matches!(Bundle::verify_part(&m, DATA, b"[]"), Err(BundleError::Damaged { .. })));
        assert!(matches!(Bundle::verify_part(&m, INDEX, b""), Err(BundleError::Missing(_))));
    }
}
