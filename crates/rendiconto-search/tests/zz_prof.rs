use rendiconto_search::{Engine, SearchRequest};
use std::time::Instant;
const REPORT: &str = include_str!("../../../data/torino-rendiconto-2023-relazione-programma.txt");
#[test]
fn prof() {
    let e = Engine::in_memory(rendiconto_parser::parse_str(REPORT).unwrap()).unwrap();
    let qs = ["asili nido", "piste ciclabili", "attivita", "scuola", "verde pubblico", "biblioteche", "mobilità sostenibile"];
    let mut times = vec![];
    for _ in 0..60 {
    for q in qs { for i in 1..=q.chars().count() {
        let t: String = q.chars().take(i).collect();
        let s = Instant::now();
        let r = e.search(&SearchRequest { query: t.clone(), filters: vec![], limit: 20, offset: 0 });
        times.push((s.elapsed().as_secs_f64()*1000.0, t, r.total));
    }}}
    times.sort_by(|a,b| b.0.total_cmp(&a.0));
    for t in times.iter().take(12) { println!("{:.3} {:?} {}", t.0, t.1, t.2); }
    println!("median {:.3}", times[times.len()/2].0);
}
