//! Filters and their "disjunctive" counts: each dimension is counted with the filters
//! of the *other* dimensions applied, so a person sees how many results each extra
//! choice would add.
//!
//! Counting runs on every keystroke over every match, so the values are numbered once
//! when the engine opens: an item holds (dimension, value) numbers, a count is an array
//! slot, and one pass over the matches fills every dimension (string maps made this
//! the largest part of a search).

use crate::items::{Facet, Item};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
    pub selected: bool,
}

const DIMS: usize = Facet::ALL.len();

fn dim(f: Facet) -> usize {
    Facet::ALL.iter().position(|x| *x == f).unwrap_or(0)
}

/// Every item's filter values, numbered.
pub struct FacetTable {
    /// Per dimension (in [`Facet::ALL`] order), its values in report order.
    values: [Vec<String>; DIMS],
    /// Per dimension, each value's number (a corpus of many years has thousands).
    numbers: [HashMap<String, u32>; DIMS],
    /// Per item, its (dimension, value number) pairs, each once.
    of_item: Vec<Vec<(u8, u32)>>,
}

/// The filters of a request: per dimension, the chosen value numbers, or `None` when the
/// dimension is not filtered. A chosen value the report does not have (an old link)
/// keeps its dimension filtered and matches nothing.
pub struct Selection {
    chosen: [Option<Vec<bool>>; DIMS],
}

impl FacetTable {
    pub fn new(items: &[Item]) -> FacetTable {
        let mut values: [Vec<String>; DIMS] = Default::default();
        let mut numbers: [HashMap<String, u32>; DIMS] = Default::default();
        let of_item = items
            .iter()
            .map(|item| {
                let mut pairs: Vec<(u8, u32)> = Vec::new();
                for (f, v) in &item.facets {
                    let d = dim(*f);
                    let n = *numbers[d].entry(v.clone()).or_insert_with(|| {
                        values[d].push(v.clone());
                        (values[d].len() - 1) as u32
                    });
                    let pair = (d as u8, n);
                    if !pairs.contains(&pair) {
                        pairs.push(pair);
                    }
                }
                pairs
            })
            .collect();
        FacetTable { values, numbers, of_item }
    }

    /// A dimension's values in the order they first appear in the report.
    pub fn values(&self, f: Facet) -> &[String] {
        &self.values[dim(f)]
    }

    pub fn selection<'a>(&self, filters: impl IntoIterator<Item = (Facet, &'a str)>) -> Selection {
        let mut chosen: [Option<Vec<bool>>; DIMS] = Default::default();
        for (f, v) in filters {
            let d = dim(f);
            let set = chosen[d].get_or_insert_with(|| vec![false; self.values[d].len()]);
            if let Some(&n) = self.numbers[d].get(v) {
                set[n as usize] = true;
            }
        }
        Selection { chosen }
    }

    /// Dimensions whose filter item `item` does not pass, as a bit set.
    fn failed(&self, item: usize, sel: &Selection) -> u32 {
        let mut failed = 0;
        for (d, set) in sel.chosen.iter().enumerate() {
            if let Some(set) = set {
                let ok = self.of_item[item].iter().any(|&(id, n)| id as usize == d && set[n as usize]);
                if !ok {
                    failed |= 1 << d;
                }
            }
        }
        failed
    }

    /// Whether item `item` passes every filter.
    pub fn passes(&self, item: usize, sel: &Selection) -> bool {
        self.failed(item, sel) == 0
    }

    /// Counts per dimension over `matches` (item numbers). Values are listed when they
    /// count or are chosen; programmes and missions in report order, years in order,
    /// the rest most frequent first.
    pub fn counts(&self, matches: impl IntoIterator<Item = usize>, sel: &Selection) -> Vec<(Facet, Vec<FacetCount>)> {
        let mut counts: [Vec<usize>; DIMS] = Default::default();
        for (d, c) in counts.iter_mut().enumerate() {
            *c = vec![0; self.values[d].len()];
        }
        for item in matches {
            let failed = self.failed(item, sel);
            // Passing every filter, it counts in every dimension; failing one, only in
            // that one (choosing there could bring it in); failing two, nowhere.
            if failed.count_ones() > 1 {
                continue;
            }
            for &(d, n) in &self.of_item[item] {
                if failed == 0 || failed == 1 << d {
                    counts[d as usize][n as usize] += 1;
                }
            }
        }
        Facet::ALL
            .into_iter()
            .enumerate()
            .map(|(d, f)| {
                let chosen = sel.chosen[d].as_deref();
                let mut list: Vec<FacetCount> = self.values[d]
                    .iter()
                    .enumerate()
                    .filter_map(|(n, value)| {
                        let count = counts[d][n];
                        let selected = chosen.is_some_and(|c| c[n]);
                        (count > 0 || selected).then(|| FacetCount { value: value.clone(), count, selected })
                    })
                    .collect();
                match f {
                    Facet::Missione | Facet::Programma => {}
                    Facet::Anno => list.sort_by(|a, b| a.value.cmp(&b.value)),
                    _ => list.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value))),
                }
                (f, list)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items::ItemKind;

    fn item(facets: &[(Facet, &str)]) -> Item {
        Item {
            id: rendiconto_model::MissionId(1).program(1).activity(1).into(),
            kind: ItemKind::Activity,
            mission: 1,
            mission_title: String::new(),
            program: 1,
            program_title: String::new(),
            title: String::new(),
            status: None,
            facets: facets.iter().map(|(f, v)| (*f, v.to_string())).collect(),
            objective: String::new(),
            policy: String::new(),
            actions: String::new(),
            indicators: String::new(),
            context: String::new(),
        }
    }

    fn count(list: &[(Facet, Vec<FacetCount>)], f: Facet, value: &str) -> Option<usize> {
        list.iter().find(|(d, _)| *d == f)?.1.iter().find(|c| c.value == value).map(|c| c.count)
    }

    #[test]
    fn each_dimension_is_counted_with_the_other_dimensions_filters() {
        use Facet::{Anno, Stato};
        let items = [
            item(&[(Stato, "In corso"), (Anno, "2023"), (Anno, "2023")]),
            item(&[(Stato, "Concluso"), (Anno, "2023")]),
            item(&[(Stato, "In corso"), (Anno, "2024")]),
        ];
        let table = FacetTable::new(&items);
        let sel = table.selection([(Stato, "In corso")]);
        let c = table.counts(0..3, &sel);
        // Stato ignores its own filter: choosing Concluso too would add one.
        assert_eq!(count(&c, Stato, "In corso"), Some(2));
        assert_eq!(count(&c, Stato, "Concluso"), Some(1));
        // Years follow the Stato filter, and a repeated value counts once.
        assert_eq!(count(&c, Anno, "2023"), Some(1));
        assert_eq!(count(&c, Anno, "2024"), Some(1));
        assert_eq!((0..3).filter(|&i| table.passes(i, &sel)).count(), 2);
    }

    #[test]
    fn an_unknown_chosen_value_matches_nothing() {
        let items = [item(&[(Facet::Stato, "In corso")])];
        let table = FacetTable::new(&items);
        let sel = table.selection([(Facet::Stato, "Sconosciuto")]);
        assert!(!table.passes(0, &sel));
        assert_eq!(count(&table.counts(0..1, &sel), Facet::Stato, "In corso"), Some(1));
    }
}
