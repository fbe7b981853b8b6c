//! The four commands. Each reports what it did and how long it took on stderr, so that
//! stdout stays clean for data (`export` without `--out`, `search --json`).

use crate::{ndjson, Failure, Format, MetaArgs, BUNDLED_NAME, BUNDLED_REPORT};
use rendiconto_export as export;
use rendiconto_model::Document;
use rendiconto_parser::coverage;
use rendiconto_search::bundle::{self, DATA, DETAILS, INDEX, MANIFEST};
use rendiconto_search::{indexer, items};
use rendiconto_search::{Bundle, Engine, Facet, SearchRequest, SearchResponse, Sort, Synonyms};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

const EXIT_IO: u8 = 3;
const EXIT_INPUT: u8 = 4;
const EXIT_BUNDLE: u8 = 5;
const EXIT_OUTPUT: u8 = 6;

/// The input bytes and the name to show for them.
fn read_input(input: &Option<PathBuf>) -> Result<(Vec<u8>, String), Failure> {
    match input {
        None => Ok((BUNDLED_REPORT.to_vec(), BUNDLED_NAME.to_string())),
        Some(path) => std::fs::read(path)
            .map(|b| (b, path.display().to_string()))
            .map_err(|e| Failure::new(EXIT_IO, format!("cannot read {}: {e}", path.display()))),
    }
}

fn parse(bytes: &[u8], name: &str) -> Result<Document, Failure> {
    rendiconto_parser::parse_bytes(bytes).map_err(|e| Failure::new(EXIT_INPUT, format!("{name}: {e}")))
}

fn elapsed(t: Instant) -> String {
    format!("{:.1} ms", t.elapsed().as_secs_f64() * 1000.0)
}

pub fn check(input: Option<PathBuf>, index_usage: bool) -> Result<(), Failure> {
    let t = Instant::now();
    let (bytes, name) = read_input(&input)?;
    let doc = parse(&bytes, &name)?;
    let text = std::str::from_utf8(&bytes).expect("parse_bytes checked UTF-8");
    let cov = coverage::measure(text, &doc);
    let programs: usize = doc.missions.iter().map(|m| m.programs.len()).sum();
    let lines: usize = doc.missions.iter().flat_map(|m| &m.programs).map(|p| p.lines.len()).sum();
    let activities = doc.activities().count();
    let indicators: usize = doc.activities().map(|(_, _, a)| a.indicators.len()).sum();
    let tables: Vec<_> = doc.missions.iter().flat_map(|m| &m.programs).flat_map(|p| &p.indicator_tables).collect();
    let table_rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    println!("{name}");
    println!("  missions            {}", doc.missions.len());
    println!("  programmes          {programs}");
    println!("  council lines       {lines}");
    println!("  activities          {activities}");
    println!("  indicators          {indicators} in activities, {table_rows} in {} indicator tables", tables.len());
    println!(
        "  words placed        {:.3}% ({} of {} content words; {} more are table headers and labels)",
        cov.share() * 100.0,
        cov.placed_words,
        cov.total_words - cov.structural_words,
        cov.structural_words
    );
    for (line, words) in &cov.unplaced {
        println!("  unplaced words      line {line}: {}", words.join(" "));
    }
    println!("  notes               {}", doc.notes.len());
    for n in &doc.notes {
        println!(
            "    lines {}-{} near {}: {} — {}",
            n.source_lines[0],
            n.source_lines[1],
            n.near.map_or("-".to_string(), |id| id.to_string()),
            n.reason,
            n.text
        );
    }
    if index_usage {
        print_index_usage(&doc)?;
    }
    eprintln!("checked {name} in {}", elapsed(t));
    Ok(())
}

/// Brotli at the level `cargo xtask dist` precompresses with (11, window 22).
fn brotli_len(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("brotli into memory");
    out.len()
}

/// What each part of the index weighs: the files of index.pack (raw, brotli), then
/// tantivy's own count by field and component (raw).
fn print_index_usage(doc: &Document) -> Result<(), Failure> {
    let fail = |e: String| Failure::new(EXIT_BUNDLE, format!("cannot build the index: {e}"));
    let synonyms = read_synonyms(&None)?;
    let files = indexer::build(&items::items(doc), &synonyms).map_err(|e| fail(e.to_string()))?;
    let pack = bundle::pack(&files);
    println!("  index.pack          {} bytes raw, {} brotli 11", pack.len(), brotli_len(&pack));
    println!("    {:<28} {:>9} {:>9}", "file", "raw", "brotli");
    for (name, bytes) in &files {
        // Segment files are named by a content hash: `<segment>.term`.
        let shown = match name.split_once('.') {
            Some((stem, ext)) if stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()) => {
                format!("<segment>.{ext}")
            }
            _ => name.clone(),
        };
        println!("    {shown:<28} {:>9} {:>9}", bytes.len(), brotli_len(bytes));
    }
    let parts = indexer::space_usage(&files).map_err(|e| fail(e.to_string()))?;
    const COMPONENTS: [&str; 5] = ["termdict", "postings", "positions", "fieldnorms", "fast_fields"];
    println!("  index parts by field (bytes raw, tantivy's space usage)");
    println!(
        "    {:<14} {:>9} {:>9} {:>9} {:>10} {:>11} {:>9}",
        "field", COMPONENTS[0], COMPONENTS[1], COMPONENTS[2], COMPONENTS[3], COMPONENTS[4], "total"
    );
    let mut fields: Vec<&str> = Vec::new();
    for p in parts.iter().filter(|p| !p.field.is_empty()) {
        if !fields.contains(&p.field.as_str()) {
            fields.push(&p.field);
        }
    }
    let bytes = |component: &str, field: &str| {
        parts.iter().find(|p| p.component == component && p.field == field).map(|p| p.bytes)
    };
    let cell = |n: Option<u64>| n.map_or("-".to_string(), |n| n.to_string());
    for field in fields {
        let c: Vec<Option<u64>> = COMPONENTS.iter().map(|k| bytes(k, field)).collect();
        println!(
            "    {field:<14} {:>9} {:>9} {:>9} {:>10} {:>11} {:>9}",
            cell(c[0]),
            cell(c[1]),
            cell(c[2]),
            cell(c[3]),
            cell(c[4]),
            c.iter().flatten().sum::<u64>()
        );
    }
    let total = |component: &str| parts.iter().filter(|p| p.component == component).map(|p| p.bytes).sum::<u64>();
    let all: Vec<u64> = COMPONENTS.iter().map(|k| total(k)).collect();
    println!(
        "    {:<14} {:>9} {:>9} {:>9} {:>10} {:>11} {:>9}",
        "all fields",
        all[0],
        all[1],
        all[2],
        all[3],
        all[4],
        all.iter().sum::<u64>()
    );
    println!("    {:<14} {:>65}", "store", total("store"));
    Ok(())
}

fn write_out(
    out: &Option<PathBuf>,
    write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
) -> Result<String, Failure> {
    match out {
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write(&mut lock).map_err(|e| Failure::new(EXIT_OUTPUT, format!("cannot write to standard output: {e}")))?;
            Ok("standard output".into())
        }
        Some(path) => {
            let fail = |e: String| Failure::new(EXIT_OUTPUT, format!("cannot write {}: {e}", path.display()));
            let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| fail(e.to_string()))?);
            write(&mut file).map_err(fail)?;
            file.flush().map_err(|e| fail(e.to_string()))?;
            Ok(path.display().to_string())
        }
    }
}

pub fn export(format: Format, input: Option<PathBuf>, out: Option<PathBuf>, meta: MetaArgs) -> Result<(), Failure> {
    let t = Instant::now();
    let (bytes, name) = read_input(&input)?;
    let doc = parse(&bytes, &name)?;
    let kind = match format {
        Format::Json => "JSON",
        Format::Csv => "CSV",
        Format::Ndjson => "NDJSON search documents",
        Format::Datapackage => "a Data Package with DCAT-AP_IT metadata",
    };
    let target = match format {
        Format::Datapackage => {
            let dir = out.ok_or_else(|| Failure::new(2, "--format datapackage needs --out DIR"))?;
            let meta = metadata(meta, input.is_none())?;
            write_folder(&doc, &dir, &meta)?
        }
        _ => write_out(&out, |w| match format {
            Format::Json => export::json(&doc, w).map_err(|e| e.to_string()),
            Format::Csv => export::csv(&doc, w).map_err(|e| e.to_string()),
            _ => ndjson::write(&doc, w).map_err(|e| e.to_string()),
        })?,
    };
    eprintln!("exported {name} as {kind} to {target} in {}", elapsed(t));
    Ok(())
}

/// The open-data folder: every file of [`export::open_data_folder`], with the search
/// documents.
fn write_folder(doc: &Document, dir: &Path, meta: &export::dataset::Metadata) -> Result<String, Failure> {
    let fail = |e: std::io::Error| Failure::new(EXIT_OUTPUT, format!("cannot write {}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let extra = vec![(ndjson::distribution(), ndjson::bytes(doc))];
    for (file, content) in export::open_data_folder(doc, meta, extra) {
        std::fs::write(dir.join(&file), &content).map_err(fail)?;
        eprintln!("  wrote {file:<32} {:>9} bytes", content.len());
    }
    Ok(dir.display().to_string())
}

/// The day the bundled report last changed: the default `dct:modified` of its metadata,
/// so that the same report always gives the same files.
const BUNDLED_MODIFIED: &str = "2026-11-25";

/// The metadata from the command line; the modification date from `--modified`, else
/// `SOURCE_DATE_EPOCH`, else the bundled report's date or (another report) today.
fn metadata(args: MetaArgs, bundled: bool) -> Result<export::dataset::Metadata, Failure> {
    let modified = match args.modified {
        Some(d) if is_date(&d) => d,
        Some(d) => return Err(Failure::new(2, format!("--modified {d:?}: expected YYYY-MM-DD"))),
        None => match std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<u64>().ok()) {
            Some(secs) => date_of(secs),
            None if bundled => BUNDLED_MODIFIED.to_string(),
            None => {
                date_of(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()))
            }
        },
    };
    Ok(export::dataset::Metadata {
        publisher_name: args.publisher_name,
        publisher_ipa: args.publisher_ipa,
        license_id: args.license_id,
        license_title: args.license_title,
        license_url: args.license_url,
        base_url: args.base_url,
        modified,
    })
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// `YYYY-MM-DD` (UTC) of a Unix time (H. Hinnant's days-to-civil algorithm).
fn date_of(secs: u64) -> String {
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The synonym list: the file given, or the bundled one. A mistake names its line.
fn read_synonyms(path: &Option<PathBuf>) -> Result<Synonyms, Failure> {
    let (text, name) = match path {
        None => (rendiconto_search::synonyms::BUNDLED.to_string(), "data/sinonimi.txt".to_string()),
        Some(p) => {
            let bytes =
                std::fs::read(p).map_err(|e| Failure::new(EXIT_IO, format!("cannot read {}: {e}", p.display())))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Failure::new(EXIT_INPUT, format!("{}: the synonym list is not UTF-8 text", p.display()))
            })?;
            (text, p.display().to_string())
        }
    };
    Synonyms::parse(&text).map_err(|e| Failure::new(EXIT_INPUT, format!("{name}: {e}")))
}

pub fn build(input: Option<PathBuf>, out: PathBuf, synonyms: Option<PathBuf>) -> Result<(), Failure> {
    let t = Instant::now();
    let synonyms = read_synonyms(&synonyms)?;
    let (bytes, name) = read_input(&input)?;
    let doc = parse(&bytes, &name)?;
    let source_name = Path::new(&name).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or(name.clone());
    let bundle = Bundle::create(&doc, &bytes, &source_name, &synonyms)
        .map_err(|e| Failure::new(EXIT_BUNDLE, format!("cannot build the index: {e}")))?;
    let fail = |e: std::io::Error| Failure::new(EXIT_OUTPUT, format!("cannot write {}: {e}", out.display()));
    std::fs::create_dir_all(&out).map_err(fail)?;
    let mut total = 0;
    for (file, content) in bundle.files() {
        std::fs::write(out.join(&file), &content).map_err(fail)?;
        eprintln!("  wrote {:<14} {:>9} bytes", file, content.len());
        total += content.len();
    }
    total += write_pieces(&bundle, &out.join(bundle::pieces::PIECES_DIR))?;
    eprintln!(
        "built the bundle for {name} ({} activities, {} synonym rules) in {} in {}: {total} bytes",
        doc.activities().count(),
        synonyms.rules.len(),
        out.display(),
        elapsed(t)
    );
    Ok(())
}

/// The index cut in pieces (`bundle::pieces`: the hotcache, the term-range chunks and
/// `pieces.json`) and the programmes' texts (`bundle::texts`) into `dir`, emptied first
/// so that no piece of an earlier build stays. The browser downloads only the pieces a
/// question reads and the texts of the results it shows; the single file and the CLI
/// read the whole `index.pack` and `data.json` beside them. Returns the bytes written.
fn write_pieces(bundle: &Bundle, dir: &Path) -> Result<usize, Failure> {
    let pieces =
        bundle.pieces().map_err(|e| Failure::new(EXIT_BUNDLE, format!("cannot cut the index in pieces: {e}")))?;
    let fail = |e: std::io::Error| Failure::new(EXIT_OUTPUT, format!("cannot write {}: {e}", dir.display()));
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut total = 0;
    let written = pieces.files();
    for (file, content) in &written {
        std::fs::write(dir.join(file), content).map_err(fail)?;
        total += content.len();
    }
    eprintln!(
        "  wrote pieces/       {total:>9} bytes ({} files: the hotcache, pieces.json, the chunks, {} texts)",
        written.len(),
        pieces.manifest.texts.len()
    );
    Ok(total)
}

/// Where `search` finds its index: a bundle directory, or built in memory from the
/// bundled report with a synonym list.
pub struct Source {
    pub index: Option<PathBuf>,
    pub synonyms: Option<PathBuf>,
}

fn open_engine(source: &Source) -> Result<Engine, Failure> {
    match &source.index {
        None => {
            let synonyms = read_synonyms(&source.synonyms)?;
            let doc = parse(BUNDLED_REPORT, BUNDLED_NAME)?;
            Engine::in_memory_with(doc, &synonyms).map_err(|e| Failure::new(EXIT_BUNDLE, e.to_string()))
        }
        Some(dir) => {
            let read = |file: &str| {
                std::fs::read(dir.join(file))
                    .map_err(|e| Failure::new(EXIT_IO, format!("cannot read {}: {e}", dir.join(file).display())))
            };
            let bundle_err =
                |e: rendiconto_search::BundleError| Failure::new(EXIT_BUNDLE, format!("{}: {e}", dir.display()));
            let manifest = Bundle::read_manifest(&read(MANIFEST)?).map_err(bundle_err)?;
            Engine::from_parts(&manifest, &read(DATA)?, &read(DETAILS)?, &read(INDEX)?).map_err(bundle_err)
        }
    }
}

pub fn search(
    query: &str,
    source: Source,
    filters: &[String],
    limit: usize,
    sort: Sort,
    json: bool,
) -> Result<(), Failure> {
    let t = Instant::now();
    let mut parsed = Vec::new();
    for f in filters {
        let (key, value) =
            f.split_once('=').ok_or_else(|| Failure::new(2, format!("--filter {f:?}: expected FIELD=VALUE")))?;
        let facet = Facet::from_key(key).ok_or_else(|| {
            Failure::new(
                2,
                format!(
                    "--filter {f:?}: unknown field {key:?} (use missione, programma, stato, politica, anno, unita)"
                ),
            )
        })?;
        parsed.push((facet, value.to_string()));
    }
    let engine = open_engine(&source)?;
    let opened = elapsed(t);
    let t2 = Instant::now();
    let resp = engine.search(&SearchRequest { query: query.to_string(), filters: parsed, limit, offset: 0, sort });
    let searched = elapsed(t2);
    if json {
        println!("{}", serde_json::to_string_pretty(&resp).expect("response serializes"));
    } else {
        println!("{} risultati per {query:?}", resp.total);
        for line in notes(&resp) {
            println!("{line}");
        }
        for (i, h) in resp.hits.iter().enumerate() {
            if !h.complete && (i == 0 || resp.hits[i - 1].complete) && resp.complete > 0 {
                println!("  — con solo alcune delle parole —");
            }
            println!(
                "{:>3}. {}  [{}]  score {:.3}\n     Missione {} › Programma {}: {}\n     {}\n     {}",
                i + 1,
                h.id,
                h.status.as_deref().unwrap_or("-"),
                h.score,
                h.mission,
                h.program,
                h.program_title,
                mark(&h.title, &h.title_highlights),
                mark(&h.snippet.text, &h.snippet.highlights).replace('\n', " ")
            );
        }
    }
    eprintln!("opened the index in {opened}, searched in {searched}");
    Ok(())
}

/// What the search made of the question, as the app says it: partial matches, words
/// not found, synonyms searched, the suggested correction.
fn notes(resp: &SearchResponse) -> Vec<String> {
    let mut out = Vec::new();
    let missing = resp.not_found();
    if resp.total > 0 && resp.complete == 0 {
        let mut line = "Nessuna attività contiene tutte le parole: risultati con solo alcune".to_string();
        if !missing.is_empty() {
            line.push_str(&format!("; non trovato: {}", missing.join(", ")));
        }
        out.push(line);
    } else if !missing.is_empty() {
        out.push(format!("Non trovato: {}", missing.join(", ")));
    }
    let synonyms = resp.synonyms();
    if !synonyms.is_empty() {
        out.push(format!("Cercato anche: {}", synonyms.join(", ")));
    }
    if let Some(s) = &resp.suggestion {
        out.push(format!("Forse cercavi: {s}"));
    }
    out
}

/// Marks highlighted ranges with [brackets] for the terminal.
fn mark(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(s, e) in ranges {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push('[');
        out.push_str(&text[s..e]);
        out.push(']');
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::{date_of, is_date};

    #[test]
    fn dates() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(951_782_400), "2000-02-29");
        assert_eq!(date_of(1_700_000_000), "2023-11-14");
        assert!(is_date("2024-05-31") && !is_date("2024-5-31") && !is_date("31/05/2024"));
    }
}
