//! User input → clauses. Every input is accepted: an unclosed quote runs to the end, a
//! lone operator is ignored, punctuation is left to the analyzer (which drops it).

/// Queries longer than this many clauses keep their first ones: nobody types more,
/// and a pasted page must not make the browser hang.
pub const MAX_CLAUSES: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// A word; `prefix` when it is the last one and the user may still be typing it.
    Word { text: String, prefix: bool },
    /// `"…"`: the words in this order.
    Phrase(String),
    /// `-word`, `-"phrase"` or `NOT word`: items containing it are left out.
    Exclude(String),
}

pub fn parse(input: &str) -> Vec<Clause> {
    let chars: Vec<char> = input.chars().collect();
    let mut clauses = Vec::new();
    let mut i = 0;
    let mut negate_next = false;
    while i < chars.len() && clauses.len() < MAX_CLAUSES {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negate =
            std::mem::take(&mut negate_next) | (c == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace());
        if c == '-' || c == '+' {
            i += 1;
            if !negate && c == '-' {
                continue;
            }
            if i >= chars.len() {
                break;
            }
        }
        if chars.get(i) == Some(&'"') || chars.get(i) == Some(&'“') {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && chars[end] != '"' && chars[end] != '”' {
                end += 1;
            }
            let text: String = chars[start..end].iter().collect();
            i = end + 1;
            if !text.trim().is_empty() {
                clauses.push(if negate { Clause::Exclude(text) } else { Clause::Phrase(text) });
            }
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        match word.as_str() {
            "AND" | "OR" | "&&" | "||" => continue,
            "NOT" => {
                negate_next = true;
                continue;
            }
            _ => {}
        }
        let at_end = i == chars.len();
        clauses.push(if negate { Clause::Exclude(word) } else { Clause::Word { text: word, prefix: at_end } });
    }
    clauses
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str, prefix: bool) -> Clause {
        Clause::Word { text: t.into(), prefix }
    }

    #[test]
    fn words_phrases_and_exclusions() {
        assert_eq!(parse("asili nido"), vec![w("asili", false), w("nido", true)]);
        assert_eq!(parse("asili nido "), vec![w("asili", false), w("nido", false)]);
        assert_eq!(
            parse(r#""piste ciclabili" -monopattini"#),
            vec![Clause::Phrase("piste ciclabili".into()), Clause::Exclude("monopattini".into())]
        );
        assert_eq!(parse("scuole NOT nido"), vec![w("scuole", false), Clause::Exclude("nido".into())]);
    }

    #[test]
    fn hostile_input_is_accepted() {
        assert_eq!(parse("\""), vec![]);
        assert_eq!(parse("bad \"quote"), vec![w("bad", false), Clause::Phrase("quote".into())]);
        assert_eq!(parse("AND OR"), vec![]);
        assert_eq!(parse("- -"), vec![]);
        assert_eq!(parse("((("), vec![w("(((", true)]);
        assert_eq!(parse(&"parola ".repeat(100)).len(), MAX_CLAUSES);
        assert_eq!(parse("🚲 bici"), vec![w("🚲", false), w("bici", true)]);
    }
}
