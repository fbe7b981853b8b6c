//! The kiosk's on-screen keyboard: its keys and what a press does to the question
//! (the browser side, idle reset and guards, is `web/src/kiosk.rs`).

/// Italian QWERTY rows, with the accented vowels where Italian keyboards put them.
pub const ROWS: [&str; 3] = ["qwertyuiopè", "asdfghjklòàù", "zxcvbnméì'"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    Char(char),
    Backspace,
    Clear,
}

/// The query after a key press.
pub fn apply(query: &str, press: Press) -> String {
    match press {
        Press::Char(c) => format!("{query}{c}"),
        Press::Backspace => {
            let mut q = query.to_string();
            q.pop();
            q
        }
        Press::Clear => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presses_edit_the_query() {
        assert_eq!(apply("asil", Press::Char('i')), "asili");
        assert_eq!(apply("città", Press::Backspace), "citt");
        assert_eq!(apply("", Press::Backspace), "");
        assert_eq!(apply("asili nido", Press::Clear), "");
    }

    #[test]
    fn every_italian_letter_has_a_key() {
        let keys: String = ROWS.concat();
        for c in ('a'..='z').chain("àèéìòù".chars()) {
            assert!(keys.contains(c), "{c}");
        }
        let mut unique: Vec<char> = keys.chars().collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.chars().count(), "a key appears twice");
    }
}
