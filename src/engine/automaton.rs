//! Building an Aho-Corasick automaton, shared by the compile, context and pattern stages (its
//! own module so that those stages do not import each other in a circle).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, BuildError, MatchKind};

/// An automaton over `patterns` (`None` when there are none): a contiguous NFA, or whatever
/// aho-corasick can build when that one is too large.
///
/// Not a DFA, even for batch runs: on a 20 MiB corpus the three DFAs (literals, cues, regex
/// prefixes) held 48 MB of the 98 MB heap peak and took ~30 ms to build, and the run's CPU time
/// was the same with contiguous NFAs (3.7 s either way: the literal search is a small share of
/// checking), at 95 MB peak RSS instead of 142 MB (bench/RESULTS.md).
pub(super) fn build_automaton<P: AsRef<[u8]>>(
    patterns: &[P],
    kind: MatchKind,
) -> Result<Option<AhoCorasick>, BuildError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    AhoCorasickBuilder::new()
        .match_kind(kind)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns)
        .or_else(|_| AhoCorasickBuilder::new().match_kind(kind).build(patterns))
        .map(Some)
}
