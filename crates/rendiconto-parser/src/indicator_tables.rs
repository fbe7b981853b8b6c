//! Indicator-only tables: "Politica di riferimento del PdO | Indicatori di risultato |
//! 2022 … 2026" and "Indicatori comuni per le funzioni di supporto … | 2022 … 2026".
//!
//! Their rows are often shifted: a sub-category column appears ("Dirigenti", "E.Q.",
//! "Totale") and some rows lose their leading empty cells. Instead of trusting column
//! positions, a row is read as labels followed by values: the first cell that looks like
//! a value starts the values; the non-empty cells before it are the labels.

use crate::html;
use regex::Regex;
use rendiconto_model::{year_values, IndicatorRow, IndicatorTable, TableId, YEARS};
use std::sync::LazyLock;

static VALUE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^((pre\s*consuntivo|n\.\s*atti)\s+|[€<>≤≥~+]\s*)?\d|^(n\.?\s?d\.?|n\.?\s?a\.?|-|–|—)$").unwrap()
});

pub struct IndicatorTableBuilder {
    pub table: IndicatorTable,
    /// "Indicatori comuni" tables have no policy column.
    has_policy: bool,
    policy: Option<String>,
    /// The indicator that the current run of category rows belongs to.
    parent: Option<String>,
}

impl IndicatorTableBuilder {
    /// `header` is the header row's cells; returns `None` if it is not an indicator table.
    pub fn start(header: &[&str], line: usize, id: TableId) -> Option<Self> {
        let first = header.first()?.trim();
        let (title, has_policy, years_from) =
            if first.starts_with("Politica di riferimento") && header.get(1)?.trim().starts_with("Indicatori") {
                (header[1].trim().to_string(), true, 2)
            } else if first.starts_with("Indicatori comuni") {
                (first.to_string(), false, 1)
            } else {
                return None;
            };
        let year_headers =
            header[years_from..].iter().map(|h| h.trim().to_string()).filter(|h| !h.is_empty()).collect();
        Some(IndicatorTableBuilder {
            table: IndicatorTable { id, title, year_headers, rows: Vec::new(), source_lines: [line, line] },
            has_policy,
            policy: None,
            parent: None,
        })
    }

    pub fn row(&mut self, raw_cells: &[&str], line: usize) {
        self.table.source_lines[1] = line;
        let cells: Vec<Option<String>> = raw_cells.iter().map(|c| html::cell_text(c)).collect();
        let label_end = if self.has_policy { 1 } else { 0 };
        let first_value = cells
            .iter()
            .enumerate()
            // The first column is always a label, whatever it looks like.
            .position(|(i, c)| i > 0 && c.as_deref().is_some_and(|t| VALUE_LIKE.is_match(t)))
            .unwrap_or(cells.len());
        let values: Vec<Option<String>> = cells[first_value..].to_vec();
        let labels: Vec<(usize, String)> =
            cells[..first_value].iter().enumerate().filter_map(|(i, c)| c.clone().map(|c| (i, c))).collect();

        let (mut policy, mut name, mut category) = (None, None, None);
        match labels.as_slice() {
            [] => {}
            [(i, only)] => {
                // A short label right after category rows is one more category that
                // lost its leading cells ("C", "Totale").
                let after_category = self.table.rows.last().is_some_and(|r| r.category.is_some());
                let short = only.chars().count() <= 12;
                if self.parent.is_some() && (*i > label_end || after_category && short) {
                    category = Some(only.clone());
                } else {
                    name = Some(only.clone());
                }
            }
            [(i, a), (_, b)] => {
                if self.has_policy && *i == 0 {
                    policy = Some(a.clone());
                    name = Some(b.clone());
                } else {
                    name = Some(a.clone());
                    category = Some(b.clone());
                }
            }
            [(_, a), (_, b), rest @ ..] => {
                if self.has_policy {
                    policy = Some(a.clone());
                    name = Some(b.clone());
                } else {
                    name = Some(format!("{a}\n{b}"));
                }
                let extra: Vec<String> = rest.iter().map(|(_, t)| t.clone()).collect();
                category = Some(extra.join(" "));
            }
        }
        if policy.is_some() {
            self.policy = policy;
            self.parent = None;
        }
        match (&name, &category) {
            (Some(n), Some(_)) => self.parent = Some(n.clone()),
            (Some(_), None) => self.parent = None,
            (None, Some(_)) => name = self.parent.clone(),
            (None, None) => {}
        }
        let (map, numbers) = year_values(&values);
        self.table.rows.push(IndicatorRow {
            policy: self.policy.clone().filter(|_| self.has_policy),
            name,
            category,
            values: map,
            numbers,
            source_line: line,
        });
    }

    /// Cells beyond the five years that hold text (none in the 2023 report).
    pub fn overflow(raw_cells: &[&str], has_policy: bool) -> usize {
        let start = if has_policy { 2 } else { 1 } + YEARS.len();
        raw_cells.iter().skip(start).filter(|c| !c.trim().is_empty()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendiconto_model::MissionId;

    fn table(header: &str, rows: &[&str]) -> IndicatorTable {
        let h: Vec<&str> = header.split('\t').collect();
        let mut b = IndicatorTableBuilder::start(&h, 1, MissionId(1).program(1).table(1)).unwrap();
        for (i, r) in rows.iter().enumerate() {
            b.row(&r.split('\t').collect::<Vec<_>>(), i + 2);
        }
        b.table
    }

    fn row(r: &IndicatorRow) -> (Option<&str>, Option<&str>, Option<&str>, Option<&str>, Option<&str>) {
        (
            r.policy.as_deref(),
            r.name.as_deref(),
            r.category.as_deref(),
            r.values["2022"].as_deref(),
            r.values["2023"].as_deref(),
        )
    }

    #[test]
    fn shifted_rows_with_categories() {
        // Lines 447–466, shortened.
        let t = table(
            "Politica di riferimento del PdO\tIndicatori di risultato\t2022\t2023\t2024\t2025\t2025\t",
            &[
                "Gestione delle risorse umane\tDistacchi\t37\t21\t\t\t\t",
                "\tComposizione degli organici\tDirigenti\t74\t82\t\t\t",
                "\t\tE.Q.\t486\t475\t\t\t",
                "\tN° dipendenti coinvolti in formazione\tDirigenti.\t349\tN.D.\t\t\t",
                "C\t\t7.283\tN.D.\t\t\t\t",
                "Totale\t15.658\tN.D.\t\t\t\t\t",
                "Spesa per formazione\t164.872,70 €\t278.110,80 €\t\t\t\t\t",
            ],
        );
        assert_eq!(t.year_headers, vec!["2022", "2023", "2024", "2025", "2025"]);
        let p = Some("Gestione delle risorse umane");
        let rows: Vec<_> = t.rows.iter().map(row).collect();
        assert_eq!(rows[0], (p, Some("Distacchi"), None, Some("37"), Some("21")));
        assert_eq!(rows[1], (p, Some("Composizione degli organici"), Some("Dirigenti"), Some("74"), Some("82")));
        assert_eq!(rows[2], (p, Some("Composizione degli organici"), Some("E.Q."), Some("486"), Some("475")));
        assert_eq!(rows[4], (p, Some("N° dipendenti coinvolti in formazione"), Some("C"), Some("7.283"), Some("N.D.")));
        assert_eq!(
            rows[5],
            (p, Some("N° dipendenti coinvolti in formazione"), Some("Totale"), Some("15.658"), Some("N.D."))
        );
        assert_eq!(rows[6], (p, Some("Spesa per formazione"), None, Some("164.872,70 €"), Some("278.110,80 €")));
        assert_eq!(t.rows[6].numbers["2022"], 164_872.7);
    }

    #[test]
    fn common_indicator_table_keeps_name_and_description() {
        let t = table(
            "Indicatori comuni per le funzioni di supporto delle Amministrazioni Pubbliche\t2022\t2023\t2024\t2025\t2026",
            &["<p>Tempestività dei pagamenti</p> <p>(Ritardo medio)</p>\tN.D.\t5,28* gg\t\t\t"],
        );
        let r = &t.rows[0];
        assert_eq!(r.policy, None);
        assert_eq!(r.name.as_deref(), Some("Tempestività dei pagamenti\n(Ritardo medio)"));
        assert_eq!(r.values["2023"].as_deref(), Some("5,28* gg"));
        assert!(r.numbers.is_empty());
    }

    #[test]
    fn text_value_after_a_number_and_a_label_without_values() {
        let t = table(
            "Politica di riferimento del PdO\tIndicatori di risultato\t2022\t2023\t2024\t2025\t2025",
            &[
                "Pianificazione urbanistica\tAtti e provvedimenti\t18\t33\t\t\t",
                "\tdi cui:\t\t\t\t\t",
                "Importo incassato per diritti\t550.266,02 €\tImporto confluito nel Capitolo\t\t\t\t",
            ],
        );
        let rows: Vec<_> = t.rows.iter().map(row).collect();
        let p = Some("Pianificazione urbanistica");
        assert_eq!(rows[1], (p, Some("di cui:"), None, None, None));
        assert_eq!(
            rows[2],
            (
                p,
                Some("Importo incassato per diritti"),
                None,
                Some("550.266,02 €"),
                Some("Importo confluito nel Capitolo")
            )
        );
    }
}
