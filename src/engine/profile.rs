//! What each rule costs: `claimlint rules profile`.
//!
//! A rule's cost is the time the engine's stages take over a sample with that rule alone enabled,
//! less the time they take with no rule enabled (the shared work: the literal automaton, the
//! regex prefilter). Outside the clock, once: the sample is normalized, and the context cue
//! terms present in each document are found (the one scan that the first candidate of any rule
//! would otherwise start, as the windows of a long document share it). So the figures are the
//! rules' own: its regexes on the sentences their literals reach, its co-occurrence and list
//! scopes, the context filter on its candidates, its `where: document` regexes. A rule alone
//! still pays for the sentence cue lookups that, in a full run, the first rule to reach a
//! sentence pays for all. Each figure is the best of a few rounds, which keeps a scheduler's
//! hiccup out of it; read the top of the list, not its tail.

use super::windowed::{DocumentFacts, Window};
use super::{CheckOptions, Engine, JudgeOptions, WINDOW_BYTES};
use crate::text::{Normalized, OffsetMap};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// What [`Engine::profile_rules`] measured.
#[derive(Debug, Clone)]
pub struct RuleProfile {
    /// The time the stages take with no rule enabled.
    pub baseline: Duration,
    /// Per rule of the engine's rule set, in its order: the time with that rule alone enabled,
    /// less the baseline (zero when it measured less).
    pub rules: Vec<Duration>,
    /// Per rule: how many bytes of the sample its regexes are searched in (exact, unlike the
    /// timings; see [`Engine::regex_scan_bytes`]).
    pub regex_bytes: Vec<u64>,
    /// Bytes of text in the sample.
    pub bytes: usize,
}

impl RuleProfile {
    /// Rule indexes, costliest first (ties in rule order, so the listing is stable).
    pub fn costliest(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.rules.len()).collect();
        order.sort_by(|&a, &b| self.rules.get(b).cmp(&self.rules.get(a)).then(a.cmp(&b)));
        order
    }

    /// Rule indexes, the most regex bytes first (ties in rule order): the same listing on any
    /// machine and any run.
    pub fn widest(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.regex_bytes.len()).collect();
        order.sort_by(|&a, &b| {
            let key = |i: usize| self.regex_bytes.get(i).copied().unwrap_or(0);
            key(b).cmp(&key(a)).then(a.cmp(&b))
        });
        order
    }
}

impl Engine {
    /// Measures every rule's cost over `texts` (extracted text, as [`Engine::check`] takes it),
    /// the best of `rounds` runs each. A text longer than a window is measured window by
    /// window, as `check` reads it.
    pub fn profile_rules(&self, texts: &[&str], rounds: usize) -> RuleProfile {
        let mut norms = Vec::new();
        for text in texts {
            for part in super::windows(text, WINDOW_BYTES) {
                let piece = text.get(part).unwrap_or("");
                norms.push(Normalized::build(piece, None, &self.detector));
            }
        }
        let facts: Vec<DocumentFacts> = norms
            .iter()
            .map(|norm| DocumentFacts {
                cues: self.cues.ids_in(&norm.text),
                regex: HashMap::new(),
            })
            .collect();
        let n = self.rules.rules.len();
        let run = |mask: &[bool]| {
            let opts = CheckOptions {
                enabled: Some(mask.to_vec()),
                judge: JudgeOptions::OFF,
                ..CheckOptions::default()
            };
            let start = Instant::now();
            for (norm, facts) in norms.iter().zip(&facts) {
                let to_file = OffsetMap::identity(norm.text.len());
                let mut window = Window {
                    first: true,
                    facts,
                    fired: HashSet::new(),
                };
                let found = self.check_normalized(norm, &opts, &to_file, Some(&mut window));
                std::hint::black_box(found);
            }
            start.elapsed()
        };
        // The floor is measured between the rules, all through the run, and the lowest reading
        // is the baseline: a clock that drifts (a core's frequency, a neighbour's load) would
        // otherwise leave the floor too high early on and every rule after it at zero.
        let none = vec![false; n];
        let mut baseline = run(&none);
        let mut alone = Vec::with_capacity(n);
        for i in 0..n {
            let mut mask = vec![false; n];
            if let Some(m) = mask.get_mut(i) {
                *m = true;
            }
            baseline = baseline.min(run(&none));
            let best = (0..rounds.max(1)).map(|_| run(&mask)).min();
            alone.push(best.unwrap_or_default());
        }
        let rules = alone.iter().map(|t| t.saturating_sub(baseline)).collect();
        let mut regex_bytes = vec![0u64; n];
        for norm in &norms {
            self.regex_scan_bytes(norm, &mut regex_bytes);
        }
        RuleProfile {
            baseline,
            rules,
            regex_bytes,
            bytes: texts.iter().map(|t| t.len()).sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Engine;

    /// A regex that must try every position of every sentence costs more than a literal that
    /// the automaton finds: the profile must put it first.
    #[test]
    fn a_rule_that_scans_every_sentence_costs_more_than_a_literal() {
        let pack = r#"
pack: profile-test
version: "1"
rules:
  - id: t.literal
    category: superlative
    severity: warning
    languages: [en]
    message: m
    patterns:
      - kind: literal
        phrases: [number one clinic]
  - id: t.scan
    category: curative-claim
    severity: warning
    languages: [en]
    message: m
    patterns:
      - kind: regex
        regex: '(?:\w+\s+){2,6}?(?:\w*z\w*)\s+(?:\w+\s+){0,4}?\w*q'
"#;
        let set = crate::load_rule_set(false, &[("profile-test.yaml".into(), pack.into())])
            .unwrap_or_else(|e| panic!("{e}"));
        let engine = Engine::new(set).unwrap_or_else(|e| panic!("{e}"));
        let sentence = "Our clinic offers many treatments for patients who come from far away.";
        let text = format!("{sentence} ").repeat(800);
        let profile = engine.profile_rules(&[text.as_str()], 5);
        assert_eq!(profile.rules.len(), 2);
        assert_eq!(profile.bytes, text.len());
        let ids: Vec<&str> = profile
            .costliest()
            .iter()
            .filter_map(|&i| engine.rules().rules.get(i).map(|r| r.id.as_str()))
            .collect();
        assert_eq!(ids, vec!["t.scan", "t.literal"], "{profile:?}");
        // The scan has no literal to wait for: it reads every sentence; the literal rule no regex.
        let sentences = 800 * sentence.len() as u64;
        assert_eq!(profile.regex_bytes, vec![0, sentences], "{profile:?}");
        assert_eq!(profile.widest(), vec![1, 0]);
    }
}
