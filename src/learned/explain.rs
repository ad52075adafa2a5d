//! `claimlint voice FILE`: what the judge hears in a document — its voice score and the two parts
//! it mixes (the paragraphs' mean and the document output), each paragraph's score, the gate's
//! verdict, and the features that weighed most either way in each part.

use super::{Gate, Judge, MIN_JUDGED_BYTES};
use crate::engine::Engine;
use crate::source::{Loaded, SourceOptions};
use std::fmt::Write;
use std::path::Path;

/// How many n-grams to show on each side.
const SHOWN: usize = 10;

/// The report for one file's bytes (`shown` names it), judged against `threshold` (`None`: the
/// model's), or `None` for a binary file.
pub fn voice_report(
    engine: &Engine,
    judge: &Judge,
    shown: &str,
    path: Option<&Path>,
    bytes: &[u8],
    threshold: Option<f32>,
) -> Option<String> {
    let src = match crate::source::load(bytes, path, &SourceOptions::default()) {
        Loaded::Source(s) => s,
        Loaded::Binary { .. } => return None,
    };
    let norm = engine.normalize(&src.extracted.text, None);
    // The voice reads no pack hits: none are needed for this report.
    let j = judge.judge(&norm, &[]);
    let model = judge.model();
    let gate = Gate {
        doc: threshold.unwrap_or(model.doc_voice),
        paragraph: model.para_voice,
    };
    let mut s = String::new();
    let verdict = if !j.judged {
        format!("not judged (under {MIN_JUDGED_BYTES} bytes): checked as copy")
    } else if j.doc_voice >= gate.doc {
        "advertiser: findings count".to_string()
    } else {
        "reporting: findings are dropped".to_string()
    };
    let _ = writeln!(
        s,
        "{shown}: voice {:.3} (threshold {:.2}) — {verdict}",
        j.doc_voice, gate.doc
    );
    let document = j
        .document_score
        .map_or("-".to_string(), |d| format!("{d:.3}"));
    let _ = writeln!(
        s,
        "  = {:.2} x paragraph mean {:.3} + {:.2} x document output {document}",
        model.doc_mix,
        j.paragraph_mean,
        1.0 - model.doc_mix
    );
    let d = judge.document_voice_features(&norm, SHOWN);
    let genre: Vec<String> = d
        .genre
        .iter()
        .map(|(n, w)| format!("{n} ({w:+.2})"))
        .collect();
    let _ = writeln!(s, "  document output, genre: {}", genre.join(", "));
    for (side, list) in [
        ("advertiser", &d.ngrams.advertiser),
        ("reporting", &d.ngrams.reporting),
    ] {
        let shown: Vec<String> = list.iter().map(|(n, w)| format!("{n} ({w:+.2})")).collect();
        let _ = writeln!(s, "  document output towards {side}: {}", shown.join(", "));
    }
    let _ = writeln!(s, "  paragraphs:");
    for (p, v) in norm.paragraphs.iter().zip(&j.paragraph_voice) {
        let text = norm.text.get(p.range.clone()).unwrap_or("");
        let head: String = text.chars().take(60).collect::<String>().replace('\n', " ");
        let _ = writeln!(s, "  {v:.3}  {head}");
    }
    let f = judge.voice_features(&norm, SHOWN);
    for (side, list) in [("advertiser", &f.advertiser), ("reporting", &f.reporting)] {
        let shown: Vec<String> = list.iter().map(|(n, w)| format!("{n} ({w:+.2})")).collect();
        let _ = writeln!(s, "  paragraphs towards {side}: {}", shown.join(", "));
    }
    Some(s)
}
