//! Whatever is typed, the engine answers, within the limit asked.

use proptest::prelude::*;
use rendiconto_search::{Engine, Facet, SearchRequest};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let text = include_str!("../../../data/torino-rendiconto-2023-relazione-programma.txt");
        Engine::in_memory(rendiconto_parser::parse_str(text).unwrap()).unwrap()
    })
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,200}",
        "[\"()+\\-*:~^ ]{0,20}",
        proptest::collection::vec(
            "(AND|OR|NOT|-|\"|asili|nido|scuol|città|attività|[a-zà]{1,12}|🚲|שלום|مرحبا|\u{202E}|\u{0}|[0-9]{1,5})",
            0..40
        )
        .prop_map(|w| w.join(" ")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_query_any_filters(q in query(), stato in ".{0,12}", limit in 0usize..60, offset in 0usize..600) {
        let filters = vec![(Facet::Stato, stato), (Facet::Anno, "2023".to_string())];
        let r = engine().search(&SearchRequest { query: q.clone(), filters, limit, offset, ..Default::default() });
        prop_assert!(r.hits.len() <= limit.max(20));
        let r = engine().search(&SearchRequest { query: q, limit, ..Default::default() });
        prop_assert!(r.hits.len() <= r.total);
        for h in &r.hits {
            for &(s, e) in h.snippet.highlights.iter().chain(&h.title_highlights) {
                prop_assert!(s <= e);
            }
        }
    }
}

#[test]
fn a_ten_thousand_character_query() {
    let q = "parola \"aperta (( -".repeat(600);
    assert!(q.len() >= 10_000);
    let r = engine().search(&SearchRequest { query: q, limit: 10, ..Default::default() });
    assert!(r.hits.len() <= 10);
}
