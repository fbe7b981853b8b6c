//! The index in pieces (issue 23, first step): what `index.pack` holds, cut so that a
//! question downloads only what it reads.
//!
//! - The **hotcache**: every byte that opening the index and its term dictionaries
//!   reads, and every small file whole (`meta.json`, the term dictionaries, field
//!   norms, the store, the fast fields, the synonyms and the vocabulary); of the
//!   postings (`.idx`) and positions (`.pos`) files, what is not in a chunk (their
//!   footers and each field's header).
//! - The **chunks**: per field, the postings (and apart, the positions) of consecutive
//!   terms, cut at term boundaries into pieces of about [`CHUNK_BYTES`] for the report
//!   (a larger index is cut larger: [`chunk_bytes_for`]); each chunk is one byte range
//!   of its file.
//!
//! Every piece is named by its content (the first 16 hex digits of its sha256: the
//! name is the hash a download is checked against), and `pieces.json`
//! ([`PiecesManifest`], written in columns: `wire`) lists them: for each chunk its
//! file, field, first and last term ordinal, byte range and size; the programmes'
//! texts, or for a larger corpus the tables listing them ([`TEXTS_PER_TABLE`]). The
//! same index gives the same pieces, byte for byte. The engine reads them through
//! [`PiecesDirectory`] (`engine::pieces` plans which chunks a question needs).

mod directory;
mod wire;

pub use directory::{ChunkPlace, PiecesDirectory};

use super::{sha256_hex, BundleError, Reader};
use crate::indexer::IndexFiles;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, ReloadPolicy};

pub const PIECES_FORMAT: &str = "rendiconto-aperto-pieces";
/// 2: the programmes' texts are pieces too (`texts`). 3: chunks and texts written in
/// columns (`wire`); beyond [`TEXTS_PER_TABLE`] programmes, their texts listed in
/// tables (`text_tables`). 4: the fill's chunks also in packs (`packs`).
pub const PIECES_VERSION: u32 = 4;
/// The manifest of the pieces.
pub const PIECES_MANIFEST: &str = "pieces.json";
/// The folder of the bundle that holds `pieces.json` and the pieces (`index-builder build`).
pub const PIECES_DIR: &str = "pieces";
/// The size a chunk of the report's index is cut to (raw bytes; a term whose postings
/// alone are larger is a chunk of its own). Measured in docs/index-pieces.md: a
/// question reads about 18 terms' postings and positions spread over the fields, so a
/// larger chunk mostly brings its neighbours' (8 kB: 42 kB brotli a question, 1 kB:
/// 10 kB), while the manifest grows with the number of chunks; 1 kB gives the fewest
/// bytes before the first result. A larger index is cut larger: [`chunk_bytes_for`].
pub const CHUNK_BYTES: usize = 1024;
/// The report's postings and positions files (raw bytes): the size [`CHUNK_BYTES`] is
/// measured for.
const REPORT_POSTINGS: u64 = 200_000;
/// The largest chunk size [`chunk_bytes_for`] gives.
const MAX_CHUNK_BYTES: u64 = 16 * 1024;

/// The chunk size for an index whose postings and positions files hold `postings`
/// bytes. The manifest lists every chunk (bytes ∝ postings / size, before the first
/// result) and a question reads about twenty chunks (bytes ∝ size): their sum is
/// smallest when the size grows as the square root of the index, [`CHUNK_BYTES`] for
/// the report. At the benchmark's ×100 (14.3 MB of postings and positions: 8 kB
/// chunks, 1,576 of them) the manifest's chunks and a question's went from 130 kB
/// brotli (1 kB chunks, one object each) to 40 kB (docs/index-pieces.md, "The manifest
/// at scale"). Whole kilobytes, so that nearby sizes give the same cut.
pub fn chunk_bytes_for(postings: u64) -> usize {
    let size = (postings.saturating_mul(CHUNK_BYTES as u64 * CHUNK_BYTES as u64) / REPORT_POSTINGS).isqrt();
    (size / 1024 * 1024).clamp(CHUNK_BYTES as u64, MAX_CHUNK_BYTES) as usize
}

/// The bytes of the postings and positions files among `files` (what chunks are cut
/// from; [`chunk_bytes_for`]).
pub fn postings_bytes(files: &IndexFiles) -> u64 {
    files
        .iter()
        .filter(|(name, _)| ChunkKind::ALL.iter().any(|k| name.ends_with(&format!(".{}", k.ext()))))
        .map(|(_, bytes)| bytes.len() as u64)
        .sum()
}

/// How many bytes of chunks (raw) a page fetches in the background after its first
/// results, so that the questions typed next are answered without waiting for the
/// network (`Engine::pieces_to_fill`, in packs: `Engine::packs_to_fill`): the
/// report's every chunk (197 kB; a test keeps it so), a bounded share of a larger corpus.
pub const FILL_BYTES: u64 = 256 * 1024;
/// How many bytes of chunks (raw) one fill pack holds ([`Pack`]). The fill's chunks one
/// by one were a round trip each: the report's 207 chunks took the background fill
/// some ten seconds on a phone's link (150 ms a round trip, two at a time), and the
/// questions typed meanwhile waited for their own (BENCHMARKS.md, "Typing right after
/// the first result"). In packs of 32 kB the report's fill is seven downloads, and a
/// pack (about 6 kB brotli) is still small beside a question's own pieces.
pub const PACK_BYTES: u64 = 32 * 1024;
/// How many programmes' texts `pieces.json` lists itself; a larger corpus lists them
/// in tables of that many programmes each (pieces too, fetched with the first texts
/// they name). At the benchmark's ×100 the 5,200 programmes' hashes alone were 42 kB
/// brotli of the manifest, read before the first result; the snippets, which need
/// them, are drawn after it (BENCHMARKS.md, "The manifest at scale").
pub const TEXTS_PER_TABLE: usize = 64;
/// How many hex digits of its sha256 name a piece.
const NAME_HASH: usize = 16;
const HOTCACHE_MAGIC: &[u8; 4] = b"RAHC";

/// A piece's name: its content's sha256 (16 hex digits) and what it is
/// (`hot`, `idx`, `pos`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PieceId(pub String);

impl std::fmt::Display for PieceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PieceId {
    fn of(bytes: &[u8], ext: &str) -> PieceId {
        PieceId(format!("{}.{ext}", &sha256_hex(bytes)[..NAME_HASH]))
    }

    /// The hash its name carries.
    pub fn hash(&self) -> &str {
        self.0.split('.').next().unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    /// Also its hash ([`PieceId`]).
    pub name: PieceId,
    pub size: u64,
}

/// What a chunk holds: postings (documents and frequencies) or positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChunkKind {
    Postings,
    Positions,
}

impl ChunkKind {
    const ALL: [ChunkKind; 2] = [ChunkKind::Postings, ChunkKind::Positions];

    /// The extension of the index file it is cut from, and of its name.
    pub fn ext(self) -> &'static str {
        match self {
            ChunkKind::Postings => "idx",
            ChunkKind::Positions => "pos",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chunk {
    #[serde(flatten)]
    pub piece: Piece,
    pub kind: ChunkKind,
    /// The index file it is a byte range of.
    pub file: String,
    pub field: String,
    /// The term ordinals it holds, first and last (in the field's term dictionary).
    pub first_ord: u64,
    pub last_ord: u64,
    /// Its bytes in `file`.
    pub start: u64,
    pub end: u64,
}

impl Chunk {
    pub fn place(&self) -> ChunkPlace<'_> {
        ChunkPlace { file: &self.file, range: self.start as usize..self.end as usize, piece: &self.piece.name }
    }
}

/// A fill pack, a piece named `<hash>.pack`: chunks of the fill's order
/// ([`PiecesManifest::fill_order`]), one after the other, each still checked against
/// its own hash when the pack is taken apart. Which chunks, follows from the chunks
/// ([`PiecesManifest::pack_members`]): the manifest lists only each pack's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pack {
    pub piece: Piece,
    pub members: Vec<Piece>,
}

/// The extension of a fill pack's name.
pub const PACK_EXT: &str = "pack";

/// A programme's texts (`bundle::texts`), a piece named `<hash>.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPiece {
    #[serde(flatten)]
    pub piece: Piece,
    /// The programme's mission and number.
    pub mission: u32,
    pub program: u32,
}

/// `pieces.json` (written in columns: `wire`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "wire::Wire", try_from = "wire::Wire")]
pub struct PiecesManifest {
    pub format: String,
    pub version: u32,
    /// The `index.pack` they were cut from (pieces of two builds never mix).
    pub index_sha256: String,
    pub chunk_bytes: u64,
    pub hotcache: Piece,
    pub chunks: Vec<Chunk>,
    /// The programmes' texts, in report order (when there are at most
    /// [`TEXTS_PER_TABLE`]; else empty, and listed in `text_tables`).
    pub texts: Vec<TextPiece>,
    /// The tables listing the programmes' texts, in report order, `texts_per_table` in
    /// each (the last may list fewer): a [`TextTable`] each.
    pub text_tables: Vec<Piece>,
    pub texts_per_table: u64,
    /// The fill's chunks in packs, in the fill's order ([`Pack`]).
    pub packs: Vec<Pack>,
}

impl PiecesManifest {
    /// The order in which chunks are worth having before anyone asks, and how many:
    /// the postings first (every word, completion, synonym and correction reads them;
    /// positions only count phrases and nearby words), and of each kind the chunks of
    /// the most frequent terms first (the fewest terms in the most bytes: completions
    /// and corrections prefer frequent words), until `budget` bytes of chunks. A budget,
    /// not "every chunk": the report's whole index is under it, a corpus a hundred times
    /// larger is not, and what a page fetches must not grow with the collection. Each
    /// piece once (two chunks of the same bytes are one piece).
    pub fn fill_order(&self, budget: u64) -> Vec<&Piece> {
        let mut chunks: Vec<&Chunk> = self.chunks.iter().collect();
        let kind_rank = |c: &Chunk| match c.kind {
            ChunkKind::Postings => 0,
            ChunkKind::Positions => 1,
        };
        // Bytes per term, compared without division: a/b > c/d ⇔ a·d > c·b.
        chunks.sort_by(|a, b| {
            let terms = |c: &Chunk| c.last_ord - c.first_ord + 1;
            kind_rank(a)
                .cmp(&kind_rank(b))
                .then_with(|| (b.piece.size * terms(a)).cmp(&(a.piece.size * terms(b))))
                .then_with(|| a.piece.name.cmp(&b.piece.name))
        });
        let mut used = 0;
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for c in chunks {
            if used + c.piece.size > budget {
                break;
            }
            if seen.insert(&c.piece.name) {
                used += c.piece.size;
                out.push(&c.piece);
            }
        }
        out
    }

    /// The chunks of each fill pack: the fill's order ([`FILL_BYTES`]) cut into runs of
    /// at most [`PACK_BYTES`] (a larger chunk is a pack of its own).
    pub fn pack_members(&self) -> Vec<Vec<Piece>> {
        let mut packs: Vec<Vec<Piece>> = Vec::new();
        let mut size = 0;
        for piece in self.fill_order(FILL_BYTES) {
            match packs.last_mut() {
                Some(pack) if size + piece.size <= PACK_BYTES => {
                    size += piece.size;
                    pack.push(piece.clone());
                }
                _ => {
                    size = piece.size;
                    packs.push(vec![piece.clone()]);
                }
            }
        }
        packs
    }

    /// The fill pack called `name`.
    pub fn pack(&self, name: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.piece.name.0 == name)
    }

    /// Reads `pieces.json`, checking its format and version.
    pub fn read(bytes: &[u8]) -> Result<PiecesManifest, BundleError> {
        let damaged = |what: String| BundleError::Damaged { name: PIECES_MANIFEST.into(), what };
        // Another version's manifest has another shape: when this one's does not read,
        // its version says why (read apart only then: the page reads it once at start).
        #[derive(Deserialize)]
        struct Head {
            format: String,
            version: u32,
        }
        let m: PiecesManifest = match serde_json::from_slice(bytes) {
            Ok(m) => m,
            Err(e) => match serde_json::from_slice::<Head>(bytes) {
                Ok(head) if head.format == PIECES_FORMAT && head.version != PIECES_VERSION => {
                    return Err(BundleError::Version { found: head.version, expected: PIECES_VERSION })
                }
                _ => return Err(damaged(e.to_string())),
            },
        };
        if m.format != PIECES_FORMAT {
            return Err(damaged(format!("format is {:?}", m.format)));
        }
        if m.version != PIECES_VERSION {
            return Err(BundleError::Version { found: m.version, expected: PIECES_VERSION });
        }
        Ok(m)
    }

    /// Every piece it names: the hotcache, the chunks, the programmes' texts it lists,
    /// the tables listing the others and the fill packs.
    pub fn pieces(&self) -> impl Iterator<Item = &Piece> {
        std::iter::once(&self.hotcache)
            .chain(self.chunks.iter().map(|c| &c.piece))
            .chain(self.texts.iter().map(|t| &t.piece))
            .chain(&self.text_tables)
            .chain(self.packs.iter().map(|p| &p.piece))
    }

    /// The piece called `name` (see [`PiecesManifest::pieces`]).
    pub fn piece(&self, name: &str) -> Option<&Piece> {
        self.pieces().find(|p| p.name.0 == name)
    }

    /// Checks a downloaded piece against its size and the sha256 its name begins: a
    /// damaged or foreign piece is refused, named.
    pub fn verify(&self, name: &str, bytes: &[u8]) -> Result<(), BundleError> {
        Piece::verify(self.piece(name), name, bytes)
    }
}

impl Piece {
    /// Checks the bytes downloaded as `name` against `piece`, the entry a manifest has
    /// under that name (none: `name` is no piece of it). The engine looks its pieces up
    /// by name once opened ([`PiecesManifest::piece`] reads the whole list).
    pub fn verify(piece: Option<&Piece>, name: &str, bytes: &[u8]) -> Result<(), BundleError> {
        let piece = piece.ok_or_else(|| BundleError::Damaged {
            name: name.into(),
            what: format!("it is not a piece of this {PIECES_MANIFEST}"),
        })?;
        let sha = sha256_hex(bytes);
        super::check_digest(name, bytes.len(), &sha[..NAME_HASH], piece.size, piece.name.hash())
    }
}

/// Of one index file, the byte ranges the hotcache holds (whole for the small files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotFile {
    pub name: String,
    pub len: usize,
    pub ranges: Vec<(usize, Vec<u8>)>,
}

/// The hotcache: what opening the index reads, and the small files whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hotcache {
    pub files: Vec<HotFile>,
}

impl Hotcache {
    /// A file the hotcache holds whole (the synonyms, the vocabulary).
    pub fn whole_file(&self, name: &str) -> Option<&[u8]> {
        let f = self.files.iter().find(|f| f.name == name)?;
        match &f.ranges[..] {
            [(0, bytes)] if bytes.len() == f.len => Some(bytes),
            _ => None,
        }
    }

    /// `RAHC`, a u32 count of files, then per file: u32 name length, name, u64 length,
    /// u32 count of ranges, and per range u64 offset, u64 length, bytes (little-endian).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = HOTCACHE_MAGIC.to_vec();
        out.extend((self.files.len() as u32).to_le_bytes());
        for f in &self.files {
            out.extend((f.name.len() as u32).to_le_bytes());
            out.extend(f.name.as_bytes());
            out.extend((f.len as u64).to_le_bytes());
            out.extend((f.ranges.len() as u32).to_le_bytes());
            for (start, bytes) in &f.ranges {
                out.extend((*start as u64).to_le_bytes());
                out.extend((bytes.len() as u64).to_le_bytes());
                out.extend(bytes);
            }
        }
        out
    }

    pub fn decode(b: &[u8]) -> Result<Hotcache, String> {
        let mut b = Reader { rest: b, name: "the hotcache" };
        if b.take(4)? != HOTCACHE_MAGIC {
            return Err("the hotcache has no RAHC header".into());
        }
        let mut files = Vec::new();
        for _ in 0..b.u32()? {
            let name = b.name()?;
            let len = b.u64()?;
            let mut ranges = Vec::new();
            for _ in 0..b.u32()? {
                let start = b.u64()?;
                let n = b.u64()?;
                if start.checked_add(n).is_none_or(|end| end > len) {
                    return Err(format!("{name}: a range past the file's end"));
                }
                ranges.push((start, b.take(n)?.to_vec()));
            }
            files.push(HotFile { name, len, ranges });
        }
        b.end()?;
        Ok(Hotcache { files })
    }
}

/// The pieces of one index: the manifest, and each piece's bytes (by name, once each).
#[derive(Debug, Clone)]
pub struct Pieces {
    pub manifest: PiecesManifest,
    pub pieces: Vec<(PieceId, Vec<u8>)>,
}

impl Pieces {
    /// Every file to write: `pieces.json` first (one line: it lists hundreds of
    /// chunks), then the pieces.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut manifest = serde_json::to_vec(&self.manifest).expect("manifest serializes");
        manifest.push(b'\n');
        std::iter::once((PIECES_MANIFEST.to_string(), manifest))
            .chain(self.pieces.iter().map(|(id, b)| (id.0.clone(), b.clone())))
            .collect()
    }

    /// Adds the fill packs ([`Pack`]): the chunks of each, one after the other.
    fn add_packs(&mut self) {
        for members in self.manifest.pack_members() {
            let mut bytes = Vec::with_capacity(members.iter().map(|m| m.size as usize).sum());
            for m in &members {
                let (_, b) = self.pieces.iter().find(|(n, _)| *n == m.name).expect("every chunk is a piece");
                bytes.extend(b);
            }
            let name = PieceId::of(&bytes, PACK_EXT);
            let piece = Piece { name: name.clone(), size: bytes.len() as u64 };
            if !self.pieces.iter().any(|(n, _)| *n == name) {
                self.pieces.push((name, bytes));
            }
            self.manifest.packs.push(Pack { piece, members });
        }
    }

    /// Adds the programmes' texts (`bundle::texts::split`), each a piece named by its
    /// content, listed in report order: in the manifest, or beyond
    /// [`TEXTS_PER_TABLE`] programmes in tables of that many.
    pub fn add_texts(&mut self, fragments: &[super::texts::Fragment]) {
        self.add_texts_listed(fragments, TEXTS_PER_TABLE);
    }

    /// [`Pieces::add_texts`] with `per_table` programmes a table (tests try small ones).
    pub fn add_texts_listed(&mut self, fragments: &[super::texts::Fragment], per_table: usize) {
        let mut written: std::collections::BTreeSet<PieceId> = self.pieces.iter().map(|(n, _)| n.clone()).collect();
        let mut add = |pieces: &mut Vec<(PieceId, Vec<u8>)>, mut bytes: Vec<u8>| {
            bytes.push(b'\n');
            let name = PieceId::of(&bytes, "json");
            let piece = Piece { name: name.clone(), size: bytes.len() as u64 };
            if written.insert(name.clone()) {
                pieces.push((name, bytes));
            }
            piece
        };
        let mut listed = Vec::new();
        for f in fragments {
            let piece = add(&mut self.pieces, serde_json::to_vec(&f.texts).expect("texts serialize"));
            listed.push(TextPiece { piece, mission: f.mission, program: f.program });
        }
        self.manifest.texts_per_table = per_table as u64;
        if listed.len() <= per_table {
            self.manifest.texts = listed;
            return;
        }
        for table in listed.chunks(per_table) {
            let bytes = serde_json::to_vec(&TextTable(table.to_vec())).expect("a table serializes");
            let piece = add(&mut self.pieces, bytes);
            self.manifest.text_tables.push(piece);
        }
    }
}

/// A table of programmes' texts (`pieces/<hash>.json`): which piece holds each
/// programme's, written in columns as the manifest lists them (`wire`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "wire::Texts", try_from = "wire::Texts")]
pub struct TextTable(pub Vec<TextPiece>);

/// One term's bytes in the postings or positions file, as tantivy read them.
struct TermBytes {
    ord: u64,
    range: Range<usize>,
}

/// Cuts the index `pack` (the bytes of `index.pack`, its `files`) into a hotcache and
/// chunks of about `chunk_bytes`.
pub fn cut(pack: &[u8], files: &IndexFiles, chunk_bytes: usize) -> Result<Pieces, String> {
    let err = |e: tantivy::TantivyError| e.to_string();
    let dir = PiecesDirectory::recording(files);
    let index = Index::open(dir.clone()).map_err(err)?;
    let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(err)?;
    let searcher = reader.searcher();
    let [segment] = searcher.segment_readers() else {
        return Err(format!("expected one segment, got {}", searcher.segment_readers().len()));
    };
    let uuid = segment.segment_id().uuid_string();
    let file_of = |kind: ChunkKind| format!("{uuid}.{}", kind.ext());
    // Each indexed field's terms, postings and positions: what tantivy reads for each.
    let schema = index.schema();
    let mut terms: BTreeMap<(ChunkKind, u32), (String, Vec<TermBytes>)> = BTreeMap::new();
    for (field, entry) in schema.fields().filter(|(_, e)| e.is_indexed()) {
        let inverted = segment.inverted_index(field).map_err(err)?;
        let dict = inverted.terms();
        let mut stream = dict.stream().map_err(|e| e.to_string())?;
        dir.take_log();
        while stream.advance() {
            let ord = stream.term_ord();
            inverted
                .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqsAndPositions)
                .map_err(|e| e.to_string())?;
            for (file, range) in dir.take_log() {
                let Some(kind) = ChunkKind::ALL.into_iter().find(|k| file == file_of(*k)) else {
                    return Err(format!("reading a term's postings read {file}"));
                };
                let (_, list) =
                    terms.entry((kind, field.field_id())).or_insert_with(|| (entry.name().to_string(), Vec::new()));
                match list.last_mut() {
                    Some(last) if last.ord == ord => {
                        last.range = last.range.start.min(range.start)..last.range.end.max(range.end)
                    }
                    _ => list.push(TermBytes { ord, range }),
                }
            }
        }
    }
    drop((searcher, reader, index));

    let mut chunks: Vec<(Chunk, Vec<u8>)> = Vec::new();
    for ((kind, _), (field, list)) in &terms {
        let file = file_of(*kind);
        let bytes = &files.iter().find(|(n, _)| *n == file).ok_or_else(|| format!("no {file}"))?.1;
        for group in group_terms(list, chunk_bytes) {
            let (first, last) = (&group[0], &group[group.len() - 1]);
            let range = first.range.start..last.range.end;
            if group.windows(2).any(|w| w[0].range.end > w[1].range.start) {
                return Err(format!("{file}, {field}: terms' bytes overlap or are out of order"));
            }
            let content = bytes[range.clone()].to_vec();
            let name = PieceId::of(&content, kind.ext());
            chunks.push((
                Chunk {
                    piece: Piece { name, size: content.len() as u64 },
                    kind: *kind,
                    file: file.clone(),
                    field: field.clone(),
                    first_ord: first.ord,
                    last_ord: last.ord,
                    start: range.start as u64,
                    end: range.end as u64,
                },
                content,
            ));
        }
    }

    // The hotcache: every file whole, but for the chunks' bytes.
    let mut hot = Hotcache::default();
    for (name, bytes) in files {
        let mut taken: Vec<Range<usize>> =
            chunks.iter().filter(|(c, _)| c.file == *name).map(|(c, _)| c.start as usize..c.end as usize).collect();
        taken.sort_by_key(|r| r.start);
        let mut ranges = Vec::new();
        let mut at = 0;
        for r in taken.iter().chain(std::iter::once(&(bytes.len()..bytes.len()))) {
            if r.start < at {
                return Err(format!("{name}: chunks overlap at byte {}", r.start));
            }
            if r.start > at {
                ranges.push((at, bytes[at..r.start].to_vec()));
            }
            at = r.end;
        }
        hot.files.push(HotFile { name: name.clone(), len: bytes.len(), ranges });
    }
    let hot = hot.encode();
    let hot_name = PieceId::of(&hot, "hot");
    let manifest = PiecesManifest {
        format: PIECES_FORMAT.into(),
        version: PIECES_VERSION,
        index_sha256: sha256_hex(pack),
        chunk_bytes: chunk_bytes as u64,
        hotcache: Piece { name: hot_name.clone(), size: hot.len() as u64 },
        chunks: chunks.iter().map(|(c, _)| c.clone()).collect(),
        texts: Vec::new(),
        text_tables: Vec::new(),
        texts_per_table: TEXTS_PER_TABLE as u64,
        packs: Vec::new(),
    };
    let mut pieces = vec![(hot_name, hot)];
    for (c, bytes) in chunks {
        if !pieces.iter().any(|(n, _)| *n == c.piece.name) {
            pieces.push((c.piece.name, bytes));
        }
    }
    let mut cut = Pieces { manifest, pieces };
    cut.add_packs();
    Ok(cut)
}

/// Consecutive terms in groups of about `target` bytes (at least one term each).
fn group_terms(list: &[TermBytes], target: usize) -> Vec<&[TermBytes]> {
    let mut groups = Vec::new();
    let (mut from, mut size) = (0, 0);
    for (i, t) in list.iter().enumerate() {
        if i > from && size + t.range.len() > target {
            groups.push(&list[from..i]);
            (from, size) = (i, 0);
        }
        size += t.range.len();
    }
    if from < list.len() {
        groups.push(&list[from..]);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(name: &str, kind: ChunkKind, terms: u64, size: u64) -> Chunk {
        Chunk {
            piece: Piece { name: PieceId(name.into()), size },
            kind,
            file: "f".into(),
            field: "objective".into(),
            first_ord: 0,
            last_ord: terms - 1,
            start: 0,
            end: size,
        }
    }

    fn manifest(chunks: Vec<Chunk>) -> PiecesManifest {
        PiecesManifest {
            format: String::new(),
            version: 1,
            index_sha256: String::new(),
            chunk_bytes: 1024,
            hotcache: Piece { name: PieceId("hot".into()), size: 1 },
            chunks,
            texts: Vec::new(),
            text_tables: Vec::new(),
            texts_per_table: 64,
            packs: Vec::new(),
        }
    }

    fn names(pieces: Vec<&Piece>) -> Vec<String> {
        pieces.into_iter().map(|p| p.name.0.clone()).collect()
    }

    #[test]
    fn postings_first_then_the_most_frequent_terms_within_the_budget() {
        let m = manifest(vec![
            chunk("pos-one-term", ChunkKind::Positions, 1, 1000),
            chunk("idx-rare", ChunkKind::Postings, 100, 1000),
            chunk("idx-frequent", ChunkKind::Postings, 1, 900),
            chunk("idx-b", ChunkKind::Postings, 10, 1000),
            chunk("idx-a", ChunkKind::Postings, 10, 1000),
            // The same bytes as another chunk: one piece, filled once.
            chunk("idx-a", ChunkKind::Postings, 10, 1000),
        ]);
        let all = ["idx-frequent", "idx-a", "idx-b", "idx-rare", "pos-one-term"];
        assert_eq!(names(m.fill_order(u64::MAX)), all);
        // The budget stops at the first chunk that would not fit.
        assert_eq!(names(m.fill_order(2900)), &all[..3]);
        assert_eq!(names(m.fill_order(899)), Vec::<String>::new());
    }

    #[test]
    fn packs_follow_the_fill_order_up_to_their_size_and_a_larger_chunk_alone() {
        let big = PACK_BYTES - 100;
        let m = manifest(vec![
            chunk("idx-1", ChunkKind::Postings, 1, 60),
            chunk("idx-2", ChunkKind::Postings, 1, big),
            chunk("idx-3", ChunkKind::Postings, 1, 50),
            chunk("idx-4", ChunkKind::Postings, 1, PACK_BYTES + 1),
            chunk("pos-1", ChunkKind::Positions, 1, 10),
        ]);
        let packs: Vec<Vec<String>> =
            m.pack_members().into_iter().map(|pack| pack.into_iter().map(|p| p.name.0).collect()).collect();
        // Fill order: idx-4, idx-2, idx-1, idx-3, pos-1 (the most bytes a term first).
        assert_eq!(packs, [vec!["idx-4"], vec!["idx-2", "idx-1"], vec!["idx-3", "pos-1"]]);
    }

    #[test]
    fn chunks_grow_as_the_square_root_of_the_index() {
        // The report's size (and anything up to 4× it) keeps the measured size.
        for postings in [0, 100_000, REPORT_POSTINGS, 4 * REPORT_POSTINGS - 1] {
            assert_eq!(chunk_bytes_for(postings), CHUNK_BYTES, "{postings}");
        }
        assert_eq!(chunk_bytes_for(4 * REPORT_POSTINGS), 2 * CHUNK_BYTES);
        // 6.5 MB of postings and positions (√32.5 ≈ 5.7), and the benchmark's ×100.
        assert_eq!(chunk_bytes_for(6_500_000), 5 * 1024);
        assert_eq!(chunk_bytes_for(14_343_931), 8 * 1024);
        assert_eq!(chunk_bytes_for(u64::MAX), MAX_CHUNK_BYTES as usize);
    }

    #[test]
    fn the_hotcache_round_trips_and_rejects_garbage() {
        let hot = Hotcache {
            files: vec![
                HotFile { name: "a.idx".into(), len: 10, ranges: vec![(0, vec![1, 2]), (8, vec![9, 10])] },
                HotFile { name: "meta.json".into(), len: 2, ranges: vec![(0, b"{}".to_vec())] },
            ],
        };
        let bytes = hot.encode();
        assert_eq!(Hotcache::decode(&bytes).unwrap(), hot);
        assert_eq!(hot.whole_file("meta.json"), Some(&b"{}"[..]));
        assert_eq!(hot.whole_file("a.idx"), None);
        assert!(Hotcache::decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(Hotcache::decode(b"nope").is_err());
        let mut long = bytes.clone();
        long.push(0);
        assert!(Hotcache::decode(&long).is_err());
    }

    #[test]
    fn terms_are_grouped_to_the_target_and_a_large_one_alone() {
        let t = |ord: u64, len: usize, at: usize| TermBytes { ord, range: at..at + len };
        let list = [t(0, 3, 0), t(1, 3, 3), t(2, 3, 6), t(3, 20, 9), t(4, 1, 29)];
        let sizes: Vec<Vec<u64>> = group_terms(&list, 7).iter().map(|g| g.iter().map(|t| t.ord).collect()).collect();
        assert_eq!(sizes, [vec![0, 1], vec![2], vec![3], vec![4]]);
        assert!(group_terms(&[], 7).is_empty());
    }
}
