//! The matcher: a compiled rule set that turns normalized text into diagnostics. One module per
//! stage, in the order a document goes through them:
//!
//! ```text
//! compile (once per rule set): literals -> one automaton, regexes -> a prefilter, cues -> a second automaton
//!
//! normalized text ─► literal ─┬─► phrases ──────────────┐
//!                             ├─► co-occurrence sides ──┼─► cooccurrence ─┐
//!                             └─► triggers ─────────────┼─────────────────┼─► context ─► document ─► message
//!                ─► pattern (regexes, prefiltered) ─────┘                 │   (filter)   (required    (dedup,
//!                                                                         │               disclosures)  text)
//! ```
//! Context cues and disclosures live in the second automaton, searched with overlaps, only in
//! sentences that have a candidate, so a cue never hides a claim and a claim never hides a cue.

mod automaton;
mod compile;
mod context;
mod cooccurrence;
mod document;
mod judge;
mod literal;
mod message;
mod pattern;
mod profile;
mod windowed;

use crate::diagnostic::Diagnostic;
use crate::learned::features::{cue_bit, CueBits, CueRole};
use crate::model::Lang;
use crate::rules::RuleSet;
use crate::text::{LangDetector, Normalized, OffsetMap};
use aho_corasick::AhoCorasick;
use std::collections::HashSet;
use std::ops::Range;

pub use judge::{DocumentVoice, JudgeMode, JudgeOptions};
pub use profile::RuleProfile;
pub use windowed::{windows, WindowPart, WINDOW_BYTES};

/// Options for one check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Force every paragraph to this language instead of detecting it.
    pub lang: Option<Lang>,
    /// Which rules run (by index into the rule set); `None` runs all.
    pub enabled: Option<Vec<bool>>,
    /// How the learned judge takes part (voice gate, model findings).
    pub judge: JudgeOptions,
    /// The language the document declares (`<html lang>`): decides Han-only paragraphs that
    /// script and the rest of the document leave open (Traditional Chinese that Japanese also
    /// writes, 幹細胞療法).
    pub lang_hint: Option<Lang>,
}

/// The result of checking one text.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Findings, sorted by position, spans in the checked text.
    pub diagnostics: Vec<Diagnostic>,
    /// The language with the most text.
    pub language: Lang,
    /// What the judge said of the document's voice.
    pub voice: DocumentVoice,
}

/// A compiled rule set, ready to check any number of documents (shareable across threads).
#[derive(Debug)]
pub struct Engine {
    rules: RuleSet,
    /// Every literal of every rule (phrases, co-occurrence sides, approved indications,
    /// triggers), normalized, and what each stands for.
    literals: literal::LiteralTable,
    /// One leftmost-longest automaton over `literals`.
    literal_automaton: Option<AhoCorasick>,
    /// Context cues and disclosure terms, searched with overlaps.
    cues: context::CueIndex,
    /// Per rule, per pattern: approved indications (normalized) that do not count as the `b`
    /// side of a co-occurrence.
    approved_indications: Vec<Vec<HashSet<String>>>,
    /// Per registry product: its approved indications, normalized. A disease among them does
    /// not count against any product named in the same sentence.
    product_indications: Vec<HashSet<String>>,
    regexes: pattern::RegexPatterns,
    /// (rule, pattern) of co-occurrences with list scope.
    list_patterns: Vec<(u32, u32)>,
    /// (rule, pattern, scope) of co-occurrences with section or document scope.
    wide_patterns: Vec<(u32, u32, crate::rules::CooccurScope)>,
    detector: LangDetector,
    /// Per rule, the texts its findings share (see [`crate::diagnostic::SharedStr`]).
    texts: Vec<message::RuleTexts>,
}

/// A matched span, with the registry product it names (if any).
#[derive(Debug, Clone)]
struct Hit {
    span: Range<usize>,
    product: Option<u32>,
}

/// A place where a rule may fire, before the context filter has had its say.
#[derive(Debug, Clone)]
struct Candidate {
    rule: u32,
    hit: Hit,
    sentence: usize,
    /// The `b` term of a co-occurrence, for `{disease}`: its range in the normalized text (no
    /// copy per candidate).
    detail: Option<Range<usize>>,
    /// The disclosure groups a document rule found missing, for `{missing}` (a few per document).
    missing: Option<Box<str>>,
}

impl Candidate {
    fn new(rule: u32, hit: Hit, sentence: usize) -> Self {
        Candidate {
            rule,
            hit,
            sentence,
            detail: None,
            missing: None,
        }
    }
}

impl Engine {
    /// The rule set this engine was compiled from.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Every literal of the loaded packs, normalized (for benchmarks and debugging).
    pub fn literals(&self) -> &[String] {
        self.literals.texts()
    }

    /// Checks `text` (already decoded and extracted).
    pub fn check(&self, text: &str, opts: &CheckOptions) -> Checked {
        self.check_mapped(text, &OffsetMap::identity(text.len()), opts)
    }

    /// The text as the stages see it: normalized, in paragraphs and sentences, with languages.
    pub fn normalize(&self, extracted: &str, lang: Option<Lang>) -> Normalized {
        Normalized::build(extracted, lang, &self.detector)
    }

    /// Checks extracted text whose positions map to the file text through `to_file`. Text over
    /// [`WINDOW_BYTES`] is checked window by window (see [`windows`] and docs/robustness.md).
    pub fn check_mapped(
        &self,
        extracted: &str,
        to_file: &OffsetMap,
        opts: &CheckOptions,
    ) -> Checked {
        if extracted.len() > WINDOW_BYTES {
            return self.check_windowed(extracted, to_file, opts, WINDOW_BYTES);
        }
        let norm =
            Normalized::build_with_hint(extracted, opts.lang, opts.lang_hint, &self.detector);
        let (mut diagnostics, cues) = self.check_normalized(&norm, opts, to_file, None);
        let voice = self.judge(opts, &norm, &cues, to_file, &mut diagnostics);
        Checked {
            diagnostics,
            language: norm.dominant_lang(),
            voice,
        }
    }

    /// The judge stage (when a judge is embedded) on the diagnostics of `norm`.
    fn judge(
        &self,
        opts: &CheckOptions,
        norm: &Normalized,
        cues: &[CueBits],
        to_file: &OffsetMap,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> DocumentVoice {
        match crate::learned::Judge::embedded() {
            Some(judge) => {
                let checked = |cat: crate::model::Category, lang: Lang| {
                    self.rules.rules.iter().enumerate().any(|(i, r)| {
                        r.category == cat && r.langs.contains(lang) && self.enabled(opts, i)
                    })
                };
                judge::apply(judge, &checked, opts, norm, cues, to_file, diagnostics)
            }
            None => DocumentVoice::default(),
        }
    }

    fn enabled(&self, opts: &CheckOptions, rule: usize) -> bool {
        opts.enabled
            .as_ref()
            .is_none_or(|mask| mask.get(rule).copied().unwrap_or(true))
    }

    /// The pack's hits per sentence of `norm` (which terms, candidates and findings of which
    /// categories each sentence holds), as the judge reads them: what training needs to build the
    /// same features `check` gives the judge.
    pub fn sentence_cues(&self, norm: &Normalized, opts: &CheckOptions) -> Vec<CueBits> {
        self.check_normalized(norm, opts, &OffsetMap::identity(norm.text.len()), None)
            .1
    }

    /// The stages, in order (see the module docs). Also returns the pack's hits per sentence
    /// (the judge's cue features), recorded on the way at the cost of an OR per hit. `window`
    /// is set when `norm` is one window of a larger document: what it knows of the whole.
    fn check_normalized(
        &self,
        norm: &Normalized,
        opts: &CheckOptions,
        to_file: &OffsetMap,
        window: Option<&mut windowed::Window<'_>>,
    ) -> (Vec<Diagnostic>, Vec<CueBits>) {
        let found = self.literal_hits(norm, opts);
        let mut cues = vec![0 as CueBits; norm.sentences.len()];
        let category = |rule: u32| self.rules.rules.get(rule as usize).map(|r| r.category);
        let mark = |cues: &mut [CueBits], rule: u32, sentence: usize, role: CueRole| {
            if let (Some(c), Some(slot)) = (category(rule), cues.get_mut(sentence)) {
                *slot |= cue_bit(c, role);
            }
        };
        for c in &found.phrases {
            mark(&mut cues, c.rule, c.sentence, CueRole::Phrase);
        }
        for c in &found.triggers {
            mark(&mut cues, c.rule, c.sentence, CueRole::Trigger);
        }
        for (&(rule, _, si), sides) in &found.sides {
            if !sides.a.is_empty() {
                mark(&mut cues, rule, si, CueRole::SideA);
            }
            if !sides.b.is_empty() {
                mark(&mut cues, rule, si, CueRole::SideB);
            }
        }
        for (rule, span) in &found.shields {
            if let Some(si) = norm.sentence_at(span.start) {
                mark(&mut cues, *rule, si, CueRole::Shield);
            }
        }
        let mut candidates = found.phrases;
        self.regex_candidates(norm, opts, &mut candidates);
        let title = window.as_ref().is_none_or(|w| w.first);
        self.cooccurrence_candidates(norm, &found.sides, found.shields, title, &mut candidates);
        // Sentence by sentence (a stable sort: the message stage breaks ties by this order).
        candidates.sort_by_key(|c| c.sentence);
        let mut context = context::ContextFilter::new(self, norm);
        if let Some(w) = window.as_deref() {
            context.know_document(w.facts.cues.clone(), w.facts.regex.clone());
        }
        let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
        for c in candidates {
            mark(&mut cues, c.rule, c.sentence, CueRole::Candidate);
            if context.excuses(&c) {
                mark(&mut cues, c.rule, c.sentence, CueRole::Excused);
            } else {
                mark(&mut cues, c.rule, c.sentence, CueRole::Finding);
                kept.push(c);
            }
        }
        // Triggers keep their text order: the first of a rule's that survives is its finding.
        let triggers: Vec<Candidate> = found
            .triggers
            .into_iter()
            .filter(|c| !context.excuses(c))
            .collect();
        match window {
            Some(w) => {
                let present = &w.facts.cues;
                self.missing_disclosures(norm, triggers, Some(present), &mut w.fired, &mut kept)
            }
            None => {
                let mut fired = HashSet::new();
                self.missing_disclosures(norm, triggers, None, &mut fired, &mut kept)
            }
        }
        (self.diagnostics(norm, to_file, kept), cues)
    }

    /// Runs every rule's examples; returns one line per failure.
    pub fn test_examples(&self) -> Vec<String> {
        let mut failures = Vec::new();
        for (ri, rule) in self.rules.rules.iter().enumerate() {
            let mut mask = vec![false; self.rules.rules.len()];
            if let Some(m) = mask.get_mut(ri) {
                *m = true;
            }
            // Examples test the rule, not the learned judge.
            let opts = CheckOptions {
                lang: rule.langs.single(),
                enabled: Some(mask),
                judge: JudgeOptions::OFF,
                lang_hint: None,
            };
            for ex in &rule.examples.flag {
                let got = self.check(ex, &opts);
                if !got.diagnostics.iter().any(|d| d.rule == rule.id) {
                    failures.push(format!(
                        "{}: expected a finding in flag example: {ex}",
                        rule.id
                    ));
                }
            }
            for ex in &rule.examples.pass {
                let got = self.check(ex, &opts);
                if let Some(d) = got.diagnostics.iter().find(|d| d.rule == rule.id) {
                    let matched = ex.get(d.span.clone()).unwrap_or("");
                    failures.push(format!(
                        "{}: unexpected finding `{matched}` in pass example: {ex}",
                        rule.id
                    ));
                }
            }
        }
        failures
    }
}
