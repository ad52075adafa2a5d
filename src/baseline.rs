//! Baselines: today's findings recorded in a JSON file, so a CI check reports only new ones.
//!
//! A finding is keyed on its rule, file, matched text and occurrence index (the n-th finding of
//! that rule on that text in that file), never on its line: text added elsewhere in the file
//! leaves the key unchanged. The line is stored for people reading the file, and ignored.
//! The baseline is the only file claimlint ever writes, and only when asked.

use crate::diagnostic::{FileReport, RunReport};
use crate::error::Error;
use crate::input::{path_from_shown, relative_path};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// The baseline format version this build writes and reads.
pub const VERSION: u32 = 1;

/// A baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// Recorded findings, sorted.
    pub findings: Vec<Entry>,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// File path relative to the working directory, with `/` separators.
    pub path: String,
    /// Rule id.
    pub rule: String,
    /// The matched text.
    pub matched: String,
    /// Index among findings of this rule on this text in this file, in position order.
    pub occurrence: usize,
    /// 1-based line when recorded (informational; not used for matching).
    pub line: usize,
}

/// The identity of a finding: everything of an [`Entry`] but the line.
pub type Key = (String, String, String, usize);

impl Entry {
    /// This entry's identity.
    pub fn key(&self) -> Key {
        (
            self.path.clone(),
            self.rule.clone(),
            self.matched.clone(),
            self.occurrence,
        )
    }
}

/// The entries of a file's findings, in diagnostic order.
pub fn file_entries(f: &FileReport) -> Vec<Entry> {
    let path = relative_path(&f.path);
    let index = crate::diagnostic::LineIndex::new(&f.text);
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    f.diagnostics
        .iter()
        .map(|d| {
            let matched = f.text.get(d.span.clone()).unwrap_or("");
            let n = seen.entry((d.rule.as_str(), matched)).or_insert(0);
            let occurrence = *n;
            *n += 1;
            Entry {
                path: path.clone(),
                rule: d.rule.to_string(),
                matched: matched.to_string(),
                occurrence,
                line: index.line_col(&f.text, d.span.start).0,
            }
        })
        .collect()
}

/// What filtering a run against a baseline did.
#[derive(Debug, Clone, Default)]
pub struct Filtered {
    /// Keys of baseline entries that matched a finding of this run.
    pub matched: BTreeSet<Key>,
    /// Paths (as in the baseline) of the files this run checked.
    pub checked: BTreeSet<String>,
}

impl Baseline {
    /// Records every finding of a run.
    pub fn from_run(run: &RunReport) -> Baseline {
        Self::from_files(&run.files)
    }

    /// Records every finding of these files.
    pub fn from_files(files: &[FileReport]) -> Baseline {
        Self::from_entries(files.iter().flat_map(file_entries).collect())
    }

    /// A baseline of these entries (see [`file_entries`]).
    pub fn from_entries(mut findings: Vec<Entry>) -> Baseline {
        findings.sort();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Baseline, Error> {
        let shown = path.to_string_lossy();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(shown.as_ref(), &e))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| Error::Io {
            path: shown.to_string(),
            message: format!("not a claimlint baseline: {e}"),
        })?;
        if b.version != VERSION {
            return Err(Error::Io {
                path: shown.to_string(),
                message: format!(
                    "baseline version {} is not supported (this claimlint reads version {VERSION})",
                    b.version
                ),
            });
        }
        Ok(b)
    }

    /// Writes the baseline as pretty JSON, atomically ([`crate::output::write_atomic`]).
    pub fn write(&self, path: &Path) -> Result<(), Error> {
        let shown = path.to_string_lossy();
        let mut json = serde_json::to_string_pretty(self).map_err(|e| Error::Io {
            path: shown.to_string(),
            message: e.to_string(),
        })?;
        json.push('\n');
        crate::output::write_atomic(path, json.as_bytes())
    }

    /// Removes from `run` every finding recorded here; returns what matched.
    pub fn filter(&self, run: &mut RunReport) -> Filtered {
        let known = self.keys();
        let mut out = Filtered::default();
        for f in &mut run.files {
            Self::filter_file(&known, f, &mut out);
        }
        out
    }

    /// The keys of every entry, for [`Baseline::filter_file`].
    pub fn keys(&self) -> BTreeSet<Key> {
        self.findings.iter().map(Entry::key).collect()
    }

    /// Removes from one file the findings whose keys are `known`, noting what matched in `out`.
    pub fn filter_file(known: &BTreeSet<Key>, f: &mut FileReport, out: &mut Filtered) {
        let entries = file_entries(f);
        out.checked.insert(relative_path(&f.path));
        let mut keep = entries.iter().map(|e| {
            let key = e.key();
            let old = known.contains(&key);
            if old {
                out.matched.insert(key);
            }
            !old
        });
        f.diagnostics.retain(|_| keep.next().unwrap_or(true));
    }

    /// This baseline without entries that no longer occur: those of files this run checked that
    /// did not match, and those of files that no longer exist. Entries of files that still exist
    /// but were not checked this time are kept.
    pub fn pruned(&self, filtered: &Filtered) -> Baseline {
        let findings = self
            .findings
            .iter()
            .filter(|e| {
                if filtered.checked.contains(&e.path) {
                    filtered.matched.contains(&e.key())
                } else {
                    path_from_shown(&e.path).exists()
                }
            })
            .cloned()
            .collect();
        Baseline {
            version: VERSION,
            findings,
        }
    }
}
