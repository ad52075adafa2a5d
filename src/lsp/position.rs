//! LSP positions: lines and UTF-16 code-unit columns, to and from byte offsets of a document.
//!
//! LSP counts columns in UTF-16 code units, so a CJK character is 1 and an emoji (outside the
//! BMP) is 2, while our spans are UTF-8 byte ranges. Lines end at `\n`, `\r\n` or a lone `\r`,
//! as the protocol says.

use lsp_types::{Position, Range};

/// Line starts of one text, for converting in both directions.
pub struct LineMap {
    starts: Vec<usize>,
}

impl LineMap {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
            if b == b'\n' || lone_cr {
                starts.push(i + 1);
            }
            i += 1;
        }
        LineMap { starts }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a char boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts.get(line).copied().unwrap_or(0);
        let col = text
            .get(start..offset)
            .map_or(0, |s| s.encode_utf16().count());
        Position::new(line as u32, col as u32)
    }

    /// The range of a byte span.
    pub fn range(&self, text: &str, span: &std::ops::Range<usize>) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte offset of `pos`. A column past the end of its line means the line's end (before
    /// its line break), a line past the end means the end of the text, and a column inside a
    /// surrogate pair means the character's start, as clients expect.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let mut end = self
            .starts
            .get(pos.line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        let line = text.get(start..end).unwrap_or("");
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            let next = units + c.len_utf16() as u32;
            if next > pos.character {
                return start + i;
            }
            units = next;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_one_unit_and_emoji_two() {
        let text = "a\n必ず😀治る\r\nx";
        let map = LineMap::new(text);
        let cure = text.find("治る").unwrap();
        assert_eq!(map.position(text, cure), Position::new(1, 4));
        assert_eq!(map.offset(text, Position::new(1, 4)), cure);
        let x = text.find('x').unwrap();
        assert_eq!(map.position(text, x), Position::new(2, 0));
    }

    #[test]
    fn offsets_past_a_line_end_stop_before_the_break() {
        let text = "ab\r\ncd";
        let map = LineMap::new(text);
        assert_eq!(map.offset(text, Position::new(0, 99)), 2);
        assert_eq!(map.offset(text, Position::new(9, 0)), text.len());
    }

    #[test]
    fn every_char_boundary_round_trips() {
        let text = "幹細胞で😀必ず\rcure\n\n再生医療🧬です";
        let map = LineMap::new(text);
        for (i, _) in text.char_indices() {
            assert_eq!(map.offset(text, map.position(text, i)), i, "at byte {i}");
        }
    }
}
