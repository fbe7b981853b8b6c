//! Whatever the input, the parser returns a document or an error naming a line.

use proptest::prelude::*;
use rendiconto_parser::{parse_bytes, parse_str};

const REPORT: &str = include_str!("../../../data/torino-rendiconto-2023-relazione-programma.txt");

/// Lines that look like the report's: headings, table rows, HTML cells, odd values.
fn report_like_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "MISSIONE [0-9]{1,2}: [A-Z ]{0,20}",
        "PROGRAMMA [0-9]{1,2}: [A-Z ]{0,20}",
        "MISSIONE 1: X\\*\\*PROGRAMMA 1: Y\\*\\*UNITÀ ORGANIZZATIVE COINVOLTE: A - B",
        "UNITÀ ORGANIZZATIVE COINVOLTE: [A-Z ,-]{0,30}",
        "STAKEHOLDERS: [A-Z ,;-]{0,30}",
        "Rif linee CC\tPolitica\tAttività\tStato\tAzioni\tIndicatori\t2022\t2023\t2024\t2025\t2026",
        "Politica di riferimento del PdO\tIndicatori di risultato\t2022\t2023\t2024\t2025\t2025",
        "Indicatori comuni\t2022\t2023\t2024\t2025\t2026",
        "Numero\tTesto\tObiettivi Agenda 2030\tMissioni PNRR",
        proptest::collection::vec("(|-|1|1,2|N\\.D\\.|€ 20\\.000|<p>2022</p> <p>[a-z ]{0,10}</p>|2023 [A-Z][a-z]{0,8}|[a-zà ]{0,12}|<ul><li>x</li></ul>|>30%|5,28\\* gg)", 0..30)
            .prop_map(|cells| cells.join("\t")),
        ".{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text(text in ".{0,2000}") {
        let _ = parse_str(&text);
    }

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        if let Err(e) = parse_bytes(&bytes) {
            prop_assert!(e.line() >= 1);
        }
    }

    #[test]
    fn report_shaped_text(lines in proptest::collection::vec(report_like_line(), 0..80)) {
        let _ = parse_str(&lines.join("\n"));
    }

    /// The real report with lines removed, repeated or moved.
    #[test]
    fn mutated_report(cuts in proptest::collection::vec((0usize..1843, 0usize..3, 0usize..1843), 1..12)) {
        let mut lines: Vec<&str> = REPORT.split('\n').collect();
        for (at, op, to) in cuts {
            let at = at % lines.len().max(1);
            match op {
                0 => { lines.remove(at); }
                1 => { let l = lines[at]; lines.insert(at, l); }
                _ => { let l = lines.remove(at); let to = to % (lines.len() + 1); lines.insert(to, l); }
            }
            if lines.is_empty() { break; }
        }
        let _ = parse_str(&lines.join("\n"));
    }
}
