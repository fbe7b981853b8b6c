//! Italian number reading, only where the meaning is unambiguous.

/// Parses a value printed the Italian way: `1.352` → 1352, `5,28` → 5.28,
/// `524.018.883,50 €` → 524018883.5, `75%` → 75, `€ 20.000` → 20000.
///
/// Returns `None` for anything that is not a single number (ratios like `12/12`,
/// ranges, text, `N.D.`, `-`, starred or qualified values like `5,28* gg`), because a
/// guessed number is worse than none for people who reuse the data.
pub fn parse_italian_number(raw: &str) -> Option<f64> {
    let mut s = raw.trim();
    for affix in ["€", "%"] {
        s = s.strip_prefix(affix).unwrap_or(s).trim();
        s = s.strip_suffix(affix).unwrap_or(s).trim();
    }
    let s = s.strip_prefix('-').map(|r| (true, r)).unwrap_or((false, s));
    let (negative, body) = s;
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    let (int_part, frac_part) = match body.split_once(',') {
        Some((i, f)) => {
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (i, Some(f))
        }
        None => (body, None),
    };
    // Thousands groups: "1.352" or "524.018.883"; each group after the first has 3 digits.
    let mut groups = int_part.split('.');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 && int_part.contains('.') {
        return None;
    }
    let mut digits = first.to_string();
    for g in groups {
        if g.len() != 3 {
            return None;
        }
        digits.push_str(g);
    }
    let text = match frac_part {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let n: f64 = text.parse().ok()?;
    Some(if negative { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::parse_italian_number as p;

    #[test]
    fn reads_italian_thousands_and_decimals() {
        assert_eq!(p("1.352"), Some(1352.0));
        assert_eq!(p("5,28"), Some(5.28));
        assert_eq!(p("524.018.883,50 €"), Some(524_018_883.5));
        assert_eq!(p("€ 20.000"), Some(20_000.0));
        assert_eq!(p("100%"), Some(100.0));
        assert_eq!(p("936"), Some(936.0));
        assert_eq!(p("3119"), Some(3119.0));
    }

    #[test]
    fn refuses_what_is_not_one_number() {
        for raw in [
            "N.D.",
            "-",
            "12/12 100%",
            ">30%",
            "5,28* gg",
            "5/8",
            "",
            "42 gg",
            "260.329.877.216.487.36 = 3.6%",
            "1.3",
            "12.12.2023",
            "pre consuntivo 250.725.076 €",
        ] {
            assert_eq!(p(raw), None, "{raw}");
        }
    }
}
