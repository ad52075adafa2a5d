//! Normalization with an offset map, paragraphs and sentences.
//!
//! NFKC (only for characters the quick check says need it: it is nearly free to check and costly
//! to apply), Latin lower-casing, Traditional→Simplified folding in Chinese paragraphs, and
//! removal of line breaks that merely wrap CJK text. Matching happens on the result.

use super::lang::{detect_paragraph, LangDetector, ParagraphGuess, ScriptCounts};
use super::offset::OffsetMap;
use super::{fold_char, is_cjk};
use crate::model::Lang;
use std::ops::Range;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// A paragraph of normalized text and its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in [`Normalized::text`].
    pub range: Range<usize>,
    /// The language rules see it as.
    pub lang: Lang,
}

/// A sentence of normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in [`Normalized::text`].
    pub range: Range<usize>,
    /// Index into [`Normalized::paragraphs`].
    pub paragraph: usize,
}

/// The sections of a document (see [`Normalized::sections`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    /// Per sentence: the index of its section.
    pub of_sentence: Vec<usize>,
    /// The paragraph of the first heading: the page's title, which heads every section.
    pub title: Option<usize>,
}

/// A document's text as rules see it.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Maps positions in `text` back to the text it was built from.
    pub map: OffsetMap,
    /// Paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
}

/// The most items a list lead-in reaches ([`Normalized::list_lead_in`]).
pub const LIST_MAX_ITEMS: usize = 20;
/// The longest line that counts as a list item, in characters: the short line a heading is.
pub const LIST_MAX_ITEM_CHARS: usize = HEADING_MAX_CHARS;

impl Normalized {
    /// Normalizes `source`, deciding each paragraph's language (or using `forced`).
    pub fn build(source: &str, forced: Option<Lang>, detector: &LangDetector) -> Self {
        Self::build_with_hint(source, forced, None, detector)
    }

    /// [`Normalized::build`], with the language the document declares (`<html lang>`) deciding
    /// the Han-only paragraphs that neither script nor the rest of the document decide.
    pub fn build_with_hint(
        source: &str,
        forced: Option<Lang>,
        hint: Option<Lang>,
        detector: &LangDetector,
    ) -> Self {
        let raw = split_paragraphs(source);
        let langs = paragraph_languages(source, &raw, forced, hint, detector);
        let mut out = Normalized {
            text: String::with_capacity(source.len()),
            map: OffsetMap::new(),
            paragraphs: Vec::with_capacity(raw.len()),
            sentences: Vec::new(),
        };
        let mut cursor = 0usize;
        for (r, lang) in raw.iter().zip(langs) {
            let gap = source.get(cursor..r.start).unwrap_or("");
            out.text.push_str(gap);
            out.map.copy(gap.len());
            let start = out.text.len();
            let text = source.get(r.clone()).unwrap_or("");
            normalize_into(text, lang == Lang::Zh, &mut out.text, &mut out.map);
            let end = out.text.len();
            let idx = out.paragraphs.len();
            out.paragraphs.push(Paragraph {
                range: start..end,
                lang,
            });
            split_sentences(
                &out.text,
                start..end,
                lang,
                idx,
                source,
                &out.map,
                &mut out.sentences,
            );
            cursor = r.end;
        }
        let tail = source.get(cursor..).unwrap_or("");
        out.text.push_str(tail);
        out.map.copy(tail.len());
        out
    }

    /// The index of the sentence containing byte `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.range.end <= pos);
        self.sentences
            .get(i)
            .filter(|s| s.range.start <= pos && pos < s.range.end)
            .map(|_| i)
    }

    /// The text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        self.sentences
            .get(i)
            .and_then(|s| self.text.get(s.range.clone()))
            .unwrap_or("")
    }

    /// The lead-in of the list that sentence `i` is an item of: the nearest line above it that
    /// ends with a colon, when every line between (and `i` itself) reads as an item — a line in
    /// the same language of at most [`LIST_MAX_ITEM_CHARS`] characters that starts with a list
    /// marker or does not end like a sentence (at most [`LIST_MAX_ITEMS`] of them). "以下の方は
    /// 受けられません：" over "・がんの治療中の方" makes the item a contraindication, not an
    /// indication; what the lead-in says, the item says too. A full sentence after the list
    /// ("完治する。") is not an item: a claim in its own paragraph keeps its own context.
    pub fn list_lead_in(&self, i: usize) -> Option<usize> {
        let short = |j: usize| {
            let t = self.sentence_text(j).trim();
            t.chars().count() <= LIST_MAX_ITEM_CHARS
                && (t.chars().next().is_some_and(starts_like_item) || !ends_like_sentence(t))
        };
        if !short(i) {
            return None;
        }
        let lang = self.sentence_lang(i);
        for j in (i.saturating_sub(LIST_MAX_ITEMS)..i).rev() {
            let l = self.sentence_lang(j);
            if l != lang && l != Lang::Other && lang != Lang::Other {
                return None;
            }
            if is_lead_in(self.sentence_text(j)) {
                return Some(j);
            }
            if !short(j) {
                return None;
            }
        }
        None
    }

    /// The language of sentence `i`.
    pub fn sentence_lang(&self, i: usize) -> Lang {
        self.sentences
            .get(i)
            .and_then(|s| self.paragraphs.get(s.paragraph))
            .map(|p| p.lang)
            .unwrap_or(Lang::Other)
    }

    /// Per sentence: the index of its section. A section starts at a heading-like paragraph
    /// (see `is_heading`) and runs to the next one; text before the first heading
    /// is section 0. One pass over the paragraphs and sentences.
    pub fn sections(&self) -> Sections {
        let mut heading = Vec::with_capacity(self.paragraphs.len());
        let mut prev_short = false;
        for p in &self.paragraphs {
            let text = self.text.get(p.range.clone()).unwrap_or("");
            heading.push(is_heading(text, prev_short));
            prev_short = is_item_like(text);
        }
        let mut out = Vec::with_capacity(self.sentences.len());
        let mut section = 0usize;
        let mut last_paragraph = usize::MAX;
        for s in &self.sentences {
            if s.paragraph != last_paragraph {
                last_paragraph = s.paragraph;
                if heading.get(s.paragraph).copied().unwrap_or(false) {
                    section += 1;
                }
            }
            out.push(section);
        }
        Sections {
            title: heading.iter().position(|&h| h),
            of_sentence: out,
        }
    }

    /// The language with the most text, for reports.
    pub fn dominant_lang(&self) -> Lang {
        dominant_lang(self.lang_weights())
    }

    /// Bytes of text per language (Japanese, Chinese, English, other): what
    /// [`Normalized::dominant_lang`] weighs, summed over the windows of a large document.
    pub fn lang_weights(&self) -> [usize; 4] {
        let mut weight = [0usize; 4];
        for p in &self.paragraphs {
            let i = match p.lang {
                Lang::Ja => 0,
                Lang::Zh => 1,
                Lang::En => 2,
                Lang::Other => 3,
            };
            if let Some(w) = weight.get_mut(i) {
                *w += p.range.len();
            }
        }
        weight
    }
}

/// The language with the most text among [`Normalized::lang_weights`].
pub fn dominant_lang(weight: [usize; 4]) -> Lang {
    let langs = [Lang::Ja, Lang::Zh, Lang::En];
    langs
        .into_iter()
        .zip(weight)
        .filter(|(_, w)| *w > 0)
        .max_by_key(|(l, w)| (*w, std::cmp::Reverse(*l)))
        .map(|(l, _)| l)
        .unwrap_or(Lang::Other)
}

/// Normalizes a pack term the way text of language `lang` is normalized.
pub fn normalize_term(term: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(term.len());
    let mut map = OffsetMap::new();
    normalize_into(term.trim(), lang == Lang::Zh, &mut out, &mut map);
    out
}

/// The longest line, in characters, that can be a heading.
const HEADING_MAX_CHARS: usize = 40;

/// A paragraph of one line of at most [`HEADING_MAX_CHARS`] characters: a heading, a list
/// item, or a lead-in.
fn is_short_line(text: &str) -> bool {
    !text.contains(['\n', '\r']) && text.chars().nth(HEADING_MAX_CHARS).is_none()
}

/// A short line that does not end like a sentence: a heading, a list item, or a lead-in.
fn is_item_like(text: &str) -> bool {
    is_short_line(text) && !ends_like_sentence(text)
}

/// Whether `text` ends with a full stop, an exclamation or a question mark.
fn ends_like_sentence(text: &str) -> bool {
    text.chars()
        .last()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？'))
}

/// Whether a line introduces a list: it ends with a colon (full-width colons are folded).
pub fn is_lead_in(text: &str) -> bool {
    text.trim_end().ends_with(':')
}

/// A heading-like paragraph: a Markdown `#` line, or a short line that does not end like a
/// sentence or a lead-in (`.!?。！？:：`), does not start like a list item, and does not follow
/// another such line or a lead-in. Extracted HTML and Markdown put every heading and every list item in a
/// paragraph of its own, so the text alone cannot tell `<h2>` from `<li>`: the first of a run of
/// short lines is taken as its heading and the rest as its items (a heading right after a list
/// is missed, which makes a section longer, never shorter).
fn is_heading(text: &str, prev_short: bool) -> bool {
    if text.starts_with('#') {
        return true;
    }
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else {
        return false;
    };
    let ends_like_sentence = matches!(
        last,
        '.' | '!' | '?' | ':' | ';' | ',' | '。' | '！' | '？' | '：' | '；' | '、' | '，'
    );
    is_short_line(text) && !prev_short && !ends_like_sentence && !starts_like_item(first)
}

/// Paragraph ranges: text between blank lines, trimmed of surrounding whitespace.
/// The language of each paragraph: script first; Han-only paragraphs follow the document's
/// majority of Japanese or Chinese text (the declared language breaks a tie); Latin paragraphs
/// without function words (headlines, hashtags) follow the document's clear English paragraphs,
/// and the model decides only when there are none.
fn paragraph_languages(
    source: &str,
    raw: &[Range<usize>],
    forced: Option<Lang>,
    hint: Option<Lang>,
    detector: &LangDetector,
) -> Vec<Lang> {
    let text = |r: &Range<usize>| source.get(r.clone()).unwrap_or("");
    let guesses: Vec<ParagraphGuess> = raw
        .iter()
        .map(|r| match forced {
            Some(l) => ParagraphGuess::Decided(l),
            None => detect_paragraph(text(r)),
        })
        .collect();
    let (mut ja_weight, mut zh_weight) = (0usize, 0usize);
    for (r, g) in raw.iter().zip(&guesses) {
        match g {
            ParagraphGuess::Decided(Lang::Ja) => ja_weight += r.len(),
            ParagraphGuess::Decided(Lang::Zh) => zh_weight += r.len(),
            _ => {}
        }
    }
    let cjk_default = match (zh_weight.cmp(&ja_weight), hint) {
        (std::cmp::Ordering::Greater, _) => Lang::Zh,
        (std::cmp::Ordering::Equal, Some(Lang::Zh)) => Lang::Zh,
        // Nothing decided and nothing declared: Han prose without a single kana is Chinese.
        // Japanese sentences need kana (particles, endings); only names and headings do
        // without, and those are short and unpunctuated.
        (std::cmp::Ordering::Equal, None)
            if zh_weight == 0 && han_prose_without_kana(raw, &guesses, text) =>
        {
            Lang::Zh
        }
        _ => Lang::Ja,
    };
    let latin: Vec<Option<Lang>> = raw
        .iter()
        .zip(&guesses)
        .map(|(r, g)| {
            (*g == ParagraphGuess::Latin)
                .then(|| detector.latin_by_words(text(r)))
                .flatten()
        })
        .collect();
    let doc_english = latin.contains(&Some(Lang::En));
    raw.iter()
        .zip(guesses)
        .zip(latin)
        .map(|((r, g), by_words)| match g {
            ParagraphGuess::Decided(l) => l,
            ParagraphGuess::Cjk => cjk_default,
            ParagraphGuess::Latin => match by_words {
                Some(l) => l,
                None if doc_english => Lang::En,
                None => detector.latin_by_model(text(r)),
            },
            ParagraphGuess::Nothing => Lang::Other,
        })
        .collect()
}

/// Whether the Han-only paragraphs that script left undecided read as prose without kana: none
/// holds a kana, and one is a sentence (at least [`HAN_PROSE_MIN`] Han characters with CJK
/// sentence or clause punctuation, or twice that many without).
fn han_prose_without_kana<'a>(
    raw: &[Range<usize>],
    guesses: &[ParagraphGuess],
    text: impl Fn(&Range<usize>) -> &'a str,
) -> bool {
    let undecided: Vec<&str> = raw
        .iter()
        .zip(guesses)
        .filter(|(_, g)| **g == ParagraphGuess::Cjk)
        .map(|(r, _)| text(r))
        .collect();
    let counts: Vec<ScriptCounts> = undecided.iter().map(|t| ScriptCounts::of(t)).collect();
    counts.iter().all(|c| c.kana == 0)
        && undecided.iter().zip(&counts).any(|(t, c)| {
            let punctuated = t.contains(['，', '。', '、', '；', '！', '？', '：']);
            c.han >= HAN_PROSE_MIN * if punctuated { 1 } else { 2 }
        })
}

/// The fewest Han characters a punctuated kana-less paragraph needs to read as Chinese prose.
const HAN_PROSE_MIN: usize = 10;

fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut last_content_end = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        if b == b'\n' || b == b'\r' {
            // A blank line ends the paragraph: look ahead over whitespace for another line break.
            let mut j = i + 1;
            let mut breaks = 1;
            if b == b'\r' && bytes.get(j) == Some(&b'\n') {
                j += 1;
            }
            while let Some(&c) = bytes.get(j) {
                match c {
                    b' ' | b'\t' => j += 1,
                    b'\n' => {
                        breaks += 1;
                        j += 1
                    }
                    b'\r' => {
                        breaks += 1;
                        j += 1;
                        if bytes.get(j) == Some(&b'\n') {
                            j += 1;
                        }
                    }
                    _ => break,
                }
            }
            if breaks >= 2 {
                if let Some(s) = start.take() {
                    out.push(s..last_content_end);
                }
            }
            i = j;
            continue;
        }
        if !(b == b' ' || b == b'\t') {
            if start.is_none() {
                start = Some(i);
            }
            // Advance over a whole UTF-8 character.
            let len = utf8_len(b);
            i += len;
            last_content_end = i.min(bytes.len());
            continue;
        }
        i += 1;
    }
    if let Some(s) = start {
        out.push(s..last_content_end);
    }
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        _ => 1,
    }
}

/// A line starting with `first` reads as a list item: a bullet, a dash or star, a number.
fn starts_like_item(first: char) -> bool {
    is_bullet(first) || matches!(first, '-' | '*' | '+' | '・') || first.is_ascii_digit()
}

/// List bullets: a line starting with one is a list item, not the wrapped rest of a sentence.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '・' | '•'
            | '●'
            | '◆'
            | '◇'
            | '■'
            | '□'
            | '▪'
            | '▫'
            | '➤'
            | '※'
            | '◎'
            | '○'
            | '★'
            | '☆'
            | '✓'
            | '✔'
    )
}

/// Whether `c` continues the character before it for normalization purposes.
fn is_extender(c: char) -> bool {
    let u = c as u32;
    if u < 0x300 || (0x3400..=0x9FFF).contains(&u) {
        return false;
    }
    matches!(c, '\u{FF9E}' | '\u{FF9F}' | '\u{3099}' | '\u{309A}')
        || canonical_combining_class(c) != 0
}

/// The end of the whitespace run that starts with `c` at `i`, and how many line breaks it
/// holds (`\r\n` counts once); consumes the run from `iter`.
fn whitespace_run(
    src: &str,
    i: usize,
    c: char,
    iter: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> (usize, usize) {
    let mut end = i + c.len_utf8();
    let mut breaks = usize::from(c == '\n' || c == '\r');
    let mut last_was_cr = c == '\r';
    while let Some(&(k, d)) = iter.peek() {
        if d == ' ' || d == '\t' || d == '\u{3000}' {
            last_was_cr = false;
        } else if d == '\n' {
            if !last_was_cr {
                breaks += 1;
            }
            last_was_cr = false;
        } else if d == '\r' {
            breaks += 1;
            last_was_cr = true;
        } else {
            break;
        }
        end = k + d.len_utf8();
        iter.next();
    }
    debug_assert!(src.is_char_boundary(end));
    (end, breaks)
}

/// Whether a whitespace run holding `breaks` line breaks, between `prev` (last character
/// written) and `next`, is a layout wrap: one line break between two CJK characters, or after
/// a figure wrapped before its CJK continuation ("約75%" / "の方が改善").
fn is_wrap(breaks: usize, prev: Option<char>, next: Option<char>) -> bool {
    breaks == 1
        && prev.is_some_and(|p| {
            (is_cjk(p) && !matches!(p, '。' | '！' | '？')) || p.is_ascii_digit() || p == '%'
        })
        && next.is_some_and(|n| is_cjk(n) && !is_bullet(n))
}

/// Normalizes `src` onto `out`, recording segments in `map`.
fn normalize_into(src: &str, fold_zh: bool, out: &mut String, map: &mut OffsetMap) {
    let mut iter = src.char_indices().peekable();
    let mut prev_out: Option<char> = None;
    let mut buf = String::new();
    while let Some((i, c)) = iter.next() {
        if c.is_ascii() {
            if c == '\n' || c == '\r' || c == ' ' || c == '\t' {
                let (end, breaks) = whitespace_run(src, i, c, &mut iter);
                let run = src.get(i..end).unwrap_or("");
                let next = src.get(end..).and_then(|s| s.chars().next());
                if is_wrap(breaks, prev_out, next) {
                    map.skip(run.len());
                } else {
                    out.push_str(run);
                    map.copy(run.len());
                    prev_out = run.chars().last();
                }
                continue;
            }
            let l = c.to_ascii_lowercase();
            out.push(l);
            map.copy(1);
            prev_out = Some(l);
            continue;
        }
        // Kana and unified ideographs are NFKC-stable and caseless: copy (folding Chinese).
        if matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x4E00..=0x9FFF)
            && iter.peek().is_none_or(|&(_, d)| !is_extender(d))
        {
            let f = if fold_zh { fold_char(c) } else { c };
            out.push(f);
            map.copy(c.len_utf8());
            prev_out = Some(f);
            continue;
        }
        // Gather the character with the marks that compose onto it.
        let mut end = i + c.len_utf8();
        while let Some(&(k, d)) = iter.peek() {
            if is_extender(d) {
                end = k + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let chunk = src.get(i..end).unwrap_or("");
        if let Some(last) = push_normalized(chunk, fold_zh, &mut buf, out, map) {
            prev_out = Some(last);
        }
    }
}

/// Writes the NFKC, lower-cased (and for Chinese, folded) form of `chunk` — one character with
/// the marks that compose onto it — and its segment; returns the last character written.
fn push_normalized(
    chunk: &str,
    fold_zh: bool,
    buf: &mut String,
    out: &mut String,
    map: &mut OffsetMap,
) -> Option<char> {
    let mut chars = chunk.chars();
    let c = chars.next()?;
    let single = chars.next().is_none();
    if single && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes && !c.is_uppercase() {
        let f = if fold_zh { fold_char(c) } else { c };
        out.push(f);
        map.copy(chunk.len());
        return Some(f);
    }
    buf.clear();
    for n in chunk.nfkc() {
        for l in n.to_lowercase() {
            buf.push(if fold_zh { fold_char(l) } else { l });
        }
    }
    if buf == chunk || (single && buf.chars().count() == 1 && buf.len() == chunk.len()) {
        map.copy(chunk.len());
    } else {
        map.replace(chunk.len(), buf.len());
    }
    out.push_str(buf);
    buf.chars().last()
}

const CJK_ENDS: &[char] = &['。', '!', '?', '！', '？', '．'];
/// A line of English that ends with one of these is not wrapped into the next line.
const ENGLISH_LINE_ENDS: &[char] = &[
    '.', '!', '?', ':', ';', '。', '！', '？', '：', '；', '\n', '\r',
];
const CLOSERS: &[char] = &['」', '』', '）', ')', '"', '\'', '”', '’', '】', '〕'];
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "no", "u.s", "inc", "ltd",
    "co", "jr", "sr", "fig", "approx", "dept",
];

/// Splits paragraph `range` of `text` into sentences.
fn split_sentences(
    text: &str,
    range: Range<usize>,
    lang: Lang,
    paragraph: usize,
    source: &str,
    map: &OffsetMap,
    out: &mut Vec<Sentence>,
) {
    let Some(para) = text.get(range.clone()) else {
        return;
    };
    let cjk = matches!(lang, Lang::Ja | Lang::Zh);
    let mut start = 0usize;
    let mut chars = para.char_indices().peekable();
    let push = |s: usize, e: usize, out: &mut Vec<Sentence>| {
        let piece = para.get(s..e).unwrap_or("");
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if lead + trail < piece.len() {
            out.push(Sentence {
                range: range.start + s + lead..range.start + e - trail,
                paragraph,
            });
        }
    };
    let at = Checked {
        para,
        range: range.clone(),
        source,
        map,
    };
    while let Some((i, c)) = chars.next() {
        let end = if c == '\n' || c == '\r' {
            // CJK: every line break ends a sentence; English: unless it is a layout wrap.
            (cjk || !at.english_wrap(i)).then_some(i)
        } else if cjk && CJK_ENDS.contains(&c) {
            Some(take_while(&mut chars, i + c.len_utf8(), |d| {
                CJK_ENDS.contains(&d) || CLOSERS.contains(&d)
            }))
        } else if !cjk && matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
            let e = take_while(&mut chars, i + c.len_utf8(), |d| {
                matches!(d, '.' | '!' | '?') || CLOSERS.contains(&d)
            });
            at.english_end(i, c, e).then_some(e)
        } else {
            None
        };
        if let Some(e) = end {
            push(start, e, out);
            start = e;
        }
    }
    push(start, para.len(), out);
}

/// Consumes the characters that `keep` accepts; returns the end of the last one (or `end`).
fn take_while(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    mut end: usize,
    keep: impl Fn(char) -> bool,
) -> usize {
    while let Some(&(k, d)) = chars.peek() {
        if !keep(d) {
            break;
        }
        end = k + d.len_utf8();
        chars.next();
    }
    end
}

/// One paragraph of normalized text, with what is needed to look at the checked text behind it
/// (capitals are lower-cased in the normalized text).
struct Checked<'a> {
    para: &'a str,
    range: Range<usize>,
    source: &'a str,
    map: &'a OffsetMap,
}

impl Checked<'_> {
    /// The checked text's character behind paragraph offset `i`.
    fn char_at(&self, i: usize) -> Option<char> {
        char_at_source(self.source, self.map, self.range.start + i)
    }

    /// English: whether the single line break at `i` is a layout wrap, not a sentence end: the
    /// line ends without sentence punctuation ("about 75%" / "of patients improved") and the next
    /// line starts with a lower-case letter in the checked text. A line that starts with a
    /// bullet, a digit or a capital, or a line that ends with `.!?:;`, breaks; a blank line is a
    /// paragraph break and never gets here.
    fn english_wrap(&self, i: usize) -> bool {
        let para = self.para;
        let before = para.get(..i).unwrap_or("").trim_end_matches([' ', '\t']);
        let rest = para.get(i + 1..).unwrap_or("");
        let after = rest.trim_start();
        let prev = before.chars().last();
        let next = after.chars().next();
        let ends_open = prev.is_some_and(|p| !ENGLISH_LINE_ENDS.contains(&p));
        ends_open
            && next.is_some_and(|n| {
                let orig = self.char_at(i + 1 + (rest.len() - after.len()));
                n.is_alphabetic()
                    && (!orig.is_some_and(|o| o.is_uppercase()) || ends_in_open_word(before))
            })
    }

    /// English: whether the punctuation `c` at `i` (with what follows it up to `e`) ends a
    /// sentence: space or the end after it, then a capital, a non-letter or CJK (or `c` is not a
    /// period), and not an abbreviation's period.
    fn english_end(&self, i: usize, c: char, e: usize) -> bool {
        let para = self.para;
        let rest = para.get(e..).unwrap_or("");
        let after = rest.trim_start();
        let spaced = rest.len() > after.len() || rest.is_empty();
        let next_orig = self.char_at(e + (rest.len() - after.len()));
        let starts_sentence = after.is_empty()
            || next_orig.is_some_and(|n| n.is_uppercase() || !n.is_alphanumeric() || is_cjk(n))
            || c != '.';
        let word_before = para
            .get(..i)
            .unwrap_or("")
            .rsplit(|ch: char| ch.is_whitespace())
            .next()
            .unwrap_or("");
        let abbreviation = c == '.' && ABBREVIATIONS.contains(&word_before);
        spaced && starts_sentence && !abbreviation
    }
}

/// Whether an English line ends with a word no sentence ends with ("it is not" / "FDA-approved
/// for COPD"): then a line break is a wrap even before a capital, so the negation, article or
/// preposition stays in the sentence it belongs to.
fn ends_in_open_word(line: &str) -> bool {
    let last = line
        .rsplit(|c: char| !c.is_alphabetic() && c != '\'')
        .next()
        .unwrap_or("");
    OPEN_WORDS.contains(&last)
}

/// English words that do not end a sentence (normalized text is lower case).
const OPEN_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "not",
    "no",
    "never",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "of",
    "to",
    "for",
    "by",
    "with",
    "from",
    "in",
    "on",
    "at",
    "as",
    "into",
    "than",
    "and",
    "or",
    "but",
    "nor",
    "that",
    "which",
    "who",
    "whose",
    "our",
    "your",
    "their",
    "its",
    "his",
    "her",
    "my",
    "this",
    "these",
    "those",
    "any",
    "all",
    "has",
    "have",
    "had",
    "can",
    "may",
    "will",
    "would",
    "should",
    "could",
    "must",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "don't",
    "doesn't",
    "didn't",
    "cannot",
    "very",
    "most",
    "more",
    "such",
    "both",
    "either",
    "neither",
    "including",
    "called",
    "named",
    "like",
];

/// The character of the checked text at the position `norm_pos` of normalized text maps to.
fn char_at_source(source: &str, map: &OffsetMap, norm_pos: usize) -> Option<char> {
    let p = map.map_start(norm_pos);
    source.get(p..).and_then(|s| s.chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str, lang: Option<Lang>) -> Normalized {
        Normalized::build(s, lang, &LangDetector::new())
    }

    #[test]
    fn a_list_item_finds_its_lead_in_across_short_lines_only() {
        let n = norm(
            "以下の方は受けられません：\n・がんの方\n・妊娠中の方\n",
            Some(Lang::Ja),
        );
        let lead = (0..n.sentences.len()).find(|&i| n.sentence_text(i).ends_with(':'));
        assert!(lead.is_some(), "{:?}", n.text);
        let last = n.sentences.len() - 1;
        assert_eq!(n.list_lead_in(last), lead);
        assert_eq!(n.list_lead_in(0), None, "a lead-in with nothing above it");
        // A long sentence between the lead-in and the line ends the list.
        let long = "x".repeat(LIST_MAX_ITEM_CHARS + 1);
        let n = norm(
            &format!("Not suitable for:\n{long}\n- cancer\n"),
            Some(Lang::En),
        );
        assert_eq!(n.list_lead_in(n.sentences.len() - 1), None, "{:?}", n.text);
        // A sentence is not an item, unless a marker starts it.
        let n = norm("禁止:\n糖尿病\n\n完治する。\n", Some(Lang::Ja));
        assert_eq!(n.list_lead_in(n.sentences.len() - 1), None, "{:?}", n.text);
        let n = norm("禁止:\n糖尿病\n・完治する。\n", Some(Lang::Ja));
        assert_eq!(
            n.list_lead_in(n.sentences.len() - 1),
            Some(0),
            "{:?}",
            n.text
        );
    }

    #[test]
    fn han_prose_without_kana_is_chinese_but_names_and_headings_stay_japanese() {
        let lang = |s: &str, hint: Option<Lang>| {
            Normalized::build_with_hint(s, None, hint, &LangDetector::new()).sentence_lang(0)
        };
        // No Chinese-only form and no kana: script alone cannot tell.
        assert_eq!(lang("安全性、有效性都可以得到很好的保障", None), Lang::Zh);
        assert_eq!(
            lang("安全性、有效性都可以得到很好的保障", Some(Lang::Ja)),
            Lang::Ja
        );
        // A name or a heading: short, or unpunctuated. Script alone leaves each undecided (so
        // it is the prose test that keeps them Japanese).
        for heading in ["細胞治療安全性確保基本方針", "安全、有效。"] {
            assert_eq!(detect_paragraph(heading), ParagraphGuess::Cjk, "{heading}");
            assert_eq!(lang(heading, None), Lang::Ja, "{heading}");
        }
        // One kana anywhere in the document makes its undecided paragraphs Japanese.
        assert_eq!(
            lang("安全性、有效性都可以得到很好的保障\n\nこちら", None),
            Lang::Ja
        );
    }

    #[test]
    fn full_width_and_half_width_fold() {
        let n = norm("ＦＤＡ承認のｶﾞﾝ治療", Some(Lang::Ja));
        assert_eq!(n.text, "fda承認のガン治療");
        let pos = n.text.find("ガン").unwrap_or(0);
        let span = n.map.map_span(pos..pos + "ガン".len());
        assert_eq!(&"ＦＤＡ承認のｶﾞﾝ治療"[span], "ｶﾞﾝ");
    }

    #[test]
    fn traditional_folds_only_in_chinese() {
        let zh = norm("幹細胞可以根治，這是真的。", None);
        assert!(zh.text.starts_with("干细胞可以根治"));
        let ja = norm("幹細胞治療で治ります。", None);
        assert!(ja.text.starts_with("幹細胞治療"));
    }

    #[test]
    fn wrapped_cjk_lines_join_but_english_lines_do_not() {
        let n = norm("幹細胞で糖尿病が完\n治します。", Some(Lang::Ja));
        assert!(n.text.contains("完治します"));
        let span = n
            .map
            .map_span(n.text.find("完治").unwrap_or(0)..n.text.find("します").unwrap_or(0));
        assert_eq!(&"幹細胞で糖尿病が完\n治します。"[span], "完\n治");
        let e = norm("Stem cells\ncure diabetes.", Some(Lang::En));
        assert!(e.text.contains("stem cells\ncure"));
    }

    #[test]
    fn headings_are_short_unpunctuated_lines_that_do_not_follow_an_item() {
        assert!(is_heading("stem cell therapy", false));
        assert!(is_heading("# anything at all, even long ones.", true));
        assert!(!is_heading("stem cell therapy", true), "an item of a run");
        assert!(!is_heading("what we treat:", false), "a lead-in");
        assert!(!is_heading("we treat it.", false), "a sentence");
        assert!(!is_heading("・糖尿病", false), "a bullet item");
        assert!(!is_heading("two\nlines", false));
        let n = norm(
            "Title\n\nIntro text here.\n\nHeading\n\nItem\n\nBody. Two.",
            Some(Lang::En),
        );
        let s = n.sections();
        assert_eq!(s.of_sentence, vec![1, 1, 2, 2, 2, 2]);
        assert_eq!(s.title, Some(0));
    }

    #[test]
    fn an_english_line_without_sentence_punctuation_wraps_into_a_lower_case_line() {
        let texts = |s: &str| {
            let n = norm(s, Some(Lang::En));
            (0..n.sentences.len())
                .map(|i| n.sentence_text(i).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(texts("about 75%\nof patients").len(), 1);
        assert_eq!(texts("about (75%)\nof patients").len(), 1);
        assert_eq!(texts("about 75%:\nof patients").len(), 2);
        assert_eq!(texts("about 75%\nOf patients").len(), 2);
        // A line that ends with a word no sentence ends with wraps even before a capital.
        assert_eq!(texts("it is not\nFDA-approved for COPD").len(), 1);
        assert_eq!(texts("treated by the\nRegenerative Center").len(), 1);
        assert_eq!(texts("we treat knees\nThey heal").len(), 2);
        assert_eq!(texts("about 75%\n• of patients").len(), 2);
    }

    #[test]
    fn sentences_split_on_cjk_and_english_ends() {
        let n = norm("治ります！本当です。\n次の文", Some(Lang::Ja));
        let texts: Vec<&str> = (0..n.sentences.len()).map(|i| n.sentence_text(i)).collect();
        assert_eq!(texts, vec!["治ります!", "本当です。", "次の文"]);
        let e = norm(
            "Dr. Smith is No. 1 in Tokyo. We cure it! Really",
            Some(Lang::En),
        );
        let texts: Vec<&str> = (0..e.sentences.len()).map(|i| e.sentence_text(i)).collect();
        assert_eq!(
            texts,
            vec!["dr. smith is no. 1 in tokyo.", "we cure it!", "really"]
        );
    }
}
