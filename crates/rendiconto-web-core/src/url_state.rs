//! What the URL's query string holds: the query, the filters, the order and the
//! language. `?q=asili+nido&stato=In+corso&anno=2023&ordina=stato&lang=en`. The page
//! itself is the path (see [`crate::route`]); the old `a=`/`p=`/`m=` keys are read
//! by [`UrlState::parse_with_legacy`]. Reloading, back and forward restore exactly this.

use rendiconto_search::{Facet, FacetCount, Sort};

/// Filters ticked: (dimension, value), in the order they were ticked.
pub type Filters = Vec<(Facet, String)>;

/// What each filter's values would give: the counts the engine returns per dimension.
pub type FacetCounts = Vec<(Facet, Vec<FacetCount>)>;

/// The URL key of the results' order (`ordina=rendiconto|stato`; absent: relevance).
pub const SORT_KEY: &str = "ordina";

/// A page named the old way, in the root's query string (read by
/// [`crate::route::Location::parse`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Legacy {
    /// `a=m9-p3-a1` or `a=m1-p3-t1`.
    Item(String),
    /// `p=m9-p3`.
    Program(String),
    /// `m=9`.
    Mission(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlState {
    pub query: String,
    pub filters: Filters,
    /// The order of the results (written only when not the default, relevance).
    pub sort: Sort,
    pub english: bool,
}

impl UrlState {
    /// Reads a query string (with or without the leading `?`). Unknown keys are ignored.
    pub fn parse(search: &str) -> UrlState {
        UrlState::parse_with_legacy(search).0
    }

    /// Whether there is a question or a filter (the root then shows results).
    pub fn is_searching(&self) -> bool {
        !self.query.is_empty() || !self.filters.is_empty()
    }

    /// Reads a query string, and the page it names the old way (`a=`, `p=`, `m=`).
    pub fn parse_with_legacy(search: &str) -> (UrlState, Option<Legacy>) {
        let mut s = UrlState::default();
        let mut legacy = None;
        for pair in search.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (decode(k), decode(v));
            match k.as_str() {
                "q" => s.query = v,
                "a" if !v.is_empty() => legacy = Some(Legacy::Item(v)),
                "p" if !v.is_empty() && !matches!(legacy, Some(Legacy::Item(_))) => legacy = Some(Legacy::Program(v)),
                "m" if !v.is_empty() && legacy.is_none() => legacy = Some(Legacy::Mission(v)),
                "lang" => s.english = v == "en",
                SORT_KEY => s.sort = Sort::from_key(&v).unwrap_or_default(),
                _ => {
                    if let Some(f) = Facet::from_key(&k) {
                        let f = (f, v);
                        if !f.1.is_empty() && !s.filters.contains(&f) {
                            s.filters.push(f);
                        }
                    }
                }
            }
        }
        (s, legacy)
    }

    /// The query string, starting with `?` (or empty when there is nothing to say).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.query.is_empty() {
            parts.push(format!("q={}", encode(&self.query)));
        }
        for (f, v) in &self.filters {
            parts.push(format!("{}={}", f.key(), encode(v)));
        }
        if self.sort != Sort::Relevance {
            parts.push(format!("{SORT_KEY}={}", self.sort.key()));
        }
        if self.english {
            parts.push("lang=en".into());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// Selects or deselects a filter value. A value named by its number (`missione=10`,
    /// as the embed snippet allows) is the same filter as its full label.
    pub fn toggle(&mut self, facet: Facet, value: &str) {
        let same = |(f, v): &(Facet, String)| {
            *f == facet
                && (v == value
                    || rendiconto_search::items::facet_code(value) == Some(v.as_str())
                    || rendiconto_search::items::facet_code(v) == Some(value))
        };
        if self.filters.iter().any(same) {
            self.filters.retain(|x| !same(x));
        } else {
            self.filters.push((facet, value.to_string()));
        }
    }
}

/// application/x-www-form-urlencoded, as `URLSearchParams` writes it.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(h) => {
                    out.push(h);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let s = UrlState {
            query: "asili nido \"città\" & più".into(),
            filters: vec![(Facet::Stato, "In corso".into()), (Facet::Anno, "2023".into())],
            sort: Sort::Status,
            english: true,
        };
        let qs = s.to_query_string();
        assert_eq!(UrlState::parse(&qs), s);
        assert!(qs.starts_with("?q=asili+nido+%22citt%C3%A0%22+%26+pi%C3%B9&stato=In+corso"));
        assert!(qs.contains("&anno=2023&ordina=stato&"), "{qs}");
    }

    #[test]
    fn the_order_is_read_and_written_with_its_key() {
        assert_eq!(UrlState::parse("?q=scuola&ordina=rendiconto").sort, Sort::Report);
        assert_eq!(UrlState::parse("?ordina=stato").sort, Sort::Status);
        assert_eq!(UrlState::parse("?ordina=STATO").sort, Sort::Status);
        // Absent, the default or unknown: relevance, and nothing written.
        assert_eq!(UrlState::parse("?q=scuola").sort, Sort::Relevance);
        assert_eq!(UrlState::parse("?q=scuola&ordina=pertinenza").sort, Sort::Relevance);
        assert_eq!(UrlState::parse("?q=scuola&ordina=caso").sort, Sort::Relevance);
        assert_eq!(UrlState::parse("?q=scuola&ordina=pertinenza").to_query_string(), "?q=scuola");
        for sort in Sort::ALL {
            let s = UrlState { query: "asili".into(), sort, ..UrlState::default() };
            assert_eq!(UrlState::parse(&s.to_query_string()), s, "{sort:?}");
        }
        let s = UrlState { sort: Sort::Report, ..UrlState::default() };
        assert_eq!(s.to_query_string(), "?ordina=rendiconto");
    }

    #[test]
    fn junk_is_tolerated() {
        let s = UrlState::parse("?q=%&colore=rosso&stato=&a=&%zz=1&q2");
        assert_eq!(s.query, "%");
        assert!(s.filters.is_empty());
        assert_eq!(UrlState::parse_with_legacy("?a=&p=").1, None);
        assert_eq!(UrlState::parse(""), UrlState::default());
    }

    #[test]
    fn toggle_adds_and_removes() {
        let mut s = UrlState::default();
        s.toggle(Facet::Stato, "Avviato");
        assert_eq!(s.filters.len(), 1);
        s.toggle(Facet::Stato, "Avviato");
        assert!(s.filters.is_empty());
    }

    #[test]
    fn a_number_and_its_label_are_one_filter() {
        let mut s = UrlState::parse("?programma=10.5");
        s.toggle(Facet::Programma, "10.5 – VIABILITÀ E INFRASTRUTTURE STRADALI");
        assert!(s.filters.is_empty());
        s.toggle(Facet::Programma, "10.5 – VIABILITÀ E INFRASTRUTTURE STRADALI");
        s.toggle(Facet::Programma, "10.2 – TRASPORTO PUBBLICO LOCALE");
        assert_eq!(s.filters.len(), 2);
    }
}
