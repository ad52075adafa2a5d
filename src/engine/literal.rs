//! Literal stage: every literal of every rule in one leftmost-longest automaton, and what each
//! hit stands for (a phrase, a side of a co-occurrence, an approved indication, a trigger).

use super::cooccurrence::{PairKey, Sides};
use super::{Candidate, CheckOptions, Engine, Hit};
use crate::error::Error;
use crate::model::LangSet;
use crate::text::{normalize_term, Normalized};
use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

/// What a literal stands for in a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A phrase of a literal pattern: a candidate by itself.
    Phrase,
    /// A term of side `a` of the rule's co-occurrence pattern with this index.
    CooccurA(u32),
    /// A term of side `b` of the rule's co-occurrence pattern with this index.
    CooccurB(u32),
    /// An approved indication of a co-occurrence rule: as the longest match it shields the
    /// disease term inside it ("重症心不全" shields "心不全").
    Shield,
    /// A trigger of a document rule.
    Trigger,
}

/// One use of a literal by a rule.
#[derive(Debug, Clone, Copy)]
pub(super) struct Owner {
    pub rule: u32,
    pub role: Role,
    /// The languages in which this normalized form stands for the rule's term.
    pub langs: LangSet,
    pub product: Option<u32>,
}

/// The normalized literals of a rule set, each with the rules that use it.
#[derive(Debug, Default)]
pub(super) struct LiteralTable {
    ids: HashMap<String, usize>,
    texts: Vec<String>,
    owners: Vec<Vec<Owner>>,
    /// Per literal: other literals inside it (byte offset, literal id). Leftmost-longest
    /// matching reports only the longest literal at a place; these restore the shorter ones it
    /// covers, so "脐带干细胞" in one rule does not hide "干细胞" in another.
    contained: Vec<Vec<(u32, u32)>>,
}

impl LiteralTable {
    /// Adds `text` for `rule`: one normalized variant per language the rule runs in (Chinese
    /// text is folded), each owned by the languages that produce it.
    pub fn add(
        &mut self,
        text: &str,
        rule: usize,
        role: Role,
        langs: LangSet,
        product: Option<usize>,
    ) {
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
            let id = *self.ids.entry(n.clone()).or_insert_with(|| {
                self.texts.push(n);
                self.owners.push(Vec::new());
                self.texts.len() - 1
            });
            let owner = Owner {
                rule: rule as u32,
                role,
                langs: set,
                product: product.map(|p| p as u32),
            };
            if let Some(list) = self.owners.get_mut(id) {
                list.push(owner);
            }
        }
    }

    /// The normalized literals, by id.
    pub fn texts(&self) -> &[String] {
        &self.texts
    }

    /// Computes which literals hold others (call once, after the last [`LiteralTable::add`]).
    pub fn finish(&mut self) -> Result<(), Error> {
        self.contained = contained_literals(&self.texts)?;
        Ok(())
    }
}

/// For every literal, the other literals that occur inside it.
fn contained_literals(literals: &[String]) -> Result<Vec<Vec<(u32, u32)>>, Error> {
    let mut out = vec![Vec::new(); literals.len()];
    if literals.is_empty() {
        return Ok(out);
    }
    // Searched only over the literals themselves, once: the automaton quickest to build.
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
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

/// The literal hits of one document, sorted by what they stand for.
#[derive(Default)]
pub(super) struct LiteralHits {
    /// Phrase hits: candidates already.
    pub phrases: Vec<Candidate>,
    /// Document-rule triggers.
    pub triggers: Vec<Candidate>,
    /// Co-occurrence sides per (rule, pattern, sentence).
    pub sides: HashMap<PairKey, Sides>,
    /// Approved indications matched, per rule.
    pub shields: Vec<(u32, Range<usize>)>,
}

impl Engine {
    /// Runs the literal automaton over the document and files every hit under its owners.
    pub(super) fn literal_hits(&self, norm: &Normalized, opts: &CheckOptions) -> LiteralHits {
        let text = norm.text.as_str();
        let mut out = LiteralHits::default();
        for (start, end, literal) in self.literal_matches(text) {
            if !whole_word(text, start, end) {
                continue;
            }
            let Some(si) = norm.sentence_at(start) else {
                continue;
            };
            let lang = norm.sentence_lang(si);
            let Some(owners) = self.literals.owners.get(literal) else {
                continue;
            };
            for o in owners {
                if !o.langs.contains(lang) || !self.enabled(opts, o.rule as usize) {
                    continue;
                }
                let hit = Hit {
                    span: start..end,
                    product: o.product,
                };
                match o.role {
                    Role::Phrase => out.phrases.push(Candidate::new(o.rule, hit, si)),
                    Role::Trigger => out.triggers.push(Candidate::new(o.rule, hit, si)),
                    Role::CooccurA(p) => out.sides.entry((o.rule, p, si)).or_default().a.push(hit),
                    Role::CooccurB(p) => out.sides.entry((o.rule, p, si)).or_default().b.push(hit),
                    Role::Shield => out.shields.push((o.rule, start..end)),
                }
            }
        }
        out
    }

    /// (start, end, literal id) of every leftmost-longest match, each followed by the shorter
    /// literals inside it.
    fn literal_matches(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut hits = Vec::new();
        let Some(ac) = &self.literal_automaton else {
            return hits;
        };
        for m in ac.find_iter(text) {
            hits.push((m.start(), m.end(), m.pattern().as_usize()));
            if let Some(inner) = self.literals.contained.get(m.pattern().as_usize()) {
                for &(off, id) in inner {
                    let start = m.start() + off as usize;
                    let len = self.literals.texts.get(id as usize).map_or(0, String::len);
                    hits.push((start, start + len, id as usize));
                }
            }
        }
        hits
    }
}

/// Latin literals match whole words: an ASCII letter or digit at a match's edge must not
/// continue into the text beside it.
pub(super) fn whole_word(text: &str, start: usize, end: usize) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_word_refuses_a_latin_match_inside_a_word() {
        assert!(!whole_word("secure", 2, 6), "cure inside secure");
        assert!(!whole_word("cures", 0, 4), "cure inside cures");
        assert!(whole_word("a cure.", 2, 6));
    }

    #[test]
    fn whole_word_ignores_cjk_neighbours() {
        let text = "幹細胞で完治";
        assert!(whole_word(text, "幹細胞で".len(), text.len()));
    }

    #[test]
    fn a_shorter_literal_inside_a_longer_one_is_recorded() {
        let lits = vec!["脐带干细胞".to_string(), "干细胞".to_string()];
        let contained = contained_literals(&lits).unwrap();
        assert_eq!(contained[0], vec![("脐带".len() as u32, 1)]);
        assert!(contained[1].is_empty());
    }

    #[test]
    fn one_normalized_form_per_language_with_its_languages() {
        let mut table = LiteralTable::default();
        // Traditional Chinese folds to Simplified only for zh.
        table.add("療法", 0, Role::Phrase, LangSet::ALL, None);
        assert_eq!(table.texts().len(), 2);
        table.add("療法", 1, Role::Trigger, LangSet::ALL, None);
        assert_eq!(table.texts().len(), 2, "the same literal is one entry");
        assert_eq!(table.owners[0].len(), 2);
    }
}
