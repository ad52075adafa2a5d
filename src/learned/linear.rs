//! The weights file: linear models over hashed features, read in place from the embedded bytes.
//!
//! Layout (little-endian):
//! ```text
//! "CLJUDGE2"                       magic
//! u64 data_hash                    what the weights were trained from (see `train::data_hash`)
//! u32 feature_version, u32 bits    the featurizer they expect
//! f32 doc_voice, f32 para_voice    the voice gate's thresholds
//! f32 doc_mix                      the paragraph mean's share of the document voice
//! u32 outputs
//! per output: u8 name length, name, f32 bias, f32 threshold
//! per output: 2^bits f32 weights
//! ```
//! Nothing is copied at load: a score reads its weights straight from the bytes, so start-up
//! costs a header parse, not 2.6 MB of float conversion.

use std::fmt;

// 2: `doc_mix` and the document voice output (`voice-doc`).
const MAGIC: &[u8; 8] = b"CLJUDGE2";

/// One output of the model: a logistic regression over the shared features.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// `voice` or a category id.
    pub name: String,
    /// The intercept.
    pub bias: f32,
    /// The probability at or above which the output fires.
    pub threshold: f32,
}

/// A parsed weights file.
#[derive(Clone)]
pub struct Linear<'a> {
    /// The training data's hash.
    pub data_hash: u64,
    /// The featurizer version.
    pub feature_version: u32,
    /// log2 of the bucket count.
    pub bits: u32,
    /// Document voice threshold: below it a document is reporting, not advertising.
    pub doc_voice: f32,
    /// Paragraph voice threshold: at or above it a paragraph of a reporting document still speaks
    /// for an advertiser (an ad block inside a news page).
    pub para_voice: f32,
    /// Document voice = `doc_mix` × the paragraphs' mean + (1 − `doc_mix`) × the document
    /// output's score (docs/model.md).
    pub doc_mix: f32,
    /// The outputs, in file order.
    pub outputs: Vec<Output>,
    weights: &'a [u8],
}

impl fmt::Debug for Linear<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Linear")
            .field("data_hash", &format_args!("{:016x}", self.data_hash))
            .field("bits", &self.bits)
            .field("outputs", &self.outputs)
            .finish()
    }
}

/// Why a weights file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "model weights: {}", self.0)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let slice = end.and_then(|e| self.bytes.get(self.pos..e));
        match slice {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(FormatError(format!("truncated at byte {}", self.pos))),
        }
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], FormatError> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    fn u32(&mut self) -> Result<u32, FormatError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, FormatError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
}

impl<'a> Linear<'a> {
    /// Reads a weights file.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, FormatError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(FormatError("not a claimlint weights file".into()));
        }
        let data_hash = u64::from_le_bytes(r.array()?);
        let feature_version = r.u32()?;
        let bits = r.u32()?;
        if !(8..=24).contains(&bits) {
            return Err(FormatError(format!("bucket bits {bits} out of range")));
        }
        let doc_voice = r.f32()?;
        let para_voice = r.f32()?;
        let doc_mix = r.f32()?;
        if !(0.0..=1.0).contains(&doc_mix) {
            return Err(FormatError(format!(
                "document voice mix {doc_mix} out of range"
            )));
        }
        let n = r.u32()? as usize;
        if n > 64 {
            return Err(FormatError(format!("{n} outputs")));
        }
        let mut outputs = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.array::<1>()?[0] as usize;
            let name = String::from_utf8(r.take(len)?.to_vec())
                .map_err(|_| FormatError("an output name is not UTF-8".into()))?;
            let bias = r.f32()?;
            let threshold = r.f32()?;
            outputs.push(Output {
                name,
                bias,
                threshold,
            });
        }
        let weights = r.take(n * (4usize << bits))?;
        if r.pos != bytes.len() {
            return Err(FormatError(format!(
                "{} bytes after the weights",
                bytes.len() - r.pos
            )));
        }
        Ok(Linear {
            data_hash,
            feature_version,
            bits,
            doc_voice,
            para_voice,
            doc_mix,
            outputs,
            weights,
        })
    }

    /// The index of output `name`.
    pub fn output(&self, name: &str) -> Option<usize> {
        self.outputs.iter().position(|o| o.name == name)
    }

    /// The weight of output `k` on feature bucket `f`.
    pub fn weight(&self, k: usize, f: u32) -> f32 {
        let buckets = 1usize << self.bits;
        let at = k * buckets * 4 + (f as usize % buckets) * 4;
        self.weights
            .get(at..at + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map(f32::from_le_bytes)
            .unwrap_or(0.0)
    }

    /// The probability output `k` gives a text whose feature buckets are `features`.
    pub fn probability(&self, k: usize, features: &[u32]) -> f32 {
        let Some(out) = self.outputs.get(k) else {
            return 0.0;
        };
        let buckets = 1usize << self.bits;
        let base = k * buckets * 4;
        let mut sum = 0.0f32;
        for &f in features {
            let at = base + (f as usize % buckets) * 4;
            if let Some(w) = self
                .weights
                .get(at..at + 4)
                .and_then(|w| <[u8; 4]>::try_from(w).ok())
            {
                sum += f32::from_le_bytes(w);
            }
        }
        sigmoid(out.bias + sum * feature_scale(features.len()))
    }
}

/// Texts of any length weigh alike: the feature sum is scaled by 1/sqrt(count).
pub fn feature_scale(count: usize) -> f32 {
    if count == 0 {
        0.0
    } else {
        1.0 / (count as f32).sqrt()
    }
}

/// The logistic function.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// What a weights file's header says besides its outputs (training only).
#[derive(Debug, Clone, Copy)]
pub struct Header {
    /// The training data's hash.
    pub data_hash: u64,
    /// The featurizer version.
    pub feature_version: u32,
    /// log2 of the bucket count.
    pub bits: u32,
    /// Document voice threshold.
    pub doc_voice: f32,
    /// Paragraph voice threshold.
    pub para_voice: f32,
    /// The paragraph mean's share of the document voice.
    pub doc_mix: f32,
}

/// Writes a weights file (training only).
pub fn write(h: &Header, outputs: &[Output], weights: &[Vec<f32>]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(MAGIC);
    v.extend_from_slice(&h.data_hash.to_le_bytes());
    v.extend_from_slice(&h.feature_version.to_le_bytes());
    v.extend_from_slice(&h.bits.to_le_bytes());
    v.extend_from_slice(&h.doc_voice.to_le_bytes());
    v.extend_from_slice(&h.para_voice.to_le_bytes());
    v.extend_from_slice(&h.doc_mix.to_le_bytes());
    v.extend_from_slice(&(outputs.len() as u32).to_le_bytes());
    for o in outputs {
        let name = o.name.as_bytes();
        v.push(name.len().min(255) as u8);
        v.extend_from_slice(name.get(..255).unwrap_or(name));
        v.extend_from_slice(&o.bias.to_le_bytes());
        v.extend_from_slice(&o.threshold.to_le_bytes());
    }
    for w in weights {
        for x in w {
            v.extend_from_slice(&x.to_le_bytes());
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let outputs = vec![
            Output {
                name: "voice".into(),
                bias: 0.5,
                threshold: 0.5,
            },
            Output {
                name: "anti-aging".into(),
                bias: -1.0,
                threshold: 0.8,
            },
        ];
        let mut w0 = vec![0.0f32; 256];
        w0[3] = 2.0;
        let w1 = vec![0.25f32; 256];
        let header = Header {
            data_hash: 42,
            feature_version: 1,
            bits: 8,
            doc_voice: 0.3,
            para_voice: 0.9,
            doc_mix: 0.25,
        };
        write(&header, &outputs, &[w0, w1])
    }

    #[test]
    fn round_trips_and_scores() {
        let bytes = sample();
        let m = Linear::parse(&bytes).unwrap();
        assert_eq!(m.data_hash, 42);
        assert_eq!(m.outputs.len(), 2);
        assert_eq!(m.output("anti-aging"), Some(1));
        assert_eq!((m.doc_voice, m.para_voice, m.doc_mix), (0.3, 0.9, 0.25));
        // bias 0.5 + 2.0 * 1/sqrt(1)
        assert!((m.probability(0, &[3]) - sigmoid(2.5)).abs() < 1e-6);
        // bias -1 + (0.25 * 4) / 2
        assert!((m.probability(1, &[1, 2, 3, 4]) - sigmoid(-0.5)).abs() < 1e-6);
        assert_eq!(m.probability(0, &[]), sigmoid(0.5));
    }

    #[test]
    fn truncated_or_foreign_bytes_are_refused_not_panicked_on() {
        let bytes = sample();
        for cut in [0, 7, 8, 20, 40, bytes.len() - 1] {
            assert!(Linear::parse(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut long = bytes.clone();
        long.push(0);
        assert!(Linear::parse(&long).is_err());
        assert!(Linear::parse(b"GIF89a..........................").is_err());
        // A mix outside 0..=1 is not a weighted mean.
        let mut bad_mix = bytes.clone();
        bad_mix[32..36].copy_from_slice(&1.5f32.to_le_bytes());
        assert!(Linear::parse(&bad_mix).is_err());
        // A version-1 file (no mix) is refused, not misread.
        let mut old = bytes.clone();
        old[..8].copy_from_slice(b"CLJUDGE1");
        assert!(Linear::parse(&old).is_err());
    }
}
