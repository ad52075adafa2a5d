//! Large documents, window by window: extracted text over [`WINDOW_BYTES`] is cut at paragraph
//! boundaries into windows of at most that size, and each window goes through the stages as a
//! document of its own, its positions mapped back to the file. Memory then follows the window
//! (the normalized text, sentence tables, offset maps and candidates of 1 MiB of text), not the
//! file: a whole document's pipeline cost ≈ 14.6 bytes per byte of short Japanese sentences and
//! 13 per byte of a 100 MB line (bench/RESULTS.md).
//!
//! What a window means for document-scoped logic (docs/robustness.md, "Large documents"):
//!
//! - **Known across windows** (a first pass over the windows collects them, so a window never
//!   reports what the whole document would not): the cue ids found anywhere (required
//!   disclosures and `where: document` exceptions) and whether each `where: document` regex
//!   matches anywhere. A document rule fires once per file, at the first trigger that survives
//!   its window's context filter.
//! - **Per window**: section and document co-occurrence (an `a` term in an earlier window is not
//!   seen; the page's title is the first window's first heading), the judge (each window's
//!   voice gates its own findings; the file's voice is the lowest window score), language
//!   detection of Han-only paragraphs.
//!
//! Findings leave window by window through [`Engine::check_streamed`] (the pipeline's
//! `check_input_into`), so a file's findings are never all held: its first pass then always runs,
//! since the file's language (and so its jurisdictions) must be known before its first finding
//! goes out; `check_windowed` is the same loop collecting them.
//!
//! Files at or under the window size are checked exactly as before (one window, no first pass).

use super::{CheckOptions, Checked, Engine};
use crate::diagnostic::DocumentVoice;
use crate::rules::Where;
use crate::text::{dominant_lang, Normalized, OffsetMap};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Extracted text longer than this (bytes) is checked window by window, each window at most this
/// long. 1 MiB keeps a window's pipeline to ≈ 15 MB in the worst case measured (short Japanese
/// sentences) and is larger than any real page's text, so web pages are one window. The first
/// pass normalizes each window once more: large files cost that much more time.
pub const WINDOW_BYTES: usize = 1 << 20;

/// What [`Engine::check_streamed`] hands over, in order: the language weights (Japanese,
/// Chinese, English, other; [`dominant_lang`] decides), then each window's findings in file
/// positions with the file offset at or after which every later window's findings start
/// (`None` after the last window).
#[derive(Debug)]
pub enum WindowPart {
    /// Bytes of text per language over the whole file.
    Language([usize; 4]),
    /// One window's findings, and the frontier.
    Findings(Vec<crate::diagnostic::Diagnostic>, Option<usize>),
}

/// Adds `norm`'s language weights to `total`.
fn add_weights(total: &mut [usize; 4], norm: &Normalized) {
    for (t, n) in total.iter_mut().zip(norm.lang_weights()) {
        *t += n;
    }
}

/// What the windows of a document know of the whole: see the module doc.
#[derive(Debug, Default)]
pub(super) struct DocumentFacts {
    /// Cue ids found in any window.
    pub cues: HashSet<u32>,
    /// Per (rule, exception entry) of a `where: document` regex: whether it matches in any
    /// window.
    pub regex: HashMap<(u32, usize), bool>,
}

/// One window of a document, as the stages see it.
#[derive(Debug)]
pub(super) struct Window<'a> {
    /// Whether this is the document's first window (its first heading is the page's title).
    pub first: bool,
    /// What the whole document holds.
    pub facts: &'a DocumentFacts,
    /// Document rules that have fired in this or an earlier window.
    pub fired: HashSet<u32>,
}

/// Cuts `text` into consecutive windows of at most `max` bytes (at least 4, so that a window
/// always holds a character) that cover it: each window ends after the last blank line that
/// fits, else after the last line break, else at the last character boundary (never inside a
/// UTF-8 sequence or between the `\r` and `\n` of a line break). Text of `max` bytes or fewer is
/// one window.
pub fn windows(text: &str, max: usize) -> Vec<Range<usize>> {
    let max = max.max(4);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while text.len().saturating_sub(start) > max {
        let limit = start + max;
        let cut = blank_line_end(bytes, start, limit)
            .or_else(|| line_end(bytes, start, limit))
            .unwrap_or_else(|| char_floor(text, start, limit));
        out.push(start..cut);
        start = cut;
    }
    out.push(start..text.len());
    out
}

/// Whether a cut after byte `b` (a `\n` or `\r`) keeps a `\r\n` whole.
fn breaks_after(bytes: &[u8], b: usize) -> bool {
    match bytes.get(b) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(b + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// The end (exclusive) of the last blank line in `start..limit` whose line break ends at or
/// before `limit`: a line break preceded by spaces or tabs only back to another line break.
fn blank_line_end(bytes: &[u8], start: usize, limit: usize) -> Option<usize> {
    let mut hay = bytes.get(start..limit)?;
    while let Some(i) = memchr::memrchr2(b'\n', b'\r', hay) {
        let b = start + i;
        hay = hay.get(..i).unwrap_or_default();
        if !breaks_after(bytes, b) {
            continue;
        }
        // The first byte of this line break, then the line before it.
        let mut k = b;
        if bytes.get(b) == Some(&b'\n') && k > start && bytes.get(k - 1) == Some(&b'\r') {
            k -= 1;
        }
        while k > start && matches!(bytes.get(k - 1), Some(b' ' | b'\t')) {
            k -= 1;
        }
        if k > start && matches!(bytes.get(k - 1), Some(b'\n' | b'\r')) {
            return Some(b + 1);
        }
    }
    None
}

/// The end (exclusive) of the last line break in `start..limit`.
fn line_end(bytes: &[u8], start: usize, limit: usize) -> Option<usize> {
    let mut hay = bytes.get(start..limit)?;
    while let Some(i) = memchr::memrchr2(b'\n', b'\r', hay) {
        let b = start + i;
        hay = hay.get(..i).unwrap_or_default();
        if breaks_after(bytes, b) {
            return Some(b + 1);
        }
    }
    None
}

/// The last character boundary in `start + 1..=limit` that is not inside a `\r\n` (one exists:
/// `limit - start ≥ 4`).
fn char_floor(text: &str, start: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    (start + 1..=limit)
        .rev()
        .find(|&i| {
            text.is_char_boundary(i)
                && !(bytes.get(i - 1) == Some(&b'\r') && bytes.get(i) == Some(&b'\n'))
        })
        .unwrap_or(limit.min(text.len()))
}

impl Engine {
    /// Checks `extracted` window by window (windows of at most `max` bytes); see the module doc.
    pub(super) fn check_windowed(
        &self,
        extracted: &str,
        to_file: &OffsetMap,
        opts: &CheckOptions,
        max: usize,
    ) -> Checked {
        let mut diagnostics = Vec::new();
        let mut weights = [0usize; 4];
        let voice = self.each_window(extracted, to_file, opts, max, false, |part| {
            match part {
                WindowPart::Language(w) => weights = w,
                WindowPart::Findings(found, _) => diagnostics.extend(found),
            }
            true
        });
        Checked {
            diagnostics,
            language: dominant_lang(weights),
            voice,
        }
    }

    /// `check_windowed` with each window's findings handed to `part` before the next
    /// window is checked (so a file's findings are never all held), after the file's language
    /// (decided by the first pass, which then always runs). `part` returning `false` stops the
    /// check (the reader went away). Returns the file's voice.
    pub fn check_streamed(
        &self,
        extracted: &str,
        to_file: &OffsetMap,
        opts: &CheckOptions,
        part: impl FnMut(WindowPart) -> bool,
    ) -> DocumentVoice {
        self.each_window(extracted, to_file, opts, WINDOW_BYTES, true, part)
    }

    /// The windowed check: with `language_first`, the first pass always runs and tallies the
    /// language weights, which go to `part` before any finding; else they go after the last
    /// window (tallied as the windows are checked).
    fn each_window(
        &self,
        extracted: &str,
        to_file: &OffsetMap,
        opts: &CheckOptions,
        max: usize,
        language_first: bool,
        mut part: impl FnMut(WindowPart) -> bool,
    ) -> DocumentVoice {
        let cuts = windows(extracted, max);
        let normalize = |w: &Range<usize>| {
            let piece = extracted.get(w.clone()).unwrap_or_default();
            Normalized::build_with_hint(piece, opts.lang, opts.lang_hint, &self.detector)
        };
        // First pass: the document-scoped facts, when a rule reads any, and the language when
        // it must be known before the first finding goes out.
        let mut facts = DocumentFacts::default();
        let reads = self.reads_document();
        let mut weights = [0usize; 4];
        if reads || language_first {
            for w in &cuts {
                let norm = normalize(w);
                if reads {
                    self.learn_document(&norm, &mut facts);
                }
                if language_first {
                    add_weights(&mut weights, &norm);
                }
            }
            if language_first && !part(WindowPart::Language(weights)) {
                return DocumentVoice::default();
            }
        }
        let mut window = Window {
            first: true,
            facts: &facts,
            fired: HashSet::new(),
        };
        let mut voice: Option<DocumentVoice> = None;
        let last = cuts.len().saturating_sub(1);
        for (k, w) in cuts.iter().enumerate() {
            let norm = normalize(w);
            let here = OffsetMap::identity(norm.map.source_len());
            let (mut found, cues) = self.check_normalized(&norm, opts, &here, Some(&mut window));
            let v = self.judge(opts, &norm, &cues, &here, &mut found);
            voice = Some(match voice {
                None => v,
                Some(prev) => DocumentVoice {
                    score: match (prev.score, v.score) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    },
                    reporting: prev.reporting || v.reporting,
                },
            });
            if !language_first {
                add_weights(&mut weights, &norm);
            }
            drop(norm);
            for d in &mut found {
                d.span = to_file.map_span(d.span.start + w.start..d.span.end + w.start);
            }
            // Findings of later windows start at or after this window's end in the file (the
            // map is monotonic).
            let frontier = (k < last).then(|| to_file.map_start(w.end));
            if !part(WindowPart::Findings(found, frontier)) {
                return voice.unwrap_or_default();
            }
            window.first = false;
        }
        if !language_first {
            part(WindowPart::Language(weights));
        }
        voice.unwrap_or_default()
    }

    /// Whether any rule reads a document-scoped fact: a required disclosure or a
    /// `where: document` exception.
    fn reads_document(&self) -> bool {
        self.rules.rules.iter().any(|r| {
            r.requires.is_some() || r.exceptions.iter().any(|e| e.place == Where::Document)
        })
    }

    /// Adds what `norm` (one window) holds to `facts`.
    fn learn_document(&self, norm: &Normalized, facts: &mut DocumentFacts) {
        facts.cues.extend(self.cues.ids_in(&norm.text));
        for (ri, rule) in self.rules.rules.iter().enumerate() {
            for (ei, entry) in rule.exceptions.iter().enumerate() {
                if entry.place != Where::Document {
                    continue;
                }
                let Some(re) = entry.regex.as_ref().and_then(|r| r.get()) else {
                    continue;
                };
                let seen = facts.regex.entry((ri as u32, ei)).or_insert(false);
                if !*seen {
                    *seen = re.is_match(&norm.text);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::JudgeOptions;

    fn engine(pack: &str) -> Engine {
        let set = crate::load_rule_set(false, &[("pack.yaml".into(), pack.into())]).unwrap();
        Engine::new(set).unwrap()
    }

    fn prop_engine() -> Engine {
        engine(include_str!("../../tests/fixtures/hostile/prop_pack.yaml"))
    }

    const OFF: CheckOptions = CheckOptions {
        lang: None,
        enabled: None,
        judge: JudgeOptions::OFF,
        lang_hint: None,
    };

    /// Pseudo-random texts over the hard cases of a cut: multi-byte characters, every line end,
    /// blank lines with spaces.
    fn texts() -> Vec<String> {
        let pieces = [
            "a",
            "é",
            "漢",
            "😀",
            "\n",
            "\r\n",
            "\r",
            " ",
            "\n\n",
            "\r\n \r\n",
            "。",
        ];
        let mut seed = 7u64;
        (0..400)
            .map(|n| {
                (0..n % 97)
                    .map(|_| {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        pieces[(seed >> 33) as usize % pieces.len()]
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn windows_cover_the_text_in_order_and_none_exceeds_the_size() {
        for text in texts() {
            for max in [0, 4, 5, 7, 16, 33, 1000] {
                let ws = windows(&text, max);
                let size = max.max(4);
                assert_eq!(ws.first().map(|w| w.start), Some(0), "{text:?}");
                assert_eq!(ws.last().map(|w| w.end), Some(text.len()), "{text:?}");
                for pair in ws.windows(2) {
                    assert_eq!(pair[0].end, pair[1].start, "{text:?} {max}");
                }
                for w in &ws {
                    assert!(w.len() <= size, "{w:?} of {text:?} over {size}");
                    assert!(!w.is_empty() || text.is_empty(), "{text:?}");
                    assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
                    let b = text.as_bytes();
                    let inside_crlf = w.end > 0
                        && b.get(w.end - 1) == Some(&b'\r')
                        && b.get(w.end) == Some(&b'\n');
                    assert!(!inside_crlf, "{w:?} splits a CRLF in {text:?}");
                }
            }
        }
    }

    #[test]
    fn a_cut_prefers_a_blank_line_then_a_line_break_then_a_character_boundary() {
        // A blank line (with spaces on it) fits: the window ends after it.
        assert_eq!(windows("ab\n \ncd\nef", 9), [0..5, 5..10]);
        // Only a line break fits: after it, and never between `\r` and `\n`.
        assert_eq!(windows("ab\ncdefgh", 6), [0..3, 3..9]);
        assert_eq!(windows("abc\r\ndefg", 4), [0..3, 3..5, 5..9]);
        // No line break: the last character boundary, never inside a UTF-8 sequence (漢 is three
        // bytes, 😀 four).
        assert_eq!(windows("漢漢漢漢", 5), [0..3, 3..6, 6..9, 9..12]);
        assert_eq!(windows("a😀😀", 4), [0..1, 1..5, 5..9]);
        assert_eq!(windows("short", 1 << 20).first(), Some(&(0..5)));
        assert_eq!(windows("short", 1 << 20).len(), 1);
    }

    /// Diagnostics as (rule, span, message) for comparison.
    fn found(c: &Checked) -> Vec<(String, Range<usize>, String)> {
        c.diagnostics
            .iter()
            .map(|d| (d.rule.to_string(), d.span.clone(), d.message.to_string()))
            .collect()
    }

    #[test]
    fn a_windowed_check_finds_what_checks_of_its_pieces_find_at_the_same_file_offsets() {
        let engine = prop_engine();
        let mut text = String::new();
        for i in 0..60 {
            match i % 4 {
                0 => text.push_str("当院の幹細胞で糖尿病が完治します。\n"),
                1 => text.push_str("stem cells cure diabetes 😀, 95% guaranteed.\n\n"),
                2 => text.push_str("診療時間は九時からです。必ず改善。\r\n"),
                _ => text.push_str("干细胞可以治愈癌症。\n\n"),
            }
        }
        let max = 300;
        let ws = windows(&text, max);
        assert!(ws.len() > 5, "{} windows", ws.len());
        // A map from the extracted text to a "file" with 10 bytes before it (front matter, say).
        let mut to_file = OffsetMap::new();
        to_file.skip(10);
        to_file.copy(text.len());
        let whole = engine.check_windowed(&text, &to_file, &OFF, max);
        let mut pieces = Vec::new();
        for w in &ws {
            let piece = engine.check(&text[w.clone()], &OFF);
            for (rule, span, message) in found(&piece) {
                pieces.push((
                    rule,
                    span.start + w.start + 10..span.end + w.start + 10,
                    message,
                ));
            }
        }
        assert!(pieces.len() > 60, "{} findings", pieces.len());
        assert_eq!(found(&whole), pieces);
        // And what the whole text checked at once finds, in this text of self-contained lines.
        let at_once: Vec<_> = found(&engine.check_mapped(&text, &to_file, &OFF));
        assert_eq!(at_once, pieces);
    }

    #[test]
    fn a_disclosure_anywhere_in_the_file_counts_for_every_window() {
        let engine = prop_engine();
        let requires = |c: &Checked| {
            c.diagnostics
                .iter()
                .filter(|d| d.rule == "prop.requires")
                .count()
        };
        let body = "当院では点滴を行っています。\n\n".repeat(40);
        // No disclosure anywhere: one finding for the file (not one per window).
        let bare = engine.check_windowed(&body, &OffsetMap::identity(body.len()), &OFF, 200);
        assert_eq!(requires(&bare), 1, "{:?}", found(&bare));
        assert_eq!(requires(&engine.check(&body, &OFF)), 1);
        // The disclosures only in the last window: no finding, as for the whole text at once.
        let disclosed = format!("{body}費用は一回十万円、副作用は発熱です。\n");
        let map = OffsetMap::identity(disclosed.len());
        assert!(windows(&disclosed, 200).len() > 5);
        assert_eq!(
            requires(&engine.check_windowed(&disclosed, &map, &OFF, 200)),
            0
        );
        assert_eq!(requires(&engine.check(&disclosed, &OFF)), 0);
        // Checked as a document of its own, the first window would have reported it.
        assert_eq!(requires(&engine.check(&disclosed[..200], &OFF)), 1);
    }

    #[test]
    fn a_document_scope_exception_anywhere_in_the_file_counts_for_every_window() {
        let engine = engine(
            r#"pack: w
version: "1"
contexts:
  reporting:
    - {terms: [報道によると], where: document}
    - {regex: 'ニュース[0-9]+号', where: document}
rules:
  - id: w.cure
    category: curative-claim
    severity: error
    message: cure
    patterns:
      - kind: literal
        phrases: [完治]
    exceptions: [reporting]
"#,
        );
        let body = "この治療で完治します。\n\n".repeat(40);
        let map = |t: &str| OffsetMap::identity(t.len());
        let bare = engine.check_windowed(&body, &map(&body), &OFF, 200);
        assert_eq!(bare.diagnostics.len(), 40);
        for tail in ["報道によると、そうだ。\n", "ニュース12号より。\n"] {
            let text = format!("{body}{tail}");
            let windowed = engine.check_windowed(&text, &map(&text), &OFF, 200);
            assert_eq!(found(&windowed), [], "{tail}");
            assert_eq!(engine.check(&text, &OFF).diagnostics.len(), 0, "{tail}");
        }
    }

    #[test]
    fn a_later_window_s_first_heading_is_not_taken_for_the_page_title() {
        let engine = engine(
            r#"pack: t
version: "1"
rules:
  - id: t.section
    category: unapproved-indication
    severity: error
    message: "therapy for {disease}"
    patterns:
      - {kind: cooccurrence, a: [stem cell therapy], b: [diabetes], scope: section}
"#,
        );
        // Window 1 ends before the heading that names the therapy (198 bytes; the heading would
        // take it past 200); the page's title is "Welcome". The disease is in a later section.
        let head = format!("Welcome\n\n{}", "Our clinic is open daily.\n\n".repeat(7));
        let text = format!(
            "{head}Stem cell therapy\n\nWe are a clinic.\n\nAbout us\n\nWe see many patients with diabetes every week.\n"
        );
        let ws = windows(&text, 200);
        assert_eq!(ws.len(), 2);
        assert_eq!(ws[1].start, head.len());
        assert_eq!(found(&engine.check(&text, &OFF)), []);
        let windowed = engine.check_windowed(&text, &OffsetMap::identity(text.len()), &OFF, 200);
        assert_eq!(found(&windowed), []);
        // Checked alone, the second window's first heading would be its title, and head every
        // section of it.
        assert_eq!(found(&engine.check(&text[ws[1].clone()], &OFF)).len(), 1);
    }

    #[test]
    fn bad_input_in_windows_does_not_panic() {
        let engine = prop_engine();
        for text in texts() {
            let t = format!("{text}完治\u{0}\u{FFFD}{text}");
            for max in [4, 9, 64] {
                let c = engine.check_windowed(&t, &OffsetMap::identity(t.len()), &OFF, max);
                for d in &c.diagnostics {
                    assert!(t.get(d.span.clone()).is_some(), "{:?} in {t:?}", d.span);
                }
            }
        }
    }
}
