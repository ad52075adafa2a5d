//! Rule regexes: validated when a pack loads, compiled on first use, and guarded by the literal
//! prefixes one of which must occur for them to match.
//!
//! Measured: compiling the default pack's 259 regexes took ~270 ms (bounded repeats of Unicode
//! classes are large NFAs), against a 20 ms budget for checking one small file. Most documents
//! can match only a few of them, so each is compiled when a document first contains one of its
//! required literals. Packs given with `--rules` are compiled at load time anyway, so that a
//! regex too large to compile is reported at its YAML line.

use super::regex_analysis::{analyse, ascii_perl_classes, Analysis};
use crate::text::fold_traditional;
use regex_automata::meta::Regex;
use std::sync::OnceLock;

/// One regex analysed at build time: (pattern as compiled, case-insensitive, required literals,
/// the literals start every match).
type KnownRegex = (&'static str, bool, Option<&'static [&'static [u8]]>, bool);

include!(concat!(env!("OUT_DIR"), "/regex_analyses.rs"));

/// The build-time analysis of `pattern`, when it is one of the default pack's.
fn precomputed(pattern: &str) -> Option<Analysis> {
    let i = REGEX_ANALYSES
        .binary_search_by(|(p, _, _, _)| (*p).cmp(pattern))
        .ok()?;
    let (_, case_insensitive, prefixes, starts) = REGEX_ANALYSES.get(i)?;
    Some(Analysis {
        case_insensitive: *case_insensitive,
        prefixes: prefixes.map(|p| p.iter().map(|l| l.to_vec()).collect()),
        starts: *starts,
    })
}

/// A validated regex, compiled on first use.
#[derive(Debug, Clone)]
pub struct RuleRegex {
    pattern: String,
    case_insensitive: bool,
    prefixes: Option<Vec<Vec<u8>>>,
    /// The `prefixes` start every match (rather than end it).
    starts: bool,
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
        // The default pack's regexes were analysed when the binary was built; a pack given by
        // the user (or a regex the table missed) is analysed now.
        let known = if eager { None } else { precomputed(&pattern) };
        let Analysis {
            case_insensitive,
            prefixes,
            starts,
        } = match known {
            Some(analysis) => analysis,
            None => analyse(&pattern)?,
        };
        let re = RuleRegex {
            pattern,
            case_insensitive,
            prefixes,
            starts,
            cell: OnceLock::new(),
        };
        if eager {
            let compiled = re.compile()?;
            let _ = re.cell.set(Some(compiled));
        }
        Ok(re)
    }

    fn compile(&self) -> Result<Regex, String> {
        use regex_automata::{meta, util::syntax};
        meta::Builder::new()
            .syntax(syntax::Config::new().case_insensitive(self.case_insensitive))
            .configure(
                meta::Config::new()
                    .nfa_size_limit(Some(4 << 20))
                    // Hundreds of rule regexes each keep a lazy-DFA cache; the default 2 MiB
                    // apiece put peak memory over 200 MB on a batch run.
                    .hybrid_cache_capacity(256 << 10)
                    // A regex runs only in sentences that hold one of its required literals
                    // (the engine's own prefilter): a second prefilter of its own cost 8 % of a
                    // small page's start-up to build and saved no search time.
                    .auto_prefilter(false),
            )
            .build(&self.pattern)
            .map_err(|e| match e.size_limit() {
                Some(limit) => format!(
                    "regex too large: compiled, it exceeds the limit of {} MiB; split it or \
                     bound its repetitions",
                    limit >> 20
                ),
                None => format!("invalid regex: {e}"),
            })
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

    /// Literals one of which starts every match, when known (`None` when they end it).
    pub fn start_literals(&self) -> Option<&[Vec<u8>]> {
        self.prefixes.as_deref().filter(|_| self.starts)
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

    /// Alternatives that share only their lead bytes (た, ました, でした all begin E3 81) must not
    /// become one two-byte literal that half of all hiragana start with: the literals are whole
    /// characters, and they still find every match.
    #[test]
    fn prefixes_are_whole_characters() {
        let re = RuleRegex::new(
            "(?:た|ました|でした)(?:との|という)(?:お?声|ご?感想)",
            false,
            false,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let prefixes = re.prefixes().unwrap_or_else(|| panic!("no prefixes"));
        assert!(
            prefixes.iter().all(|l| std::str::from_utf8(l).is_ok()),
            "{prefixes:?}"
        );
        assert!(
            !prefixes.iter().any(|l| l.as_slice() == [0xE3, 0x81]),
            "{prefixes:?}"
        );
        for text in ["良くなったとのお声", "変わりましたという感想"] {
            assert!(re.get().is_some_and(|r| r.is_match(text)), "{text}");
            let at = prefixes
                .iter()
                .filter_map(|l| text.find(std::str::from_utf8(l).unwrap_or("\0")))
                .min();
            assert!(at.is_some(), "{text}: no prefix occurs");
        }
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

    /// The table built by build.rs holds every regex the default pack compiles, with the answer
    /// the loader's analysis gives now (a stale or missed entry would cost start-up, or worse).
    #[test]
    fn every_default_pack_regex_was_analysed_at_build_time() {
        let set = crate::load_rule_set(true, &[]).unwrap_or_else(|e| panic!("{e}"));
        let mut regexes: Vec<&RuleRegex> = Vec::new();
        for rule in &set.rules {
            for p in &rule.patterns {
                if let crate::rules::Pattern::Regex { plain, folded, .. } = p {
                    regexes.extend([plain, folded]);
                }
            }
            regexes.extend(rule.exceptions.iter().filter_map(|e| e.regex.as_deref()));
        }
        assert!(regexes.len() > 300, "{}", regexes.len());
        for re in regexes {
            let analysed = analyse(re.as_str()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(precomputed(re.as_str()), Some(analysed), "{}", re.as_str());
        }
        assert!(precomputed("a pattern of no pack").is_none());
    }

    #[test]
    fn a_regex_too_large_to_compile_says_so() {
        let err = RuleRegex::new(r"(?:\p{L}{200}x){50}", false, true).unwrap_err();
        assert!(err.starts_with("regex too large"), "{err}");
    }

    #[test]
    fn folded_patterns_match_simplified_text() {
        let re = RuleRegex::new("幹細胞可以根治", true, false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(re.as_str(), "干细胞可以根治");
    }
}
