//! Building an Aho-Corasick automaton, shared by the compile, context and pattern stages (its
//! own module so that those stages do not import each other in a circle).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, BuildError, MatchKind};

/// An automaton over `patterns` (`None` when there are none): a DFA or a contiguous NFA as
/// asked, or whatever aho-corasick can build when that one is too large.
pub(super) fn build_automaton<P: AsRef<[u8]>>(
    patterns: &[P],
    kind: MatchKind,
    dfa: bool,
) -> Result<Option<AhoCorasick>, BuildError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let engine = if dfa {
        AhoCorasickKind::DFA
    } else {
        AhoCorasickKind::ContiguousNFA
    };
    AhoCorasickBuilder::new()
        .match_kind(kind)
        .kind(Some(engine))
        .build(patterns)
        .or_else(|_| AhoCorasickBuilder::new().match_kind(kind).build(patterns))
        .map(Some)
}
