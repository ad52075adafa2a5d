//! Scoring packs against a labeled corpus (`claimlint eval DIR`): precision, recall and F1 per
//! category, per language and overall, counted per (document, category). Manifest format:
//! docs/corpus-format.md.

use crate::engine::{CheckOptions, Engine};
use crate::error::{Error, YamlError};
use crate::model::{Category, Lang};
use crate::run::{Input, Pipeline, Settings};
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
    /// The categories the document commits; absent when it is labelled for its voice only
    /// (corpus/voice before the late evening of 2026-12-07): such a document is not scored.
    #[serde(default)]
    expect: Option<Vec<Category>>,
    #[serde(default)]
    language: Option<Lang>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    /// The real page the document follows (address, or title and publisher).
    #[serde(default)]
    #[allow(dead_code)]
    source: Option<String>,
    /// The source's site; the split is decided by it (corpus/real/split.py).
    #[serde(default)]
    site: Option<String>,
    #[serde(default)]
    split: Option<Split>,
    /// clinic, news, regulator, …: reported for clean documents that were flagged.
    #[serde(default)]
    genre: Option<String>,
    /// Whose voice the document speaks in.
    #[serde(default)]
    voice: Option<Voice>,
    /// For each expected category, exact substrings that commit it (sentence-level labels).
    #[serde(default)]
    evidence: BTreeMap<Category, Vec<String>>,
}

/// A half of a corpus split by source site (docs/corpus-format.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Rules and models are written and tuned from this half.
    Dev,
    /// Scored to report honest figures; never used for tuning.
    Test,
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Split, String> {
        match s {
            "dev" => Ok(Split::Dev),
            "test" => Ok(Split::Test),
            other => Err(format!("unknown split `{other}` (dev or test)")),
        }
    }
}

/// Whose voice a labelled document speaks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    /// A clinic, agency, seller, or an advertorial written for one.
    Advertiser,
    /// News, regulator, court, academic, explainer, consumer warning, critic.
    Reporting,
}

/// A document of a labelled corpus, as its manifest describes it.
#[derive(Debug, Clone)]
pub struct LabelledDoc {
    /// The document's path.
    pub path: PathBuf,
    /// Its language (the entry's, else the manifest's, else `Other`).
    pub lang: Lang,
    /// The categories a correct linter reports.
    pub expect: BTreeSet<Category>,
    /// Whether the entry is labelled for categories at all (it has `expect`, even `[]`); an
    /// entry labelled for its voice only is not scored.
    pub labelled: bool,
    /// The half of the corpus it belongs to, when the corpus is split.
    pub split: Option<Split>,
    /// The source's site (real corpus).
    pub site: Option<String>,
    /// clinic, news, regulator, … (real corpus).
    pub genre: Option<String>,
    /// Whose voice it speaks in (real corpus).
    pub voice: Option<Voice>,
    /// Per expected category, exact substrings of the document that commit it.
    pub evidence: BTreeMap<Category, Vec<String>>,
}

/// Reads every manifest below `dir` into its documents, in manifest and entry order, keeping
/// those `split` selects (all when `None`).
pub fn load_labelled(dir: &Path, split: Option<Split>) -> Result<Vec<LabelledDoc>, Error> {
    let mut manifests = Vec::new();
    find_manifests(dir, &mut manifests)?;
    if manifests.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no manifest.yaml found (see docs/corpus-format.md)",
            dir.display()
        )));
    }
    let mut docs = Vec::new();
    for mpath in manifests {
        let text =
            std::fs::read_to_string(&mpath).map_err(|e| Error::io(mpath.to_string_lossy(), &e))?;
        let shown = mpath.to_string_lossy().into_owned();
        let shared: Arc<str> = Arc::from(text.as_str());
        let manifest: Manifest = serde_yaml_ng::from_str(&text)
            .map_err(|e| crate::rules::yaml_error_pub(&shown, &shared, &e))?;
        let base = mpath.parent().unwrap_or(Path::new("."));
        for (k, doc) in manifest.documents.into_iter().enumerate() {
            if split.is_some() && doc.split != split {
                continue;
            }
            let path = base.join(&doc.file);
            if !path.is_file() {
                use crate::yaml_place::{nearest, Step};
                let entry = [
                    Step::Key("documents".into()),
                    Step::Index(k),
                    Step::Key("file".into()),
                ];
                let place = nearest(&text, &entry);
                return Err(Error::Yaml(YamlError::at(
                    &shown,
                    &shared,
                    place.line,
                    place.column,
                    format!("{}: no such file", path.display()),
                )));
            }
            docs.push(LabelledDoc {
                path,
                lang: doc.language.or(manifest.language).unwrap_or(Lang::Other),
                labelled: doc.expect.is_some(),
                expect: doc.expect.iter().flatten().copied().collect(),
                split: doc.split,
                site: doc.site,
                genre: doc.genre,
                voice: doc.voice,
                evidence: doc.evidence,
            });
        }
    }
    Ok(docs)
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
    /// Documents labelled for their voice only (no `expect`), not scored.
    pub unlabelled: usize,
    /// Per category.
    pub categories: BTreeMap<Category, Counts>,
    /// Per language.
    pub languages: BTreeMap<Lang, Counts>,
    /// All together (micro-averaged).
    pub overall: Counts,
    /// Clean documents (nothing expected) scored.
    pub clean_documents: usize,
    /// Clean documents with at least one finding, per genre (`-` when the manifest names none).
    pub clean_flagged: BTreeMap<String, usize>,
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
    out.extend(inputs.into_iter().filter_map(|i| {
        match i {
            Input::Path(p)
                if p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_manifest_name) =>
            {
                Some(p)
            }
            _ => None,
        }
    }));
    out.sort();
    Ok(())
}

/// `manifest.yaml`, or `manifest-NAME.yaml` when several writers share a folder.
fn is_manifest_name(name: &str) -> bool {
    name == "manifest.yaml" || (name.starts_with("manifest-") && name.ends_with(".yaml"))
}

/// What to score.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EvalOptions {
    /// Only documents of this half; all documents when `None`.
    pub split: Option<Split>,
    /// How the learned judge takes part (rules alone, + voice gate, + claim scores).
    pub judge: crate::engine::JudgeOptions,
    /// A perfect voice gate: a document labelled `voice: reporting` reports nothing, every other
    /// document reports what `judge` gives it. With the judge off this is the rules' ceiling
    /// behind a gate that never errs: what separates the pack's own mistakes on advertisers'
    /// pages from the gate's.
    pub gate_by_label: bool,
}

/// Scores `engine` against every manifest below `dir`.
pub fn evaluate(engine: &Engine, dir: &Path) -> Result<Evaluation, Error> {
    evaluate_with(engine, dir, EvalOptions::default())
}

/// Scores `engine` against the documents of every manifest below `dir` that `opts` selects.
pub fn evaluate_with(engine: &Engine, dir: &Path, opts: EvalOptions) -> Result<Evaluation, Error> {
    let docs = load_labelled(dir, opts.split)?;
    let mut ev = Evaluation::default();
    let pipeline = Pipeline::new(
        engine,
        Settings {
            check: CheckOptions {
                judge: opts.judge,
                ..Default::default()
            },
            ..Default::default()
        },
    );
    for doc in &docs {
        if !doc.labelled {
            ev.unlabelled += 1;
            continue;
        }
        let report = pipeline.check_input(&Input::Path(doc.path.clone()))?;
        let gated_out = opts.gate_by_label && doc.voice == Some(Voice::Reporting);
        let found: BTreeSet<Category> = report
            .diagnostics
            .iter()
            .map(|d| d.category)
            .filter(|c| *c != Category::Suppression && !gated_out)
            .collect();
        ev.score(doc, &found, |cat| {
            report
                .diagnostics
                .iter()
                .filter(|d| d.category == cat)
                .map(|d| {
                    format!(
                        "{} `{}`",
                        d.rule,
                        report.text.get(d.span.clone()).unwrap_or("")
                    )
                })
                .collect()
        });
    }
    Ok(ev)
}

impl Evaluation {
    /// Adds one document's result: `found` are the categories reported for it; `evidence` tells,
    /// for a category reported by mistake, which findings caused it.
    pub fn score(
        &mut self,
        doc: &LabelledDoc,
        found: &BTreeSet<Category>,
        evidence: impl Fn(Category) -> Vec<String>,
    ) {
        let expected = &doc.expect;
        self.documents += 1;
        if expected.is_empty() {
            self.clean_documents += 1;
            if !found.is_empty() {
                let genre = doc.genre.clone().unwrap_or_else(|| "-".into());
                *self.clean_flagged.entry(genre).or_default() += 1;
            }
        }
        for cat in found.union(expected) {
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
            self.categories.entry(*cat).or_default().add(c);
            self.languages.entry(doc.lang).or_default().add(c);
            self.overall.add(c);
            if c.tp == 0 {
                self.mistakes.push(Mistake {
                    path: doc.path.to_string_lossy().into_owned(),
                    category: *cat,
                    false_positive: c.fp == 1,
                    evidence: if c.fp == 1 {
                        evidence(*cat)
                    } else {
                        Vec::new()
                    },
                });
            }
        }
    }

    /// The share of clean documents with at least one finding (0 when there are none).
    pub fn clean_fp_rate(&self) -> f64 {
        let flagged: usize = self.clean_flagged.values().sum();
        if self.clean_documents == 0 {
            0.0
        } else {
            flagged as f64 / self.clean_documents as f64
        }
    }

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
        if self.unlabelled > 0 {
            let _ = writeln!(
                s,
                "({} more labelled for their voice only, without `expect`: not scored)\n",
                self.unlabelled
            );
        }
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
        let flagged: usize = self.clean_flagged.values().sum();
        let _ = write!(
            s,
            "\nclean documents flagged: {flagged} of {} ({:.1} %)",
            self.clean_documents,
            100.0 * self.clean_fp_rate()
        );
        if !self.clean_flagged.is_empty() {
            let by: Vec<String> = self
                .clean_flagged
                .iter()
                .map(|(g, n)| format!("{g} {n}"))
                .collect();
            let _ = write!(s, " — {}", by.join(", "));
        }
        let _ = writeln!(s);
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
