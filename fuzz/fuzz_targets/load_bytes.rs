//! Decoding and extraction from raw bytes (`source::load`): encoding detection, BOMs, meta
//! charsets, binary sniffing. The first byte picks the file name the bytes came from.
#![no_main]

#[path = "common.rs"]
mod common;

use claimlint::source::{load, Loaded, SourceOptions};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let path = match first % 4 {
        0 => None,
        1 => Some(Path::new("page.html")),
        2 => Some(Path::new("page.md")),
        _ => Some(Path::new("page.txt")),
    };
    match load(rest, path, &SourceOptions::default()) {
        Loaded::Source(src) => {
            common::check_map(&src.extracted.map, &src.extracted.text, &src.text);
        }
        Loaded::Binary { reason } => assert!(!reason.is_empty()),
    }
});
