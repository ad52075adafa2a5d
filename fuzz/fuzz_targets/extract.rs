//! HTML and Markdown extraction (`source::extract`) on arbitrary text: the map always covers
//! both texts, maps onto character boundaries, and comments lie inside the source.
#![no_main]

#[path = "common.rs"]
mod common;

use claimlint::source::{extract, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let kind = match first % 3 {
        0 => Kind::Text,
        1 => Kind::Markdown,
        _ => Kind::Html,
    };
    let text = String::from_utf8_lossy(rest);
    let ex = extract(&text, kind);
    common::check_map(&ex.map, &ex.text, &text);
    for c in &ex.comments {
        assert!(c.span.start <= c.span.end && c.span.end <= text.len());
        assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
    }
});
