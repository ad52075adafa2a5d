//! Learned judgement where keyword rules cannot reach: whose voice a page speaks in (the voice
//! gate) and sentence claim scores (findings no rule made). Small logistic-regression models over
//! hashed n-grams ([`features`]), trained by `cargo run --release --example train` from the dev
//! half of `corpus/real` ([`train`]), embedded in the binary ([`linear`]). Model card:
//! docs/model.md.

pub mod explain;
pub mod features;
pub mod linear;
pub mod train;

use crate::model::Category;
use crate::text::Normalized;
use linear::Linear;
use std::sync::OnceLock;

/// The committed weights (empty when none were trained: the judge is then off).
static EMBEDDED: &[u8] = include_bytes!("../../models/judge.bin");

/// The name of the voice output.
pub const VOICE: &str = "voice";

/// Categories the sentence model scores: the claim categories a sentence can commit. The two
/// disclosure categories are about what a page lacks, so no sentence commits them.
pub const CLAIM_CATEGORIES: [Category; 9] = [
    Category::CurativeClaim,
    Category::UnapprovedIndication,
    Category::AntiAging,
    Category::ImmunityBoost,
    Category::SafetyGuarantee,
    Category::EfficacyRate,
    Category::Superlative,
    Category::Testimonial,
    Category::ApprovalMisrepresentation,
];

/// Below this many bytes of normalized text a document is too short to judge its voice: a pasted
/// snippet is checked as copy, and the gate never drops its findings.
pub const MIN_JUDGED_BYTES: usize = 400;

/// Paragraph voice is averaged with each paragraph weighing its length, up to this many bytes.
const MAX_PARAGRAPH_WEIGHT: usize = 2000;

/// A loaded model: the voice output and one output per claim category.
#[derive(Debug, Clone)]
pub struct Judge {
    model: Linear<'static>,
    voice: usize,
    /// (output index, category) for every claim output the model has.
    claims: Vec<(usize, Category)>,
}

/// What the judge says of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Judgement {
    /// Whether the document is long enough to judge its voice ([`MIN_JUDGED_BYTES`]).
    pub judged: bool,
    /// The probability that the document speaks for an advertiser.
    pub doc_voice: f32,
    /// The same per paragraph of the normalized text (0 for paragraphs without features).
    pub paragraph_voice: Vec<f32>,
    /// Per sentence, per entry of [`Judge::claim_categories`]: the claim probability.
    pub sentence_claims: Vec<Vec<f32>>,
}

impl Judge {
    /// The embedded model, parsed once; `None` when the binary carries no weights.
    pub fn embedded() -> Option<&'static Judge> {
        static JUDGE: OnceLock<Option<Judge>> = OnceLock::new();
        JUDGE
            .get_or_init(|| Judge::from_bytes(EMBEDDED).ok())
            .as_ref()
    }

    /// A judge over weights in `bytes` (must live for the program: embedded or leaked).
    pub fn from_bytes(bytes: &'static [u8]) -> Result<Judge, linear::FormatError> {
        let model = Linear::parse(bytes)?;
        if model.feature_version != features::FEATURE_VERSION {
            return Err(linear::FormatError(format!(
                "trained for features v{}, this build makes v{}",
                model.feature_version,
                features::FEATURE_VERSION
            )));
        }
        let voice = model
            .output(VOICE)
            .ok_or_else(|| linear::FormatError("no voice output".into()))?;
        let claims = model
            .outputs
            .iter()
            .enumerate()
            .filter_map(|(i, o)| Category::from_id(&o.name).map(|c| (i, c)))
            .collect();
        Ok(Judge {
            model,
            voice,
            claims,
        })
    }

    /// The underlying weights.
    pub fn model(&self) -> &Linear<'static> {
        &self.model
    }

    /// The categories [`Judgement::sentence_claims`] scores, in order.
    pub fn claim_categories(&self) -> impl Iterator<Item = Category> + '_ {
        self.claims.iter().map(|(_, c)| *c)
    }

    /// The firing threshold of claim output `k` (index into [`Judge::claim_categories`]).
    pub fn claim_threshold(&self, k: usize) -> f32 {
        self.claims
            .get(k)
            .and_then(|(i, _)| self.model.outputs.get(*i))
            .map(|o| o.threshold)
            .unwrap_or(f32::INFINITY)
    }

    /// The n-grams of `norm` that weigh most for its voice: up to `n` towards an advertiser and
    /// `n` towards reporting, each with its weight, strongest first (for `claimlint voice`).
    pub fn voice_features(&self, norm: &Normalized, n: usize) -> VoiceFeatures {
        let mut seen = std::collections::BTreeMap::new();
        for p in &norm.paragraphs {
            let text = norm.text.get(p.range.clone()).unwrap_or("");
            for (name, bucket) in features::named_features(text, self.model.bits) {
                seen.entry(name).or_insert(bucket);
            }
        }
        let mut weighed: Vec<(String, f32)> = seen
            .into_iter()
            .map(|(name, b)| {
                let w = self.model.weight(self.voice, b);
                (name, w)
            })
            .collect();
        weighed.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let advertiser = weighed
            .iter()
            .filter(|x| x.1 > 0.0)
            .take(n)
            .cloned()
            .collect();
        let reporting = weighed
            .iter()
            .rev()
            .filter(|x| x.1 < 0.0)
            .take(n)
            .cloned()
            .collect();
        VoiceFeatures {
            advertiser,
            reporting,
        }
    }

    /// Scores every paragraph and sentence of `norm`; `cues` are the pack's hits per sentence
    /// ([`crate::Engine::sentence_cues`]; missing entries count as none).
    pub fn judge(&self, norm: &Normalized, cues: &[features::CueBits]) -> Judgement {
        let bits = self.model.bits;
        let (mut para_scratch, mut sentence_scratch) = (Vec::new(), Vec::new());
        let para_cues = features::paragraph_cues(
            norm.sentences.iter().map(|s| s.paragraph),
            cues,
            norm.paragraphs.len(),
        );
        judgement_with(
            norm,
            |i, out| {
                let text = norm
                    .paragraphs
                    .get(i)
                    .and_then(|p| norm.text.get(p.range.clone()))
                    .unwrap_or("");
                features::features(text, bits, &mut para_scratch, out);
            },
            |i, out| {
                let at = SentenceAt {
                    cues,
                    para_cues: &para_cues,
                    context: true,
                };
                at.features(norm, i, bits, &mut sentence_scratch, out)
            },
            |feats| self.model.probability(self.voice, feats),
            |feats| {
                self.claims
                    .iter()
                    .map(|(k, _)| self.model.probability(*k, feats))
                    .collect()
            },
        )
    }
}

/// What a sentence's features are built from besides its text, shared by inference and
/// training so that the two cannot drift apart.
pub(crate) struct SentenceAt<'a> {
    /// The pack's hits per sentence.
    pub cues: &'a [features::CueBits],
    /// The same per paragraph ([`features::paragraph_cues`]).
    pub para_cues: &'a [features::CueBits],
    /// Whether to add where the sentence stands (training can measure a variant without).
    pub context: bool,
}

impl SentenceAt<'_> {
    /// The features of sentence `i` of `norm`, into `out`.
    pub(crate) fn features(
        &self,
        norm: &Normalized,
        i: usize,
        bits: u32,
        scratch: &mut Vec<u64>,
        out: &mut Vec<u32>,
    ) {
        let sentence = norm.sentences.get(i);
        let paragraph = sentence
            .and_then(|s| self.para_cues.get(s.paragraph))
            .copied()
            .unwrap_or(0);
        let text = norm.sentence_text(i);
        let context = if self.context {
            features::sentence_context(
                text,
                sentence
                    .and_then(|s| norm.paragraphs.get(s.paragraph))
                    .and_then(|p| norm.text.get(p.range.clone()))
                    .unwrap_or(""),
            )
        } else {
            0
        };
        let own = self.cues.get(i).copied().unwrap_or(0);
        features::sentence_features(text, own, paragraph, context, bits, scratch, out);
    }
}

/// The judge's arithmetic, shared by inference ([`Judge::judge`]) and training (which scores
/// with weights being fitted): paragraph voice scores, the document's length-weighted voice,
/// and per-sentence claim scores. A paragraph or sentence without features scores 0.
pub(crate) fn judgement_with(
    norm: &Normalized,
    mut paragraph_features: impl FnMut(usize, &mut Vec<u32>),
    mut sentence_features: impl FnMut(usize, &mut Vec<u32>),
    voice: impl Fn(&[u32]) -> f32,
    claims: impl Fn(&[u32]) -> Vec<f32>,
) -> Judgement {
    let mut feats = Vec::new();
    let mut paragraph_voice = Vec::with_capacity(norm.paragraphs.len());
    let (mut weighted, mut total) = (0.0f64, 0usize);
    for (i, p) in norm.paragraphs.iter().enumerate() {
        paragraph_features(i, &mut feats);
        if feats.is_empty() {
            paragraph_voice.push(0.0);
            continue;
        }
        let v = voice(&feats);
        let w = p.range.len().min(MAX_PARAGRAPH_WEIGHT);
        weighted += f64::from(v) * w as f64;
        total += w;
        paragraph_voice.push(v);
    }
    let mut sentence_claims = Vec::with_capacity(norm.sentences.len());
    for i in 0..norm.sentences.len() {
        sentence_features(i, &mut feats);
        let scores = claims(&feats);
        sentence_claims.push(if feats.is_empty() {
            vec![0.0; scores.len()]
        } else {
            scores
        });
    }
    Judgement {
        judged: norm.text.len() >= MIN_JUDGED_BYTES,
        doc_voice: document_voice(weighted, total),
        paragraph_voice,
        sentence_claims,
    }
}

/// A document's voice: its paragraphs' length-weighted mean score (`weighted` is the sum of
/// score × weight, `total` the sum of weights).
fn document_voice(weighted: f64, total: usize) -> f32 {
    if total == 0 {
        0.0
    } else {
        (weighted / total as f64) as f32
    }
}

/// The n-grams that decided a document's voice, with their weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VoiceFeatures {
    /// Strongest first, towards an advertiser.
    pub advertiser: Vec<(String, f32)>,
    /// Strongest first, towards reporting.
    pub reporting: Vec<(String, f32)>,
}

/// The voice gate's thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gate {
    /// A document below this voice score is reporting: its findings are dropped…
    pub doc: f32,
    /// …except in a paragraph at or above this one (an advertiser's block inside it).
    pub paragraph: f32,
}

impl Gate {
    /// Whether a finding survives: in a document too short to judge, in an advertiser's
    /// document, or in an advertiser's paragraph (`paragraph` is `None` for a finding no paragraph
    /// holds).
    pub fn keeps(&self, j: &Judgement, paragraph: Option<usize>) -> bool {
        !j.judged
            || j.doc_voice >= self.doc
            || paragraph
                .and_then(|p| j.paragraph_voice.get(p))
                .is_some_and(|&v| v >= self.paragraph)
    }
}
