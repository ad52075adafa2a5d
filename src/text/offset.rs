//! Offset maps: where each byte of a derived text (extracted markup text, normalized text) came
//! from in the text it was derived from.
//!
//! A map is a list of contiguous segments covering both texts. A *copied* segment has equal
//! lengths on both sides and maps byte for byte; a *replaced* segment (an entity, an NFKC fold, an
//! inserted paragraph break, a dropped soft line break) maps only as a whole. Positions inside a
//! replaced segment snap outward, so a mapped span always covers what produced it and always lands
//! on character boundaries of the source when the segments do.

/// One segment of an [`OffsetMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Start in the derived text.
    to: usize,
    /// Start in the source text.
    from: usize,
    /// Length in the derived text.
    to_len: usize,
    /// Length in the source text.
    from_len: usize,
    /// Whether the bytes were copied unchanged (so positions inside map linearly).
    copied: bool,
}

/// Maps byte offsets of a derived text back to byte offsets of its source text.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    to_total: usize,
    from_total: usize,
}

impl OffsetMap {
    /// An empty map; extend it with [`OffsetMap::copy`] and [`OffsetMap::replace`].
    pub fn new() -> Self {
        Self::default()
    }

    /// The identity map over a text of `len` bytes.
    pub fn identity(len: usize) -> Self {
        let mut map = Self::new();
        map.copy(len);
        map
    }

    /// Appends `len` bytes copied unchanged from the source.
    pub fn copy(&mut self, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.segments.last_mut() {
            if last.copied && last.to + last.to_len == self.to_total {
                last.to_len += len;
                last.from_len += len;
                self.to_total += len;
                self.from_total += len;
                return;
            }
        }
        self.push(len, len, true);
    }

    /// Appends `to_len` derived bytes that replace `from_len` source bytes as a whole.
    /// Either length may be zero (an insertion or a deletion).
    pub fn replace(&mut self, from_len: usize, to_len: usize) {
        if from_len == 0 && to_len == 0 {
            return;
        }
        self.push(from_len, to_len, false);
    }

    /// Skips `from_len` source bytes that produce nothing in the derived text.
    pub fn skip(&mut self, from_len: usize) {
        self.replace(from_len, 0);
    }

    fn push(&mut self, from_len: usize, to_len: usize, copied: bool) {
        self.segments.push(Segment {
            to: self.to_total,
            from: self.from_total,
            to_len,
            from_len,
            copied,
        });
        self.to_total += to_len;
        self.from_total += from_len;
    }

    /// Length of the derived text this map covers.
    pub fn derived_len(&self) -> usize {
        self.to_total
    }

    /// Length of the source text this map covers.
    pub fn source_len(&self) -> usize {
        self.from_total
    }

    /// Maps a start offset (inclusive) in the derived text to the source.
    pub fn map_start(&self, pos: usize) -> usize {
        if pos >= self.to_total {
            return self.from_total;
        }
        // The segment containing `pos`: the last one with `to <= pos` and a non-empty derived side.
        let idx = self.segments.partition_point(|s| s.to <= pos);
        let mut i = idx;
        while i > 0 {
            i -= 1;
            if let Some(seg) = self.segments.get(i) {
                if seg.to_len > 0 && seg.to <= pos && pos < seg.to + seg.to_len {
                    return if seg.copied {
                        seg.from + (pos - seg.to)
                    } else {
                        seg.from
                    };
                }
            }
        }
        0
    }

    /// Maps an end offset (exclusive) in the derived text to the source.
    pub fn map_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return 0;
        }
        if pos >= self.to_total {
            return self.from_total;
        }
        // The segment containing the byte just before `pos`.
        let before = pos - 1;
        let idx = self.segments.partition_point(|s| s.to <= before);
        let mut i = idx;
        while i > 0 {
            i -= 1;
            if let Some(seg) = self.segments.get(i) {
                if seg.to_len > 0 && seg.to <= before && before < seg.to + seg.to_len {
                    return if seg.copied {
                        seg.from + (pos - seg.to)
                    } else {
                        seg.from + seg.from_len
                    };
                }
            }
        }
        0
    }

    /// Maps a derived span to the source.
    pub fn map_span(&self, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let start = self.map_start(span.start);
        let end = self.map_end(span.end).max(start);
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_every_offset_to_itself() {
        let map = OffsetMap::identity(10);
        for i in 0..=10 {
            assert_eq!(map.map_start(i.min(9)), i.min(9));
            assert_eq!(map.map_end(i), i);
        }
    }

    #[test]
    fn replaced_segments_snap_outward() {
        // source: "a&amp;b" (7 bytes) -> derived "a&b" (3 bytes)
        let mut map = OffsetMap::new();
        map.copy(1);
        map.replace(5, 1);
        map.copy(1);
        assert_eq!(map.map_span(0..3), 0..7);
        assert_eq!(map.map_span(1..2), 1..6);
        assert_eq!(map.map_span(2..3), 6..7);
    }

    #[test]
    fn deletions_and_insertions_keep_neighbours_exact() {
        // source "ab\ncd" -> derived "abcd" (soft break dropped)
        let mut map = OffsetMap::new();
        map.copy(2);
        map.skip(1);
        map.copy(2);
        assert_eq!(map.map_span(1..3), 1..4);
        assert_eq!(map.map_span(2..4), 3..5);
        // source "ab" -> derived "a\n\nb" (paragraph break inserted)
        let mut ins = OffsetMap::new();
        ins.copy(1);
        ins.replace(0, 2);
        ins.copy(1);
        assert_eq!(ins.map_span(0..4), 0..2);
        assert_eq!(ins.map_span(3..4), 1..2);
    }
}
