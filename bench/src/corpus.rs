//! The benchmark's content at scale ×1, ×10, ×100: the report repeated as other years
//! (each copy's missions renumbered and labelled with its year, so every id is unique),
//! our bundle built from it, and the same items as flat documents for the peers.

use crate::figures::median;
use rendiconto_model::Document;
use rendiconto_search::Bundle;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Instant;

/// The report the benchmark is made of: the bundled 2023 report.
pub fn report_source() -> Vec<u8> {
    std::fs::read(rendiconto_site::root().join("data/torino-rendiconto-2023-relazione-programma.txt")).unwrap()
}

/// One searchable document, as the peers index it: the same item our engine indexes.
#[derive(Serialize)]
pub struct FlatDoc {
    pub id: String,
    pub title: String,
    /// Mission and programme, then objective, policies, actions, indicators, context.
    pub body: String,
}

/// `times` copies of the report: copy 0 is the report itself; copy j is "the report of
/// year 2023 − j": missions numbered `100·j + n`, titles ending in the year, action years
/// shifted back by j years, ids following the new mission numbers.
pub fn scaled(doc: &Document, times: usize) -> Document {
    let mut out = doc.clone();
    for j in 1..times {
        let year = 2023 - j as i64;
        for m in &doc.missions {
            let mut m2 = m.clone();
            m2.number = (100 * j) as u32 + m.number;
            m2.title = format!("{} ({year})", m.title);
            let mission = m2.number;
            for p in &mut m2.programs {
                for a in &mut p.activities {
                    a.id.program.mission = mission;
                    for action in &mut a.actions {
                        action.year = action.year.as_deref().map(|y| shift_years(y, j as i64));
                    }
                }
                for t in &mut p.indicator_tables {
                    t.id.program.mission = mission;
                }
            }
            out.missions.push(m2);
        }
    }
    out
}

/// "2022-2023" shifted back 2 years → "2020-2021"; anything else unchanged.
fn shift_years(label: &str, by: i64) -> String {
    label
        .split('-')
        .map(|part| match part.trim().parse::<i64>() {
            Ok(y) if (1900..2100).contains(&y) => (y - by).to_string(),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

pub fn flat_docs(doc: &Document) -> Vec<FlatDoc> {
    rendiconto_search::items::items(doc)
        .into_iter()
        .map(|i| FlatDoc {
            id: i.id.to_string(),
            title: i.title.clone(),
            body: [
                format!("Missione {}: {}", i.mission, i.mission_title),
                format!("Programma {}: {}", i.program, i.program_title),
                i.objective,
                i.policy,
                i.actions,
                i.indicators,
                i.context,
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if skip.contains(&name.as_str()) || name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(&name), skip);
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

/// Writes `out/x{n}/ours` (the built app with the scaled bundle and its index's pieces,
/// precompressed) and
/// `out/x{n}/docs.json` (the flat documents) for every scale; returns the build figures.
pub fn prepare(out: &Path, scales: &[usize]) -> Value {
    let source = report_source();
    let report = rendiconto_parser::parse_bytes(&source).unwrap();
    // `BENCH_DIST=DIR`: the app built in another checkout's dist/, with this run's
    // bundles (the bundle's format must be the same), for before/after figures.
    let dist = std::env::var_os("BENCH_DIST").map(std::path::PathBuf::from).unwrap_or_else(e2e::dist);
    let mut figures = serde_json::Map::new();
    for &n in scales {
        let dir = out.join(format!("x{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        let doc = scaled(&report, n);
        let runs = match n {
            1 => 5,
            2..=10 => 3,
            _ => 1,
        };
        let mut times = Vec::new();
        let mut bundle = None;
        for _ in 0..runs {
            let t = Instant::now();
            bundle = Some(
                Bundle::create(
                    &doc,
                    &source,
                    "report.txt",
                    &rendiconto_search::Synonyms::parse(rendiconto_search::synonyms::BUNDLED).unwrap(),
                )
                .unwrap(),
            );
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let site = dir.join("ours");
        copy_dir(&dist, &site, &["bundle"]);
        std::fs::create_dir_all(site.join("bundle")).unwrap();
        let bundle = bundle.unwrap();
        for (name, bytes) in bundle.files() {
            std::fs::write(site.join("bundle").join(name), bytes).unwrap();
        }
        // The site's app reads the index in pieces (docs/index-pieces.md), as
        // `index-builder build` writes them.
        let pieces = site.join("bundle").join(rendiconto_search::bundle::pieces::PIECES_DIR);
        std::fs::create_dir_all(&pieces).unwrap();
        for (name, bytes) in bundle.pieces().unwrap().files() {
            std::fs::write(pieces.join(name), bytes).unwrap();
        }
        // The service worker precaches this bundle's files, not those of dist/.
        let template = std::fs::read_to_string(rendiconto_site::root().join("web/sw.js")).unwrap();
        rendiconto_site::pwa::write_service_worker(&site, &template).unwrap();
        rendiconto_site::compress::precompress(&site).unwrap();
        let docs = flat_docs(&doc);
        std::fs::write(dir.join("docs.json"), serde_json::to_vec(&docs).unwrap()).unwrap();
        eprintln!("bench: x{n}: {} documents, bundle built in {:.0} ms", docs.len(), median(times.clone()));
        figures
            .insert(format!("x{n}"), json!({ "documents": docs.len(), "build_ms": median(times), "build_runs": runs }));
    }
    Value::Object(figures)
}

#[cfg(test)]
mod tests {
    #[test]
    fn years_shift() {
        assert_eq!(super::shift_years("2022-2023", 2), "2020-2021");
        assert_eq!(super::shift_years("2023", 1), "2022");
    }
}
