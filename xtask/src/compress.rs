//! Compression for the static server and for `dist/`.
//!
//! - [`precompress`] writes a `.br` and a `.gz` sibling beside every compressible file of
//!   a folder (best quality: brotli 11, gzip 9), once, at build time;
//! - [`respond`] answers a request with the encoding the browser accepts (`br` before
//!   `gzip`): the precompressed sibling when there is one, otherwise the file compressed
//!   on the fly (and kept in memory). `Vary: Accept-Encoding` tells caches.
//!
//! The benchmark (`cargo xtask bench`) can ask for a [`log`] of what was sent.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

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
    gzip_at(bytes, 9)
}

fn gzip_at(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    e.write_all(bytes).expect("gzip into memory");
    e.finish().expect("gzip into memory")
}

/// Brotli at the best quality (what `precompress` writes).
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    brotli_at(bytes, 11)
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
    let bytes = if encoding == Encoding::Gzip { gzip_at(raw, 6) } else { brotli_at(raw, 5) };
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

/// The best encoding an `Accept-Encoding` header allows (q=0 refuses one).
pub fn negotiate(accept: &str) -> Encoding {
    let accepts = |name: &str| {
        accept.split(',').any(|part| {
            let mut it = part.split(';');
            let token = it.next().unwrap_or("").trim();
            let refused = it.any(|p| p.trim().replace(' ', "") == "q=0");
            token.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// One response, as the benchmark sees it.
#[derive(Debug, Clone)]
pub struct Sent {
    pub at: Instant,
    /// The URL as requested, query string included.
    pub url: String,
    pub file: PathBuf,
    pub encoding: Encoding,
    pub bytes: usize,
}

static LOG: Mutex<Option<Vec<Sent>>> = Mutex::new(None);

/// Starts (or restarts) recording what [`respond`] sends; [`log`] returns it.
pub fn record() {
    *LOG.lock().unwrap() = Some(Vec::new());
}

/// What was sent since [`record`], in order.
pub fn log() -> Vec<Sent> {
    LOG.lock().unwrap().clone().unwrap_or_default()
}

/// A response for the file at `path` (content `raw`), compressed as `request` accepts.
pub fn respond(request: &crate::http::Request, path: &Path, raw: Vec<u8>) -> crate::http::Response {
    let accept = request.header("Accept-Encoding").unwrap_or_default();
    let (encoding, body) = encoded(path, &raw, negotiate(accept));
    if let Some(log) = LOG.lock().unwrap().as_mut() {
        log.push(Sent {
            at: Instant::now(),
            url: request.url.clone(),
            file: path.to_path_buf(),
            encoding,
            bytes: body.len(),
        });
    }
    let mut response = crate::http::Response::new(200, body);
    if compressible(path) {
        response = response.with_header("Vary", "Accept-Encoding");
    }
    if encoding != Encoding::Identity {
        response = response.with_header("Content-Encoding", encoding.name());
    }
    response
}

/// Writes `.br` and `.gz` beside every compressible file under `dir` (recursively) where
/// they are smaller than the file; stale siblings are rewritten. Returns how many files.
pub fn precompress(dir: &Path) -> Result<usize, String> {
    let mut count = 0;
    for path in files(dir)? {
        if !compressible(&path) {
            continue;
        }
        let raw = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (encoding, bytes) in [(Encoding::Brotli, brotli(&raw)), (Encoding::Gzip, gzip(&raw))] {
            let sibling = PathBuf::from(format!("{}{}", path.display(), encoding.suffix()));
            if bytes.len() < raw.len() {
                std::fs::write(&sibling, bytes).map_err(|e| format!("{}: {e}", sibling.display()))?;
            } else {
                let _ = std::fs::remove_file(&sibling);
            }
        }
        count += 1;
    }
    Ok(count)
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
    fn negotiation_prefers_brotli_and_respects_refusals() {
        assert_eq!(negotiate("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(negotiate("gzip, deflate"), Encoding::Gzip);
        assert_eq!(negotiate("br;q=0, gzip"), Encoding::Gzip);
        assert_eq!(negotiate(""), Encoding::Identity);
    }

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
}
