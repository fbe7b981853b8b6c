//! The index's pieces on their way to the page: which download brings each, which ones
//! a question waits for, and whether a question's own downloads are under way (the
//! background fill waits for them). `web::pieces` keeps one [`Ledger`] and does the
//! downloads; the bookkeeping is here, where its races are tested.

use std::collections::BTreeSet;

/// The pieces being downloaded and who waits for them.
#[derive(Debug, Default)]
pub struct Ledger {
    on_the_way: BTreeSet<String>,
    /// Pieces a question waits for that another download brings: their arrival must
    /// compute that question again.
    wanted: BTreeSet<String>,
    /// Downloads of a question's own pieces under way.
    asked: usize,
}

/// What a question that lacks some pieces does.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Asked {
    /// The pieces it downloads itself (claimed: now on their way).
    pub mine: Vec<String>,
    /// One of them landed between the question being computed and now: compute it
    /// again (no download will say so).
    pub landed_meanwhile: bool,
}

impl Ledger {
    /// A question computed without `names` asks for them (`has`: loaded in the engine).
    /// It downloads those neither loaded nor on their way; it waits for those on their
    /// way; one loaded already has landed meanwhile.
    pub fn ask(&mut self, names: impl IntoIterator<Item = String>, has: impl Fn(&str) -> bool) -> Asked {
        let mut asked = Asked::default();
        for name in names {
            if has(&name) {
                asked.landed_meanwhile = true;
            } else if self.on_the_way.insert(name.clone()) {
                asked.mine.push(name);
            } else {
                self.wanted.insert(name);
            }
        }
        if !asked.mine.is_empty() {
            self.asked += 1;
        }
        asked
    }

    /// A question's own download (`Asked::mine`) is over, landed or not.
    pub fn answered(&mut self, mine: &[String]) {
        self.asked = self.asked.saturating_sub(1);
        for name in mine {
            self.on_the_way.remove(name);
            self.wanted.remove(name);
        }
    }

    /// Whether a question's own pieces are on their way.
    pub fn questions_waiting(&self) -> bool {
        self.asked > 0
    }

    /// The background fill's next `n` pieces from `order`: those neither loaded nor on
    /// their way, claimed.
    pub fn next_fill(
        &mut self,
        order: &mut impl Iterator<Item = String>,
        has: impl Fn(&str) -> bool,
        n: usize,
    ) -> Vec<String> {
        order.filter(|name| !has(name) && self.on_the_way.insert(name.clone())).take(n).collect()
    }

    /// The fill's `batch` is over, landed or not: whether a question waited for one of
    /// them (it must be computed again).
    pub fn filled(&mut self, batch: &[String]) -> bool {
        batch.iter().fold(false, |waited, name| {
            self.on_the_way.remove(name);
            self.wanted.remove(name) | waited
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_question_downloads_what_is_neither_loaded_nor_on_its_way() {
        let mut ledger = Ledger::default();
        let first = ledger.ask(names(&["a", "b"]), |_| false);
        assert_eq!(first.mine, names(&["a", "b"]));
        assert!(ledger.questions_waiting());
        // The next keystroke needs "b" again and "c": only "c" is downloaded again.
        let second = ledger.ask(names(&["b", "c"]), |_| false);
        assert_eq!(second.mine, names(&["c"]));
        ledger.answered(&first.mine);
        assert!(ledger.questions_waiting(), "the second download is still under way");
        ledger.answered(&second.mine);
        assert!(!ledger.questions_waiting());
    }

    #[test]
    fn a_piece_that_landed_before_the_question_asked_computes_it_again() {
        // The question was computed while the fill brought "a"; the fill's batch landed
        // before the question's request ran: nothing is downloaded, and the question is
        // told to compute again (before, it waited for ever).
        let mut ledger = Ledger::default();
        let fill = ledger.next_fill(&mut names(&["a"]).into_iter(), |_| false, 2);
        assert!(!ledger.filled(&fill), "nobody waited for it yet");
        let asked = ledger.ask(names(&["a"]), |name| name == "a");
        assert_eq!(asked, Asked { mine: vec![], landed_meanwhile: true });
        assert!(!ledger.questions_waiting());
    }

    #[test]
    fn a_question_waiting_for_the_fill_is_told_when_it_lands() {
        let mut ledger = Ledger::default();
        let mut order = names(&["a", "b", "c"]).into_iter();
        let batch = ledger.next_fill(&mut order, |_| false, 2);
        assert_eq!(batch, names(&["a", "b"]));
        let asked = ledger.ask(names(&["b"]), |_| false);
        assert_eq!(asked, Asked::default(), "on its way: waited for, not downloaded twice");
        assert!(ledger.filled(&batch));
        // Told once only.
        assert!(!ledger.filled(&batch));
        // The next batch skips what is loaded.
        assert_eq!(ledger.next_fill(&mut order, |name| name == "c", 2), Vec::<String>::new());
    }

    #[test]
    fn the_fill_skips_what_a_question_brings() {
        let mut ledger = Ledger::default();
        let asked = ledger.ask(names(&["a"]), |_| false);
        assert_eq!(ledger.next_fill(&mut names(&["a", "b"]).into_iter(), |_| false, 2), names(&["b"]));
        ledger.answered(&asked.mine);
        assert!(!ledger.filled(&names(&["b"])));
    }
}
