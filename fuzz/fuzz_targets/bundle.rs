#![no_main]
//! The bundle loader on any bytes: the manifest reader, the pack reader, the checks.
use libfuzzer_sys::fuzz_target;
use rendiconto_search::bundle::{unpack, Bundle, DATA};

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = Bundle::read_manifest(data) {
        let _ = Bundle::verify_part(&m, DATA, data);
    }
    let _ = unpack(data);
});
