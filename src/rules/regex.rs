//! Rule regexes: validated when a pack loads, compiled on first use, and guarded by the literal
//! prefixes one of which must occur for them to match.
//!
//! Measured: compiling the default pack's 259 regexes took ~270 ms (bounded repeats of Unicode
//! classes are large NFAs), against a 20 ms budget for checking one small file. Most documents
//! can match only a few of them, so each is compiled when a document first contains one of its
//! required literals. Packs given with `--rules` are compiled at load time anyway, so that a
//! regex too large to compile is reported at its YAML line.

use crate::text::fold_traditional;
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind, Look};
use std::sync::OnceLock;

/// A validated regex, compiled on first use.
#[derive(Debug, Clone)]
pub struct RuleRegex {
    pattern: String,
    case_insensitive: bool,
    prefixes: Option<Vec<Vec<u8>>>,
    cell: OnceLock<Option<Regex>>,
}

impl RuleRegex {
    /// Validates `src` (folded from Traditional to Simplified Chinese when `fold`), compiling it
    /// now when `eager`.
    pub fn new(src: &str, fold: bool, eager: bool) -> Result<Self, String> {
        if src.is_empty() {
            return Err("empty regex: a pattern must match something".into());
        }
        let pattern = ascii_perl_classes(&if fold {
            fold_traditional(src)
        } else {
            src.to_string()
        });
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&pattern)
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
        // Text is lower-cased before matching; a pattern with capitals is matched
        // case-insensitively rather than never.
        let case_insensitive = has_uppercase_literal(&hir);
        // Literals one of which every match starts with, or else ends with: either is a
        // necessary condition, so a document without any of them cannot match.
        let required = |kind: ExtractKind| {
            let prefix = matches!(kind, ExtractKind::Prefix);
            let mut seq = Extractor::new().kind(kind).limit_total(64).extract(&hir);
            // Fewer, shorter literals: still a necessary condition, and a smaller automaton.
            if prefix {
                seq.optimize_for_prefix_by_preference();
            } else {
                seq.optimize_for_suffix_by_preference();
            }
            seq.literals().and_then(|lits| {
                let v: Vec<Vec<u8>> = lits.iter().map(|l| l.as_bytes().to_vec()).collect();
                (!v.is_empty() && v.iter().all(|l| l.len() >= 2)).then_some(v)
            })
        };
        let prefixes = if case_insensitive {
            None
        } else {
            required(ExtractKind::Prefix).or_else(|| required(ExtractKind::Suffix))
        };
        let re = RuleRegex {
            pattern,
            case_insensitive,
            prefixes,
            cell: OnceLock::new(),
        };
        if eager {
            let compiled = re.compile()?;
            let _ = re.cell.set(Some(compiled));
        }
        Ok(re)
    }

    fn compile(&self) -> Result<Regex, String> {
        regex::RegexBuilder::new(&self.pattern)
            .case_insensitive(self.case_insensitive)
            .size_limit(4 << 20)
            // Hundreds of rule regexes each keep a lazy-DFA cache; the default 2 MiB apiece
            // put peak memory over 200 MB on a batch run.
            .dfa_size_limit(256 << 10)
            .build()
            .map_err(|e| format!("invalid regex: {e}"))
    }

    /// The compiled regex (`None` if it failed to compile, which only a default-pack regex can
    /// do unnoticed, and the default pack's tests compile them all).
    pub fn get(&self) -> Option<&Regex> {
        self.cell.get_or_init(|| self.compile().ok()).as_ref()
    }

    /// The pattern as compiled.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Literals one of which starts (or ends) every match, when known.
    pub fn prefixes(&self) -> Option<&[Vec<u8>]> {
        self.prefixes.as_deref()
    }
}

/// Rewrites `\d \s \w` (and their negations) as ASCII classes. Text is NFKC-normalized before
/// matching, so digits and spaces are already ASCII, and `\w` in these rules means an English
/// word character; the Unicode classes made every `(?:\w+\s+){0,5}` a large automaton that took
/// ~1 ms to compile and megabytes to hold, for each of hundreds of regexes.
fn ascii_perl_classes(pattern: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_extracted_for_lower_case_patterns() {
        let re = RuleRegex::new("治(?:ります|る)", false, false).unwrap_or_else(|e| panic!("{e}"));
        assert!(re
            .prefixes()
            .is_some_and(|p| p.iter().all(|l| l.starts_with("治".as_bytes()))));
        assert!(re.get().is_some_and(|r| r.is_match("治ります")));
    }

    #[test]
    fn capitals_make_a_pattern_case_insensitive() {
        let re = RuleRegex::new("FDA approved", false, true).unwrap_or_else(|e| panic!("{e}"));
        assert!(re.prefixes().is_none());
        assert!(re.get().is_some_and(|r| r.is_match("fda approved")));
    }

    #[test]
    fn unicode_word_boundaries_and_empty_matches_are_refused() {
        assert!(RuleRegex::new(r"\bcure\b", false, false).is_err());
        assert!(RuleRegex::new(r"(?-u:\b)cure(?-u:\b)", false, false).is_ok());
        assert!(RuleRegex::new(r"a*", false, false).is_err());
    }

    #[test]
    fn perl_classes_become_ascii_inside_and_outside_brackets() {
        assert_eq!(ascii_perl_classes(r"\d+%"), "[0-9]+%");
        assert_eq!(
            ascii_perl_classes(r"(?:\w+\s+){0,2}"),
            r"(?:[0-9A-Za-z_]+[\t-\r ]+){0,2}"
        );
        assert_eq!(ascii_perl_classes(r"[\w-]+"), "[0-9A-Za-z_-]+");
        assert_eq!(ascii_perl_classes(r"\\d"), r"\\d");
        assert_eq!(ascii_perl_classes(r"[^\s]"), r"[^\t-\r ]");
        let re = RuleRegex::new(r"\d+\s*%", false, true).unwrap_or_else(|e| panic!("{e}"));
        assert!(re.get().is_some_and(|r| r.is_match("治癒率 95 %")));
    }

    #[test]
    fn folded_patterns_match_simplified_text() {
        let re = RuleRegex::new("幹細胞可以根治", true, false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(re.as_str(), "干细胞可以根治");
    }
}
