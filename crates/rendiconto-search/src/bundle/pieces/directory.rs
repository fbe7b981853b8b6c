//! A read-only tantivy [`Directory`] over the pieces loaded so far.
//!
//! Each file of the index is a list of segments that cover it end to end: the
//! hotcache's byte ranges (always there) and the chunks (there once added). A read
//! inside loaded segments gets their bytes; a read that touches a chunk not loaded
//! gets an error naming it, and the directory counts it ([`PiecesDirectory::misses`]):
//! the engine's search takes a query that fails for one that matches nothing, so it
//! checks the count after a search and answers "not yet" rather than a ranking made
//! without some postings. It never returns bytes it does not hold.
//!
//! At build time the same directory over whole files records every read
//! ([`PiecesDirectory::recording`]): that is how [`super::cut`] learns which bytes
//! each term's postings and positions are, from tantivy's own reading.

use super::{Hotcache, PieceId};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::{fmt, io};
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::HasLen;

/// A stretch of a file: a hotcache range (no piece, always loaded) or a chunk.
struct Segment {
    range: Range<usize>,
    piece: Option<PieceId>,
    bytes: Option<OwnedBytes>,
}

/// One file of the index, as segments sorted by offset that cover `0..len`.
struct PieceFile {
    name: String,
    len: usize,
    segments: RwLock<Vec<Segment>>,
}

/// Reads, as (file, bytes).
type ReadLog = Vec<(String, Range<usize>)>;

struct Shared {
    files: BTreeMap<PathBuf, Arc<PieceFile>>,
    /// Reads that found a chunk missing, since the directory was made.
    misses: AtomicU64,
    /// The chunks those reads needed, until they are added.
    missed: Mutex<BTreeSet<PieceId>>,
    /// Every read (file, bytes), when recording.
    log: Option<Mutex<ReadLog>>,
}

/// The index's files, reassembled from the hotcache and the chunks added so far.
#[derive(Clone)]
pub struct PiecesDirectory {
    shared: Arc<Shared>,
}

impl fmt::Debug for PiecesDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PiecesDirectory").field("files", &self.shared.files.len()).finish()
    }
}

/// Where a chunk sits: the file, its bytes, its piece.
pub struct ChunkPlace<'a> {
    pub file: &'a str,
    pub range: Range<usize>,
    pub piece: &'a PieceId,
}

impl PiecesDirectory {
    fn new(files: Vec<PieceFile>, log: bool) -> PiecesDirectory {
        PiecesDirectory {
            shared: Arc::new(Shared {
                files: files.into_iter().map(|f| (PathBuf::from(&f.name), Arc::new(f))).collect(),
                misses: AtomicU64::new(0),
                missed: Mutex::new(BTreeSet::new()),
                log: log.then(|| Mutex::new(Vec::new())),
            }),
        }
    }

    /// Whole files, each one loaded segment, every read recorded (see [`Self::take_log`]).
    pub fn recording(files: &[(String, Vec<u8>)]) -> PiecesDirectory {
        let files = files
            .iter()
            .map(|(name, bytes)| PieceFile {
                name: name.clone(),
                len: bytes.len(),
                segments: RwLock::new(vec![Segment {
                    range: 0..bytes.len(),
                    piece: None,
                    bytes: Some(OwnedBytes::new(bytes.clone())),
                }]),
            })
            .collect();
        PiecesDirectory::new(files, true)
    }

    /// The hotcache's ranges, loaded, and the chunks' places, empty until added. Every
    /// file must be covered end to end, without overlaps; else an error says where.
    pub fn open(hotcache: Hotcache, chunks: &[ChunkPlace]) -> Result<PiecesDirectory, String> {
        let mut files = Vec::new();
        for hot in hotcache.files {
            let mut segments: Vec<Segment> = hot
                .ranges
                .into_iter()
                .map(|(start, bytes)| Segment {
                    range: start..start + bytes.len(),
                    piece: None,
                    bytes: Some(OwnedBytes::new(bytes)),
                })
                .collect();
            segments.extend(chunks.iter().filter(|c| c.file == hot.name).map(|c| Segment {
                range: c.range.clone(),
                piece: Some(c.piece.clone()),
                bytes: None,
            }));
            segments.sort_by_key(|s| s.range.start);
            let mut at = 0;
            for s in &segments {
                if s.range.start != at {
                    return Err(format!("{}: bytes {at}..{} are in no piece", hot.name, s.range.start));
                }
                at = s.range.end;
            }
            if at != hot.len {
                return Err(format!("{}: bytes {at}..{} are in no piece", hot.name, hot.len));
            }
            files.push(PieceFile { name: hot.name, len: hot.len, segments: RwLock::new(segments) });
        }
        if let Some(c) = chunks.iter().find(|c| !files.iter().any(|f| f.name == c.file)) {
            return Err(format!("chunk {} is in {}, a file the hotcache lacks", c.piece, c.file));
        }
        Ok(PiecesDirectory::new(files, false))
    }

    /// Puts a chunk's bytes in every place it fills; returns how many (0: no such piece
    /// or a size that does not fit).
    pub fn add(&self, piece: &PieceId, bytes: &[u8]) -> usize {
        let bytes = OwnedBytes::new(bytes.to_vec());
        let mut filled = 0;
        for file in self.shared.files.values() {
            let mut segments = write(&file.segments);
            for s in segments.iter_mut().filter(|s| s.piece.as_ref() == Some(piece)) {
                if s.range.len() == bytes.len() {
                    s.bytes = Some(bytes.clone());
                    filled += 1;
                }
            }
        }
        lock(&self.shared.missed).remove(piece);
        filled
    }

    /// Whether every place of `piece` holds its bytes.
    pub fn has(&self, piece: &PieceId) -> bool {
        self.shared
            .files
            .values()
            .all(|f| read(&f.segments).iter().all(|s| s.piece.as_ref() != Some(piece) || s.bytes.is_some()))
    }

    /// How many reads have found a chunk missing since the directory was made.
    pub fn misses(&self) -> u64 {
        self.shared.misses.load(Ordering::SeqCst)
    }

    /// The chunks reads have found missing, not added since.
    pub fn missed(&self) -> BTreeSet<PieceId> {
        lock(&self.shared.missed).clone()
    }

    /// The reads since the last call (recording directories only).
    pub fn take_log(&self) -> ReadLog {
        self.shared.log.as_ref().map(|l| std::mem::take(&mut *lock(l))).unwrap_or_default()
    }

    fn file(&self, path: &Path) -> Result<Arc<PieceFile>, OpenReadError> {
        self.shared.files.get(path).cloned().ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))
    }
}

// A panic elsewhere while a lock was held leaves the data as it was: go on with it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn read<T>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|e| e.into_inner())
}

fn read_only(path: &Path) -> Arc<io::Error> {
    Arc::new(io::Error::other(format!("{}: the index in pieces is read-only", path.display())))
}

impl Directory for PiecesDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        Ok(Arc::new(Handle { file: self.file(path)?, shared: self.shared.clone() }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError { io_error: read_only(path), filepath: path.to_path_buf() })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.shared.files.contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError { io_error: read_only(path), filepath: path.to_path_buf() })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let handle = self.get_file_handle(path)?;
        let bytes = handle
            .read_bytes(0..handle.len())
            .map_err(|e| OpenReadError::IoError { io_error: Arc::new(e), filepath: path.to_path_buf() })?;
        Ok(bytes.as_slice().to_vec())
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(io::Error::other(read_only(path).to_string()))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing writes, so nothing needs to wait (tantivy takes the meta lock while a
    /// reader opens the segments).
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

/// One file, as tantivy reads it.
struct Handle {
    file: Arc<PieceFile>,
    shared: Arc<Shared>,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Handle({})", self.file.name)
    }
}

impl HasLen for Handle {
    fn len(&self) -> usize {
        self.file.len
    }
}

impl FileHandle for Handle {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if let Some(log) = &self.shared.log {
            lock(log).push((self.file.name.clone(), range.clone()));
        }
        let name = &self.file.name;
        if range.start > range.end || range.end > self.file.len {
            return Err(io::Error::other(format!("{name}: bytes {range:?} are past its end ({})", self.file.len)));
        }
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        let segments = read(&self.file.segments);
        let first = segments.partition_point(|s| s.range.end <= range.start);
        let touched: Vec<&Segment> = segments[first..].iter().take_while(|s| s.range.start < range.end).collect();
        let missing: Vec<&PieceId> =
            touched.iter().filter(|s| s.bytes.is_none()).filter_map(|s| s.piece.as_ref()).collect();
        if !missing.is_empty() {
            self.shared.misses.fetch_add(1, Ordering::SeqCst);
            lock(&self.shared.missed).extend(missing.iter().map(|p| (*p).clone()));
            let names: Vec<&str> = missing.iter().map(|p| p.0.as_str()).collect();
            return Err(io::Error::other(format!(
                "{name}: bytes {range:?} are in piece {} not loaded yet",
                names.join(", ")
            )));
        }
        let part = |s: &Segment| {
            let bytes = s.bytes.as_ref().expect("checked: loaded");
            let (from, to) = (range.start.max(s.range.start), range.end.min(s.range.end));
            bytes.slice(from - s.range.start..to - s.range.start)
        };
        match touched[..] {
            [one] => Ok(part(one)),
            _ => {
                let mut out = Vec::with_capacity(range.len());
                for s in &touched {
                    out.extend_from_slice(part(s).as_slice());
                }
                if out.len() != range.len() {
                    return Err(io::Error::other(format!("{name}: bytes {range:?} are in no piece")));
                }
                Ok(OwnedBytes::new(out))
            }
        }
    }
}
