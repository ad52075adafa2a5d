//! Context stage: a candidate is excused when one of its rule's context entries applies (a
//! negation after it, a quoted prohibition in its sentence, news about a withdrawal anywhere in
//! the document). Cues and disclosure terms share one automaton, searched with overlaps.

use super::automaton::build_automaton;
use super::literal::whole_word;
use super::{Candidate, Engine};
use crate::error::Error;
use crate::model::Lang;
use crate::rules::{ContextEntry, Where};
use crate::text::{normalize_term, Normalized};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// The cue automaton, and which cues each rule's context entries and disclosure groups use.
#[derive(Debug)]
pub(super) struct CueIndex {
    automaton: Option<AhoCorasick>,
    /// Per rule, per exception entry: sorted cue ids.
    pub exceptions: Vec<Vec<Vec<u32>>>,
    /// Per rule with `requires`, per disclosure group: sorted cue ids.
    pub disclosures: Vec<Vec<Vec<u32>>>,
}

/// Builds a [`CueIndex`]: every cue term gets one id per normalized form.
#[derive(Default)]
pub(super) struct CueIndexBuilder {
    ids: HashMap<String, u32>,
    strings: Vec<String>,
    /// Ids already computed for a shared term list (keyed by its address).
    memo: HashMap<usize, Vec<u32>>,
    exceptions: Vec<Vec<Vec<u32>>>,
    disclosures: Vec<Vec<Vec<u32>>>,
}

impl CueIndexBuilder {
    /// Adds one rule's exception entries and disclosure groups (call once per rule, in order).
    pub fn add_rule(&mut self, exceptions: &[ContextEntry], disclosures: &[(String, Vec<String>)]) {
        let groups = disclosures
            .iter()
            .map(|(_, terms)| self.ids_for(terms))
            .collect();
        self.disclosures.push(groups);
        let entries = exceptions
            .iter()
            .map(|e| self.ids_for_shared(&e.terms))
            .collect();
        self.exceptions.push(entries);
    }

    pub fn build(self) -> Result<CueIndex, Error> {
        let automaton = build_automaton(&self.strings, MatchKind::Standard)
            .map_err(|e| Error::Usage(format!("cannot compile the rule literals: {e}")))?;
        Ok(CueIndex {
            automaton,
            exceptions: self.exceptions,
            disclosures: self.disclosures,
        })
    }

    /// [`CueIndexBuilder::ids_for`] for a context's shared term list, computed once per list.
    fn ids_for_shared(&mut self, terms: &Arc<[String]>) -> Vec<u32> {
        let key = terms.as_ptr() as usize;
        if let Some(ids) = self.memo.get(&key) {
            return ids.clone();
        }
        let ids = self.ids_for(terms);
        self.memo.insert(key, ids.clone());
        ids
    }

    /// Cue terms match in every language, so each gets its Japanese and its (folded) Chinese
    /// form.
    fn ids_for(&mut self, terms: &[String]) -> Vec<u32> {
        let mut out = Vec::new();
        for t in terms {
            for lang in [Lang::Ja, Lang::Zh] {
                let n = normalize_term(t, lang);
                if n.is_empty() {
                    continue;
                }
                let next = self.strings.len() as u32;
                let id = *self.ids.entry(n.clone()).or_insert_with(|| {
                    self.strings.push(n);
                    next
                });
                out.push(id);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

impl CueIndex {
    /// Cue hits (overlapping, whole words) in `range` of `text`.
    pub fn find(&self, text: &str, range: Range<usize>) -> Vec<(Range<usize>, u32)> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let Some(slice) = text.get(range.clone()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.find_overlapping_iter(slice) {
            let (s, e) = (range.start + m.start(), range.start + m.end());
            if whole_word(text, s, e) {
                out.push((s..e, m.pattern().as_u32()));
            }
        }
        out
    }

    /// The ids of every cue anywhere in `text`.
    pub fn ids_in(&self, text: &str) -> HashSet<u32> {
        self.find(text, 0..text.len())
            .into_iter()
            .map(|(_, id)| id)
            .collect()
    }
}

/// The context filter of one document. It remembers what it has found, so that each candidate
/// costs a look-up near its own span instead of a scan of its sentence or of the document: a
/// 100 MB file with no sentence end is one sentence with a million candidates and a million cues.
pub(super) struct ContextFilter<'a> {
    engine: &'a Engine,
    norm: &'a Normalized,
    /// The sentence the memory below is about: candidates come sentence by sentence, and what
    /// was found in one sentence is dropped when the next begins, so memory follows the largest
    /// sentence, not the number of findings in the document.
    current: Option<usize>,
    /// Per sentence: its cues.
    sentences: HashMap<usize, SentenceCues>,
    /// Cue ids found anywhere in the document.
    document: Option<HashSet<u32>>,
    /// Per (rule, exception entry): whether its regex matches anywhere in the document.
    document_regex: HashMap<(u32, usize), bool>,
    /// Per (sentence, rule, exception entry): its regex's matches in the sentence, in order.
    sentence_regex: HashMap<(usize, u32, usize), Vec<Range<usize>>>,
}

impl<'a> ContextFilter<'a> {
    pub fn new(engine: &'a Engine, norm: &'a Normalized) -> Self {
        ContextFilter {
            engine,
            norm,
            current: None,
            sentences: HashMap::new(),
            document: None,
            document_regex: HashMap::new(),
            sentence_regex: HashMap::new(),
        }
    }

    /// Takes what a whole document's windows hold ([`super::windowed`]) as what this document
    /// holds: the cue ids found anywhere, and whether each `where: document` regex matches.
    pub(super) fn know_document(&mut self, cues: HashSet<u32>, regex: HashMap<(u32, usize), bool>) {
        self.document = Some(cues);
        self.document_regex = regex;
    }

    /// Whether one of the candidate's rule's context entries applies to it. Any order of
    /// candidates gives the same answers; taking them sentence by sentence keeps memory flat.
    pub fn excuses(&mut self, c: &Candidate) -> bool {
        if self.current != Some(c.sentence) {
            self.current = Some(c.sentence);
            self.sentences.clear();
            self.sentence_regex.clear();
        }
        let engine = self.engine;
        let Some(rule) = engine.rules.rules.get(c.rule as usize) else {
            return false;
        };
        if rule.exceptions.is_empty() {
            return false;
        }
        let entry_ids = engine.cues.exceptions.get(c.rule as usize);
        if rule.exceptions.iter().any(|e| e.place == Where::Document) {
            for (ei, entry) in rule.exceptions.iter().enumerate() {
                let ids = entry_ids.and_then(|v| v.get(ei));
                if entry.place == Where::Document && self.in_document(c.rule, ei, entry, ids) {
                    return true;
                }
            }
        }
        if self.entries_excuse(c, None) {
            return true;
        }
        // A list item says what its lead-in says ("以下の方は受けられません：" over "・がんの治療中
        // の方"): the lead-in's sentence-wide entries excuse the item too, judged exactly as
        // they would judge a candidate in the lead-in.
        match self.norm.list_lead_in(c.sentence) {
            Some(lead) if lead != c.sentence => {
                let in_lead = Candidate::new(c.rule, c.hit.clone(), lead);
                self.entries_excuse(&in_lead, Some(Where::Sentence))
            }
            _ => false,
        }
    }

    /// Whether one of `c`'s rule's entries (of place `only`, or all) applies to it in its
    /// sentence, by cue term or by regex.
    fn entries_excuse(&mut self, c: &Candidate, only: Option<Where>) -> bool {
        let engine = self.engine;
        let (Some(rule), Some(sentence)) = (
            engine.rules.rules.get(c.rule as usize),
            self.norm.sentences.get(c.sentence),
        ) else {
            return false;
        };
        let text = self.norm.text.as_str();
        let range = sentence.range.clone();
        self.sentences
            .entry(c.sentence)
            .or_insert_with(|| SentenceCues::new(engine.cues.find(text, range)));
        let entry_ids = engine.cues.exceptions.get(c.rule as usize);
        for (ei, entry) in rule.exceptions.iter().enumerate() {
            if only.is_some_and(|place| place != entry.place) {
                continue;
            }
            let ids = entry_ids.and_then(|v| v.get(ei));
            if ids.is_some_and(|ids| self.cue_term_applies(c, entry, ids)) {
                return true;
            }
            if self.cue_regex_applies(c, ei, entry) {
                return true;
            }
        }
        false
    }

    /// The matches of entry `ei`'s regex in sentence `si`, found once per sentence.
    fn regex_matches(
        &mut self,
        si: usize,
        rule: u32,
        ei: usize,
        entry: &ContextEntry,
    ) -> &[Range<usize>] {
        let text = self.norm.text.as_str();
        let sentence = self.norm.sentences.get(si);
        self.sentence_regex
            .entry((si, rule, ei))
            .or_insert_with(|| {
                let (Some(re), Some(sentence)) =
                    (entry.regex.as_ref().and_then(|r| r.get()), sentence)
                else {
                    return Vec::new();
                };
                let base = sentence.range.start;
                text.get(sentence.range.clone())
                    .map(|s| {
                        re.find_iter(s)
                            .map(|m| base + m.start()..base + m.end())
                            .collect()
                    })
                    .unwrap_or_default()
            })
    }

    /// Whether a `where: document` entry's terms or regex occur anywhere in the document.
    fn in_document(
        &mut self,
        rule: u32,
        ei: usize,
        entry: &ContextEntry,
        ids: Option<&Vec<u32>>,
    ) -> bool {
        let text = self.norm.text.as_str();
        let cues = &self.engine.cues;
        let present = self.document.get_or_insert_with(|| cues.ids_in(text));
        if ids.is_some_and(|ids| ids.iter().any(|id| present.contains(id))) {
            return true;
        }
        *self.document_regex.entry((rule, ei)).or_insert_with(|| {
            entry
                .regex
                .as_ref()
                .and_then(|r| r.get())
                .is_some_and(|re| re.is_match(text))
        })
    }

    /// Whether one of the entry's cue terms stands where the entry asks, relative to `c`.
    fn cue_term_applies(&self, c: &Candidate, entry: &ContextEntry, ids: &[u32]) -> bool {
        let Some(cues) = self.sentences.get(&c.sentence) else {
            return false;
        };
        let span = &c.hit.span;
        let text = self.norm.text.as_str();
        match entry.place {
            Where::Sentence | Where::Document => ids.iter().any(|id| cues.ids.contains(id)),
            Where::Before | Where::After | Where::Clause => {
                let within = reach(entry.place, entry.within);
                cues.near(span, within).iter().any(|(r, id)| {
                    ids.binary_search(id).is_ok() && placed_ok(text, entry.place, within, r, span)
                })
            }
        }
    }

    /// Whether the entry's regex matches where the entry asks, relative to `c`.
    fn cue_regex_applies(&mut self, c: &Candidate, ei: usize, entry: &ContextEntry) -> bool {
        if entry.regex.is_none() {
            return false;
        }
        let text = self.norm.text.as_str();
        let matches = self.regex_matches(c.sentence, c.rule, ei, entry);
        let span = &c.hit.span;
        let within = reach(entry.place, entry.within);
        let placed = |r: &Range<usize>| placed_ok(text, entry.place, within, r, span);
        match entry.place {
            Where::Sentence | Where::Document => !matches.is_empty(),
            // Only matches that start within reach of the span can share its clause.
            Where::Clause => {
                let lo = span.start.saturating_sub(within.saturating_mul(4));
                let hi = span.end.saturating_add(within.saturating_mul(4));
                let from = matches.partition_point(|m| m.end < lo);
                let to = matches.partition_point(|m| m.start <= hi);
                matches
                    .get(from..to.max(from))
                    .unwrap_or_default()
                    .iter()
                    .any(placed)
            }
            // find_iter's matches do not overlap, so their starts and ends both rise: only the
            // last match starting at or before the span can cover it, the last ending before it
            // is the closest before, the first starting after it the closest after.
            Where::Before | Where::After => {
                let covering = matches.partition_point(|m| m.start <= span.start);
                let before = matches.partition_point(|m| m.end <= span.start);
                let after = matches.partition_point(|m| m.start < span.end);
                [covering.checked_sub(1), before.checked_sub(1), Some(after)]
                    .into_iter()
                    .flatten()
                    .filter_map(|i| matches.get(i))
                    .any(placed)
            }
        }
    }
}

/// The cue hits of one sentence, sorted by start.
struct SentenceCues {
    hits: Vec<(Range<usize>, u32)>,
    ids: HashSet<u32>,
    /// Byte length of the longest hit.
    longest: usize,
}

impl SentenceCues {
    fn new(mut hits: Vec<(Range<usize>, u32)>) -> Self {
        hits.sort_by_key(|(r, id)| (r.start, r.end, *id));
        SentenceCues {
            ids: hits.iter().map(|(_, id)| *id).collect(),
            longest: hits.iter().map(|(r, _)| r.len()).max().unwrap_or(0),
            hits,
        }
    }

    /// The hits that can stand `before` or `after` `span` within `within` characters, or cover
    /// it: a character is at most 4 bytes, and a hit is at most `longest` bytes long.
    fn near(&self, span: &Range<usize>, within: usize) -> &[(Range<usize>, u32)] {
        let reach = within.saturating_mul(4);
        let lo = span
            .start
            .saturating_sub(reach.saturating_add(self.longest));
        let hi = span.end.saturating_add(reach);
        let from = self.hits.partition_point(|(r, _)| r.start < lo);
        let to = self.hits.partition_point(|(r, _)| r.start <= hi);
        self.hits.get(from..to.max(from)).unwrap_or_default()
    }
}

/// The longest clause, in characters, a `where: clause` cue is looked for in: bounds the work
/// per candidate on a page with no punctuation.
const CLAUSE_MAX_CHARS: usize = 120;

/// How far, in characters, a cue of `place` may stand from the match.
fn reach(place: Where, within: usize) -> usize {
    match place {
        Where::Clause => CLAUSE_MAX_CHARS,
        _ => within,
    }
}

/// Conjunctions that start a new clause: a negation before one does not reach past it.
const CLAUSE_WORDS_LATIN: &[&str] = &["but", "however", "although", "though", "yet", "whereas"];
const CLAUSE_WORDS_CJK: &[&str] = &[
    "但",
    "可是",
    "然而",
    "不过",
    "不過",
    "しかし",
    "ただし",
    "けれど",
    "ですが",
    "が、",
    "ものの",
];

/// Whether `gap` (the text between a cue and a match) holds no clause boundary: no `，,;；：:`
/// and no conjunction ("but", "但", "しかし", "が、"). Negation governs its own clause only:
/// "not a miracle cure, but 82% improved" does not negate "82% improved". `、` alone is not a
/// boundary: in Chinese it joins the items of a list, which one cue governs together
/// ("彷彿無所不能、包治百病").
fn same_clause(gap: &str) -> bool {
    if gap.contains([',', '，', ';', '；', ':', '：', '﹐']) {
        return false;
    }
    if CLAUSE_WORDS_CJK.iter().any(|w| gap.contains(w)) {
        return false;
    }
    !gap.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| CLAUSE_WORDS_LATIN.contains(&w))
}

/// Whether a cue at `cue` stands where `place` asks relative to the match at `span`: on the
/// asked side, within `within` characters, and in the match's clause.
fn placed_ok(
    text: &str,
    place: Where,
    within: usize,
    cue: &Range<usize>,
    span: &Range<usize>,
) -> bool {
    let chars = |r: Range<usize>| text.get(r).map(|s| s.chars().count()).unwrap_or(usize::MAX);
    // A cue that covers the whole match and more is a negated form of it ("不能根治",
    // "治るわけではありません"); a cue that only overlaps one end is not.
    let covers = cue.start <= span.start && cue.end >= span.end && cue.len() > span.len();
    let gap_ok =
        |gap: Range<usize>| chars(gap.clone()) <= within && text.get(gap).is_some_and(same_clause);
    let before = || cue.end <= span.start && gap_ok(cue.end..span.start);
    let after = || cue.start >= span.end && gap_ok(span.end..cue.start);
    match place {
        Where::Sentence | Where::Document => true,
        Where::Before => covers || before(),
        Where::After => covers || after(),
        Where::Clause => covers || before() || after(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_after_cue_counts_within_its_distance_in_characters() {
        let text = "完治しません";
        let span = 0.."完治".len();
        let cue = "完治し".len()..text.len();
        assert!(placed_ok(text, Where::After, 1, &cue, &span));
        assert!(!placed_ok(text, Where::After, 0, &cue, &span));
        assert!(!placed_ok(text, Where::Before, 10, &cue, &span));
    }

    #[test]
    fn a_cue_covering_the_match_counts_before_and_after() {
        let text = "不能根治";
        let span = "不能".len()..text.len();
        let cue = 0..text.len();
        assert!(placed_ok(text, Where::Before, 0, &cue, &span));
        assert!(placed_ok(text, Where::After, 0, &cue, &span));
    }

    #[test]
    fn a_cue_does_not_reach_past_a_clause_boundary() {
        let text = "not a miracle, but 82% improved";
        let cue = 0..3;
        let span = text.find("82%").unwrap_or(0)..text.len();
        assert!(!placed_ok(text, Where::Before, 40, &cue, &span));
        assert!(!placed_ok(text, Where::Clause, 120, &cue, &span));
        let plain = "not that 82% improved";
        let span = plain.find("82%").unwrap_or(0)..plain.len();
        assert!(placed_ok(plain, Where::Clause, 120, &cue, &span));
        assert!(same_clause(" true that "));
        assert!(!same_clause(" a cure but "));
        assert!(!same_clause("治りません、しかし"));
        assert!(same_clause("無所不能、"), "a list, not a clause");
        assert!(same_clause(" butter "), "a word, not a conjunction");
    }

    #[test]
    fn near_returns_only_hits_that_can_reach_the_span() {
        let cues = SentenceCues::new(vec![(0..3, 1), (100..103, 2), (1000..1003, 3)]);
        let near: Vec<u32> = cues
            .near(&(104..110), 5)
            .iter()
            .map(|(_, id)| *id)
            .collect();
        assert_eq!(near, vec![2]);
    }

    #[test]
    fn cue_terms_get_one_id_per_normalized_form() {
        let mut b = CueIndexBuilder::default();
        let ids = b.ids_for(&["禁止".to_string(), "禁止".to_string()]);
        assert_eq!(ids.len(), 1, "the same term twice is one cue");
        let folded = b.ids_for(&["療法".to_string()]);
        assert_eq!(folded.len(), 2, "Japanese and folded Chinese forms");
    }
}
