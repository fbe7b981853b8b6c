//! Compression for `dist/` and the benchmark.
//!
//! - [`precompress_with`] writes a `.br` and a `.gz` sibling beside every compressible
//!   file of a folder (best quality: brotli 11, gzip 9; `--fast`: 5 and 6), in
//!   parallel, at build time, each taken from a cache when the same content was
//!   compressed before; the server ([`crate::http`]) sends them;
//! - [`encoded`] says what a server sends for a file (the sibling, or the file
//!   compressed as servers do on the fly), for the benchmark's sizes.
//!
//! The benchmark (`cargo xtask bench`) can ask for a [`log`] of what the server sent.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Identity => "identity",
            Encoding::Gzip => "gzip",
            Encoding::Brotli => "br",
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Gzip => ".gz",
            Encoding::Brotli => ".br",
        }
    }
}

/// Files that are already compressed gain nothing from a second pass.
pub fn compressible(path: &Path) -> bool {
    !matches!(
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
        "br" | "gz" | "woff2" | "woff" | "png" | "jpg" | "jpeg" | "webp" | "avif" | "zip"
            // Pagefind's index, fragments, metadata and wasm are gzip streams already.
            | "pf_fragment" | "pf_index" | "pf_meta" | "pf_filter" | "pagefind"
    )
}

/// Gzip at the best level (what `precompress` writes).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    gzip_at(bytes, BEST.gzip)
}

fn gzip_at(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    e.write_all(bytes).expect("gzip into memory");
    e.finish().expect("gzip into memory")
}

/// Brotli at the best quality (what `precompress` writes).
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    brotli_at(bytes, BEST.brotli)
}

fn brotli_at(bytes: &[u8], quality: i32) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("brotli into memory");
    out
}

/// The bytes sent for `path` in `encoding`: the precompressed sibling if present and not
/// older than the file, else compressed now at a fast level, as servers do (gzip 6,
/// brotli 5); identity when compression would not make it smaller.
pub fn encoded(path: &Path, raw: &[u8], encoding: Encoding) -> (Encoding, Vec<u8>) {
    if encoding == Encoding::Identity || !compressible(path) {
        return (Encoding::Identity, raw.to_vec());
    }
    let sibling = PathBuf::from(format!("{}{}", path.display(), encoding.suffix()));
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(file), Some(sib)) = (modified(path), modified(&sibling)) {
        if sib >= file {
            if let Ok(bytes) = std::fs::read(&sibling) {
                return (encoding, bytes);
            }
        }
    }
    static CACHE: OnceLock<Mutex<HashMap<(PathBuf, Encoding, u64), Vec<u8>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    // Keyed by content, not length: a file rewritten in place (as the tests damage a
    // bundle byte by byte) must not be answered from an older compression.
    let key = (path.to_path_buf(), encoding, content_key(raw));
    if let Some(bytes) = cache.lock().unwrap().get(&key) {
        return (encoding, bytes.clone());
    }
    let bytes = if encoding == Encoding::Gzip { gzip_at(raw, FAST.gzip) } else { brotli_at(raw, FAST.brotli) };
    if bytes.len() >= raw.len() {
        return (Encoding::Identity, raw.to_vec());
    }
    cache.lock().unwrap().insert(key, bytes.clone());
    (encoding, bytes)
}

fn content_key(raw: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    raw.hash(&mut h);
    h.finish()
}

/// One response, as the benchmark sees it.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The URL as requested, query string included.
    pub url: String,
    pub file: PathBuf,
    pub encoding: Encoding,
}

static LOG: Mutex<Option<Vec<Sent>>> = Mutex::new(None);

/// Starts (or restarts) recording what the server ([`crate::http`]) sends; [`log`]
/// returns it.
pub fn record() {
    *LOG.lock().unwrap() = Some(Vec::new());
}

/// What was sent since [`record`], in order.
pub fn log() -> Vec<Sent> {
    LOG.lock().unwrap().clone().unwrap_or_default()
}

/// Called by the server for every file it sends.
pub(crate) fn note_sent(url: String, file: PathBuf, encoding: Encoding) {
    if let Some(log) = LOG.lock().unwrap().as_mut() {
        log.push(Sent { url, file, encoding });
    }
}

/// Compression levels: [`BEST`] for what is published, [`FAST`] for `--fast` builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levels {
    pub brotli: i32,
    pub gzip: u32,
}

pub const BEST: Levels = Levels { brotli: 11, gzip: 9 };
/// What servers use on the fly: a few times faster than [`BEST`], a few % larger.
pub const FAST: Levels = Levels { brotli: 5, gzip: 6 };

/// `(brotli, gzip)` of each content, compressed in parallel (one thread per core, the
/// largest first). With `cache`, each result is also kept there under the sha256 of
/// the content and the level, and taken from there the next time.
pub fn compress_all(contents: &[&[u8]], levels: Levels, cache: Option<&Path>) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut jobs: Vec<(usize, Encoding)> =
        (0..contents.len()).flat_map(|i| [(i, Encoding::Brotli), (i, Encoding::Gzip)]).collect();
    jobs.sort_by_key(|&(i, e)| (std::cmp::Reverse(contents[i].len()), e == Encoding::Gzip));
    let results: Vec<Mutex<Vec<u8>>> = jobs.iter().map(|_| Mutex::new(Vec::new())).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let j = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&(i, encoding)) = jobs.get(j) else { break };
                *results[j].lock().unwrap() = cached(contents[i], encoding, levels, cache);
            });
        }
    });
    let mut out = vec![(Vec::new(), Vec::new()); contents.len()];
    for (&(i, encoding), result) in jobs.iter().zip(results) {
        let bytes = result.into_inner().unwrap();
        if encoding == Encoding::Brotli {
            out[i].0 = bytes;
        } else {
            out[i].1 = bytes;
        }
    }
    out
}

/// Cache entries used by this process (the others are removed by [`prune_cache`]).
static USED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn cached(raw: &[u8], encoding: Encoding, levels: Levels, cache: Option<&Path>) -> Vec<u8> {
    let compress = || match encoding {
        Encoding::Brotli => brotli_at(raw, levels.brotli),
        _ => gzip_at(raw, levels.gzip),
    };
    let Some(cache) = cache else { return compress() };
    use sha2::Digest as _;
    let level = if encoding == Encoding::Brotli { levels.brotli as u32 } else { levels.gzip };
    let entry = cache.join(format!("{}.{}{level}", hex::encode(sha2::Sha256::digest(raw)), encoding.name()));
    USED.lock().unwrap().push(entry.clone());
    if let Ok(bytes) = std::fs::read(&entry) {
        return bytes;
    }
    let bytes = compress();
    // Written under another name first: a run stopped half-way leaves no broken entry.
    let partial = partial(&entry);
    if std::fs::create_dir_all(cache).and_then(|_| std::fs::write(&partial, &bytes)).is_ok() {
        let _ = std::fs::rename(&partial, &entry);
    }
    bytes
}

/// Where a cache entry is written before it is renamed into place. Appended to the
/// whole name: the brotli and the gzip entry of one content (`<sha>.br11`,
/// `<sha>.gzip9`) are written at the same time by two threads, and must not share it.
fn partial(entry: &Path) -> PathBuf {
    PathBuf::from(format!("{}.partial-{}", entry.display(), std::process::id()))
}

/// Removes the entries of `cache` this process did not use.
pub fn prune_cache(cache: &Path) {
    let used = USED.lock().unwrap();
    for entry in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        if !used.contains(&entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes `.br` and `.gz` (at [`BEST`]) beside every compressible file under `dir`
/// (recursively) where they are smaller than the file; stale siblings are rewritten.
/// With `cache`, see [`compress_all`]. Returns how many files.
pub fn precompress_with(dir: &Path, levels: Levels, cache: Option<&Path>) -> Result<usize, String> {
    let paths: Vec<PathBuf> = files(dir)?.into_iter().filter(|p| compressible(p)).collect();
    let raws = paths
        .iter()
        .map(|p| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display())))
        .collect::<Result<Vec<_>, _>>()?;
    let packed = compress_all(&raws.iter().map(Vec::as_slice).collect::<Vec<_>>(), levels, cache);
    for ((path, raw), (br, gz)) in paths.iter().zip(&raws).zip(packed) {
        for (encoding, bytes) in [(Encoding::Brotli, br), (Encoding::Gzip, gz)] {
            let sibling = PathBuf::from(format!("{}{}", path.display(), encoding.suffix()));
            if bytes.len() < raw.len() {
                std::fs::write(&sibling, bytes).map_err(|e| format!("{}: {e}", sibling.display()))?;
            } else {
                let _ = std::fs::remove_file(&sibling);
            }
        }
    }
    Ok(paths.len())
}

/// [`precompress_with`] at the best levels, no cache (the benchmark's sites).
pub fn precompress(dir: &Path) -> Result<usize, String> {
    precompress_with(dir, BEST, None)
}

/// Every file under `dir`, sorted; precompressed siblings left out.
pub fn files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                todo.push(path);
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precompressed_siblings_are_served_and_round_trip() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.js");
        let text = "function a() { return 1; }\n".repeat(200);
        std::fs::write(&file, &text).unwrap();
        assert_eq!(precompress(&dir).unwrap(), 1);
        let (enc, br) = encoded(&file, text.as_bytes(), Encoding::Brotli);
        assert_eq!(enc, Encoding::Brotli);
        assert_eq!(br, std::fs::read(dir.join("a.js.br")).unwrap());
        let (enc, gz) = encoded(&file, text.as_bytes(), Encoding::Gzip);
        assert_eq!(enc, Encoding::Gzip);
        let mut out = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out).unwrap();
        assert_eq!(out, text);
        assert_eq!(files(&dir).unwrap(), vec![file.clone()]);
        // A file changed after precompression (a damaged copy) is never hidden by its sibling.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, "changed, and long enough to be worth compressing: ".repeat(20)).unwrap();
        let changed = std::fs::read(&file).unwrap();
        let (_, br2) = encoded(&file, &changed, Encoding::Brotli);
        assert_ne!(br2, br);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_two_encodings_of_a_content_are_written_apart() {
        // Sharing the partial file once put gzip bytes in a `.br` entry, then served them.
        let entry = |e: Encoding, level: u32| Path::new("c").join(format!("0a1b.{}{level}", e.name()));
        assert_ne!(partial(&entry(Encoding::Brotli, 11)), partial(&entry(Encoding::Gzip, 9)));
        assert_ne!(partial(&entry(Encoding::Brotli, 5)), partial(&entry(Encoding::Brotli, 11)));
    }
}
