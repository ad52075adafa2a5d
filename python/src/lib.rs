//! `claimlint._claimlint`: the Python binding. A `Checker` compiles the packs once; every check
//! runs with the GIL released and returns the JSON contract's diagnostic objects as dicts.
//!
//! The pipeline is the record stream's ([`claimlint::records::TextChecker`]): the same kinds,
//! languages, policy, inline suppressions and error messages as `claimlint check --records`.

use claimlint::config::{Overrides, Policy};
use claimlint::engine::Engine;
use claimlint::records::{findings_json, parse_kind, parse_lang, TextChecker};
use claimlint::run::FileReport;
use claimlint::source::Kind;
use claimlint::{Error, Lang};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

create_exception!(
    _claimlint,
    ClaimlintError,
    PyValueError,
    "A rule pack, an option or a text claimlint cannot use; the message is the command line's."
);

fn py_err(e: Error) -> PyErr {
    ClaimlintError::new_err(e.to_string())
}

/// Packs compiled once, checked from any number of threads.
#[pyclass(frozen, module = "claimlint")]
struct Checker {
    engine: Engine,
    policy: Policy,
    inline_suppressions: bool,
}

/// `kind=` of a batch: one for all texts, or one per text.
#[derive(FromPyObject)]
enum Kinds {
    One(String),
    Many(Vec<String>),
}

impl Checker {
    fn text_checker(&self) -> TextChecker<'_> {
        TextChecker::new(&self.engine, &self.policy, self.inline_suppressions, None)
    }
}

/// UTF-8 byte offsets -> character offsets, in one pass over the text.
fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes.get(i).copied().unwrap_or(0));
    let mut out = vec![0; bytes.len()];
    let (mut at_byte, mut at_char) = (0usize, 0usize);
    for i in order {
        let target = bytes.get(i).copied().unwrap_or(0);
        if let Some(between) = text.get(at_byte..target) {
            at_char += between.chars().count();
            at_byte = target;
        }
        if let Some(slot) = out.get_mut(i) {
            *slot = at_char;
        }
    }
    out
}

/// The findings of a checked text as a list of dicts: the JSON contract's keys (`start`/`end`
/// in UTF-8 bytes) plus `char_start`/`char_end`, the same positions in characters for `str`
/// slicing.
fn findings_list<'py>(py: Python<'py>, file: &FileReport) -> PyResult<Bound<'py, PyList>> {
    let spans: Vec<usize> = file
        .diagnostics
        .iter()
        .flat_map(|d| [d.span.start, d.span.end])
        .collect();
    let chars = char_offsets(&file.text, &spans);
    let list = PyList::empty(py);
    for (i, d) in findings_json(file).iter().enumerate() {
        let obj =
            pythonize::pythonize(py, d).map_err(|e| ClaimlintError::new_err(e.to_string()))?;
        let dict = obj.downcast::<PyDict>()?;
        dict.set_item("char_start", chars.get(2 * i).copied().unwrap_or(0))?;
        dict.set_item("char_end", chars.get(2 * i + 1).copied().unwrap_or(0))?;
        list.append(dict)?;
    }
    Ok(list)
}

/// A checked document as a dict: language, findings, and skipped/notices.
fn document_dict<'py>(py: Python<'py>, file: &FileReport) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("language", file.language.code())?;
    dict.set_item("findings", findings_list(py, file)?)?;
    dict.set_item("skipped", file.skipped)?;
    dict.set_item("notices", file.notices.clone())?;
    Ok(dict)
}

#[pymethods]
impl Checker {
    /// Compiles the embedded default packs plus `rules` (paths of extra packs).
    #[new]
    #[pyo3(signature = (rules = Vec::new(), *, default_rules = true, enable = Vec::new(), disable = Vec::new(), inline_suppressions = true))]
    fn new(
        py: Python<'_>,
        rules: Vec<std::path::PathBuf>,
        default_rules: bool,
        enable: Vec<String>,
        disable: Vec<String>,
        inline_suppressions: bool,
    ) -> PyResult<Self> {
        py.allow_threads(|| -> Result<Checker, Error> {
            let mut files = Vec::new();
            for p in &rules {
                let shown = p.to_string_lossy();
                let bytes = std::fs::read(p).map_err(|e| Error::io(shown.clone(), &e))?;
                let text = claimlint::rules::pack_text(&shown, bytes)?;
                files.push((shown.into_owned(), text));
            }
            let set = claimlint::load_rule_set(default_rules, &files)?;
            let engine = Engine::new(set)?;
            let overrides = Overrides {
                enable,
                disable,
                ..Overrides::default()
            };
            let policy = Policy::new(engine.rules(), None, &overrides)?;
            Ok(Checker {
                engine,
                policy,
                inline_suppressions,
            })
        })
        .map_err(py_err)
    }

    /// The findings of one text: a list of dicts, sorted by position.
    #[pyo3(signature = (text, kind = "text", lang = None))]
    fn check<'py>(
        &self,
        py: Python<'py>,
        text: String,
        kind: &str,
        lang: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let (kind, lang) = options(kind, lang)?;
        let file = py
            .allow_threads(|| self.text_checker().check_text(&text, kind, lang))
            .map_err(py_err)?;
        findings_list(py, &file)
    }

    /// One text as a document dict: `language`, `findings`, `skipped`, `notices`.
    #[pyo3(signature = (text, kind = "text", lang = None))]
    fn check_document<'py>(
        &self,
        py: Python<'py>,
        text: String,
        kind: &str,
        lang: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let (kind, lang) = options(kind, lang)?;
        let file = py
            .allow_threads(|| self.text_checker().check_text(&text, kind, lang))
            .map_err(py_err)?;
        document_dict(py, &file)
    }

    /// Many texts at once on `jobs` threads (default: all cores), in order: one document dict
    /// per text. `kind` is one kind for all or a list with one per text.
    #[pyo3(signature = (texts, kind = Kinds::One("text".into()), lang = None, jobs = None))]
    fn check_batch<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        kind: Kinds,
        lang: Option<&str>,
        jobs: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let lang = parse_lang(lang).map_err(py_err)?;
        let kinds: Vec<Kind> = match &kind {
            Kinds::One(k) => vec![parse_kind(k).map_err(py_err)?; texts.len()],
            Kinds::Many(ks) => {
                if ks.len() != texts.len() {
                    return Err(ClaimlintError::new_err(format!(
                        "{} kinds for {} texts",
                        ks.len(),
                        texts.len()
                    )));
                }
                ks.iter()
                    .map(|k| parse_kind(k))
                    .collect::<Result<_, _>>()
                    .map_err(py_err)?
            }
        };
        let jobs = jobs
            .filter(|&j| j > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .min(texts.len().max(1));
        let files =
            py.allow_threads(|| check_parallel(&self.text_checker(), &texts, &kinds, lang, jobs));
        let list = PyList::empty(py);
        for file in files {
            list.append(document_dict(py, &file.map_err(py_err)?)?)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        format!(
            "Checker({} rules from {} packs)",
            self.engine.rules().rules.len(),
            self.engine.rules().packs.len()
        )
    }
}

fn options(kind: &str, lang: Option<&str>) -> PyResult<(Kind, Option<Lang>)> {
    Ok((
        parse_kind(kind).map_err(py_err)?,
        parse_lang(lang).map_err(py_err)?,
    ))
}

/// Checks `texts` on `jobs` threads, results in input order.
fn check_parallel(
    checker: &TextChecker<'_>,
    texts: &[String],
    kinds: &[Kind],
    lang: Option<Lang>,
    jobs: usize,
) -> Vec<Result<FileReport, Error>> {
    let check = |i: usize| -> Result<FileReport, Error> {
        match (texts.get(i), kinds.get(i)) {
            (Some(t), Some(k)) => checker.check_text(t, *k, lang),
            _ => Err(Error::Usage(format!("no text {i}"))),
        }
    };
    if jobs <= 1 {
        return (0..texts.len()).map(check).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<FileReport, Error>>>> =
        Mutex::new((0..texts.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= texts.len() {
                    break;
                }
                let r = check(i);
                let mut all = results.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(slot) = all.get_mut(i) {
                    *slot = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Error::Usage("a text was not checked".into()))))
        .collect()
}

/// The native module; `claimlint/__init__.py` re-exports it.
#[pymodule]
fn _claimlint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Checker>()?;
    m.add("ClaimlintError", m.py().get_type::<ClaimlintError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_RECORD_BYTES", claimlint::records::MAX_RECORD_BYTES)?;
    Ok(())
}
