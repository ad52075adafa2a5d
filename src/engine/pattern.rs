//! Pattern stage: rule regexes, each run only in the sentences that hold one of its required
//! literals (one prefilter automaton per text variant: plain, and Chinese folded).

use super::automaton::build_automaton;
use super::{Candidate, CheckOptions, Engine, Hit};
use crate::error::Error;
use crate::model::Lang;
use crate::rules::{Pattern, RuleRegex};
use crate::text::Normalized;
use aho_corasick::{AhoCorasick, MatchKind};

/// Every regex pattern of a rule set, with its prefilters.
#[derive(Debug)]
pub(super) struct RegexPatterns {
    /// (rule, pattern) per regex id.
    pub patterns: Vec<(u32, u32)>,
    /// For Japanese and English sentences.
    plain: RegexPrefilter,
    /// For Chinese sentences (Traditional folded to Simplified).
    folded: RegexPrefilter,
}

/// Collects regexes while a rule set is compiled.
#[derive(Debug, Default)]
pub(super) struct RegexPatternsBuilder {
    patterns: Vec<(u32, u32)>,
    plain: RegexPrefilterBuilder,
    folded: RegexPrefilterBuilder,
}

impl RegexPatternsBuilder {
    pub fn add(&mut self, rule: usize, pattern: usize, plain: &RuleRegex, folded: &RuleRegex) {
        let id = self.patterns.len() as u32;
        self.patterns.push((rule as u32, pattern as u32));
        self.plain.add(id, plain.prefixes());
        self.folded.add(id, folded.prefixes());
    }

    pub fn build(self) -> Result<RegexPatterns, Error> {
        Ok(RegexPatterns {
            patterns: self.patterns,
            plain: self.plain.build()?,
            folded: self.folded.build()?,
        })
    }
}

/// Which regexes a document can match: one automaton over every regex's required prefixes.
///
/// Each literal is in the automaton once, with the regexes that require it: the default pack's
/// 4,482 required literals are 2,440 distinct ones, and the overlapping search that reports every
/// occurrence of every pattern was a fifth of a batch run's CPU.
#[derive(Debug, Default)]
struct RegexPrefilterBuilder {
    literals: Vec<Vec<u8>>,
    /// Literal -> its index in `literals`.
    index: std::collections::HashMap<Vec<u8>, usize>,
    owners: Vec<Vec<u32>>,
    always: Vec<u32>,
}

impl RegexPrefilterBuilder {
    fn add(&mut self, regex: u32, prefixes: Option<&[Vec<u8>]>) {
        let Some(prefixes) = prefixes else {
            self.always.push(regex);
            return;
        };
        for lit in prefixes {
            let i = *self.index.entry(lit.clone()).or_insert_with(|| {
                self.literals.push(lit.clone());
                self.owners.push(Vec::new());
                self.literals.len() - 1
            });
            if let Some(owners) = self.owners.get_mut(i) {
                if owners.last() != Some(&regex) {
                    owners.push(regex);
                }
            }
        }
    }

    fn build(self) -> Result<RegexPrefilter, Error> {
        let ac = build_automaton(&self.literals, MatchKind::Standard)
            .map_err(|e| Error::Usage(format!("cannot compile regex prefixes: {e}")))?;
        Ok(RegexPrefilter {
            ac,
            owners: self.owners,
            always: self.always,
        })
    }
}

#[derive(Debug)]
struct RegexPrefilter {
    ac: Option<AhoCorasick>,
    /// The regexes that require each literal.
    owners: Vec<Vec<u32>>,
    /// Regexes with no required literal.
    always: Vec<u32>,
}

/// Where a regex can match in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reach {
    /// None of its required literals occurs.
    Nowhere,
    /// It has no required literal: every sentence.
    Everywhere,
    /// These sentences (sorted, distinct) hold one of its required literals.
    Sentences(Vec<usize>),
}

impl RegexPrefilter {
    /// Per regex, the sentences of `norm` (Chinese ones when `zh`, the others otherwise) that
    /// hold one of its required literals.
    fn reach(&self, norm: &Normalized, n: usize, zh: bool) -> Vec<Reach> {
        let mut out = vec![Reach::Nowhere; n];
        for &r in &self.always {
            if let Some(slot) = out.get_mut(r as usize) {
                *slot = Reach::Everywhere;
            }
        }
        let Some(ac) = &self.ac else {
            return out;
        };
        for m in ac.find_overlapping_iter(norm.text.as_str()) {
            let Some(owners) = self.owners.get(m.pattern().as_usize()) else {
                continue;
            };
            let Some(si) = norm.sentence_at(m.start()) else {
                continue;
            };
            if (norm.sentence_lang(si) == Lang::Zh) != zh {
                continue;
            }
            for &r in owners {
                match out.get_mut(r as usize) {
                    Some(slot @ Reach::Nowhere) => *slot = Reach::Sentences(vec![si]),
                    Some(Reach::Sentences(v)) if v.last() != Some(&si) => v.push(si),
                    _ => {}
                }
            }
        }
        out
    }
}

impl Engine {
    /// Regex matches as candidates, per sentence of the regex's languages.
    pub(super) fn regex_candidates(
        &self,
        norm: &Normalized,
        opts: &CheckOptions,
        cands: &mut Vec<Candidate>,
    ) {
        let regexes = &self.regexes;
        if regexes.patterns.is_empty() {
            return;
        }
        let n = regexes.patterns.len();
        let has = |l: Lang| norm.paragraphs.iter().any(|p| p.lang == l);
        let plain = if has(Lang::Ja) || has(Lang::En) {
            regexes.plain.reach(norm, n, false)
        } else {
            vec![Reach::Nowhere; n]
        };
        let folded = if has(Lang::Zh) {
            regexes.folded.reach(norm, n, true)
        } else {
            vec![Reach::Nowhere; n]
        };
        let all: Vec<usize> = (0..norm.sentences.len()).collect();
        for (id, &(rule_i, pat_i)) in regexes.patterns.iter().enumerate() {
            if !self.enabled(opts, rule_i as usize) {
                continue;
            }
            let Some(rule) = self.rules.rules.get(rule_i as usize) else {
                continue;
            };
            let Some(Pattern::Regex {
                plain: re_plain,
                folded: re_folded,
                ..
            }) = rule.patterns.get(pat_i as usize)
            else {
                continue;
            };
            for (reach, re, zh) in [(&plain, re_plain, false), (&folded, re_folded, true)] {
                let sentences: &[usize] = match reach.get(id) {
                    Some(Reach::Sentences(v)) => v,
                    Some(Reach::Everywhere) => &all,
                    _ => continue,
                };
                let sentences = sentences.iter().copied().filter(|&si| {
                    let lang = norm.sentence_lang(si);
                    rule.langs.contains(lang) && (lang == Lang::Zh) == zh
                });
                regex_matches(norm, rule_i, re, sentences, cands);
            }
        }
    }
}

/// Pushes a candidate for every non-empty match of `re` in `sentences`.
fn regex_matches(
    norm: &Normalized,
    rule: u32,
    re: &RuleRegex,
    sentences: impl Iterator<Item = usize>,
    cands: &mut Vec<Candidate>,
) {
    for si in sentences {
        let Some(s) = norm.sentences.get(si) else {
            continue;
        };
        let Some(re) = re.get() else {
            break;
        };
        let Some(sentence) = norm.text.get(s.range.clone()) else {
            continue;
        };
        for m in re.find_iter(sentence) {
            if m.start() == m.end() {
                continue;
            }
            let span = s.range.start + m.start()..s.range.start + m.end();
            cands.push(Candidate::new(
                rule,
                Hit {
                    span,
                    product: None,
                },
                si,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::LangDetector;

    fn prefilter(prefixes: &[&str]) -> RegexPrefilter {
        let mut b = RegexPrefilterBuilder::default();
        let lits: Vec<Vec<u8>> = prefixes.iter().map(|p| p.as_bytes().to_vec()).collect();
        b.add(0, Some(&lits));
        b.add(1, None);
        b.build().unwrap()
    }

    #[test]
    fn a_regex_reaches_only_sentences_with_its_required_literal() {
        let norm = Normalized::build(
            "必ず治ります。今日は晴れ。",
            Some(Lang::Ja),
            &LangDetector::new(),
        );
        let reach = prefilter(&["必ず"]).reach(&norm, 2, false);
        assert_eq!(reach[0], Reach::Sentences(vec![0]));
        assert_eq!(
            reach[1],
            Reach::Everywhere,
            "no required literal: every sentence"
        );
    }

    #[test]
    fn regexes_sharing_a_literal_each_reach_its_sentences() {
        let mut b = RegexPrefilterBuilder::default();
        let lits = |l: &[&str]| l.iter().map(|p| p.as_bytes().to_vec()).collect::<Vec<_>>();
        b.add(0, Some(&lits(&["必ず", "絶対"])));
        b.add(1, Some(&lits(&["必ず", "必ず"])));
        b.add(2, Some(&lits(&["晴れ"])));
        assert_eq!(
            b.literals.len(),
            3,
            "one automaton pattern per distinct literal"
        );
        let norm = Normalized::build(
            "必ず治ります。今日は晴れ。絶対に必ず。",
            Some(Lang::Ja),
            &LangDetector::new(),
        );
        let reach = b.build().unwrap().reach(&norm, 3, false);
        assert_eq!(reach[0], Reach::Sentences(vec![0, 2]));
        assert_eq!(reach[1], Reach::Sentences(vec![0, 2]));
        assert_eq!(reach[2], Reach::Sentences(vec![1]));
    }

    #[test]
    fn a_regex_whose_literal_is_absent_reaches_nowhere() {
        let norm = Normalized::build("今日は晴れ。", Some(Lang::Ja), &LangDetector::new());
        assert_eq!(
            prefilter(&["必ず"]).reach(&norm, 2, false)[0],
            Reach::Nowhere
        );
    }
}
