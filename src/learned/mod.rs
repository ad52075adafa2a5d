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

/// The name of the (paragraph) voice output.
pub const VOICE: &str = "voice";

/// The name of the document voice output: one score from a whole document's features
/// ([`features::document_features`]), mixed with the paragraphs' mean ([`linear::Linear::doc_mix`]).
pub const DOC_VOICE: &str = "voice-doc";

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
    doc_voice: usize,
    /// (output index, category) for every claim output the model has.
    claims: Vec<(usize, Category)>,
}

/// What the judge says of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Judgement {
    /// Whether the document is long enough to judge its voice ([`MIN_JUDGED_BYTES`]).
    pub judged: bool,
    /// The probability that the document speaks for an advertiser: `paragraph_mean` and
    /// `document_score` mixed ([`Judgement::mix`]).
    pub doc_voice: f32,
    /// Its paragraphs' voice scores, averaged by length.
    pub paragraph_mean: f32,
    /// The document voice output's score (`None` for a document without features).
    pub document_score: Option<f32>,
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
        let doc_voice = model
            .output(DOC_VOICE)
            .ok_or_else(|| linear::FormatError("no document voice output".into()))?;
        let claims = model
            .outputs
            .iter()
            .enumerate()
            .filter_map(|(i, o)| Category::from_id(&o.name).map(|c| (i, c)))
            .collect();
        Ok(Judge {
            model,
            voice,
            doc_voice,
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

    /// The n-grams of `norm` that weigh most for its paragraphs' voice: up to `n` towards an
    /// advertiser and `n` towards reporting, each with its weight, strongest first (for
    /// `claimlint voice`).
    pub fn voice_features(&self, norm: &Normalized, n: usize) -> VoiceFeatures {
        let mut seen = std::collections::BTreeMap::new();
        for p in &norm.paragraphs {
            let text = norm.text.get(p.range.clone()).unwrap_or("");
            for (name, bucket) in
                features::named_features(&features::mask_topics(text), self.model.bits)
            {
                seen.entry(name).or_insert(bucket);
            }
        }
        rank(
            seen.into_iter()
                .map(|(name, b)| (name, self.model.weight(self.voice, b)))
                .collect(),
            n,
        )
    }

    /// What the document voice output weighed in `norm`: every genre feature it found, with
    /// its weight (strongest either way first), and the n-grams that weighed most either way (up
    /// to `n` each). Weights are before the 1/√(feature count) scaling, as for
    /// [`Judge::voice_features`].
    pub fn document_voice_features(&self, norm: &Normalized, n: usize) -> DocumentVoiceFeatures {
        let bits = self.model.bits;
        let mut genre: Vec<(String, f32)> = features::genre_features(&norm.text, bits)
            .into_iter()
            .map(|(name, b)| (name, self.model.weight(self.doc_voice, b)))
            .collect();
        genre.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then_with(|| a.0.cmp(&b.0)));
        let mut seen = std::collections::BTreeMap::new();
        for (name, bucket) in features::named_features(&features::mask_topics(&norm.text), bits) {
            seen.entry(name).or_insert(bucket);
        }
        let ngrams = rank(
            seen.into_iter()
                .map(|(name, b)| (name, self.model.weight(self.doc_voice, b)))
                .collect(),
            n,
        );
        DocumentVoiceFeatures { genre, ngrams }
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
        let mut doc_feats = Vec::new();
        // Genre features and topic masking are always on here: weights of another feature
        // version are refused when they are read (`Judge::from_bytes`).
        features::document_features(
            &norm.text,
            true,
            true,
            bits,
            &mut para_scratch,
            &mut doc_feats,
        );
        let document_score =
            (!doc_feats.is_empty()).then(|| self.model.probability(self.doc_voice, &doc_feats));
        judgement_with(
            norm,
            document_score,
            self.model.doc_mix,
            |i, out| {
                let text = norm
                    .paragraphs
                    .get(i)
                    .and_then(|p| norm.text.get(p.range.clone()))
                    .unwrap_or("");
                features::voice_features(text, true, bits, &mut para_scratch, out);
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
/// with weights being fitted): paragraph voice scores, their length-weighted mean mixed with
/// the document output's `document_score` (`mix` of the mean), and per-sentence claim scores.
/// A paragraph or sentence without features scores 0.
pub(crate) fn judgement_with(
    norm: &Normalized,
    document_score: Option<f32>,
    mix: f32,
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
    let paragraph_mean = document_voice(weighted, total);
    let mut j = Judgement {
        judged: norm.text.len() >= MIN_JUDGED_BYTES,
        doc_voice: paragraph_mean,
        paragraph_mean,
        document_score,
        paragraph_voice,
        sentence_claims,
    };
    j.mix(mix);
    j
}

impl Judgement {
    /// Sets the document voice to `mix` × the paragraph mean + (1 − `mix`) × the document
    /// output's score (the mean alone when there is no document score).
    pub fn mix(&mut self, mix: f32) {
        self.doc_voice = match self.document_score {
            Some(d) => mix * self.paragraph_mean + (1.0 - mix) * d,
            None => self.paragraph_mean,
        };
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

/// Up to `n` features each way, strongest first.
fn rank(mut weighed: Vec<(String, f32)>, n: usize) -> VoiceFeatures {
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

/// What the document voice output weighed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentVoiceFeatures {
    /// The genre features found, with their weights, strongest either way first.
    pub genre: Vec<(String, f32)>,
    /// The whole text's n-grams that weighed most either way.
    pub ngrams: VoiceFeatures,
}

/// The n-grams that decided a document's voice, with their weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VoiceFeatures {
    /// Strongest first, towards an advertiser.
    pub advertiser: Vec<(String, f32)>,
    /// Strongest first, towards reporting.
    pub reporting: Vec<(String, f32)>,
}

/// A threshold above any probability: "never" (a paragraph or claim threshold that is off),
/// stored finite in the weights' file.
pub const NEVER: f32 = 2.0;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::LangDetector;

    /// A judge over 2^12 buckets whose paragraph voice output is flat (bias 0: every paragraph
    /// scores 0.5) and whose document output pushes towards an advertiser on one genre feature.
    fn judge_with(mix: f32, genre: &str, weight: f32) -> Judge {
        let bits = 12;
        let mut doc = vec![0.0f32; 1 << bits];
        let bucket = features::genre_features("当院ご予約", bits)
            .into_iter()
            .find(|(n, _)| n == genre)
            .map(|(_, b)| b)
            .unwrap_or_else(|| panic!("no {genre}"));
        doc[bucket as usize] = weight;
        let out = |name: &str| linear::Output {
            name: name.into(),
            bias: 0.0,
            threshold: 0.5,
        };
        let header = linear::Header {
            data_hash: 0,
            feature_version: features::FEATURE_VERSION,
            bits,
            doc_voice: 0.5,
            para_voice: NEVER,
            doc_mix: mix,
        };
        let bytes = linear::write(
            &header,
            &[out(VOICE), out(DOC_VOICE)],
            &[vec![0.0; 1 << bits], doc],
        );
        Judge::from_bytes(Box::leak(bytes.into_boxed_slice())).unwrap()
    }

    fn norm(text: &str) -> Normalized {
        Normalized::build(text, None, &LangDetector::new())
    }

    #[test]
    fn the_document_voice_mixes_the_paragraph_mean_with_the_document_output() {
        let judge = judge_with(0.5, "genre:booking:1", 40.0);
        let ad = norm(&format!(
            "{}ご予約はこちら。",
            "幹細胞治療のご案内です。".repeat(40)
        ));
        let j = judge.judge(&ad, &[]);
        assert!(j.judged);
        assert!((j.paragraph_mean - 0.5).abs() < 1e-6, "{j:?}");
        let d = j.document_score.unwrap();
        assert!(
            d > 0.6,
            "the booking marker pushes the document output: {d}"
        );
        assert!((j.doc_voice - (0.5 * 0.5 + 0.5 * d)).abs() < 1e-6);
        // Without the marker the document output has nothing to go on.
        let plain = norm(&"幹細胞治療のご案内です。".repeat(40));
        let j = judge.judge(&plain, &[]);
        assert!((j.document_score.unwrap() - 0.5).abs() < 1e-6);
        // Mix 1 is the paragraph mean alone, whatever the document output says.
        let j = judge_with(1.0, "genre:booking:1", 40.0).judge(&ad, &[]);
        assert!((j.doc_voice - 0.5).abs() < 1e-6);
        // Mix 0 is the document output alone.
        let j = judge_with(0.0, "genre:booking:1", 40.0).judge(&ad, &[]);
        assert_eq!(Some(j.doc_voice), j.document_score);
    }

    #[test]
    fn a_document_without_features_keeps_the_paragraph_mean() {
        let mut j = Judgement {
            paragraph_mean: 0.7,
            document_score: None,
            ..Judgement::default()
        };
        j.mix(0.0);
        assert_eq!(j.doc_voice, 0.7);
        j.document_score = Some(0.1);
        j.mix(0.25);
        assert!((j.doc_voice - (0.25 * 0.7 + 0.75 * 0.1)).abs() < 1e-6);
    }

    #[test]
    fn the_document_output_explains_itself_with_its_genre_features() {
        let judge = judge_with(0.5, "genre:booking:1", 40.0);
        let ad = norm(&format!(
            "{}ご予約はこちら。",
            "幹細胞治療のご案内です。".repeat(40)
        ));
        let f = judge.document_voice_features(&ad, 5);
        assert_eq!(
            f.genre.first(),
            Some(&("genre:booking:1".to_string(), 40.0))
        );
        assert!(f.ngrams.advertiser.is_empty() && f.ngrams.reporting.is_empty());
    }

    #[test]
    fn weights_without_a_document_voice_output_are_refused() {
        let header = linear::Header {
            data_hash: 0,
            feature_version: features::FEATURE_VERSION,
            bits: 8,
            doc_voice: 0.5,
            para_voice: NEVER,
            doc_mix: 1.0,
        };
        let voice = linear::Output {
            name: VOICE.into(),
            bias: 0.0,
            threshold: 0.5,
        };
        let bytes = linear::write(&header, &[voice], &[vec![0.0; 256]]);
        assert!(Judge::from_bytes(Box::leak(bytes.into_boxed_slice())).is_err());
    }
}
