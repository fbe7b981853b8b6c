//! The four commands. Each reports what it did and how long it took on stderr, so that
//! stdout stays clean for data (`export` without `--out`, `search --json`).

use crate::{Failure, Format, BUNDLED_NAME, BUNDLED_REPORT};
use rendiconto_export as export;
use rendiconto_model::Document;
use rendiconto_parser::coverage;
use rendiconto_search::bundle::{DATA, INDEX, MANIFEST};
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

pub fn check(input: Option<PathBuf>) -> Result<(), Failure> {
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
            n.near.as_deref().unwrap_or("-"),
            n.reason,
            n.text
        );
    }
    eprintln!("checked {name} in {}", elapsed(t));
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

pub fn export(format: Format, input: Option<PathBuf>, out: Option<PathBuf>) -> Result<(), Failure> {
    let t = Instant::now();
    let (bytes, name) = read_input(&input)?;
    let doc = parse(&bytes, &name)?;
    let target = write_out(&out, |w| match format {
        Format::Json => export::json(&doc, w).map_err(|e| e.to_string()),
        Format::Csv => export::csv(&doc, w).map_err(|e| e.to_string()),
    })?;
    let kind = match format {
        Format::Json => "JSON",
        Format::Csv => "CSV",
    };
    eprintln!("exported {name} as {kind} to {target} in {}", elapsed(t));
    Ok(())
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
    eprintln!(
        "built the bundle for {name} ({} activities, {} synonym rules) in {} in {}: {total} bytes",
        doc.activities().count(),
        synonyms.rules.len(),
        out.display(),
        elapsed(t)
    );
    Ok(())
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
            Engine::from_parts(&manifest, &read(DATA)?, &read(INDEX)?).map_err(bundle_err)
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
