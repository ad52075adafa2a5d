//! What a rule regex is, before it is compiled: validated (no Unicode word boundary, cannot match
//! the empty string), case-insensitive or not, and the literals one of which every match starts
//! (or ends) with.
//!
//! Plain functions of the pattern over `regex_syntax` and std only: `build.rs` includes this file
//! to analyse the default pack's regexes when the binary is built (parsing and analysing its
//! ~440 patterns was 30 % of a small file's start-up), and the loader runs the same code on packs
//! given at run time. Same code, same pattern string, same answer.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind, Look};

/// What the analysis of one pattern found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The pattern has capitals, and text is lower-cased before matching: match it
    /// case-insensitively rather than never.
    pub case_insensitive: bool,
    /// Literals one of which starts, or else ends, every match (a necessary condition, so a
    /// document without any of them cannot match); `None` when there is no such short list.
    pub prefixes: Option<Vec<Vec<u8>>>,
    /// The literals *start* every match (they are prefixes, not suffixes): a match can begin
    /// only where one of them begins, so the engine searches anchored at those places.
    pub starts: bool,
}

/// Validates and analyses `pattern` (as compiled: folded, Perl classes made ASCII).
pub fn analyse(pattern: &str) -> Result<Analysis, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| format!("invalid regex: {e}"))?;
    if has_unicode_word_boundary(&hir) {
        return Err(
            "regex uses a Unicode word boundary (\\b or \\B): it means nothing in Japanese \
             or Chinese and makes matching ~100x slower; use (?-u:\\b) for an ASCII word \
             boundary"
                .into(),
        );
    }
    if hir.properties().minimum_len() == Some(0) {
        return Err("regex can match the empty string: it would flag every sentence".into());
    }
    let case_insensitive = has_uppercase_literal(&hir);
    // A usable list: every literal at least two bytes and whole characters. The optimizer can
    // shorten CJK alternatives to the bytes they share — (?:た|ました|でした) to E3 81, the lead
    // bytes of half the hiragana — which occur in every Japanese sentence: a prefilter that
    // reaches everything, searched anchored at every other character.
    let usable = |lits: &[regex_syntax::hir::literal::Literal]| {
        let v: Vec<Vec<u8>> = lits.iter().map(|l| l.as_bytes().to_vec()).collect();
        (!v.is_empty()
            && v.iter()
                .all(|l| l.len() >= 2 && std::str::from_utf8(l).is_ok()))
        .then_some(v)
    };
    let required = |kind: ExtractKind| {
        let prefix = matches!(kind, ExtractKind::Prefix);
        let mut seq = Extractor::new().kind(kind).limit_total(64).extract(&hir);
        let whole = seq.clone();
        // Fewer, shorter literals: still a necessary condition, and a smaller automaton.
        if prefix {
            seq.optimize_for_prefix_by_preference();
        } else {
            seq.optimize_for_suffix_by_preference();
        }
        // When shortening cut characters, the literals as extracted (still a necessary
        // condition, at most 64 of them) serve instead.
        seq.literals()
            .and_then(usable)
            .or_else(|| whole.literals().and_then(usable))
    };
    let (prefixes, starts) = if case_insensitive {
        (None, false)
    } else {
        match required(ExtractKind::Prefix) {
            Some(p) => (Some(p), true),
            None => (required(ExtractKind::Suffix), false),
        }
    };
    Ok(Analysis {
        case_insensitive,
        prefixes,
        starts,
    })
}

/// Rewrites `\d \s \w` (and their negations) as ASCII classes. Text is NFKC-normalized before
/// matching, so digits and spaces are already ASCII, and `\w` in these rules means an English
/// word character; the Unicode classes made every `(?:\w+\s+){0,5}` a large automaton that took
/// ~1 ms to compile and megabytes to hold, for each of hundreds of regexes.
pub fn ascii_perl_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push(c);
                    break;
                };
                let (outside, inside) = match n {
                    'd' => ("[0-9]", Some("0-9")),
                    'D' => ("[^0-9]", None),
                    's' => ("[\\t-\\r ]", Some("\\t-\\r ")),
                    'S' => ("[^\\t-\\r ]", None),
                    'w' => ("[0-9A-Za-z_]", Some("0-9A-Za-z_")),
                    'W' => ("[^0-9A-Za-z_]", None),
                    _ => {
                        out.push(c);
                        out.push(n);
                        continue;
                    }
                };
                match (in_class, inside) {
                    (false, _) => out.push_str(outside),
                    (true, Some(i)) => out.push_str(i),
                    (true, None) => {
                        out.push(c);
                        out.push(n);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn has_uppercase_literal(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Literal(lit) => String::from_utf8_lossy(&lit.0)
            .chars()
            .any(char::is_uppercase),
        HirKind::Repetition(r) => has_uppercase_literal(&r.sub),
        HirKind::Capture(c) => has_uppercase_literal(&c.sub),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(has_uppercase_literal),
        _ => false,
    }
}

fn has_unicode_word_boundary(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(look) => matches!(
            look,
            Look::WordUnicode
                | Look::WordUnicodeNegate
                | Look::WordStartUnicode
                | Look::WordEndUnicode
                | Look::WordStartHalfUnicode
                | Look::WordEndHalfUnicode
        ),
        HirKind::Repetition(r) => has_unicode_word_boundary(&r.sub),
        HirKind::Capture(c) => has_unicode_word_boundary(&c.sub),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(has_unicode_word_boundary),
        _ => false,
    }
}
