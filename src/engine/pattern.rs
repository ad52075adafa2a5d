//! Pattern stage: rule regexes, each run only in the sentences that hold one of its required
//! literals (one prefilter automaton per text variant: plain, and Chinese folded).

use super::automaton::build_automaton;
use super::{Candidate, CheckOptions, Engine, Hit};
use crate::error::Error;
use crate::model::Lang;
use crate::rules::{Pattern, Rule, RuleRegex};
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
        self.plain
            .add(id, plain.prefixes(), plain.start_literals().is_some());
        self.folded
            .add(id, folded.prefixes(), folded.start_literals().is_some());
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
    /// Per regex: its literals start every match.
    starts: Vec<bool>,
}

impl RegexPrefilterBuilder {
    fn add(&mut self, regex: u32, prefixes: Option<&[Vec<u8>]>, starts: bool) {
        let slot = regex as usize;
        if self.starts.len() <= slot {
            self.starts.resize(slot + 1, false);
        }
        if let Some(s) = self.starts.get_mut(slot) {
            *s = starts && prefixes.is_some();
        }
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
            starts: self.starts,
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
    /// Per regex: its literals start every match, so it is searched anchored where they occur.
    starts: Vec<bool>,
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
    /// A match can start only where one of its literals starts: these (sentence, position in
    /// the normalized text) pairs, sorted and distinct.
    Starts(Vec<(usize, usize)>),
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
                let starts = self.starts.get(r as usize).copied().unwrap_or(false);
                match out.get_mut(r as usize) {
                    Some(slot @ Reach::Nowhere) if starts => {
                        *slot = Reach::Starts(vec![(si, m.start())])
                    }
                    Some(slot @ Reach::Nowhere) => *slot = Reach::Sentences(vec![si]),
                    Some(Reach::Sentences(v)) if v.last() != Some(&si) => v.push(si),
                    Some(Reach::Starts(v)) => v.push((si, m.start())),
                    _ => {}
                }
            }
        }
        // Overlapping matches come in the order of their ends, not their starts.
        for reach in &mut out {
            if let Reach::Starts(v) = reach {
                v.sort_unstable();
                v.dedup();
            }
        }
        out
    }
}

/// Where one regex is searched in a document, once its reach is read for its rule's languages.
enum Searched<'a> {
    /// Whole sentences (indexes into the document's sentences).
    Sentences(&'a [usize]),
    /// Anchored at these (sentence, position) starts of its literals.
    Starts(&'a [(usize, usize)]),
    /// Nowhere.
    Nowhere,
}

/// What `reach` means for a search: `all` is every sentence of the document.
fn searched<'a>(reach: Option<&'a Reach>, all: &'a [usize]) -> Searched<'a> {
    match reach {
        Some(Reach::Sentences(v)) => Searched::Sentences(v),
        Some(Reach::Everywhere) => Searched::Sentences(all),
        Some(Reach::Starts(v)) => Searched::Starts(v),
        Some(Reach::Nowhere) | None => Searched::Nowhere,
    }
}

/// Whether sentence `si` is one a regex of `rule` is searched in, for the plain (`zh` false) or
/// the Traditional-folded (`zh` true) form of the regex: a language of the rule, and Chinese
/// sentences only for the folded form.
fn searches(norm: &Normalized, rule: &Rule, zh: bool, si: usize) -> bool {
    let lang = norm.sentence_lang(si);
    rule.langs.contains(lang) && (lang == Lang::Zh) == zh
}

impl Engine {
    /// Each regex's reach in `norm`: (plain, folded), computed only when the document has a
    /// paragraph in a language the form is for.
    fn regex_reaches(&self, norm: &Normalized) -> (Vec<Reach>, Vec<Reach>) {
        let regexes = &self.regexes;
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
        (plain, folded)
    }

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
        let (plain, folded) = self.regex_reaches(norm);
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
                let checked = |si: usize| searches(norm, rule, zh, si);
                match searched(reach.get(id), &all) {
                    Searched::Sentences(v) => {
                        let sentences = v.iter().copied().filter(|&si| checked(si));
                        regex_matches(norm, rule_i, re, sentences, cands);
                    }
                    Searched::Starts(v) => {
                        let starts = v.iter().copied().filter(|&(si, _)| checked(si));
                        anchored_matches(norm, rule_i, re, starts, cands);
                    }
                    Searched::Nowhere => {}
                }
            }
        }
    }

    /// Adds to `out` (one slot per rule) how many bytes of `norm` each rule's regexes are searched
    /// in, as [`Engine::regex_candidates`] searches them: every sentence a regex reaches, in a
    /// language of its rule, once per regex (from each start to the sentence's end for an
    /// anchored one). Exact where timings are not: a regex the prefilter cannot narrow shows as
    /// one that reads every sentence.
    pub(super) fn regex_scan_bytes(&self, norm: &Normalized, out: &mut [u64]) {
        let regexes = &self.regexes;
        if regexes.patterns.is_empty() {
            return;
        }
        let (plain, folded) = self.regex_reaches(norm);
        let all: Vec<usize> = (0..norm.sentences.len()).collect();
        let len = |si: usize| norm.sentence_text(si).len() as u64;
        for (id, &(rule_i, _)) in regexes.patterns.iter().enumerate() {
            let Some(rule) = self.rules.rules.get(rule_i as usize) else {
                continue;
            };
            let mut bytes = 0u64;
            for (reach, zh) in [(&plain, false), (&folded, true)] {
                let checked = |si: usize| searches(norm, rule, zh, si);
                bytes += match searched(reach.get(id), &all) {
                    Searched::Sentences(v) => {
                        v.iter().copied().filter(|&si| checked(si)).map(len).sum()
                    }
                    Searched::Starts(v) => v
                        .iter()
                        .filter(|&&(si, _)| checked(si))
                        .filter_map(|&(si, at)| {
                            let end = norm.sentences.get(si)?.range.end;
                            Some(end.saturating_sub(at) as u64)
                        })
                        .sum(),
                    Searched::Nowhere => 0,
                };
            }
            if let Some(slot) = out.get_mut(rule_i as usize) {
                *slot += bytes;
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
        let Some(re) = re.get() else {
            break;
        };
        let Some((start, sentence)) = sentence_of(norm, si) else {
            continue;
        };
        for m in re.find_iter(sentence) {
            if m.start() == m.end() {
                continue;
            }
            let span = start + m.start()..start + m.end();
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

/// Sentence `si` of `norm`: where it starts in the normalized text, and its text.
fn sentence_of(norm: &Normalized, si: usize) -> Option<(usize, &str)> {
    let s = norm.sentences.get(si)?;
    Some((s.range.start, norm.text.get(s.range.clone())?))
}

/// Pushes a candidate for every match of `re` that starts at one of `starts` ((sentence,
/// position), sorted), for a regex whose required literals start every match: the same matches
/// as [`regex_matches`] over those sentences (leftmost-first, non-overlapping: a match can only
/// begin where a literal does, so the leftmost match is the first anchored one), found without
/// scanning the rest of each sentence.
fn anchored_matches(
    norm: &Normalized,
    rule: u32,
    re: &RuleRegex,
    starts: impl Iterator<Item = (usize, usize)>,
    cands: &mut Vec<Candidate>,
) {
    use regex_automata::{Anchored, Input};
    // (sentence, end of its last match): a later start inside that match is no new match.
    let mut last: Option<(usize, usize)> = None;
    for (si, pos) in starts {
        if let Some((lsi, end)) = last {
            if lsi == si && pos < end {
                continue;
            }
        }
        let Some(re) = re.get() else {
            break;
        };
        let Some((start, sentence)) = sentence_of(norm, si) else {
            continue;
        };
        let Some(at) = pos.checked_sub(start).filter(|&p| p < sentence.len()) else {
            continue;
        };
        let input = Input::new(sentence).range(at..).anchored(Anchored::Yes);
        let Some(m) = re.search(&input) else {
            continue;
        };
        if m.start() == m.end() {
            continue;
        }
        last = Some((si, start + m.end()));
        cands.push(Candidate::new(
            rule,
            Hit {
                span: start + m.start()..start + m.end(),
                product: None,
            },
            si,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::LangDetector;

    fn prefilter(prefixes: &[&str]) -> RegexPrefilter {
        let mut b = RegexPrefilterBuilder::default();
        let lits: Vec<Vec<u8>> = prefixes.iter().map(|p| p.as_bytes().to_vec()).collect();
        b.add(0, Some(&lits), false);
        b.add(1, None, false);
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
        b.add(0, Some(&lits(&["必ず", "絶対"])), false);
        b.add(1, Some(&lits(&["必ず", "必ず"])), false);
        b.add(2, Some(&lits(&["晴れ"])), true);
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
        let sunny = "必ず治ります。今日は".len();
        assert_eq!(
            reach[2],
            Reach::Starts(vec![(1, sunny)]),
            "a regex its literals start: the places, not only the sentences"
        );
    }

    /// Every default-pack regex whose literals start its matches, on every rule example: the
    /// anchored search at the literals finds exactly what scanning each sentence finds.
    #[test]
    fn anchored_search_finds_what_a_sentence_scan_finds_for_every_default_regex() {
        let set = crate::load_rule_set(true, &[]).unwrap();
        let texts: Vec<String> = set
            .rules
            .iter()
            .flat_map(|r| r.examples.flag.iter().chain(&r.examples.pass).cloned())
            .collect();
        let detector = LangDetector::new();
        let (mut compared, mut matched) = (0, 0);
        for lang in [Lang::Ja, Lang::Zh, Lang::En] {
            let norms: Vec<Normalized> = texts
                .iter()
                .map(|t| Normalized::build(t, Some(lang), &detector))
                .collect();
            for (ri, rule) in set.rules.iter().enumerate() {
                for p in &rule.patterns {
                    let Pattern::Regex { plain, folded, .. } = p else {
                        continue;
                    };
                    let re = if lang == Lang::Zh { folded } else { plain };
                    let Some(lits) = re.start_literals() else {
                        continue;
                    };
                    for norm in &norms {
                        let mut starts: Vec<(usize, usize)> = lits
                            .iter()
                            // Byte literals: a prefix can end inside a character.
                            .flat_map(|l| memchr::memmem::find_iter(norm.text.as_bytes(), l))
                            .filter_map(|i| norm.sentence_at(i).map(|si| (si, i)))
                            .collect();
                        starts.sort_unstable();
                        starts.dedup();
                        let mut sentences: Vec<usize> = starts.iter().map(|s| s.0).collect();
                        sentences.dedup();
                        let (mut scan, mut anchored) = (Vec::new(), Vec::new());
                        regex_matches(norm, ri as u32, re, sentences.into_iter(), &mut scan);
                        anchored_matches(norm, ri as u32, re, starts.into_iter(), &mut anchored);
                        let spans = |c: &[Candidate]| {
                            c.iter().map(|c| c.hit.span.clone()).collect::<Vec<_>>()
                        };
                        assert_eq!(
                            spans(&scan),
                            spans(&anchored),
                            "{} on {}",
                            rule.id,
                            norm.text
                        );
                        compared += 1;
                        matched += scan.len();
                    }
                }
            }
        }
        assert!(compared > 10_000 && matched > 500, "{compared} {matched}");
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
