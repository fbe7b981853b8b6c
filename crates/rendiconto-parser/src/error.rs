use thiserror::Error;

/// Why the input could not be read as a report. Always names a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("line {line}: the input is empty")]
    Empty { line: usize },
    #[error("line {line}: the input is not UTF-8 text (invalid byte at offset {offset}){hint}")]
    NotUtf8 { line: usize, offset: usize, hint: &'static str },
    #[error("line {line}: the input looks binary (control byte 0x{byte:02x}), not a text report")]
    Binary { line: usize, byte: u8 },
    #[error("line {line}: not a Rendiconto report: {reason}")]
    NotAReport { line: usize, reason: String },
    #[error("line {line}: the report is truncated: {reason}")]
    Truncated { line: usize, reason: String },
    #[error("line {line}: {what} appears a second time (first at line {first})")]
    Duplicate { line: usize, what: String, first: usize },
}

impl ParseError {
    pub fn line(&self) -> usize {
        match self {
            ParseError::Empty { line }
            | ParseError::NotUtf8 { line, .. }
            | ParseError::Binary { line, .. }
            | ParseError::NotAReport { line, .. }
            | ParseError::Truncated { line, .. }
            | ParseError::Duplicate { line, .. } => *line,
        }
    }
}
