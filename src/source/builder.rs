//! Building an [`Extracted`] text one piece at a time, with every emitted byte recorded in its
//! offset map.
//!
//! The HTML and Markdown extractors only ever say "copy this source range", "replace this source
//! range with that text" or "a paragraph ends here"; the builder skips the source bytes between
//! pieces, so a map can never drift from the text it describes.

use std::ops::Range;

use super::{Comment, Extracted};
use crate::text::offset::OffsetMap;

/// Accumulates extracted text, its map back to the source, and the comments seen on the way.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    text: String,
    map: OffsetMap,
    /// Source offset up to which the map has been written (always `map.source_len()`).
    pos: usize,
    comments: Vec<Comment>,
    notices: Vec<String>,
    /// HTML: open `<nav>` elements, and open `<a>`/`<li>` inside them (a menu's entries).
    pub(crate) nav_depth: u32,
    pub(crate) menu_entry_depth: u32,
}

impl Builder {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Skips source bytes up to `to`; a position behind the cursor is ignored, so callers
    /// cannot make the map go backwards.
    pub(crate) fn skip_to(&mut self, to: usize) {
        if to > self.pos {
            self.map.skip(to - self.pos);
            self.pos = to;
        }
    }

    /// Copies `src[range]` unchanged.
    pub(crate) fn copy(&mut self, src: &str, range: Range<usize>) {
        if range.start < self.pos {
            // Overlapping input would double-count source bytes; drop it rather than corrupt the map.
            return;
        }
        let Some(piece) = src.get(range.clone()) else {
            return;
        };
        self.skip_to(range.start);
        self.text.push_str(piece);
        self.map.copy(piece.len());
        self.pos = range.end;
    }

    /// Emits `with` in place of `src[range]`, which maps only as a whole.
    pub(crate) fn replace(&mut self, range: Range<usize>, with: &str) {
        if range.start < self.pos {
            return;
        }
        self.skip_to(range.start);
        self.text.push_str(with);
        self.map.replace(range.len(), with.len());
        self.pos = range.end;
    }

    /// Inserts `with` at the cursor, produced by no source bytes.
    fn insert(&mut self, with: &str) {
        self.text.push_str(with);
        self.map.replace(0, with.len());
    }

    /// Whether the text is empty or ends with a line break, so leading whitespace of the next
    /// piece carries no information.
    pub(crate) fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    /// Ends the current paragraph with "\n\n", unless the text is empty or already ends with one.
    pub(crate) fn paragraph(&mut self) {
        if self.text.is_empty() || self.text.ends_with("\n\n") {
            return;
        }
        if self.text.ends_with('\n') {
            self.insert("\n");
        } else {
            self.insert("\n\n");
        }
    }

    /// Ends the current line (`<br>`, a hard break), unless the text is empty or already at a
    /// paragraph break.
    pub(crate) fn line_break(&mut self) {
        if self.text.is_empty() || self.text.ends_with("\n\n") {
            return;
        }
        self.insert("\n");
    }

    /// Records a comment found in the source.
    pub(crate) fn comment(&mut self, comment: Comment) {
        self.comments.push(comment);
    }

    /// Finishes the text, mapping the rest of a source of `source_len` bytes to nothing.
    /// Notes something the reader should know about the extraction (a part left out).
    pub(crate) fn notice(&mut self, notice: String) {
        self.notices.push(notice);
    }

    /// Whether a notice starting with `prefix` was given (one of a kind is enough).
    pub(crate) fn has_notice(&self, prefix: &str) -> bool {
        self.notices.iter().any(|n| n.starts_with(prefix))
    }

    pub(crate) fn finish(mut self, source_len: usize) -> Extracted {
        self.skip_to(source_len);
        Extracted {
            text: self.text,
            map: self.map,
            comments: self.comments,
            notices: self.notices,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_between_pieces_are_skipped() {
        let src = "ab<x>cd";
        let mut b = Builder::new();
        b.copy(src, 0..2);
        b.copy(src, 5..7);
        let ex = b.finish(src.len());
        assert_eq!(ex.text, "abcd");
        assert_eq!(ex.map.map_span(2..4), 5..7);
        assert_eq!(ex.map.source_len(), src.len());
    }

    #[test]
    fn paragraph_breaks_are_not_doubled() {
        let src = "a b";
        let mut b = Builder::new();
        b.paragraph();
        b.copy(src, 0..1);
        b.paragraph();
        b.paragraph();
        b.line_break();
        b.copy(src, 2..3);
        let ex = b.finish(src.len());
        assert_eq!(ex.text, "a\n\nb");
    }
}
