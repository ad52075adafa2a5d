//! Trains the judge (voice gate and sentence claim scores) from the dev half of corpus/real and
//! writes models/judge.bin. Deterministic: the same corpus gives the same bytes.
//!
//! ```sh
//! cargo run --release --example train     # corpus/real + corpus/voice -> models/judge.bin
//! ```
//!
//! corpus/real's dev documents train everything and choose the thresholds; corpus/voice's dev
//! documents (labelled for their voice only) add to the voice output's examples.

use claimlint::eval::{load_labelled, LabelledDoc, Split};
use claimlint::learned::train::{data_hash, prepare, train, Criterion, Settings};
use claimlint::text::LangDetector;
use claimlint::Engine;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    // `CLAIMLINT_TRAIN_ROOT` trains on another copy of the corpus (the same binary and pack): for
    // measuring what a batch of documents changes, out of fold, without editing this checkout.
    let root_env = std::env::var("CLAIMLINT_TRAIN_ROOT").ok();
    let root = Path::new(root_env.as_deref().unwrap_or(env!("CARGO_MANIFEST_DIR")));
    // `CLAIMLINT_TRAIN_OUT` writes elsewhere: for measuring a variant without touching the
    // committed weights.
    let out = std::env::var_os("CLAIMLINT_TRAIN_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("models/judge.bin"));
    match run(root, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(root: &Path, out: &Path) -> Result<(), claimlint::Error> {
    let settings = experiment(Settings::default())?;
    let (docs, voice_docs) = training_documents(root)?;
    let set = claimlint::load_rule_set(true, &[])?;
    let engine = Engine::new(set)?;
    let detector = LangDetector::new();
    let mut prepared = Vec::with_capacity(docs.len());
    for d in &docs {
        prepared.push(prepare(&engine, d, false, &settings, &detector)?);
    }
    for d in &voice_docs {
        let voice_only = !(settings.voice_labels && d.labelled);
        prepared.push(prepare(&engine, d, voice_only, &settings, &detector)?);
    }
    let all: Vec<_> = docs.iter().chain(&voice_docs).cloned().collect();
    let hash = data_hash(root, &all, &settings)
        .map_err(|e| claimlint::Error::io(root.to_string_lossy(), &e))?;
    let trained = train(&prepared, hash, &settings);
    std::fs::write(out, &trained.bytes)
        .map_err(|e| claimlint::Error::io(out.to_string_lossy(), &e))?;
    // `CLAIMLINT_TRAIN_VOICES`: each scored document's out-of-fold voice, one `path<TAB>score`
    // line, for reading what the gate gets wrong.
    if let Some(path) = std::env::var_os("CLAIMLINT_TRAIN_VOICES") {
        let lines: String = trained
            .document_voices
            .iter()
            .map(|(p, v)| format!("{}\t{v:.3}\n", p.display()))
            .collect();
        std::fs::write(&path, lines)
            .map_err(|e| claimlint::Error::io(path.to_string_lossy(), &e))?;
    }
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = write!(stdout, "{}", trained.report);
    let _ = writeln!(
        stdout,
        "wrote {} ({} bytes, data hash {hash:016x})",
        out.display(),
        trained.bytes.len()
    );
    Ok(())
}

/// `CLAIMLINT_TRAIN_EXPERIMENT="cues=0 bits=17 epochs=20 ..."` overrides settings, to measure
/// a variant's out-of-fold figures (with `CLAIMLINT_TRAIN_OUT`); the committed weights come from
/// the defaults.
fn experiment(mut s: Settings) -> Result<Settings, claimlint::Error> {
    let Ok(spec) = std::env::var("CLAIMLINT_TRAIN_EXPERIMENT") else {
        return Ok(s);
    };
    for item in spec.split_whitespace() {
        let (key, value) = item.split_once('=').unwrap_or((item, ""));
        let bad = || claimlint::Error::Usage(format!("bad experiment setting `{item}`"));
        match key {
            "cues" => s.cues = value.parse().map_err(|_| bad())?,
            // 2^bits f32 weights per output: 8..=24 (the file format caps the buckets too).
            "bits" => s.bits = in_range(value, 8..=24).ok_or_else(bad)?,
            "epochs" => s.epochs = value.parse().map_err(|_| bad())?,
            "rate" => s.rate = value.parse().map_err(|_| bad())?,
            "l2" => s.l2 = value.parse().map_err(|_| bad())?,
            "roles" => {
                s.cue_roles =
                    u8::from_str_radix(value.trim_start_matches("0x"), 16).map_err(|_| bad())?
            }
            "context" => s.context = value.parse().map_err(|_| bad())?,
            // The document voice output: n-grams only (false) or with the genre features.
            "docgenre" => s.doc_genre = value.parse().map_err(|_| bad())?,
            // The paragraph mean's share of the document voice, fixed (1 = the mean alone).
            "mix" => s.mix = Some(in_range(value, 0.0..=1.0).ok_or_else(bad)?),
            // The most clean dev pages the gate may leave flagged: a share, or `none` (F1 alone).
            "clean" => {
                s.max_clean_flagged = match value {
                    "none" => None,
                    v => Some(in_range(v, 0.0..=1.0).ok_or_else(bad)?),
                }
            }
            // Gates within this much F1 of the best count as equal (fewest clean pages wins).
            "tol" => s.f1_tolerance = in_range(value, 0.0..=1.0).ok_or_else(bad)?,
            // The shuffle seed: the spread over seeds is the noise a variant must beat.
            "seed" => s.seed = value.parse().map_err(|_| bad())?,
            "posw" => s.max_positive_weight = value.parse().map_err(|_| bad())?,
            // The voice outputs read text with the packs' topic terms masked (true) or not.
            "mask" => s.mask_topics = value.parse().map_err(|_| bad())?,
            // Labelled corpus/voice documents train and are scored like corpus/real ones (true),
            // or train the voice only (false, the default).
            "voicelabels" => s.voice_labels = value.parse().map_err(|_| bad())?,
            "criterion" => {
                s.criterion = match value {
                    "f1" => Criterion::F1Gain,
                    "precision" => Criterion::Precision,
                    _ => return Err(bad()),
                }
            }
            _ => return Err(bad()),
        }
    }
    eprintln!("experiment: {s:?}");
    Ok(s)
}

/// `value` parsed, if it is within `range`.
fn in_range<T: std::str::FromStr + PartialOrd>(
    value: &str,
    range: std::ops::RangeInclusive<T>,
) -> Option<T> {
    value.parse().ok().filter(|v| range.contains(v))
}

/// The dev halves of corpus/real (fully labelled) and corpus/voice (labelled for their voice,
/// and for categories where the entry has `expect`).
fn training_documents(
    root: &Path,
) -> Result<(Vec<LabelledDoc>, Vec<LabelledDoc>), claimlint::Error> {
    let real = load_labelled(&root.join("corpus/real"), Some(Split::Dev))?;
    let voice_dir = root.join("corpus/voice");
    let voice = match load_labelled(&voice_dir, Some(Split::Dev)) {
        Ok(docs) => docs,
        // No corpus/voice (or no manifest in it yet): the voice learns from corpus/real alone.
        Err(claimlint::Error::Usage(_)) if !voice_dir.join("ja/manifest-voice.yaml").exists() => {
            Vec::new()
        }
        Err(e) => return Err(e),
    };
    Ok((real, voice))
}
