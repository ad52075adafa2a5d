//! Normalization with an offset map, paragraphs and sentences.
//!
//! NFKC (only for characters the quick check says need it: it is nearly free to check and costly
//! to apply), Latin lower-casing, Traditional→Simplified folding in Chinese paragraphs, and
//! removal of line breaks that merely wrap CJK text. Matching happens on the result.

use super::lang::{detect_paragraph, LangDetector, ParagraphGuess};
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
        // Decide languages: script first, then the document's majority for Han-only paragraphs.
        let mut guesses: Vec<ParagraphGuess> = Vec::with_capacity(raw.len());
        let (mut ja_weight, mut zh_weight) = (0usize, 0usize);
        for r in &raw {
            let text = source.get(r.clone()).unwrap_or("");
            let g = match forced {
                Some(l) => ParagraphGuess::Decided(l),
                None => detect_paragraph(text),
            };
            match g {
                ParagraphGuess::Decided(Lang::Ja) => ja_weight += r.len(),
                ParagraphGuess::Decided(Lang::Zh) => zh_weight += r.len(),
                _ => {}
            }
            guesses.push(g);
        }
        let cjk_default = match (zh_weight.cmp(&ja_weight), hint) {
            (std::cmp::Ordering::Greater, _) => Lang::Zh,
            (std::cmp::Ordering::Equal, Some(Lang::Zh)) => Lang::Zh,
            _ => Lang::Ja,
        };
        // Latin paragraphs without function words (headlines, hashtags) follow the document's
        // clear English paragraphs; the model decides only when there are none.
        let mut latin: Vec<Option<Lang>> = vec![None; raw.len()];
        let mut doc_english = false;
        for (i, (r, g)) in raw.iter().zip(&guesses).enumerate() {
            if *g == ParagraphGuess::Latin {
                let l = detector.latin_by_words(source.get(r.clone()).unwrap_or(""));
                doc_english |= l == Some(Lang::En);
                if let Some(slot) = latin.get_mut(i) {
                    *slot = l;
                }
            }
        }

        let mut out = Normalized {
            text: String::with_capacity(source.len()),
            map: OffsetMap::new(),
            paragraphs: Vec::with_capacity(raw.len()),
            sentences: Vec::new(),
        };
        let mut cursor = 0usize;
        for (i, (r, g)) in raw.iter().zip(guesses).enumerate() {
            let gap = source.get(cursor..r.start).unwrap_or("");
            out.text.push_str(gap);
            out.map.copy(gap.len());
            let text = source.get(r.clone()).unwrap_or("");
            let lang = match g {
                ParagraphGuess::Decided(l) => l,
                ParagraphGuess::Cjk => cjk_default,
                ParagraphGuess::Latin => match latin.get(i).copied().flatten() {
                    Some(l) => l,
                    None if doc_english => Lang::En,
                    None => detector.latin_by_model(text),
                },
                ParagraphGuess::Nothing => Lang::Other,
            };
            let start = out.text.len();
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
        let langs = [Lang::Ja, Lang::Zh, Lang::En];
        langs
            .into_iter()
            .zip(weight)
            .filter(|(_, w)| *w > 0)
            .max_by_key(|(l, w)| (*w, std::cmp::Reverse(*l)))
            .map(|(l, _)| l)
            .unwrap_or(Lang::Other)
    }
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
    is_short_line(text)
        && !text
            .chars()
            .last()
            .is_some_and(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？'))
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
    let starts_like_item =
        is_bullet(first) || matches!(first, '-' | '*' | '+' | '・') || first.is_ascii_digit();
    is_short_line(text) && !prev_short && !ends_like_sentence && !starts_like_item
}

/// Paragraph ranges: text between blank lines, trimmed of surrounding whitespace.
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

/// Normalizes `src` onto `out`, recording segments in `map`.
fn normalize_into(src: &str, fold_zh: bool, out: &mut String, map: &mut OffsetMap) {
    let mut iter = src.char_indices().peekable();
    let mut prev_out: Option<char> = None;
    let mut buf = String::new();
    while let Some((i, c)) = iter.next() {
        if c.is_ascii() {
            if c == '\n' || c == '\r' || c == ' ' || c == '\t' {
                // A whitespace run holding one line break between two CJK characters is a wrap.
                let mut j = i + c.len_utf8();
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
                    j = k + d.len_utf8();
                    iter.next();
                }
                let run = src.get(i..j).unwrap_or("");
                let next = src.get(j..).and_then(|s| s.chars().next());
                // A figure wrapped before its CJK continuation ("約75%" / "の方が改善") is a
                // wrap too.
                let wraps = breaks == 1
                    && prev_out.is_some_and(|p| {
                        (is_cjk(p) && !matches!(p, '。' | '！' | '？'))
                            || p.is_ascii_digit()
                            || p == '%'
                    })
                    && next.is_some_and(|n| is_cjk(n) && !is_bullet(n));
                if wraps {
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
        let single = end == i + c.len_utf8();
        if single && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes && !c.is_uppercase() {
            let f = if fold_zh { fold_char(c) } else { c };
            out.push(f);
            map.copy(chunk.len());
            prev_out = Some(f);
            continue;
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
        out.push_str(&buf);
        if let Some(last) = buf.chars().last() {
            prev_out = Some(last);
        }
    }
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
    while let Some((i, c)) = chars.next() {
        let mut end: Option<usize> = None;
        if c == '\n' || c == '\r' {
            let breaks_here = if cjk {
                true
            } else {
                // English: a single line break is a layout wrap, not a sentence end, when the
                // line ends without sentence punctuation ("about 75%" / "of patients improved")
                // and the next line starts with a lower-case letter in the checked text. A line
                // that starts with a bullet, a digit or a capital, or a line that ends with
                // `.!?:;`, breaks; a blank line is a paragraph break and never gets here.
                let before = para.get(..i).unwrap_or("").trim_end_matches([' ', '\t']);
                let after = para.get(i + 1..).unwrap_or("").trim_start();
                let prev = before.chars().last();
                let next = after.chars().next();
                let wrapped = prev.is_some_and(|p| !ENGLISH_LINE_ENDS.contains(&p))
                    && next.is_some_and(|n| {
                        let orig = char_at_source(
                            source,
                            map,
                            range.start
                                + i
                                + 1
                                + (para.get(i + 1..).unwrap_or("").len() - after.len()),
                        );
                        n.is_alphabetic() && !orig.is_some_and(|o| o.is_uppercase())
                    });
                !wrapped
            };
            if breaks_here {
                end = Some(i);
            }
        } else if cjk && CJK_ENDS.contains(&c) {
            let mut e = i + c.len_utf8();
            while let Some(&(k, d)) = chars.peek() {
                if CJK_ENDS.contains(&d) || CLOSERS.contains(&d) {
                    e = k + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            end = Some(e);
        } else if !cjk && matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
            let mut e = i + c.len_utf8();
            while let Some(&(k, d)) = chars.peek() {
                if matches!(d, '.' | '!' | '?') || CLOSERS.contains(&d) {
                    e = k + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let rest = para.get(e..).unwrap_or("");
            let after = rest.trim_start();
            let spaced = rest.len() > after.len() || rest.is_empty();
            let next_orig =
                char_at_source(source, map, range.start + e + (rest.len() - after.len()));
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
            if spaced && starts_sentence && !abbreviation {
                end = Some(e);
            }
        }
        if let Some(e) = end {
            push(start, e, out);
            start = e;
        }
    }
    push(start, para.len(), out);
}

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
