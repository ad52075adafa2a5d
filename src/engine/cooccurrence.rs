//! Co-occurrence stage: a term of side `a` and a term of side `b` of one pattern in one
//! sentence (or, for list scope, `a` in a lead-in line and `b` in the list below it; for
//! section and document scope, `a` earlier in the section or document and `b` later). A
//! disease that is an approved indication of the product named does not count.

use super::{Candidate, Engine, Hit};
use crate::model::Lang;
use crate::rules::CooccurScope;
use crate::text::{is_lead_in, Normalized, LIST_MAX_ITEMS, LIST_MAX_ITEM_CHARS};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// (rule, pattern, sentence) of a co-occurrence.
pub(super) type PairKey = (u32, u32, usize);

/// The hits of both sides of one co-occurrence pattern in one sentence.
#[derive(Debug, Default)]
pub(super) struct Sides {
    pub a: Vec<Hit>,
    pub b: Vec<Hit>,
}

/// Per (rule, sentence): indications that do not count as `b` there.
type SentenceIndications<'e> = HashMap<(u32, usize), HashSet<&'e str>>;

impl Engine {
    /// Co-occurrence candidates: list scope first, then sentence scope, in (rule, pattern,
    /// sentence) order. `title`: whether `norm` begins the document, so that its first heading
    /// is the page's title (not so for the later windows of a large document).
    pub(super) fn cooccurrence_candidates(
        &self,
        norm: &Normalized,
        sides: &HashMap<PairKey, Sides>,
        shields: Vec<(u32, Range<usize>)>,
        title: bool,
        cands: &mut Vec<Candidate>,
    ) {
        let mut keys: Vec<PairKey> = sides.keys().copied().collect();
        keys.sort_unstable();
        let indications = self.sentence_indications(&keys, sides);
        self.list_candidates(norm, sides, cands);
        let shields = Shields::new(shields);
        self.wide_candidates(norm, &keys, sides, &indications, &shields, title, cands);
        for &key in &keys {
            let Some(pair) = sides.get(&key) else {
                continue;
            };
            let (rule, pat, si) = key;
            if self.list_patterns.contains(&(rule, pat))
                || self
                    .wide_patterns
                    .iter()
                    .any(|&(r, p, _)| (r, p) == (rule, pat))
            {
                continue;
            }
            let approved = self
                .approved_indications
                .get(rule as usize)
                .and_then(|v| v.get(pat as usize));
            let text = norm.text.as_str();
            let b_hits: Vec<&Hit> = pair
                .b
                .iter()
                .filter(|b| {
                    let t = text.get(b.span.clone()).unwrap_or("");
                    !approved.is_some_and(|set| set.contains(t))
                        && !shields.covers(rule, &b.span)
                        && !indications
                            .get(&(rule, si))
                            .is_some_and(|set| set.contains(t))
                })
                .collect();
            if let Some((a, b)) = nearest_pair(&pair.a, &b_hits) {
                let span = a.span.start.min(b.span.start)..a.span.end.max(b.span.end);
                let hit = Hit {
                    span,
                    product: a.product,
                };
                let mut c = Candidate::new(rule, hit, si);
                c.detail = Some(b.span.clone());
                cands.push(c);
            }
        }
    }

    /// Section- and document-scope co-occurrences: a `b` term with an `a` term earlier in its
    /// section (or in the page's title, the first heading; or in the document) or anywhere in
    /// its own sentence, at most one per sentence, placed at the `b` term. `keys` is sorted, so
    /// each pattern's sentences are one run in order: one pass, remembering the first `a` of the
    /// title and of the current section.
    // One argument past clippy's seven (`title`, for windowed documents): the others are the
    // stage's shared tables, which a struct would only rename.
    #[allow(clippy::too_many_arguments)]
    fn wide_candidates(
        &self,
        norm: &Normalized,
        keys: &[PairKey],
        sides: &HashMap<PairKey, Sides>,
        indications: &SentenceIndications<'_>,
        shields: &Shields,
        title: bool,
        cands: &mut Vec<Candidate>,
    ) {
        if self.wide_patterns.is_empty() {
            return;
        }
        let mut sections = norm.sections();
        if !title {
            sections.title = None;
        }
        let text = norm.text.as_str();
        for &(rule, pat, scope) in &self.wide_patterns {
            let approved = self
                .approved_indications
                .get(rule as usize)
                .and_then(|v| v.get(pat as usize));
            let from = keys.partition_point(|k| (k.0, k.1) < (rule, pat));
            let to = keys.partition_point(|k| (k.0, k.1) <= (rule, pat));
            // The first `a` of the title, and of the current section (of the document for
            // document scope).
            let mut title_a: Option<&Hit> = None;
            let mut first_a: Option<(usize, &Hit)> = None;
            for &(_, _, si) in keys.get(from..to).unwrap_or_default() {
                let Some(pair) = sides.get(&(rule, pat, si)) else {
                    continue;
                };
                let section = sections.of_sentence.get(si).copied().unwrap_or(0);
                let paragraph = norm.sentences.get(si).map(|s| s.paragraph);
                if title_a.is_none() && paragraph.is_some() && paragraph == sections.title {
                    title_a = pair.a.first();
                }
                if scope == CooccurScope::Section && first_a.is_some_and(|(s, _)| s != section) {
                    first_a = title_a.map(|a| (section, a));
                }
                if first_a.is_none() {
                    first_a = pair.a.first().or(title_a).map(|a| (section, a));
                }
                let Some((_, a)) = first_a else {
                    continue;
                };
                let product = a
                    .product
                    .and_then(|p| self.product_indications.get(p as usize));
                let b = pair.b.iter().find(|b| {
                    let t = text.get(b.span.clone()).unwrap_or("");
                    let overlaps = a.span.start < b.span.end && b.span.start < a.span.end;
                    !overlaps
                        && !approved.is_some_and(|set| set.contains(t))
                        && !product.is_some_and(|set| set.contains(t))
                        && !shields.covers(rule, &b.span)
                        && !indications
                            .get(&(rule, si))
                            .is_some_and(|set| set.contains(t))
                });
                if let Some(b) = b {
                    let hit = Hit {
                        span: b.span.clone(),
                        product: a.product,
                    };
                    let mut c = Candidate::new(rule, hit, si);
                    c.detail = Some(b.span.clone());
                    cands.push(c);
                }
            }
        }
    }

    /// A disease that is the approved use of any product named in the same sentence is that
    /// product's lawful mention, not an off-label promotion of another ("TEMCELL for GVHD, and
    /// Stemirac for spinal cord injury").
    fn sentence_indications<'e>(
        &'e self,
        keys: &[PairKey],
        sides: &HashMap<PairKey, Sides>,
    ) -> SentenceIndications<'e> {
        let mut out: SentenceIndications<'e> = HashMap::new();
        for &(rule, pat, si) in keys {
            let pair = sides.get(&(rule, pat, si));
            let has_a = pair.is_some_and(|p| !p.a.is_empty());
            let approved = self
                .approved_indications
                .get(rule as usize)
                .and_then(|v| v.get(pat as usize));
            if let (true, Some(set)) = (has_a, approved) {
                if !set.is_empty() {
                    out.entry((rule, si))
                        .or_default()
                        .extend(set.iter().map(String::as_str));
                }
            }
            let products = pair
                .into_iter()
                .flat_map(|p| p.a.iter().filter_map(|h| h.product));
            for p in products {
                if let Some(set) = self.product_indications.get(p as usize) {
                    out.entry((rule, si))
                        .or_default()
                        .extend(set.iter().map(String::as_str));
                }
            }
        }
        out
    }

    /// List-scope co-occurrences: a term of `a` in a lead-in line ending with a colon (or in
    /// one of the few lines above it) and a term of `b` in one of the short lines that follow.
    fn list_candidates(
        &self,
        norm: &Normalized,
        sides: &HashMap<PairKey, Sides>,
        cands: &mut Vec<Candidate>,
    ) {
        const MAX_LOOKBACK: usize = 6;
        for &(rule, pat) in &self.list_patterns {
            for (si, s) in norm.sentences.iter().enumerate() {
                let text = norm.text.get(s.range.clone()).unwrap_or("");
                if !is_lead_in(text) {
                    continue;
                }
                // The therapy may be named in the lead-in or in the lines just above it (a
                // heading, an introduction).
                let a_hit = (si.saturating_sub(MAX_LOOKBACK)..=si)
                    .rev()
                    .find_map(|sk| sides.get(&(rule, pat, sk)).and_then(|p| p.a.first()));
                let Some(a) = a_hit else {
                    continue;
                };
                if let Some(b) = first_list_item_b(norm, sides, (rule, pat), si) {
                    let hit = Hit {
                        span: a.span.start..b.span.end,
                        product: a.product,
                    };
                    let mut c = Candidate::new(rule, hit, si);
                    c.detail = Some(b.span.clone());
                    cands.push(c);
                }
            }
        }
    }
}

/// The first `b` hit in the short lines after the lead-in `lead`, in its language.
fn first_list_item_b<'s>(
    norm: &Normalized,
    sides: &'s HashMap<PairKey, Sides>,
    (rule, pat): (u32, u32),
    lead: usize,
) -> Option<&'s Hit> {
    let lang = norm.sentence_lang(lead);
    for sj in lead + 1..(lead + 1 + LIST_MAX_ITEMS).min(norm.sentences.len()) {
        let item = norm.sentences.get(sj)?;
        let item_text = norm.text.get(item.range.clone()).unwrap_or("");
        if norm.sentence_lang(sj) != lang && norm.sentence_lang(sj) != Lang::Other {
            return None;
        }
        if item_text.chars().count() > LIST_MAX_ITEM_CHARS {
            return None;
        }
        if let Some(b) = sides.get(&(rule, pat, sj)).and_then(|p| p.b.first()) {
            return Some(b);
        }
    }
    None
}

/// The first `a` hit that has a `b` hit beside it (not overlapping), with its nearest `b`.
fn nearest_pair<'h>(a_hits: &'h [Hit], b_hits: &[&'h Hit]) -> Option<(&'h Hit, &'h Hit)> {
    let mut best: Option<(&Hit, &Hit, usize)> = None;
    for a in a_hits {
        for b in b_hits {
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
    best.map(|(a, b, _)| (a, b))
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

    /// Whether a shield of `rule` contains `span`: some shield starting at or before it ends
    /// at or after its end.
    fn covers(&self, rule: u32, span: &Range<usize>) -> bool {
        self.0.get(&rule).is_some_and(|(starts, max_ends)| {
            let n = starts.partition_point(|&s| s <= span.start);
            n.checked_sub(1)
                .and_then(|i| max_ends.get(i))
                .is_some_and(|&end| end >= span.end)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(span: Range<usize>) -> Hit {
        Hit {
            span,
            product: None,
        }
    }

    #[test]
    fn a_shield_covers_only_spans_inside_it() {
        let shields = Shields::new(vec![(0, 10..20), (0, 30..35), (1, 0..100)]);
        assert!(shields.covers(0, &(12..20)));
        assert!(!shields.covers(0, &(18..22)), "overlaps an end only");
        assert!(!shields.covers(0, &(25..28)));
        assert!(!shields.covers(2, &(12..20)), "another rule's shield");
    }

    #[test]
    fn a_long_shield_before_a_short_one_still_covers() {
        let shields = Shields::new(vec![(0, 0..50), (0, 10..12)]);
        assert!(shields.covers(0, &(20..30)));
    }

    #[test]
    fn the_nearest_b_of_the_first_a_with_a_partner_wins() {
        let a = [hit(0..2), hit(50..52)];
        let (b_far, b_near, b_overlap) = (hit(20..22), hit(5..7), hit(1..3));
        let b = [&b_far, &b_near, &b_overlap];
        let (a_hit, b_hit) = nearest_pair(&a, &b).unwrap();
        assert_eq!(a_hit.span, 0..2);
        assert_eq!(b_hit.span, 5..7);
    }

    #[test]
    fn overlapping_sides_make_no_pair() {
        let a = [hit(0..4)];
        let b = hit(2..6);
        assert!(nearest_pair(&a, &[&b]).is_none());
    }
}
