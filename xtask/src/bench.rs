//! Sizes of what the browser downloads, compressed as a server would send them; then
//! the timing benchmarks (release build of `tests/src/bin/bench-browser.rs`).

use std::io::Write;

fn gzip(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).unwrap();
    out.len()
}

pub fn run() -> Result<(), String> {
    let dist = xtask::root().join("dist");
    if !dist.join("index.html").exists() {
        return Err("dist/ is missing: run `cargo xtask dist` first".into());
    }
    let mut files = Vec::new();
    for dir in [dist.clone(), dist.join("bundle"), dist.join("fonts")] {
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
    println!();
    let status = std::process::Command::new("cargo")
        .current_dir(xtask::root())
        .args(["run", "--quiet", "--release", "-p", "e2e", "--bin", "bench-browser"])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the browser benchmark failed".into());
    }
    Ok(())
}
