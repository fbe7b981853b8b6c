//! The civic synonym list: the words citizens use for what the report calls otherwise
//! (`data/sinonimi.txt`, reviewed by hand; format below).
//!
//! The format is the part of the Solr / OpenSearch `synonyms.txt` format that a list
//! of words needs, so the same file can configure a search server:
//!
//! ```text
//! # a comment; blank lines are ignored
//! bici, bicicletta, ciclabile          equivalent: typing any one also searches the others
//! spazzatura, immondizia => rifiuti    one way: typing a left word also searches the right ones
//! case popolari => edilizia residenziale pubblica
//! ```
//!
//! An entry of several words is searched as a phrase, and a query matches it when it
//! holds those words in that order. One difference from Solr: `a => b` *adds* `b` to a
//! search for `a` (in Solr it replaces it; write `a => a, b` there).
//!
//! `index-builder build` reads the list (`--synonyms FILE`, by default the bundled
//! one), checks it (errors name the line) and stores it in the index pack, so the CLI
//! and the browser expand a query the same way.

use thiserror::Error;

/// The list bundled with the program (`data/sinonimi.txt`).
pub const BUNDLED: &str = include_str!("../../../data/sinonimi.txt");

/// The name of the list's file inside the index pack (next to tantivy's files).
pub const PACK_FILE: &str = "rendiconto-synonyms.txt";

#[derive(Debug, Error, PartialEq)]
#[error("synonyms, line {line}: {message}")]
pub struct SynonymError {
    pub line: usize,
    pub message: String,
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The entries that, typed, bring in [`Rule::to`].
    pub from: Vec<String>,
    /// The entries searched as well; for an equivalence, the same as `from`.
    pub to: Vec<String>,
    /// The line it was read from (1-based).
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synonyms {
    pub rules: Vec<Rule>,
}

impl Synonyms {
    pub fn parse(text: &str) -> Result<Synonyms, SynonymError> {
        let mut rules = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let err = |message: String| SynonymError { line, message };
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let entries = |side: &str| -> Result<Vec<String>, SynonymError> {
                let list: Vec<String> =
                    side.split(',').map(|e| e.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
                if list.iter().any(String::is_empty) {
                    return Err(err(format!("an empty entry in {content:?} (two commas, or one at an end)")));
                }
                if let Some(bad) = list.iter().find(|e| e.contains(['#', '=', '>', '"'])) {
                    return Err(err(format!("{bad:?} is not a word or words")));
                }
                Ok(list)
            };
            let rule = match content.split("=>").collect::<Vec<_>>()[..] {
                [group] => {
                    let group = entries(group)?;
                    if group.len() < 2 {
                        return Err(err(format!(
                            "{content:?} is one entry: a group needs two or more, separated by commas"
                        )));
                    }
                    Rule { from: group.clone(), to: group, line }
                }
                [from, to] => Rule { from: entries(from)?, to: entries(to)?, line },
                _ => return Err(err(format!("{content:?} has more than one \"=>\""))),
            };
            rules.push(rule);
        }
        Ok(Synonyms { rules })
    }

    /// The list in its own format, one rule a line, without comments (what the
    /// index pack stores; it reads back the same).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for r in &self.rules {
            if r.from == r.to {
                out.push_str(&r.from.join(", "));
            } else {
                out.push_str(&format!("{} => {}", r.from.join(", "), r.to.join(", ")));
            }
            out.push('\n');
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_one_way_rules_and_comments() {
        let s = Synonyms::parse(
            "# comment\n\nbici, bicicletta , ciclabile\nspazzatura,immondizia => rifiuti\ncase  popolari => edilizia residenziale pubblica\n",
        )
        .unwrap();
        assert_eq!(s.rules.len(), 3);
        assert_eq!(s.rules[0].from, ["bici", "bicicletta", "ciclabile"]);
        assert_eq!(s.rules[0].to, s.rules[0].from);
        assert_eq!(s.rules[1].from, ["spazzatura", "immondizia"]);
        assert_eq!(s.rules[1].to, ["rifiuti"]);
        assert_eq!(s.rules[2].from, ["case popolari"]);
        assert_eq!(s.rules[2].line, 5);
    }

    #[test]
    fn the_stored_text_reads_back_the_same() {
        let s =
            Synonyms::parse("# c\nbici, bicicletta\ncase popolari => edilizia residenziale pubblica, erp\n").unwrap();
        let back = Synonyms::parse(&s.to_text()).unwrap();
        assert_eq!(
            back.rules.iter().map(|r| (&r.from, &r.to)).collect::<Vec<_>>(),
            s.rules.iter().map(|r| (&r.from, &r.to)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn mistakes_name_their_line() {
        for (text, line) in [
            ("bici, bicicletta\nsolo\n", 2),
            ("a, , b\n", 1),
            ("x => y => z\n", 1),
            ("\n\na, b =>\n", 3),
            ("a, b\nc, \"d\"\n", 2),
        ] {
            let e = Synonyms::parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.to_string().starts_with(&format!("synonyms, line {line}: ")), "{e}");
        }
    }

    #[test]
    fn the_bundled_list_reads() {
        let s = Synonyms::parse(BUNDLED).unwrap();
        assert!(s.rules.len() >= 40, "{}", s.rules.len());
    }
}
