//! Scoring packs against a labeled corpus (`claimlint eval DIR`): precision, recall and F1 per
//! category, per language and overall, counted per (document, category). Manifest format:
//! docs/corpus-format.md.

use crate::engine::{CheckOptions, Engine};
use crate::error::{Error, YamlError};
use crate::model::{Category, Lang};
use crate::run::{check_input, Input};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(default)]
    language: Option<Lang>,
    documents: Vec<ManifestDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestDoc {
    file: String,
    #[serde(default)]
    expect: Vec<Category>,
    #[serde(default)]
    language: Option<Lang>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

/// True/false positives and false negatives.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Expected and reported.
    pub tp: usize,
    /// Reported, not expected.
    pub fp: usize,
    /// Expected, not reported.
    pub fn_: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    /// tp / (tp + fp); 1 when nothing was reported.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn); 1 when nothing was expected.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One scoring mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    /// The document.
    pub path: String,
    /// The category.
    pub category: Category,
    /// `true` for a false positive, `false` for a false negative.
    pub false_positive: bool,
    /// For false positives: the rules and matched text that caused it.
    pub evidence: Vec<String>,
}

/// The scores of one evaluation.
#[derive(Debug, Default, Clone)]
pub struct Evaluation {
    /// Documents scored.
    pub documents: usize,
    /// Per category.
    pub categories: BTreeMap<Category, Counts>,
    /// Per language.
    pub languages: BTreeMap<Lang, Counts>,
    /// All together (micro-averaged).
    pub overall: Counts,
    /// What went wrong, for tuning.
    pub mistakes: Vec<Mistake>,
}

/// Every `manifest.yaml` below `dir`, with the walker `check -L --hidden --no-ignore` uses:
/// symbolic links are followed and a loop is detected (it leads back to a directory already
/// walked, so it is skipped), not followed forever. Sorted by path components, as before.
fn find_manifests(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let opts = crate::walk::WalkOptions {
        hidden: true,
        follow: true,
        no_ignore: true,
        ..Default::default()
    };
    let (inputs, errors) = crate::walk::collect(&[dir.to_path_buf()], &opts)?;
    if let Some(e) = errors
        .into_iter()
        .find(|e| !crate::walk::is_symlink_loop(e))
    {
        return Err(e);
    }
    out.extend(inputs.into_iter().filter_map(|i| match i {
        Input::Path(p) if p.file_name().is_some_and(|n| n == "manifest.yaml") => Some(p),
        _ => None,
    }));
    out.sort();
    Ok(())
}

/// Scores `engine` against every `manifest.yaml` below `dir`.
pub fn evaluate(engine: &Engine, dir: &Path) -> Result<Evaluation, Error> {
    let mut manifests = Vec::new();
    find_manifests(dir, &mut manifests)?;
    if manifests.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no manifest.yaml found (see docs/corpus-format.md)",
            dir.display()
        )));
    }
    let mut ev = Evaluation::default();
    for mpath in manifests {
        let text =
            std::fs::read_to_string(&mpath).map_err(|e| Error::io(mpath.to_string_lossy(), &e))?;
        let shown = mpath.to_string_lossy().into_owned();
        let shared: Arc<str> = Arc::from(text.as_str());
        let manifest: Manifest = serde_yaml::from_str(&text)
            .map_err(|e| crate::rules::yaml_error_pub(&shown, &shared, &e))?;
        let base = mpath.parent().unwrap_or(Path::new("."));
        for doc in &manifest.documents {
            let path = base.join(&doc.file);
            let lang = doc.language.or(manifest.language).unwrap_or(Lang::Other);
            let report = check_input(
                engine,
                &Input::Path(path.clone()),
                &CheckOptions::default(),
                &crate::source::SourceOptions::default(),
            )
            .map_err(|e| match e {
                Error::Io { message, .. } => Error::Yaml(YamlError::at(
                    &shown,
                    &shared,
                    crate::error::locate(&text, 1, &doc.file)
                        .map(|l| l.0)
                        .unwrap_or(1),
                    1,
                    format!("{}: {message}", path.display()),
                )),
                other => other,
            })?;
            let found: BTreeSet<Category> = report.diagnostics.iter().map(|d| d.category).collect();
            let expected: BTreeSet<Category> = doc.expect.iter().copied().collect();
            ev.documents += 1;
            for cat in found.union(&expected) {
                let c = match (found.contains(cat), expected.contains(cat)) {
                    (true, true) => Counts {
                        tp: 1,
                        ..Default::default()
                    },
                    (true, false) => Counts {
                        fp: 1,
                        ..Default::default()
                    },
                    _ => Counts {
                        fn_: 1,
                        ..Default::default()
                    },
                };
                ev.categories.entry(*cat).or_default().add(c);
                ev.languages.entry(lang).or_default().add(c);
                ev.overall.add(c);
                if c.tp == 0 {
                    let evidence = report
                        .diagnostics
                        .iter()
                        .filter(|d| d.category == *cat)
                        .map(|d| {
                            format!(
                                "{} `{}`",
                                d.rule,
                                report.text.get(d.span.clone()).unwrap_or("")
                            )
                        })
                        .collect();
                    ev.mistakes.push(Mistake {
                        path: path.to_string_lossy().into_owned(),
                        category: *cat,
                        false_positive: c.fp == 1,
                        evidence,
                    });
                }
            }
        }
    }
    Ok(ev)
}

impl Evaluation {
    /// A plain-text table for the terminal.
    pub fn table(&self, show_mistakes: bool) -> String {
        let mut s = String::new();
        let row = |s: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                s,
                "{name:<28} {:>4} {:>4} {:>4}  {:>9.3} {:>6.3} {:>6.3}",
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1()
            );
        };
        let _ = writeln!(s, "{} documents\n", self.documents);
        let _ = writeln!(
            s,
            "{:<28} {:>4} {:>4} {:>4}  {:>9} {:>6} {:>6}",
            "category", "tp", "fp", "fn", "precision", "recall", "f1"
        );
        for (cat, c) in &self.categories {
            row(&mut s, cat.id(), c);
        }
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{:<28} {:>4} {:>4} {:>4}  {:>9} {:>6} {:>6}",
            "language", "tp", "fp", "fn", "precision", "recall", "f1"
        );
        for (lang, c) in &self.languages {
            row(&mut s, lang.code(), c);
        }
        let _ = writeln!(s);
        row(&mut s, "overall", &self.overall);
        if show_mistakes && !self.mistakes.is_empty() {
            let _ = writeln!(s, "\nmistakes:");
            for m in &self.mistakes {
                let _ = writeln!(
                    s,
                    "  {} {} {}{}",
                    if m.false_positive { "FP" } else { "FN" },
                    m.category,
                    m.path,
                    if m.evidence.is_empty() {
                        String::new()
                    } else {
                        format!("  <- {}", m.evidence.join("; "))
                    }
                );
            }
        }
        s
    }
}
