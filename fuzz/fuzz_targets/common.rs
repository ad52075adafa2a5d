//! Invariants shared by the fuzz targets: what must hold for any input.
#![allow(dead_code)]

use claimlint::text::{Normalized, OffsetMap};
use claimlint::{Diagnostic, LineIndex};

/// The pack the text targets check with: every kind of pattern (the property tests' pack).
pub const PACK: &str = include_str!("../../tests/fixtures/hostile/prop_pack.yaml");

/// Every diagnostic slices `text` on character boundaries, in order, and has a line/column.
pub fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    let index = LineIndex::new(text);
    let mut prev = (0, 0);
    for d in diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{:?}",
            d.span
        );
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        assert!((d.span.start, d.span.end) >= prev, "out of order");
        prev = (d.span.start, d.span.end);
        let (line, col) = index.line_col(text, d.span.start);
        assert!(line >= 1 && col >= 1);
    }
}

/// An offset map covers both texts and maps character boundaries monotonically onto
/// character boundaries of the source.
pub fn check_map(map: &OffsetMap, derived: &str, source: &str) {
    assert_eq!(map.derived_len(), derived.len());
    assert_eq!(map.source_len(), source.len());
    let (mut last_start, mut last_end) = (0, 0);
    for p in derived
        .char_indices()
        .map(|(i, _)| i)
        .chain([derived.len()])
    {
        let (s, e) = (map.map_start(p), map.map_end(p));
        assert!(s >= last_start && e >= last_end, "not monotonic at {p}");
        assert!(source.is_char_boundary(s) && source.is_char_boundary(e));
        (last_start, last_end) = (s, e);
    }
}

/// Paragraphs and sentences are in order, non-overlapping and on character boundaries.
pub fn check_normalized(n: &Normalized, source: &str) {
    check_map(&n.map, &n.text, source);
    let mut last = 0;
    for p in &n.paragraphs {
        assert!(last <= p.range.start && p.range.start <= p.range.end);
        assert!(n.text.is_char_boundary(p.range.start) && n.text.is_char_boundary(p.range.end));
        last = p.range.end;
    }
    let mut last = 0;
    for s in &n.sentences {
        assert!(last <= s.range.start && s.range.start < s.range.end);
        assert!(n.text.is_char_boundary(s.range.start) && n.text.is_char_boundary(s.range.end));
        let p = n.paragraphs.get(s.paragraph).expect("sentence's paragraph");
        assert!(p.range.start <= s.range.start && s.range.end <= p.range.end);
        last = s.range.end;
    }
}
