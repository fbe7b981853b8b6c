#![no_main]
//! Any query text against the real report's index.
use libfuzzer_sys::fuzz_target;
use rendiconto_search::{Engine, SearchRequest};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let text = include_str!("../../data/torino-rendiconto-2023-relazione-programma.txt");
        Engine::in_memory(rendiconto_parser::parse_str(text).unwrap()).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let q = String::from_utf8_lossy(data);
    let r = engine().search(&SearchRequest { query: q.into_owned(), limit: 10, ..Default::default() });
    assert!(r.hits.len() <= 10);
});
