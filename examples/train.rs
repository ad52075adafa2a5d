//! Trains the judge (voice gate and sentence claim scores) from the dev half of corpus/real and
//! writes models/judge.bin. Deterministic: the same corpus gives the same bytes.
//!
//! ```sh
//! cargo run --release --example train            # corpus/real -> models/judge.bin
//! cargo run --release --example train -- DIR OUT
//! ```

use claimlint::eval::{load_labelled, Split};
use claimlint::learned::train::{data_hash, prepare, train, Settings};
use claimlint::text::LangDetector;
use claimlint::Engine;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "corpus/real".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "models/judge.bin".into()));
    match run(&root, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(root: &Path, out: &Path) -> Result<(), claimlint::Error> {
    let settings = Settings::default();
    let docs = load_labelled(root, Some(Split::Dev))?;
    let set = claimlint::load_rule_set(true, &[])?;
    let engine = Engine::new(set)?;
    let detector = LangDetector::new();
    let mut prepared = Vec::with_capacity(docs.len());
    for d in &docs {
        prepared.push(prepare(&engine, d, &settings, &detector)?);
    }
    let hash = data_hash(root, &docs, &settings)
        .map_err(|e| claimlint::Error::io(root.to_string_lossy(), &e))?;
    let trained = train(&prepared, hash, &settings);
    std::fs::write(out, &trained.bytes)
        .map_err(|e| claimlint::Error::io(out.to_string_lossy(), &e))?;
    print!("{}", trained.report);
    println!(
        "wrote {} ({} bytes, data hash {hash:016x})",
        out.display(),
        trained.bytes.len()
    );
    Ok(())
}
