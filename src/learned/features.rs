//! Hashed n-gram features of normalized text, shared by training and inference.
//!
//! A text is read as a sequence of *units*: each CJK character (kanji, hanzi, kana) is a unit, each
//! run of Latin letters is a word unit, each run of digits is one `0` unit (so "82%" and "75%"
//! look alike), and `%` is a unit of its own. Features are the hashes of every 1-, 2- and 3-unit
//! n-gram, folded into `2^bits` buckets, deduplicated: a text is a set of buckets. Normalized text
//! has Traditional Chinese folded to Simplified and Latin lower-cased already, so a zh-Hant page
//! and a zh-Hans page share their features.

use crate::text::is_cjk;

/// Bump when units, n-gram orders or hashing change: it is part of the model's data hash, so
/// committed weights trained on other features fail the staleness test.
pub const FEATURE_VERSION: u32 = 1;

/// The longest n-gram, in units.
const MAX_ORDER: usize = 3;

/// FNV-1a over bytes, then a final mix (so nearby keys spread over the buckets).
fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// A 64-bit finaliser (splitmix64's).
fn mix(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// What a character is to the unit reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitClass {
    /// Part of a Latin word or a digit run.
    Word { digit: bool },
    /// A unit on its own: a CJK character or `%`.
    Single,
    /// A separator.
    Other,
}

impl UnitClass {
    fn of(c: char) -> Self {
        // CJK first: `is_numeric` and `is_alphabetic` take a slow table walk for every CJK
        // character (8 % of a batch run's CPU when they were asked first).
        if is_cjk(c) || c == '%' || c == '％' {
            UnitClass::Single
        } else if c.is_numeric() {
            UnitClass::Word { digit: true }
        } else if c.is_alphabetic() {
            UnitClass::Word { digit: false }
        } else {
            UnitClass::Other
        }
    }
}

/// The unit hashes of `text`, appended to `units` (cleared first).
pub fn units(text: &str, units: &mut Vec<u64>) {
    units.clear();
    // The Latin word or digit run being read: its start byte and whether it is digits.
    let mut run: Option<(usize, bool)> = None;
    let end_run = |run: &mut Option<(usize, bool)>, end: usize, units: &mut Vec<u64>| {
        if let Some((start, digits)) = run.take() {
            units.push(if digits {
                hash_bytes(1, b"0")
            } else {
                hash_bytes(2, text.get(start..end).unwrap_or("").as_bytes())
            });
        }
    };
    for (i, c) in text.char_indices() {
        let class = UnitClass::of(c);
        if let UnitClass::Word { digit } = class {
            if run.is_some_and(|(_, d)| d != digit) {
                end_run(&mut run, i, units);
            }
            run.get_or_insert((i, digit));
            continue;
        }
        end_run(&mut run, i, units);
        if class == UnitClass::Single {
            let c = if c == '％' { '%' } else { c };
            let mut buf = [0u8; 4];
            units.push(hash_bytes(3, c.encode_utf8(&mut buf).as_bytes()));
        }
    }
    end_run(&mut run, text.len(), units);
}

/// Every n-gram of `text` with its bucket, in text order (duplicates kept): what `features`
/// hashes, spelled out, for explaining a score.
pub fn named_features(text: &str, bits: u32) -> Vec<(String, u32)> {
    // The units again, with their text, by the same rules as [`units`].
    let mut named: Vec<(String, u64)> = Vec::new();
    let mut hashes = Vec::new();
    units(text, &mut hashes);
    let mut run: Option<(usize, bool)> = None;
    let mut spans: Vec<String> = Vec::new();
    let end_run = |run: &mut Option<(usize, bool)>, end: usize, spans: &mut Vec<String>| {
        if let Some((start, digits)) = run.take() {
            spans.push(if digits {
                "0".into()
            } else {
                text.get(start..end).unwrap_or("").to_string()
            });
        }
    };
    for (i, c) in text.char_indices() {
        let class = UnitClass::of(c);
        if let UnitClass::Word { digit } = class {
            if run.is_some_and(|(_, d)| d != digit) {
                end_run(&mut run, i, &mut spans);
            }
            run.get_or_insert((i, digit));
            continue;
        }
        end_run(&mut run, i, &mut spans);
        if class == UnitClass::Single {
            spans.push(if c == '％' {
                "%".into()
            } else {
                c.to_string()
            });
        }
    }
    end_run(&mut run, text.len(), &mut spans);
    named.extend(spans.into_iter().zip(hashes));
    let mask = (1u64 << bits) - 1;
    let mut out = Vec::new();
    for start in 0..named.len() {
        let mut h = 0x9e37_79b9_7f4a_7c15u64;
        let mut label = String::new();
        for (order, (unit_text, unit)) in named.iter().skip(start).take(MAX_ORDER).enumerate() {
            h = mix(h ^ unit.wrapping_add(order as u64));
            if order > 0 {
                label.push(' ');
            }
            label.push_str(unit_text);
            out.push((label.clone(), (h & mask) as u32));
        }
    }
    out
}

/// The feature buckets of `text` (sorted, deduplicated) into `out`, using `scratch` for units.
pub fn features(text: &str, bits: u32, scratch: &mut Vec<u64>, out: &mut Vec<u32>) {
    units(text, scratch);
    out.clear();
    let mask = (1u64 << bits) - 1;
    for start in 0..scratch.len() {
        let mut h = 0x9e37_79b9_7f4a_7c15u64;
        for (order, unit) in scratch.iter().skip(start).take(MAX_ORDER).enumerate() {
            h = mix(h ^ unit.wrapping_add(order as u64));
            out.push((h & mask) as u32);
        }
    }
    out.sort_unstable();
    out.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(s: &str) -> Vec<u32> {
        let (mut scratch, mut out) = (Vec::new(), Vec::new());
        features(s, 16, &mut scratch, &mut out);
        out
    }

    #[test]
    fn cjk_characters_and_latin_words_are_units() {
        let mut u = Vec::new();
        units("幹細胞 stem cells 82%", &mut u);
        // 幹 細 胞, stem, cells, 0, %
        assert_eq!(u.len(), 7);
    }

    #[test]
    fn numbers_are_one_shape() {
        assert_eq!(feats("有效率95%"), feats("有效率80%"));
        assert_ne!(feats("有效率95%"), feats("有效率很高"));
    }

    #[test]
    fn features_are_a_set_of_bounded_buckets() {
        let f = feats("再生医療 再生医療 再生医療");
        assert!(f.windows(2).all(|w| w[0] < w[1]));
        assert!(f.iter().all(|&b| b < 1 << 16));
        // 4 unigrams, 3+1 bigrams (療再 joins the repeats), 2+2 trigrams at most.
        assert!(f.len() <= 12, "{}", f.len());
    }

    #[test]
    fn named_features_are_the_same_buckets_spelled_out() {
        let text = "NK細胞で免疫力アップ 82% of patients";
        let mut named: Vec<u32> = named_features(text, 16)
            .into_iter()
            .map(|(_, b)| b)
            .collect();
        named.sort_unstable();
        named.dedup();
        assert_eq!(named, feats(text));
        let names: Vec<String> = named_features("stem cells", 16)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["stem", "stem cells", "cells"]);
    }

    #[test]
    fn empty_text_has_no_features() {
        assert!(feats("").is_empty());
        assert!(feats("  ,.!").is_empty());
    }
}
