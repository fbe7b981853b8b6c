//! What the integration tests of the index and the data in pieces share: the bundled
//! report, the relevance set's questions, and sizes as `cargo xtask dist` compresses.

use std::sync::OnceLock;

pub const REPORT: &str = include_str!("../../../../data/torino-rendiconto-2023-relazione-programma.txt");
const QUESTIONS: &str = include_str!("../../../../tests/relevance/questions.tsv");

/// The bundled report, parsed once.
pub fn doc() -> &'static rendiconto_model::Document {
    static DOC: OnceLock<rendiconto_model::Document> = OnceLock::new();
    DOC.get_or_init(|| rendiconto_parser::parse_str(REPORT).unwrap())
}

/// The questions of `tests/relevance/questions.tsv`.
pub fn questions() -> Vec<&'static str> {
    QUESTIONS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap())
        .collect()
}

/// Bytes once compressed as `cargo xtask dist` does (brotli 11, window 22).
pub fn brotli(bytes: &[u8]) -> usize {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).unwrap();
    out.len()
}
