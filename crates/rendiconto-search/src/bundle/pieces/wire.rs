//! `pieces.json` as written: the chunks and the texts in columns, every field that
//! follows from the one before left out.
//!
//! Why: the manifest is read before the first result, and it lists every piece. As
//! one object per piece it was 174 kB brotli at the benchmark's ×100 (6,476 chunks and
//! 5,200 programmes' texts): each chunk repeated its kind, file and field, and its
//! first term and first byte, which are the previous chunk's last plus one. What is
//! left is what cannot be derived: each piece's hash (16 hex digits, 8 bytes of
//! entropy that no compressor removes), its size, and a chunk's number of terms.
//! [`super::PiecesManifest`] keeps its plain shape in memory; this is its JSON.

use super::{Chunk, ChunkKind, Pack, Piece, PieceId, PiecesManifest, TextPiece, TextTable, NAME_HASH, PACK_EXT};
use serde::{Deserialize, Serialize};

/// `pieces.json`, version 4.
#[derive(Serialize, Deserialize)]
pub(super) struct Wire {
    format: String,
    version: u32,
    index_sha256: String,
    chunk_bytes: u64,
    /// As an object with its name: `web/boot.js` reads it to fetch the hotcache early.
    hotcache: Piece,
    chunks: Vec<Run>,
    texts: Texts,
    /// Where the texts of a larger corpus are listed instead.
    text_tables: Tables,
    /// Each fill pack's hash, one after the other: which chunks each holds follows
    /// from the chunks (`PiecesManifest::pack_members`).
    packs: String,
}

/// The tables listing the programmes' texts (none for at most `per` programmes).
#[derive(Serialize, Deserialize)]
struct Tables {
    /// How many programmes each lists (the last may list fewer).
    per: u64,
    hashes: String,
    sizes: Vec<u64>,
}

/// Chunks of one field of one file whose terms and bytes follow one another.
#[derive(Serialize, Deserialize)]
struct Run {
    kind: ChunkKind,
    file: String,
    field: String,
    /// The first chunk's first term ordinal and first byte.
    first_ord: u64,
    start: u64,
    /// Each chunk's hash (its name without the extension, which is the kind's), one
    /// after the other.
    hashes: String,
    /// Each chunk's number of terms.
    terms: Vec<u64>,
    /// Each chunk's size in bytes.
    sizes: Vec<u64>,
}

/// Programmes' texts, in report order: in the manifest, or a table's ([`TextTable`]).
#[derive(Serialize, Deserialize, Default)]
pub(super) struct Texts {
    /// Each piece's hash (its name is `<hash>.json`), one after the other.
    hashes: String,
    sizes: Vec<u64>,
    /// Whose texts they are: each mission's number with its programmes' numbers.
    programs: Vec<(u32, Vec<u32>)>,
}

const TEXT_EXT: &str = "json";

impl From<PiecesManifest> for Wire {
    fn from(m: PiecesManifest) -> Wire {
        let mut runs: Vec<Run> = Vec::new();
        let mut last: Option<&Chunk> = None;
        for c in &m.chunks {
            let follows = last.is_some_and(|l| {
                l.kind == c.kind
                    && l.file == c.file
                    && l.field == c.field
                    && l.last_ord + 1 == c.first_ord
                    && l.end == c.start
            });
            if !follows {
                runs.push(Run {
                    kind: c.kind,
                    file: c.file.clone(),
                    field: c.field.clone(),
                    first_ord: c.first_ord,
                    start: c.start,
                    hashes: String::new(),
                    terms: Vec::new(),
                    sizes: Vec::new(),
                });
            }
            let run = runs.last_mut().expect("pushed above");
            run.hashes.push_str(c.piece.name.hash());
            run.terms.push(c.last_ord - c.first_ord + 1);
            run.sizes.push(c.end - c.start);
            last = Some(c);
        }
        let texts = Texts::from(TextTable(m.texts));
        let text_tables = Tables {
            per: m.texts_per_table,
            hashes: m.text_tables.iter().map(|t| t.name.hash()).collect(),
            sizes: m.text_tables.iter().map(|t| t.size).collect(),
        };
        Wire {
            format: m.format,
            version: m.version,
            index_sha256: m.index_sha256,
            chunk_bytes: m.chunk_bytes,
            hotcache: m.hotcache,
            chunks: runs,
            texts,
            text_tables,
            packs: m.packs.iter().map(|p| p.piece.name.hash()).collect(),
        }
    }
}

impl TryFrom<Wire> for PiecesManifest {
    type Error = String;

    fn try_from(w: Wire) -> Result<PiecesManifest, String> {
        let mut chunks = Vec::new();
        for run in w.chunks {
            let hashes = hashes(&run.hashes, run.terms.len(), &format!("{} {:?}", run.field, run.kind))?;
            if run.sizes.len() != run.terms.len() {
                return Err(format!(
                    "{} {:?}: {} sizes for {} chunks",
                    run.field,
                    run.kind,
                    run.sizes.len(),
                    run.terms.len()
                ));
            }
            let (mut ord, mut at) = (run.first_ord, run.start);
            for ((hash, terms), size) in hashes.zip(&run.terms).zip(&run.sizes) {
                let (last_ord, end) =
                    match (terms.checked_sub(1).and_then(|t| ord.checked_add(t)), at.checked_add(*size)) {
                        (Some(l), Some(e)) if *terms > 0 => (l, e),
                        _ => {
                            return Err(format!(
                                "{} {:?}: a chunk of {terms} terms and {size} bytes",
                                run.field, run.kind
                            ))
                        }
                    };
                chunks.push(Chunk {
                    piece: Piece { name: PieceId(format!("{hash}.{}", run.kind.ext())), size: *size },
                    kind: run.kind,
                    file: run.file.clone(),
                    field: run.field.clone(),
                    first_ord: ord,
                    last_ord,
                    start: at,
                    end,
                });
                (ord, at) = (last_ord + 1, end);
            }
        }
        let texts = TextTable::try_from(w.texts)?.0;
        let t = w.text_tables;
        if t.sizes.len() * NAME_HASH != t.hashes.len() || (t.per == 0 && !t.sizes.is_empty()) {
            return Err(format!(
                "text tables: {} sizes, {} characters of hashes, {} a table",
                t.sizes.len(),
                t.hashes.len(),
                t.per
            ));
        }
        let text_tables = hashes(&t.hashes, t.sizes.len(), "text tables")?
            .zip(&t.sizes)
            .map(|(hash, size)| Piece { name: PieceId(format!("{hash}.{TEXT_EXT}")), size: *size })
            .collect();
        let mut m = PiecesManifest {
            format: w.format,
            version: w.version,
            index_sha256: w.index_sha256,
            chunk_bytes: w.chunk_bytes,
            hotcache: w.hotcache,
            chunks,
            texts,
            text_tables,
            texts_per_table: t.per,
            packs: Vec::new(),
        };
        let members = m.pack_members();
        m.packs = hashes(&w.packs, members.len(), "packs")?
            .zip(members)
            .map(|(hash, members)| Pack {
                piece: Piece {
                    name: PieceId(format!("{hash}.{PACK_EXT}")),
                    size: members.iter().map(|p| p.size).sum(),
                },
                members,
            })
            .collect();
        Ok(m)
    }
}

impl From<TextTable> for Texts {
    fn from(table: TextTable) -> Texts {
        let mut texts = Texts::default();
        for t in &table.0 {
            texts.hashes.push_str(t.piece.name.hash());
            texts.sizes.push(t.piece.size);
            match texts.programs.last_mut() {
                Some((mission, programs)) if *mission == t.mission => programs.push(t.program),
                _ => texts.programs.push((t.mission, vec![t.program])),
            }
        }
        texts
    }
}

impl TryFrom<Texts> for TextTable {
    type Error = String;

    fn try_from(w: Texts) -> Result<TextTable, String> {
        let count: usize = w.programs.iter().map(|(_, p)| p.len()).sum();
        if w.sizes.len() != count {
            return Err(format!("texts: {} sizes for {count} programmes", w.sizes.len()));
        }
        let whose = w.programs.iter().flat_map(|(m, ps)| ps.iter().map(move |p| (*m, *p)));
        let texts = hashes(&w.hashes, count, "texts")?
            .zip(&w.sizes)
            .zip(whose)
            .map(|((hash, size), (mission, program))| TextPiece {
                piece: Piece { name: PieceId(format!("{hash}.{TEXT_EXT}")), size: *size },
                mission,
                program,
            })
            .collect();
        Ok(TextTable(texts))
    }
}

/// `count` hashes of [`NAME_HASH`] hex digits written one after the other.
fn hashes<'a>(all: &'a str, count: usize, what: &str) -> Result<impl Iterator<Item = &'a str>, String> {
    if all.len() != count * NAME_HASH || !all.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("{what}: {} characters of hashes for {count} pieces", all.len()));
    }
    Ok((0..count).map(move |i| &all[i * NAME_HASH..(i + 1) * NAME_HASH]))
}

#[cfg(test)]
mod tests {
    use super::super::{
        Chunk, ChunkKind, Pack, Piece, PieceId, PiecesManifest, TextPiece, PIECES_FORMAT, PIECES_VERSION,
    };

    fn chunk(n: u64, kind: ChunkKind, field: &str, ords: (u64, u64), bytes: (u64, u64)) -> Chunk {
        Chunk {
            piece: Piece { name: PieceId(format!("{n:016x}.{}", kind.ext())), size: bytes.1 - bytes.0 },
            kind,
            file: format!("seg.{}", kind.ext()),
            field: field.into(),
            first_ord: ords.0,
            last_ord: ords.1,
            start: bytes.0,
            end: bytes.1,
        }
    }

    fn text(n: u64, mission: u32, program: u32) -> TextPiece {
        TextPiece { piece: Piece { name: PieceId(format!("{n:016x}.json")), size: 100 + n }, mission, program }
    }

    fn manifest() -> PiecesManifest {
        let mut m = PiecesManifest {
            format: PIECES_FORMAT.into(),
            version: PIECES_VERSION,
            index_sha256: "ab".repeat(32),
            chunk_bytes: 1024,
            hotcache: Piece { name: PieceId("0123456789abcdef.hot".into()), size: 7 },
            chunks: vec![
                chunk(1, ChunkKind::Postings, "objective", (0, 2), (8, 900)),
                chunk(2, ChunkKind::Postings, "objective", (3, 3), (900, 2000)),
                // A gap in the bytes (a field's header), then another field.
                chunk(3, ChunkKind::Postings, "actions", (0, 5), (2010, 3000)),
                chunk(4, ChunkKind::Positions, "actions", (0, 5), (0, 800)),
                // Terms that do not follow (none of the field's terms in between).
                chunk(5, ChunkKind::Positions, "actions", (9, 9), (800, 810)),
            ],
            texts: vec![text(6, 1, 1), text(7, 1, 2), text(8, 2, 1), text(9, 1, 3)],
            text_tables: vec![Piece { name: PieceId(format!("{:016x}.json", 10)), size: 300 }],
            texts_per_table: 64,
            packs: Vec::new(),
        };
        m.packs = m
            .pack_members()
            .into_iter()
            .enumerate()
            .map(|(i, members)| Pack {
                piece: Piece {
                    name: PieceId(format!("{:016x}.pack", 20 + i)),
                    size: members.iter().map(|p| p.size).sum(),
                },
                members,
            })
            .collect();
        m
    }

    #[test]
    fn the_columns_round_trip_every_chunk_and_text() {
        let m = manifest();
        let json = serde_json::to_vec(&m).unwrap();
        assert_eq!(PiecesManifest::read(&json).unwrap(), m);
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        // Runs: objective postings; actions postings; actions positions twice.
        assert_eq!(v["chunks"].as_array().unwrap().len(), 4, "{v}");
        // A mission named again after another starts a group of its own.
        assert_eq!(v["texts"]["programs"], serde_json::json!([[1, [1, 2]], [2, [1]], [1, [3]]]));
        assert_eq!(v["hotcache"]["name"], "0123456789abcdef.hot", "web/boot.js reads it");
        assert_eq!(v["text_tables"]["per"], 64);
        // The five chunks fit in one pack: its hash is all the manifest says of it.
        assert_eq!(m.packs.len(), 1);
        assert_eq!(v["packs"], format!("{:016x}", 20));
    }

    #[test]
    fn a_damaged_manifest_is_refused_with_what_is_wrong() {
        let good: serde_json::Value = serde_json::to_value(manifest()).unwrap();
        // What the error must say, and the damage done to a good manifest's JSON.
        type Damage = fn(&mut serde_json::Value);
        let cases: [(&str, Damage); 9] = [
            ("packs: 2 characters of hashes for 1 pieces", |v| v["packs"] = "ab".into()),
            ("text tables", |v| v["text_tables"]["sizes"] = serde_json::json!([1, 2])),
            ("text tables", |v| v["text_tables"]["per"] = 0.into()),
            ("characters of hashes", |v| v["chunks"][0]["hashes"] = "abc".into()),
            ("characters of hashes", |v| v["texts"]["hashes"] = "zz".repeat(32).into()),
            ("sizes for 2 chunks", |v| v["chunks"][0]["sizes"] = serde_json::json!([1])),
            ("a chunk of 0 terms", |v| v["chunks"][0]["terms"][0] = 0.into()),
            ("a chunk of", |v| v["chunks"][0]["sizes"][0] = u64::MAX.into()),
            ("sizes for 4 programmes", |v| v["texts"]["sizes"] = serde_json::json!([])),
        ];
        for (expected, damage) in cases {
            let mut v = good.clone();
            damage(&mut v);
            let err = PiecesManifest::read(&serde_json::to_vec(&v).unwrap()).unwrap_err().to_string();
            assert!(err.contains(expected) && err.contains("pieces.json"), "{expected:?}: {err}");
        }
        let mut old = good.clone();
        old["version"] = 2.into();
        let err = PiecesManifest::read(&serde_json::to_vec(&old).unwrap()).unwrap_err();
        assert!(matches!(err, crate::bundle::BundleError::Version { found: 2, .. }), "{err}");
    }
}
