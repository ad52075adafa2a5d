//! Build times of the literal automaton kinds for the default pack's literals.
use std::time::Instant;
fn main() {
    let set = claimlint::load_rule_set(true, &[]).unwrap_or_else(|e| panic!("{e}"));
    let engine = claimlint::Engine::new(set).unwrap_or_else(|e| panic!("{e}"));
    let lits = engine.literals().to_vec();
    for kind in [
        aho_corasick::AhoCorasickKind::DFA,
        aho_corasick::AhoCorasickKind::ContiguousNFA,
        aho_corasick::AhoCorasickKind::NoncontiguousNFA,
    ] {
        let t = Instant::now();
        let ac = aho_corasick::AhoCorasickBuilder::new()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(&lits)
            .unwrap_or_else(|e| panic!("{e}"));
        println!("{kind:?}: {:?} ({} bytes)", t.elapsed(), ac.memory_usage());
    }
    let srcs: Vec<String> = engine
        .rules()
        .rules
        .iter()
        .flat_map(|r| r.patterns.iter())
        .filter_map(|p| match p {
            claimlint::rules::Pattern::Regex { source, .. } => Some(source.clone()),
            _ => None,
        })
        .collect();
    for ci in [true, false] {
        let t = Instant::now();
        let _ = regex::RegexSetBuilder::new(&srcs)
            .case_insensitive(ci)
            .size_limit(64 << 20)
            .build();
        println!("regexset ci={ci}: {:?} n={}", t.elapsed(), srcs.len());
        let t = Instant::now();
        for s in &srcs {
            let _ = regex::RegexBuilder::new(s).case_insensitive(ci).build();
        }
        println!("each regex ci={ci}: {:?}", t.elapsed());
    }
}
