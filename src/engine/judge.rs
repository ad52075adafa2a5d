//! Judge stage, after the rules: the voice gate drops findings on pages that report, quote or
//! explain rather than advertise, and the sentence claim scores add findings no rule made
//! (`model.<category>`, severity warning). The models: [`crate::learned`]; thresholds and their
//! figures: docs/model.md.

use super::CheckOptions;
use crate::diagnostic::Diagnostic;
use crate::learned::features::CueBits;
use crate::learned::{Gate, Judge, Judgement};
use crate::model::{Category, Lang, Severity};
use crate::text::{Normalized, OffsetMap};
use std::ops::Range;

/// How the judge takes part in a check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JudgeOptions {
    /// Drop findings on reporting pages.
    pub gate: bool,
    /// The document voice threshold; `None` uses the model's (docs/model.md).
    pub voice_threshold: Option<f32>,
    /// Add findings from the sentence claim scores.
    pub claims: bool,
}

impl Default for JudgeOptions {
    fn default() -> Self {
        JudgeOptions {
            gate: true,
            voice_threshold: None,
            claims: true,
        }
    }
}

/// How much of the judge a run uses (`--judge`, the config's `judge.mode`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum JudgeMode {
    /// Rules alone.
    Off,
    /// Rules and the voice gate.
    Gate,
    /// Rules, the voice gate and the sentence claim scores (the default).
    #[default]
    Full,
}

impl JudgeMode {
    /// The options for this mode, with `voice_threshold` (`None`: the model's own).
    pub fn options(self, voice_threshold: Option<f32>) -> JudgeOptions {
        match self {
            JudgeMode::Off => JudgeOptions::OFF,
            JudgeMode::Gate => JudgeOptions {
                gate: true,
                voice_threshold,
                claims: false,
            },
            JudgeMode::Full => JudgeOptions {
                gate: true,
                voice_threshold,
                claims: true,
            },
        }
    }
}

impl JudgeOptions {
    /// Rules alone: no gate, no model findings.
    pub const OFF: JudgeOptions = JudgeOptions {
        gate: false,
        voice_threshold: None,
        claims: false,
    };
}

pub use crate::diagnostic::DocumentVoice;

/// Applies the judge to `diagnostics` (spans in the file) of the document `norm`. Model findings
/// are added only for a category and language that an enabled rule checks: the model extends the
/// loaded packs, it does not bring categories or languages a configuration turned off.
pub(super) fn apply(
    judge: &Judge,
    checked: &dyn Fn(Category, Lang) -> bool,
    opts: &CheckOptions,
    norm: &Normalized,
    cues: &[CueBits],
    to_file: &OffsetMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> DocumentVoice {
    let jo = opts.judge;
    if !jo.gate && !jo.claims {
        return DocumentVoice::default();
    }
    let judgement = judge.judge(norm, cues);
    let judged = judgement.judged;
    let model = judge.model();
    let gate = Gate {
        doc: jo.voice_threshold.unwrap_or(model.doc_voice),
        paragraph: model.para_voice,
    };
    let paragraphs: Vec<Range<usize>> = norm
        .paragraphs
        .iter()
        .map(|p| to_file.map_span(norm.map.map_span(p.range.clone())))
        .collect();
    let paragraph_of = |span: &Range<usize>| {
        let i = paragraphs.partition_point(|r| r.end <= span.start);
        paragraphs
            .get(i)
            .filter(|r| r.start <= span.start)
            .map(|_| i)
    };
    let keeps = |para: Option<usize>| !jo.gate || gate.keeps(&judgement, para);
    let before = diagnostics.len();
    diagnostics.retain(|d| d.category == Category::Suppression || keeps(paragraph_of(&d.span)));
    // Each sentence is mapped to the file once, not once per finding: scanning the sentences for
    // every finding was quadratic in a long paragraph (bench/RESULTS.md, 2026-12-06 evening).
    let sentence_ends = SentenceEnds::new(
        norm.sentences
            .iter()
            .map(|s| to_file.map_span(norm.map.map_span(s.range.clone())).end),
    );
    for d in diagnostics.iter_mut() {
        let para = paragraph_of(&d.span);
        d.voice = para
            .and_then(|p| judgement.paragraph_voice.get(p))
            .map(|v| permille(*v));
        d.score = claim_score(judge, &judgement, &sentence_ends, d);
    }
    if jo.claims {
        add_model_findings(
            judge,
            &judgement,
            norm,
            to_file,
            &keeps,
            checked,
            diagnostics,
        );
    }
    DocumentVoice {
        score: judged.then_some(judgement.doc_voice),
        reporting: diagnostics.len() < before && judged && judgement.doc_voice < gate.doc,
    }
}

/// A probability in thousandths.
fn permille(p: f32) -> u16 {
    (p.clamp(0.0, 1.0) * 1000.0).round() as u16
}

/// The model's score for a finding's category on the sentence that holds it.
fn claim_score(
    judge: &Judge,
    j: &Judgement,
    sentence_ends: &SentenceEnds,
    d: &Diagnostic,
) -> Option<u16> {
    let k = judge.claim_categories().position(|c| c == d.category)?;
    let i = sentence_ends.first_ending_after(d.span.start)?;
    j.sentence_claims.get(i)?.get(k).map(|p| permille(*p))
}

/// The sentences' file end offsets as a running maximum, for finding the first sentence that ends
/// after a position by binary search. The running maximum makes the search give the same answer
/// as a scan from the first sentence even where mapped ends are not in order.
struct SentenceEnds(Vec<usize>);

impl SentenceEnds {
    fn new(ends: impl Iterator<Item = usize>) -> Self {
        let mut max = 0;
        SentenceEnds(
            ends.map(|e| {
                max = max.max(e);
                max
            })
            .collect(),
        )
    }

    /// The index of the first sentence whose end is past `pos`.
    fn first_ending_after(&self, pos: usize) -> Option<usize> {
        let i = self.0.partition_point(|&e| e <= pos);
        (i < self.0.len()).then_some(i)
    }
}

/// A set of spans sorted by start, with the running maximum of their ends: whether any of them
/// overlaps a range takes one binary search, not a scan of every span.
struct Overlaps {
    starts: Vec<usize>,
    max_ends: Vec<usize>,
}

impl Overlaps {
    fn new(spans: impl Iterator<Item = Range<usize>>) -> Self {
        let mut spans: Vec<(usize, usize)> = spans.map(|r| (r.start, r.end)).collect();
        spans.sort_unstable();
        let mut max = 0;
        let max_ends = spans
            .iter()
            .map(|&(_, e)| {
                max = max.max(e);
                max
            })
            .collect();
        Overlaps {
            starts: spans.into_iter().map(|(s, _)| s).collect(),
            max_ends,
        }
    }

    /// Whether some span `d` has `d.start < range.end && range.start < d.end`.
    fn any_overlap(&self, range: &Range<usize>) -> bool {
        // The spans starting before `range.end` are a prefix; one of them overlaps exactly when
        // the furthest end among them is past `range.start`.
        let n = self.starts.partition_point(|&s| s < range.end);
        n.checked_sub(1)
            .and_then(|last| self.max_ends.get(last))
            .is_some_and(|&end| end > range.start)
    }
}

fn add_model_findings(
    judge: &Judge,
    j: &Judgement,
    norm: &Normalized,
    to_file: &OffsetMap,
    keeps: &dyn Fn(Option<usize>) -> bool,
    checked: &dyn Fn(Category, Lang) -> bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let categories: Vec<Category> = judge.claim_categories().collect();
    // The rules' findings per claim category, indexed once (a scan of every finding per sentence
    // was quadratic in a long paragraph).
    let found: Vec<Overlaps> = categories
        .iter()
        .map(|cat| {
            Overlaps::new(
                diagnostics
                    .iter()
                    .filter(|d| d.category == *cat)
                    .map(|d| d.span.clone()),
            )
        })
        .collect();
    let mut added = Vec::new();
    for (i, s) in norm.sentences.iter().enumerate() {
        if norm.sentence_lang(i) == Lang::Other || !keeps(Some(s.paragraph)) {
            continue;
        }
        let Some(scores) = j.sentence_claims.get(i) else {
            continue;
        };
        let span = trim(norm, to_file, s.range.clone());
        let lang = norm.sentence_lang(i);
        for (k, (cat, p)) in categories.iter().zip(scores).enumerate() {
            if *p < judge.claim_threshold(k) || !checked(*cat, lang) {
                continue;
            }
            let covered = found.get(k).is_some_and(|f| f.any_overlap(&span));
            if covered {
                continue;
            }
            added.push(Diagnostic {
                rule: format!("model.{}", cat.id()).into(),
                category: *cat,
                severity: Severity::Warning,
                message: format!(
                    "This sentence reads as {} (model score {:.2}); no rule names it, so check it by hand.",
                    cat.id(),
                    p
                )
                .into(),
                span: span.clone(),
                suggestion: None,
                references: Default::default(),
                codes: Default::default(),
                voice: j.paragraph_voice.get(s.paragraph).map(|v| permille(*v)),
                score: Some(permille(*p)),
            });
        }
    }
    if !added.is_empty() {
        diagnostics.extend(added);
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
    }
}

/// The file span of a sentence without its surrounding white space.
fn trim(norm: &Normalized, to_file: &OffsetMap, range: Range<usize>) -> Range<usize> {
    let text = norm.text.get(range.clone()).unwrap_or("");
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.end - (text.len() - text.trim_end().len());
    to_file.map_span(norm.map.map_span(start..end.max(start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every range over `0..n`, empty ones included.
    fn ranges(n: usize) -> Vec<Range<usize>> {
        (0..=n).flat_map(|s| (s..=n).map(move |e| s..e)).collect()
    }

    #[test]
    fn sentence_search_agrees_with_a_scan_from_the_first_sentence() {
        // Every sequence of up to four ends in 0..5, in order or not: the search must give what
        // the scan it replaced (`position(|end| end > pos)`) gave.
        let sequences: Vec<Vec<usize>> = (0..=4u32)
            .flat_map(|len| {
                (0..5usize.pow(len))
                    .map(move |code| (0..len).map(|d| code / 5usize.pow(d) % 5).collect())
            })
            .collect();
        assert_eq!(sequences.len(), 1 + 5 + 25 + 125 + 625);
        for ends in &sequences {
            let index = SentenceEnds::new(ends.iter().copied());
            for pos in 0..6 {
                let scan = ends.iter().position(|&e| e > pos);
                assert_eq!(
                    index.first_ending_after(pos),
                    scan,
                    "ends {ends:?}, pos {pos}"
                );
            }
        }
    }

    #[test]
    fn overlap_index_agrees_with_a_scan_of_every_span() {
        // Every set of up to three spans over 0..4 (empty spans included), against every range
        // over 0..5: the index must answer what the scan it replaced answered.
        let all = ranges(4);
        let queries = ranges(5);
        let mut sets: Vec<Vec<Range<usize>>> = vec![Vec::new()];
        for a in &all {
            sets.push(vec![a.clone()]);
            for b in &all {
                sets.push(vec![a.clone(), b.clone()]);
                for c in &all {
                    sets.push(vec![a.clone(), b.clone(), c.clone()]);
                }
            }
        }
        for spans in &sets {
            let index = Overlaps::new(spans.iter().cloned());
            for q in &queries {
                let scan = spans.iter().any(|d| d.start < q.end && q.start < d.end);
                assert_eq!(index.any_overlap(q), scan, "spans {spans:?}, range {q:?}");
            }
        }
    }
}
