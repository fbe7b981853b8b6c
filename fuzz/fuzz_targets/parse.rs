#![no_main]
//! Any bytes: a document or a line-numbered error, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = rendiconto_parser::parse_bytes(data) {
        assert!(e.line() >= 1);
    }
});
