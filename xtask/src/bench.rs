//! Sizes of what the browser downloads, compressed as a server would send them.

use std::io::Write;
use std::time::Instant;

fn gzip(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).unwrap();
    out.len()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Parse, index and search natively (the same engine the worker runs).
fn native() {
    let report =
        std::fs::read(xtask::root().join("data/torino-rendiconto-2023-relazione-programma.txt"))
            .unwrap();
    let mut parse = Vec::new();
    let mut build = Vec::new();
    let mut doc = None;
    for _ in 0..5 {
        let t = Instant::now();
        let d = rendiconto_parser::parse_bytes(&report).unwrap();
        parse.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        rendiconto_search::Bundle::create(&d, &report, "report.txt").unwrap();
        build.push(t.elapsed().as_secs_f64() * 1000.0);
        doc = Some(d);
    }
    let t = Instant::now();
    let engine = rendiconto_search::Engine::in_memory(doc.unwrap()).unwrap();
    let open = t.elapsed().as_secs_f64() * 1000.0;
    let queries = [
        "asili nido",
        "piste ciclabili",
        "attivita",
        "scuol",
        "amministrazone",
        "\"verde pubblico\"",
        "bici -monopattini",
        "a",
        "",
    ];
    let mut latency = Vec::new();
    for _ in 0..20 {
        for q in queries {
            let t = Instant::now();
            engine.search(&rendiconto_search::SearchRequest {
                query: q.into(),
                limit: 20,
                ..Default::default()
            });
            latency.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    println!(
        "\n| native measure ({}) | value |\n|---|---:|",
        if cfg!(debug_assertions) {
            "debug build"
        } else {
            "release build"
        }
    );
    println!(
        "| parse the report (median of 5, ms) | {:.1} |",
        median(parse)
    );
    println!(
        "| build data + index bundle (median of 5, ms) | {:.1} |",
        median(build)
    );
    println!("| open the engine in memory (ms) | {:.1} |", open);
    println!(
        "| query, median of {} (ms) | {:.2} |",
        latency.len(),
        median(latency.clone())
    );
    println!(
        "| query, slowest (ms) | {:.2} |",
        latency.iter().cloned().fold(0.0, f64::max)
    );
}

pub fn run() -> Result<(), String> {
    let dist = xtask::root().join("dist");
    if !dist.join("index.html").exists() {
        return Err("dist/ is missing: run `cargo xtask dist` first".into());
    }
    let mut files = Vec::new();
    for dir in [dist.clone(), dist.join("bundle")] {
        for entry in std::fs::read_dir(&dir).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    println!("| file | raw | gzip | brotli |\n|---|---:|---:|---:|");
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let (g, b) = (gzip(&bytes), brotli(&bytes));
        raw += bytes.len();
        gz += g;
        br += b;
        let name = path.strip_prefix(&dist).unwrap().display().to_string();
        println!("| {name} | {} | {g} | {b} |", bytes.len());
    }
    println!("| **total** | **{raw}** | **{gz}** | **{br}** |");
    native();
    println!();
    let status = std::process::Command::new("cargo")
        .current_dir(xtask::root())
        .args([
            "run",
            "--quiet",
            "--release",
            "-p",
            "e2e",
            "--bin",
            "bench-browser",
        ])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the browser benchmark failed".into());
    }
    Ok(())
}
