//! Judge stage, after the rules: the voice gate drops findings on pages that report, quote or
//! explain rather than advertise, and the sentence claim scores add findings no rule made
//! (`model.<category>`, severity warning). The models: [`crate::learned`]; thresholds and their
//! figures: docs/model.md.

use super::CheckOptions;
use crate::diagnostic::Diagnostic;
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
    to_file: &OffsetMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> DocumentVoice {
    let jo = opts.judge;
    if !jo.gate && !jo.claims {
        return DocumentVoice::default();
    }
    let judgement = judge.judge(norm);
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
    for d in diagnostics.iter_mut() {
        let para = paragraph_of(&d.span);
        d.voice = para
            .and_then(|p| judgement.paragraph_voice.get(p))
            .map(|v| permille(*v));
        d.score = claim_score(judge, &judgement, norm, to_file, d);
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
    norm: &Normalized,
    to_file: &OffsetMap,
    d: &Diagnostic,
) -> Option<u16> {
    let k = judge.claim_categories().position(|c| c == d.category)?;
    let i = norm
        .sentences
        .iter()
        .position(|s| to_file.map_span(norm.map.map_span(s.range.clone())).end > d.span.start)?;
    j.sentence_claims.get(i)?.get(k).map(|p| permille(*p))
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
            let covered = diagnostics
                .iter()
                .any(|d| d.category == *cat && d.span.start < span.end && span.start < d.span.end);
            if covered {
                continue;
            }
            added.push(Diagnostic {
                rule: format!("model.{}", cat.id()),
                category: *cat,
                severity: Severity::Warning,
                message: format!(
                    "This sentence reads as {} (model score {:.2}); no rule names it, so check it by hand.",
                    cat.id(),
                    p
                ),
                span: span.clone(),
                suggestion: None,
                references: Vec::new(),
                codes: Vec::new(),
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
