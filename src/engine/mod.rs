//! The matcher: one leftmost-longest automaton over every literal of every loaded pack, regexes
//! behind a set prefilter, co-occurrence per sentence, context filters, and document rules.
//!
//! ```text
//! normalized text ─► literal hits (one DFA) ─┬─► phrases ──────────┐
//!                 ─► regex hits (prefiltered)┤                      ├─► context filter ─► diagnostics
//!                                            ├─► co-occurrence ─────┘
//!                                            └─► triggers ─► document rules (required disclosures)
//! ```
//! Context cues and disclosures live in a second automaton searched with overlaps, only in
//! sentences that have a candidate, so a cue never hides a claim and a claim never hides a cue.

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::model::{Lang, LangSet};
use crate::rules::{CooccurScope, Pattern, Rule, RuleSet, Where};
use crate::text::{normalize_term, LangDetector, Normalized, OffsetMap};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// What a literal stands for in a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Phrase,
    A(u32),
    B(u32),
    Trigger,
}

#[derive(Debug, Clone, Copy)]
struct Owner {
    rule: u32,
    role: Role,
    langs: LangSet,
    product: Option<u32>,
}

/// Options for one check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Force every paragraph to this language instead of detecting it.
    pub lang: Option<Lang>,
    /// Which rules run (by index into the rule set); `None` runs all.
    pub enabled: Option<Vec<bool>>,
}

/// The result of checking one text.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Findings, sorted by position, spans in the checked text.
    pub diagnostics: Vec<Diagnostic>,
    /// The language with the most text.
    pub language: Lang,
}

/// A compiled rule set, ready to check any number of documents (shareable across threads).
#[derive(Debug)]
pub struct Engine {
    rules: RuleSet,
    claims: Option<AhoCorasick>,
    claim_literals: Vec<String>,
    owners: Vec<Vec<Owner>>,
    /// Per literal: other literals inside it (byte offset, literal id). Leftmost-longest matching
    /// reports only the longest literal at a place; these restore the shorter ones it covers, so
    /// "脐带干细胞" in one rule does not hide "干细胞" in another.
    contained: Vec<Vec<(u32, u32)>>,
    cues: Option<AhoCorasick>,
    /// Per rule, per exception entry: sorted cue ids.
    exception_cues: Vec<Vec<Vec<u32>>>,
    /// Per rule with `requires`, per group: sorted cue ids.
    disclosure_cues: Vec<Vec<Vec<u32>>>,
    /// Per rule, per cooccur pattern: normalized `b` terms that do not count.
    b_except: Vec<Vec<HashSet<String>>>,
    /// Per registry product: its approved indications, normalized. A disease among them does
    /// not count against any product named in the same sentence.
    product_excepts: Vec<HashSet<String>>,
    regexes: Vec<(u32, u32)>,
    /// (rule, pattern) of co-occurrences with list scope.
    list_patterns: Vec<(u32, u32)>,
    regex_pre_plain: RegexPrefilter,
    regex_pre_folded: RegexPrefilter,
    detector: LangDetector,
}

struct CueTable {
    ids: HashMap<String, u32>,
    strings: Vec<String>,
    /// Ids already computed for a shared term list (keyed by its address).
    memo: HashMap<usize, Vec<u32>>,
}

impl CueTable {
    /// [`CueTable::ids_for`] for a context's shared term list, computed once per list.
    fn ids_for_shared(&mut self, terms: &std::sync::Arc<[String]>) -> Vec<u32> {
        let key = terms.as_ptr() as usize;
        if let Some(ids) = self.memo.get(&key) {
            return ids.clone();
        }
        let ids = self.ids_for(terms);
        self.memo.insert(key, ids.clone());
        ids
    }

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

fn build_automaton(
    patterns: &[String],
    kind: MatchKind,
    dfa: bool,
) -> Result<Option<AhoCorasick>, Error> {
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
        .map_err(|e| Error::Usage(format!("cannot compile the rule literals: {e}")))
}

/// How to compile an [`Engine`].
#[derive(Debug, Clone, Copy)]
pub struct EngineOptions {
    /// Build the literal automaton as a DFA: ~540 MB/s against ~200–330 MB/s for the
    /// contiguous NFA, but ~30 ms to build for the default pack against ~8 ms. Worth it for
    /// batch runs, not for one small file.
    pub dfa: bool,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions { dfa: true }
    }
}

impl Engine {
    /// Compiles a rule set for throughput (see [`EngineOptions`]).
    pub fn new(rules: RuleSet) -> Result<Self, Error> {
        Self::with_options(rules, EngineOptions::default())
    }

    /// Compiles a rule set.
    pub fn with_options(rules: RuleSet, options: EngineOptions) -> Result<Self, Error> {
        let mut literal_ids: HashMap<String, usize> = HashMap::new();
        let mut claim_literals: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut add =
            |text: &str, rule: usize, role: Role, langs: LangSet, product: Option<usize>| {
                // One normalized variant per language the rule runs in (Chinese text is folded).
                let mut variants: Vec<(String, LangSet)> = Vec::new();
                for lang in langs.langs() {
                    let n = normalize_term(text, lang);
                    if n.is_empty() {
                        continue;
                    }
                    match variants.iter_mut().find(|(v, _)| *v == n) {
                        Some((_, set)) => *set = set.with(lang),
                        None => variants.push((n, LangSet::default().with(lang))),
                    }
                }
                for (n, set) in variants {
                    let id = *literal_ids.entry(n.clone()).or_insert_with(|| {
                        claim_literals.push(n);
                        owners.push(Vec::new());
                        claim_literals.len() - 1
                    });
                    let owner = Owner {
                        rule: rule as u32,
                        role,
                        langs: set,
                        product: product.map(|p| p as u32),
                    };
                    if let Some(list) = owners.get_mut(id) {
                        list.push(owner);
                    }
                }
            };
        let mut regexes = Vec::new();
        let mut list_patterns: Vec<(u32, u32)> = Vec::new();
        let mut plain_pre = RegexPrefilterBuilder::default();
        let mut folded_pre = RegexPrefilterBuilder::default();
        let mut cue_table = CueTable {
            ids: HashMap::new(),
            strings: Vec::new(),
            memo: HashMap::new(),
        };
        let mut exception_cues = Vec::with_capacity(rules.rules.len());
        let mut disclosure_cues = Vec::with_capacity(rules.rules.len());
        let mut b_except = Vec::with_capacity(rules.rules.len());
        for (ri, rule) in rules.rules.iter().enumerate() {
            let mut excepts = Vec::new();
            for (pi, p) in rule.patterns.iter().enumerate() {
                match p {
                    Pattern::Literal(t) => add(&t.text, ri, Role::Phrase, rule.langs, t.product),
                    Pattern::Regex { plain, folded, .. } => {
                        let id = regexes.len() as u32;
                        regexes.push((ri as u32, pi as u32));
                        plain_pre.add(id, plain.prefixes());
                        folded_pre.add(id, folded.prefixes());
                    }
                    Pattern::Cooccur {
                        a,
                        b,
                        b_except: ex,
                        scope,
                    } => {
                        if *scope == CooccurScope::List {
                            list_patterns.push((ri as u32, pi as u32));
                        }
                        let mut shielded: HashSet<usize> = HashSet::new();
                        for t in a {
                            add(&t.text, ri, Role::A(pi as u32), rule.langs, t.product);
                            // A product's indications shield the diseases inside them too.
                            if let Some(p) = t.product.filter(|p| shielded.insert(*p)) {
                                for ind in rules.products.get(p).map_or(&[][..], |p| &p.indications)
                                {
                                    add(ind, ri, Role::B(u32::MAX), rule.langs, None);
                                }
                            }
                        }
                        for t in b {
                            add(&t.text, ri, Role::B(pi as u32), rule.langs, t.product);
                        }
                        // Approved indications are literals too, so that the longest match
                        // ("重症心不全") shields the disease term inside it ("心不全").
                        for t in ex {
                            add(t, ri, Role::B(u32::MAX), rule.langs, None);
                        }
                        let set: HashSet<String> = ex
                            .iter()
                            .flat_map(|t| {
                                [normalize_term(t, Lang::Ja), normalize_term(t, Lang::Zh)]
                            })
                            .collect();
                        excepts.push(set);
                        continue;
                    }
                }
                excepts.push(HashSet::new());
            }
            b_except.push(excepts);
            if let Some(req) = &rule.requires {
                for t in &req.trigger {
                    add(&t.text, ri, Role::Trigger, rule.langs, t.product);
                }
                disclosure_cues.push(
                    req.disclose
                        .iter()
                        .map(|(_, terms)| cue_table.ids_for(terms))
                        .collect(),
                );
            } else {
                disclosure_cues.push(Vec::new());
            }
            exception_cues.push(
                rule.exceptions
                    .iter()
                    .map(|e| cue_table.ids_for_shared(&e.terms))
                    .collect(),
            );
        }
        let product_excepts = rules
            .products
            .iter()
            .map(|p| {
                p.indications
                    .iter()
                    .flat_map(|t| [normalize_term(t, Lang::Ja), normalize_term(t, Lang::Zh)])
                    .collect()
            })
            .collect();
        let claims = build_automaton(&claim_literals, MatchKind::LeftmostLongest, options.dfa)?;
        let contained = contained_literals(&claim_literals)?;
        let cues = build_automaton(&cue_table.strings, MatchKind::Standard, options.dfa)?;
        Ok(Engine {
            regex_pre_plain: plain_pre.build(options.dfa)?,
            regex_pre_folded: folded_pre.build(options.dfa)?,
            rules,
            claims,
            claim_literals,
            owners,
            contained,
            cues,
            exception_cues,
            disclosure_cues,
            b_except,
            product_excepts,
            regexes,
            list_patterns,
            detector: LangDetector::new(),
        })
    }

    /// The rule set this engine was compiled from.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Every literal of the loaded packs, normalized (for benchmarks and debugging).
    pub fn literals(&self) -> &[String] {
        &self.claim_literals
    }

    /// Checks `text` (already decoded and extracted).
    pub fn check(&self, text: &str, opts: &CheckOptions) -> Checked {
        let norm = Normalized::build(text, opts.lang, &self.detector);
        let diagnostics = self.check_normalized(&norm, opts, &OffsetMap::identity(text.len()));
        Checked {
            diagnostics,
            language: norm.dominant_lang(),
        }
    }

    /// Checks extracted text whose positions map to the file text through `to_file`.
    pub fn check_mapped(
        &self,
        extracted: &str,
        to_file: &OffsetMap,
        opts: &CheckOptions,
    ) -> Checked {
        let norm = Normalized::build(extracted, opts.lang, &self.detector);
        let diagnostics = self.check_normalized(&norm, opts, to_file);
        Checked {
            diagnostics,
            language: norm.dominant_lang(),
        }
    }

    fn enabled(&self, opts: &CheckOptions, rule: usize) -> bool {
        opts.enabled
            .as_ref()
            .is_none_or(|mask| mask.get(rule).copied().unwrap_or(true))
    }

    fn check_normalized(
        &self,
        norm: &Normalized,
        opts: &CheckOptions,
        to_file: &OffsetMap,
    ) -> Vec<Diagnostic> {
        let text = norm.text.as_str();
        let mut cands: Vec<Candidate> = Vec::new();
        // (rule, pattern, sentence) -> A hits and B hits.
        let mut pairs: HashMap<PairKey, (Vec<Hit>, Vec<Hit>)> = HashMap::new();
        let mut triggers: Vec<Candidate> = Vec::new();

        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        // Approved indications matched for a co-occurrence rule: disease terms inside them do
        // not count ("重症心不全" shields "心不全").
        let mut shields: Vec<(u32, Range<usize>)> = Vec::new();
        if let Some(ac) = &self.claims {
            for m in ac.find_iter(text) {
                hits.push((m.start(), m.end(), m.pattern().as_usize()));
                if let Some(inner) = self.contained.get(m.pattern().as_usize()) {
                    for &(off, id) in inner {
                        let start = m.start() + off as usize;
                        let len = self.claim_literals.get(id as usize).map_or(0, String::len);
                        hits.push((start, start + len, id as usize));
                    }
                }
            }
        }
        {
            for (start, end, pattern) in hits {
                if !whole_word(text, start, end) {
                    continue;
                }
                let Some(si) = norm.sentence_at(start) else {
                    continue;
                };
                let lang = norm.sentence_lang(si);
                let Some(list) = self.owners.get(pattern) else {
                    continue;
                };
                for o in list {
                    if !o.langs.contains(lang) || !self.enabled(opts, o.rule as usize) {
                        continue;
                    }
                    let hit = Hit {
                        span: start..end,
                        product: o.product,
                    };
                    match o.role {
                        Role::Phrase => cands.push(Candidate::new(o.rule, hit, si)),
                        Role::Trigger => triggers.push(Candidate::new(o.rule, hit, si)),
                        Role::A(p) => pairs.entry((o.rule, p, si)).or_default().0.push(hit),
                        Role::B(p) if p != u32::MAX => {
                            pairs.entry((o.rule, p, si)).or_default().1.push(hit)
                        }
                        Role::B(_) => shields.push((o.rule, start..end)),
                    }
                }
            }
        }

        self.regex_candidates(norm, opts, &mut cands);

        // Co-occurrence: the first `a` term with its nearest `b` term.
        let mut pair_keys: Vec<_> = pairs.keys().copied().collect();
        pair_keys.sort_unstable();
        // A disease that is the approved use of any product named in the same sentence is that
        // product's lawful mention, not an off-label promotion of another ("TEMCELL for GVHD, and
        // Stemirac for spinal cord injury").
        let mut sentence_excepts: HashMap<(u32, usize), HashSet<&str>> = HashMap::new();
        for &(rule, pat, si) in &pair_keys {
            let has_a = pairs
                .get(&(rule, pat, si))
                .is_some_and(|(a, _)| !a.is_empty());
            let except = self
                .b_except
                .get(rule as usize)
                .and_then(|v| v.get(pat as usize));
            if let (true, Some(set)) = (has_a, except) {
                if !set.is_empty() {
                    sentence_excepts
                        .entry((rule, si))
                        .or_default()
                        .extend(set.iter().map(String::as_str));
                }
            }
            let products = pairs
                .get(&(rule, pat, si))
                .into_iter()
                .flat_map(|(a, _)| a.iter().filter_map(|h| h.product));
            for p in products {
                if let Some(set) = self.product_excepts.get(p as usize) {
                    sentence_excepts
                        .entry((rule, si))
                        .or_default()
                        .extend(set.iter().map(String::as_str));
                }
            }
        }
        self.list_candidates(norm, &pairs, &mut cands);
        let shields = Shields::new(shields);
        for key in pair_keys {
            let Some((a_hits, b_hits)) = pairs.get(&key) else {
                continue;
            };
            let (rule, pat, si) = key;
            if self.list_patterns.contains(&(rule, pat)) {
                continue;
            }
            let except = self
                .b_except
                .get(rule as usize)
                .and_then(|v| v.get(pat as usize));
            let b_hits: Vec<&Hit> = b_hits
                .iter()
                .filter(|b| {
                    let t = text.get(b.span.clone()).unwrap_or("");
                    !except.is_some_and(|set| set.contains(t))
                        && !shielded(&shields, rule, &b.span)
                        && !sentence_excepts
                            .get(&(rule, si))
                            .is_some_and(|set| set.contains(t))
                })
                .collect();
            let mut best: Option<(&Hit, &Hit, usize)> = None;
            for a in a_hits {
                for b in &b_hits {
                    if a.span.start < b.span.end && b.span.start < a.span.end {
                        continue;
                    }
                    let dist = if a.span.end <= b.span.start {
                        b.span.start - a.span.end
                    } else {
                        a.span.start - b.span.end
                    };
                    if best.is_none_or(|(_, _, d)| dist < d) {
                        best = Some((a, b, dist));
                    }
                }
                if best.is_some() {
                    break;
                }
            }
            if let Some((a, b, _)) = best {
                let span = a.span.start.min(b.span.start)..a.span.end.max(b.span.end);
                let mut c = Candidate::new(
                    rule,
                    Hit {
                        span,
                        product: a.product,
                    },
                    si,
                );
                c.detail = text.get(b.span.clone()).map(str::to_string);
                cands.push(c);
            }
        }

        let mut cue_cache = CueCache::default();
        let mut kept: Vec<Candidate> = cands
            .into_iter()
            .filter(|c| !self.suppressed(norm, c, &mut cue_cache))
            .collect();

        // Document rules: one diagnostic at the first trigger when a disclosure group is missing.
        let triggers: Vec<Candidate> = triggers
            .into_iter()
            .filter(|c| !self.suppressed(norm, c, &mut cue_cache))
            .collect();
        if !triggers.is_empty() {
            let present = self.cues_in(text, 0..text.len());
            let present: HashSet<u32> = present.into_iter().map(|(_, id)| id).collect();
            let mut done: HashSet<u32> = HashSet::new();
            for t in triggers {
                if !done.insert(t.rule) {
                    continue;
                }
                let Some(rule) = self.rules.rules.get(t.rule as usize) else {
                    continue;
                };
                let Some(req) = &rule.requires else { continue };
                let groups = self.disclosure_cues.get(t.rule as usize);
                let missing: Vec<&str> = req
                    .disclose
                    .iter()
                    .enumerate()
                    .filter(|(gi, _)| {
                        !groups
                            .and_then(|g| g.get(*gi))
                            .is_some_and(|ids| ids.iter().any(|id| present.contains(id)))
                    })
                    .map(|(_, (name, _))| name.as_str())
                    .collect();
                if !missing.is_empty() {
                    let mut c = t.clone();
                    c.missing = Some(missing.join(", "));
                    kept.push(c);
                }
            }
        }

        // One diagnostic per rule and place: drop a candidate inside another of the same rule.
        kept.sort_by(|x, y| {
            (x.hit.span.start, std::cmp::Reverse(x.hit.span.end), x.rule).cmp(&(
                y.hit.span.start,
                std::cmp::Reverse(y.hit.span.end),
                y.rule,
            ))
        });
        let mut out: Vec<Diagnostic> = Vec::with_capacity(kept.len());
        let mut last_end: HashMap<u32, usize> = HashMap::new();
        for c in kept {
            if last_end.get(&c.rule).is_some_and(|&e| c.hit.span.end <= e) {
                continue;
            }
            last_end.insert(c.rule, c.hit.span.end);
            if let Some(d) = self.diagnostic(norm, to_file, &c) {
                out.push(d);
            }
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        out
    }

    /// List-scope co-occurrences: a term of `a` in a lead-in line ending with a colon (or in
    /// one of the few lines above it) and a term of `b` in one of the short lines that follow.
    fn list_candidates(
        &self,
        norm: &Normalized,
        pairs: &HashMap<PairKey, (Vec<Hit>, Vec<Hit>)>,
        cands: &mut Vec<Candidate>,
    ) {
        const MAX_ITEMS: usize = 20;
        const MAX_LOOKBACK: usize = 6;
        const MAX_ITEM_CHARS: usize = 40;
        for &(rule, pat) in &self.list_patterns {
            for (si, s) in norm.sentences.iter().enumerate() {
                let text = norm.text.get(s.range.clone()).unwrap_or("");
                if !text.trim_end().ends_with(':') {
                    continue;
                }
                let lang = norm.sentence_lang(si);
                // The therapy may be named in the lead-in or in the lines just above it (a
                // heading, an introduction).
                let a_hit = (si.saturating_sub(MAX_LOOKBACK)..=si)
                    .rev()
                    .find_map(|sk| pairs.get(&(rule, pat, sk)).and_then(|(a, _)| a.first()));
                let Some(a) = a_hit else {
                    continue;
                };
                let mut found: Option<&Hit> = None;
                for sj in si + 1..(si + 1 + MAX_ITEMS).min(norm.sentences.len()) {
                    let Some(item) = norm.sentences.get(sj) else {
                        break;
                    };
                    let item_text = norm.text.get(item.range.clone()).unwrap_or("");
                    if norm.sentence_lang(sj) != lang && norm.sentence_lang(sj) != Lang::Other {
                        break;
                    }
                    if item_text.chars().count() > MAX_ITEM_CHARS {
                        break;
                    }
                    if let Some(b) = pairs.get(&(rule, pat, sj)).and_then(|(_, b)| b.first()) {
                        found = Some(b);
                        break;
                    }
                }
                if let Some(b) = found {
                    let mut c = Candidate::new(
                        rule,
                        Hit {
                            span: a.span.start..b.span.end,
                            product: a.product,
                        },
                        si,
                    );
                    c.detail = norm.text.get(b.span.clone()).map(str::to_string);
                    cands.push(c);
                }
            }
        }
    }

    fn regex_candidates(&self, norm: &Normalized, opts: &CheckOptions, cands: &mut Vec<Candidate>) {
        if self.regexes.is_empty() {
            return;
        }
        // Per regex, the sentences holding one of its required literals: a regex runs only
        // there (or on every sentence of its languages when it has no required literal).
        let n = self.regexes.len();
        let has = |l: Lang| norm.paragraphs.iter().any(|p| p.lang == l);
        let plain = if has(Lang::Ja) || has(Lang::En) {
            self.regex_pre_plain.sentences(norm, n, false)
        } else {
            vec![Where_::Nowhere; n]
        };
        let folded = if has(Lang::Zh) {
            self.regex_pre_folded.sentences(norm, n, true)
        } else {
            vec![Where_::Nowhere; n]
        };
        let all: Vec<usize> = (0..norm.sentences.len()).collect();
        for (ri_idx, &(rule_i, pat_i)) in self.regexes.iter().enumerate() {
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
            for (variant, re) in [(&plain, re_plain), (&folded, re_folded)] {
                let sentences: &[usize] = match variant.get(ri_idx) {
                    Some(Where_::Sentences(v)) => v,
                    Some(Where_::Everywhere) => &all,
                    _ => continue,
                };
                let want_zh = std::ptr::eq(variant, &folded);
                for &si in sentences {
                    let lang = norm.sentence_lang(si);
                    if !rule.langs.contains(lang) || (lang == Lang::Zh) != want_zh {
                        continue;
                    }
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
                            rule_i,
                            Hit {
                                span,
                                product: None,
                            },
                            si,
                        ));
                    }
                }
            }
        }
    }

    /// Cue hits (overlapping) in `range` of `text`.
    fn cues_in(&self, text: &str, range: Range<usize>) -> Vec<(Range<usize>, u32)> {
        let Some(ac) = &self.cues else {
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

    fn suppressed(&self, norm: &Normalized, c: &Candidate, cache: &mut CueCache) -> bool {
        let Some(rule) = self.rules.rules.get(c.rule as usize) else {
            return false;
        };
        if rule.exceptions.is_empty() {
            return false;
        }
        let Some(sentence) = norm.sentences.get(c.sentence) else {
            return false;
        };
        let text = norm.text.as_str();
        let entry_ids = self.exception_cues.get(c.rule as usize);
        if rule.exceptions.iter().any(|e| e.place == Where::Document) {
            let present = cache.document.get_or_insert_with(|| {
                self.cues_in(text, 0..text.len())
                    .into_iter()
                    .map(|(_, id)| id)
                    .collect()
            });
            for (ei, entry) in rule.exceptions.iter().enumerate() {
                if entry.place != Where::Document {
                    continue;
                }
                let ids = entry_ids.and_then(|v| v.get(ei));
                if ids.is_some_and(|ids| ids.iter().any(|id| present.contains(id))) {
                    return true;
                }
                let matched = *cache.document_regex.entry((c.rule, ei)).or_insert_with(|| {
                    entry
                        .regex
                        .as_ref()
                        .and_then(|r| r.get())
                        .is_some_and(|re| re.is_match(text))
                });
                if matched {
                    return true;
                }
            }
        }
        let cues = cache
            .sentences
            .entry(c.sentence)
            .or_insert_with(|| SentenceCues::new(self.cues_in(text, sentence.range.clone())));
        let span = &c.hit.span;
        for (ei, entry) in rule.exceptions.iter().enumerate() {
            let placed = |cue: &Range<usize>| placed_ok(text, entry.place, entry.within, cue, span);
            if let Some(ids) = entry_ids.and_then(|v| v.get(ei)) {
                let found = match entry.place {
                    Where::Sentence | Where::Document => ids.iter().any(|id| cues.ids.contains(id)),
                    Where::Before | Where::After => cues
                        .near(span, entry.within)
                        .iter()
                        .any(|(r, id)| ids.binary_search(id).is_ok() && placed(r)),
                };
                if found {
                    return true;
                }
            }
            if let Some(re) = entry.regex.as_ref().and_then(|r| r.get()) {
                let matches = cache
                    .sentence_regex
                    .entry((c.sentence, c.rule, ei))
                    .or_insert_with(|| {
                        let base = sentence.range.start;
                        text.get(sentence.range.clone())
                            .map(|s| {
                                re.find_iter(s)
                                    .map(|m| base + m.start()..base + m.end())
                                    .collect()
                            })
                            .unwrap_or_default()
                    });
                let found = match entry.place {
                    Where::Sentence | Where::Document => !matches.is_empty(),
                    // find_iter's matches do not overlap, so their starts and ends both rise: only
                    // the last match starting at or before the span can cover it, the last ending
                    // before it is the closest before, the first starting after it the closest
                    // after.
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
                };
                if found {
                    return true;
                }
            }
        }
        false
    }

    fn diagnostic(
        &self,
        norm: &Normalized,
        to_file: &OffsetMap,
        c: &Candidate,
    ) -> Option<Diagnostic> {
        let rule = self.rules.rules.get(c.rule as usize)?;
        let span = to_file.map_span(norm.map.map_span(c.hit.span.clone()));
        let mut message = self.fill(rule, c);
        if let Some(missing) = &c.missing {
            if !rule.message.contains("{missing}") {
                message = format!("{message} (missing: {missing})");
            }
        }
        Some(Diagnostic {
            rule: rule.id.clone(),
            category: rule.category,
            severity: rule.severity,
            message,
            span,
            suggestion: rule.suggestion.as_ref().map(|s| self.fill_str(s, rule, c)),
            references: rule.references.clone(),
            codes: rule.codes.clone(),
        })
    }

    fn fill(&self, rule: &Rule, c: &Candidate) -> String {
        self.fill_str(&rule.message, rule, c)
    }

    fn fill_str(&self, template: &str, _rule: &Rule, c: &Candidate) -> String {
        if !template.contains('{') {
            return template.to_string();
        }
        let product = c
            .hit
            .product
            .and_then(|p| self.rules.products.get(p as usize));
        let mut s = template.to_string();
        let none = "-";
        if let Some(p) = product {
            s = s
                .replace(
                    "{product}",
                    p.names.first().map(String::as_str).unwrap_or(none),
                )
                .replace(
                    "{status}",
                    match p.status {
                        crate::rules::ProductStatus::Approved => "approved",
                        crate::rules::ProductStatus::Conditional => "conditional, time-limited",
                        crate::rules::ProductStatus::Withdrawn => "withdrawn",
                    },
                )
                .replace("{approved}", p.approved.as_deref().unwrap_or(none))
                .replace("{until}", p.until.as_deref().unwrap_or(none))
                .replace("{withdrawn}", p.withdrawn.as_deref().unwrap_or(none))
                .replace("{indications}", &p.indications.join(", "));
        }
        if let Some(d) = &c.detail {
            s = s.replace("{disease}", d);
        }
        if let Some(m) = &c.missing {
            s = s.replace("{missing}", m);
        }
        s
    }

    /// Runs every rule's examples; returns one line per failure.
    pub fn test_examples(&self) -> Vec<String> {
        let mut failures = Vec::new();
        for (ri, rule) in self.rules.rules.iter().enumerate() {
            let mut mask = vec![false; self.rules.rules.len()];
            if let Some(m) = mask.get_mut(ri) {
                *m = true;
            }
            let opts = CheckOptions {
                lang: rule.langs.single(),
                enabled: Some(mask),
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

/// Which regexes a document can match: one automaton over every regex's required prefixes.
#[derive(Debug, Default)]
struct RegexPrefilterBuilder {
    literals: Vec<Vec<u8>>,
    owners: Vec<u32>,
    always: Vec<u32>,
}

impl RegexPrefilterBuilder {
    fn add(&mut self, regex: u32, prefixes: Option<&[Vec<u8>]>) {
        match prefixes {
            Some(p) => {
                for lit in p {
                    self.literals.push(lit.clone());
                    self.owners.push(regex);
                }
            }
            None => self.always.push(regex),
        }
    }

    fn build(self, dfa: bool) -> Result<RegexPrefilter, Error> {
        let ac = if self.literals.is_empty() {
            None
        } else {
            let kind = if dfa {
                AhoCorasickKind::DFA
            } else {
                AhoCorasickKind::ContiguousNFA
            };
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(kind))
                    .build(&self.literals)
                    .map_err(|e| Error::Usage(format!("cannot compile regex prefixes: {e}")))?,
            )
        };
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
    owners: Vec<u32>,
    always: Vec<u32>,
}

/// Where a regex can match in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Where_ {
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
    fn sentences(&self, norm: &Normalized, n: usize, zh: bool) -> Vec<Where_> {
        let mut out = vec![Where_::Nowhere; n];
        for &r in &self.always {
            if let Some(slot) = out.get_mut(r as usize) {
                *slot = Where_::Everywhere;
            }
        }
        let Some(ac) = &self.ac else {
            return out;
        };
        for m in ac.find_overlapping_iter(norm.text.as_str()) {
            let Some(&r) = self.owners.get(m.pattern().as_usize()) else {
                continue;
            };
            let Some(si) = norm.sentence_at(m.start()) else {
                continue;
            };
            if (norm.sentence_lang(si) == Lang::Zh) != zh {
                continue;
            }
            match out.get_mut(r as usize) {
                Some(slot @ Where_::Nowhere) => *slot = Where_::Sentences(vec![si]),
                Some(Where_::Sentences(v)) if v.last() != Some(&si) => v.push(si),
                _ => {}
            }
        }
        out
    }
}

/// For every literal, the other literals that occur inside it.
fn contained_literals(literals: &[String]) -> Result<Vec<Vec<(u32, u32)>>, Error> {
    let mut out = vec![Vec::new(); literals.len()];
    if literals.is_empty() {
        return Ok(out);
    }
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(literals)
        .map_err(|e| Error::Usage(format!("cannot compile the rule literals: {e}")))?;
    for (i, lit) in literals.iter().enumerate() {
        let Some(slot) = out.get_mut(i) else { continue };
        for m in ac.find_overlapping_iter(lit.as_str()) {
            if m.pattern().as_usize() != i {
                slot.push((m.start() as u32, m.pattern().as_u32()));
            }
        }
    }
    Ok(out)
}

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
    match place {
        Where::Sentence | Where::Document => true,
        Where::Before => covers || (cue.end <= span.start && chars(cue.end..span.start) <= within),
        Where::After => covers || (cue.start >= span.end && chars(span.end..cue.start) <= within),
    }
}

/// Latin literals match whole words: an ASCII letter or digit at a match's edge must not
/// continue into the text beside it.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let first = bytes.get(start).copied().unwrap_or(0);
    let last = if end > 0 {
        bytes.get(end - 1).copied().unwrap_or(0)
    } else {
        0
    };
    if first.is_ascii_alphanumeric()
        && start > 0
        && bytes
            .get(start - 1)
            .is_some_and(|b| b.is_ascii_alphanumeric())
    {
        return false;
    }
    if last.is_ascii_alphanumeric() && bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    true
}

/// Approved-indication spans per rule, sorted by start, with the running maximum of their
/// ends: whether one contains a span is two binary searches, not a scan of every shield (a long
/// page naming an approved indication thousands of times made co-occurrence quadratic).
struct Shields(HashMap<u32, (Vec<usize>, Vec<usize>)>);

impl Shields {
    fn new(mut list: Vec<(u32, Range<usize>)>) -> Self {
        list.sort_by_key(|(rule, r)| (*rule, r.start, r.end));
        let mut map: HashMap<u32, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for (rule, r) in list {
            let (starts, max_ends) = map.entry(rule).or_default();
            let max_end = max_ends.last().copied().unwrap_or(0).max(r.end);
            starts.push(r.start);
            max_ends.push(max_end);
        }
        Shields(map)
    }
}

/// Whether a shield of `rule` contains `span`: some shield starting at or before it ends at or
/// after its end.
fn shielded(shields: &Shields, rule: u32, span: &Range<usize>) -> bool {
    shields.0.get(&rule).is_some_and(|(starts, max_ends)| {
        let n = starts.partition_point(|&s| s <= span.start);
        n.checked_sub(1)
            .and_then(|i| max_ends.get(i))
            .is_some_and(|&end| end >= span.end)
    })
}

/// What the context filter has found in one document, so that each candidate costs a look-up
/// near its own span instead of a scan of its sentence or of the document: a 100 MB file with
/// no sentence end is one sentence with a million candidates and a million cues.
#[derive(Default)]
struct CueCache {
    /// Per sentence: its cues.
    sentences: HashMap<usize, SentenceCues>,
    /// Cue ids found anywhere in the document.
    document: Option<HashSet<u32>>,
    /// Per (rule, exception entry): whether its regex matches anywhere in the document.
    document_regex: HashMap<(u32, usize), bool>,
    /// Per (sentence, rule, exception entry): its regex's matches in the sentence, in order.
    sentence_regex: HashMap<(usize, u32, usize), Vec<Range<usize>>>,
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

/// (rule, pattern, sentence) of a co-occurrence.
type PairKey = (u32, u32, usize);

#[derive(Debug, Clone)]
struct Hit {
    span: Range<usize>,
    product: Option<u32>,
}

#[derive(Debug, Clone)]
struct Candidate {
    rule: u32,
    hit: Hit,
    sentence: usize,
    detail: Option<String>,
    missing: Option<String>,
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
