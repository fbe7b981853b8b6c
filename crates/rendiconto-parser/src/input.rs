//! From bytes to numbered lines, refusing what is not a text report.

use crate::ParseError;

/// One line of the source, numbered from 1. A glued header line ("MISSIONE 11: …**
/// PROGRAMMA 2: …**UNITÀ …") is split into several `Line`s sharing its number.
#[derive(Debug, Clone, PartialEq)]
pub struct Line<'a> {
    pub number: usize,
    pub text: &'a str,
}

impl Line<'_> {
    pub fn cells(&self) -> Vec<&str> {
        self.text.split('\t').collect()
    }
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
    pub fn is_tabular(&self) -> bool {
        self.text.contains('\t')
    }
}

/// Checks that `bytes` are UTF-8 text and returns them as a string.
pub fn decode(bytes: &[u8]) -> Result<&str, ParseError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParseError::Empty { line: 1 });
    }
    let line_at = |offset: usize| 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
    if let Some(pos) = bytes.iter().position(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))) {
        return Err(ParseError::Binary { line: line_at(pos), byte: bytes[pos] });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        // Accented letters of Latin-1 / Windows-1252 (à = 0xE0…) make invalid UTF-8;
        // say so, since re-saving the file as UTF-8 is the fix.
        let latin1 = bytes[offset..].iter().take(4).any(|&b| (0xC0..=0xFF).contains(&b) || b == 0xB0);
        let hint = if latin1 { "; it looks like Latin-1 / Windows-1252: save it as UTF-8" } else { "" };
        ParseError::NotUtf8 { line: line_at(offset), offset, hint }
    })
}

/// Splits the text into lines; a line holding several `**`-separated headings becomes
/// several lines with the same number. Bold markers around a whole line are kept (the
/// cover's title uses them and the front matter is kept as printed).
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let number = i + 1;
        if !raw.contains('\t') && is_glued_header(raw) {
            out.extend(
                raw.split("**").filter(|part| !part.trim().is_empty()).map(|part| Line { number, text: part.trim() }),
            );
        } else {
            out.push(Line { number, text: raw });
        }
    }
    // `split` yields an empty last element for a final newline; it is not a line.
    if text.ends_with('\n') {
        out.pop();
    }
    out
}

fn is_glued_header(raw: &str) -> bool {
    raw.starts_with("MISSIONE ") && raw.contains("**PROGRAMMA ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_programme_header_is_split() {
        // Line 1315 of the report, shortened.
        let text = "x\nMISSIONE 11: SOCCORSO CIVILE**PROGRAMMA 2: INTERVENTI**UNITÀ ORGANIZZATIVE COINVOLTE: A - B****STAKEHOLDERS: CITTADINI****LINEE PROGRAMMATICHE APPROVATE DAL CONSIGLIO COMUNALE**\n";
        let ls = lines(text);
        let texts: Vec<_> = ls.iter().map(|l| (l.number, l.text)).collect();
        assert_eq!(
            texts,
            vec![
                (1, "x"),
                (2, "MISSIONE 11: SOCCORSO CIVILE"),
                (2, "PROGRAMMA 2: INTERVENTI"),
                (2, "UNITÀ ORGANIZZATIVE COINVOLTE: A - B"),
                (2, "STAKEHOLDERS: CITTADINI"),
                (2, "LINEE PROGRAMMATICHE APPROVATE DAL CONSIGLIO COMUNALE"),
            ]
        );
    }

    #[test]
    fn bad_bytes_name_their_line() {
        assert_eq!(decode(b""), Err(ParseError::Empty { line: 1 }));
        assert_eq!(decode(b" \n\n"), Err(ParseError::Empty { line: 1 }));
        assert_eq!(decode(b"ok\nok\n\x00\x01"), Err(ParseError::Binary { line: 3, byte: 0 }));
        assert_eq!(
            decode(b"ok\n\xff\xfe"),
            Err(ParseError::NotUtf8 {
                line: 2,
                offset: 3,
                hint: "; it looks like Latin-1 / Windows-1252: save it as UTF-8"
            })
        );
        assert_eq!(decode(b"ok\n\x80"), Err(ParseError::NotUtf8 { line: 2, offset: 3, hint: "" }));
    }
}
