//! The figures' files and statistics: what a run leaves in `target/bench` (JSON, read
//! again by the report), medians and percentiles.

use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn median(v: Vec<f64>) -> f64 {
    percentile(&v, 50.0)
}

/// Nearest-rank percentile.
pub fn percentile(v: &[f64], p: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

pub fn write(path: PathBuf, value: &Value) {
    std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    eprintln!("bench: wrote {}", path.display());
}

pub fn read_json(path: &Path) -> Result<Value, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}
