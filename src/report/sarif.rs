//! SARIF 2.1.0 output (`--format sarif`), for GitHub code scanning and other SARIF viewers.
//!
//! Columns are Unicode code points (`columnKind: unicodeCodePoints`), the unit
//! [`crate::diagnostic::LineIndex`] counts in, so a CJK line's columns are characters, not bytes or UTF-16 units.
//! `partialFingerprints` hash the rule, path, matched text and occurrence index, never a line
//! number, so a finding keeps its identity when lines are added elsewhere in the file.

use super::stream::{Emitter, Stats};
use super::RunMeta;
use crate::diagnostic::{Diagnostic, FileReport};
use crate::input::relative_path;
use crate::model::Severity;
use crate::rules::RuleSet;
use crate::suppress::{META_CATEGORY, NO_REASON, UNUSED};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{self, Seek, Write};

/// Where users read about claimlint (`tool.driver.informationUri`).
pub const INFORMATION_URI: &str = "https://github.com/claimlint/claimlint";
/// The schema URI written in `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of claimlint's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "claimlintFindingHash/v1";

/// Percent-encodes a relative path into a URI reference (RFC 3986: unreserved and `/` kept).
pub fn path_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A stable 64-bit FNV-1a hash as 16 hex digits (std's hasher may change between releases).
pub fn stable_hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The "Why is this a problem" paragraph of a rule's docs.
fn why(markdown: &str) -> Option<&str> {
    let rest = markdown.split("### Why is this a problem").nth(1)?;
    let para = rest.trim_start().split("\n\n").next()?.trim();
    (!para.is_empty()).then_some(para)
}

fn rule_descriptors(set: &RuleSet) -> Vec<Value> {
    let mut out = Vec::new();
    for r in &set.rules {
        let markdown = crate::explain::explain_rule(set, r);
        let mut text = r.message.clone();
        if let Some(s) = &r.suggestion {
            text.push_str(&format!("\n\nUse instead: {s}"));
        }
        if !r.references.is_empty() {
            text.push_str("\n\nReferences:");
            for reference in &r.references {
                text.push_str(&format!("\n- {reference}"));
            }
        }
        let name = r.id.rsplit('.').next().unwrap_or(&r.id);
        out.push(json!({
            "id": r.id,
            "name": name,
            "shortDescription": { "text": r.message },
            "fullDescription": { "text": why(&markdown).unwrap_or(&r.message) },
            "help": { "text": text, "markdown": markdown },
            "defaultConfiguration": { "level": level(r.severity) },
            "properties": {
                "tags": [r.category.id(), "claimlint"],
                "category": r.category.id(),
                "codes": r.codes,
                "languages": r.langs.langs().map(|l| l.code()).collect::<Vec<_>>(),
            },
        }));
    }
    let meta = [
        (
            NO_REASON,
            "A suppression comment does not say why the finding is acceptable.",
            "Write the reason after ` -- `: `<!-- claimlint-disable-next-line RULE -- quoted from the approval letter -->`.",
        ),
        (
            UNUSED,
            "A suppression comment silences no finding.",
            "Remove the comment, or correct its rule id.",
        ),
    ];
    for (id, short, help) in meta {
        out.push(json!({
            "id": id,
            "name": id.rsplit('.').next().unwrap_or(id),
            "shortDescription": { "text": short },
            "fullDescription": { "text": short },
            "help": { "text": help, "markdown": help },
            "defaultConfiguration": { "level": "warning" },
            "properties": {
                "tags": ["meta", "claimlint"],
                "category": META_CATEGORY.id(),
            },
        }));
    }
    out
}

/// Where results sit in the document: `runs[0].results[i]` is nested this deep.
const RESULT_PAD: &str = "        ";
const RESULTS_SLOT: &str = "\"results\": []";

/// `--format sarif`: each result is serialized as its file is checked, into a
/// temporary file (the document lists results after the run's notifications, which are known
/// only at the end), and copied into place at the end. Memory holds the rule descriptors and
/// the notices, never the results or the file texts. Byte for byte what one `serde_json`
/// pretty-print of the whole document gives.
pub struct SarifEmitter<'a> {
    rules: &'a RuleSet,
    rule_index: HashMap<&'a str, usize>,
    notifications: Vec<Value>,
    results: Option<io::BufWriter<std::fs::File>>,
    count: usize,
    /// The current file's findings so far per rule and matched text (occurrence indexes count
    /// across a file's chunks).
    seen: HashMap<String, HashMap<String, usize>>,
}

impl<'a> SarifEmitter<'a> {
    /// An emitter describing `rules`.
    pub fn new(rules: &'a RuleSet) -> Self {
        // Descriptor order: the rules, then the two suppression meta rules (which no result of
        // the engine names by index).
        let rule_index = rules
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .chain([
                (NO_REASON, rules.rules.len()),
                (UNUSED, rules.rules.len() + 1),
            ])
            .collect();
        SarifEmitter {
            rules,
            rule_index,
            notifications: Vec::new(),
            results: None,
            count: 0,
            seen: HashMap::new(),
        }
    }

    fn spill(&mut self) -> io::Result<&mut io::BufWriter<std::fs::File>> {
        if self.results.is_none() {
            self.results = Some(io::BufWriter::new(tempfile::tempfile()?));
        }
        self.results
            .as_mut()
            .ok_or_else(|| io::Error::other("no results file"))
    }
}

/// The index of this finding of `rule` on `matched` among the file's, counted in `seen`
/// (strings allocated only the first time they are seen).
fn occurrence(
    seen: &mut HashMap<String, HashMap<String, usize>>,
    rule: &str,
    matched: &str,
) -> String {
    let by_text = match seen.get_mut(rule) {
        Some(m) => m,
        None => seen.entry(rule.to_string()).or_default(),
    };
    let n = match by_text.get_mut(matched) {
        Some(n) => n,
        None => by_text.entry(matched.to_string()).or_insert(0),
    };
    let occurrence = n.to_string();
    *n += 1;
    occurrence
}

impl Emitter for SarifEmitter<'_> {
    fn file_begin(&mut self, f: &FileReport, _out: &mut dyn Write) -> io::Result<()> {
        self.seen.clear();
        let path = relative_path(&f.path);
        let uri = path_uri(&path);
        for n in &f.notices {
            self.notifications.push(json!({
                "level": "note",
                "message": { "text": format!("{path}: {n}") },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
            }));
        }
        Ok(())
    }

    fn file_findings(
        &mut self,
        f: &FileReport,
        diagnostics: &[Diagnostic],
        index: &crate::diagnostic::LineIndex,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        let path = relative_path(&f.path);
        let uri = path_uri(&path);
        for d in diagnostics {
            let matched = f.text.get(d.span.clone()).unwrap_or("");
            // The n-th finding of a rule on a text, as baseline entries count them.
            let occurrence = occurrence(&mut self.seen, &d.rule, matched);
            let (line, col) = index.line_col(&f.text, d.span.start);
            let (end_line, end_col) = index.line_col(&f.text, d.span.end.max(d.span.start));
            let hash = stable_hash(&[&d.rule, &path, matched, &occurrence]);
            let mut message = d.message.to_string();
            if let Some(s) = &d.suggestion {
                message.push_str(&format!("\nSuggestion: {s}"));
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": {
                            "startLine": line,
                            "startColumn": col,
                            "endLine": end_line,
                            "endColumn": end_col,
                            "snippet": { "text": matched },
                        },
                    },
                }],
                "partialFingerprints": { FINGERPRINT_KEY: hash },
                "properties": {
                    "category": d.category.id(),
                    "codes": d.codes,
                    "references": d.references,
                },
            });
            if let (Some(i), Some(obj)) =
                (self.rule_index.get(d.rule.as_str()), result.as_object_mut())
            {
                obj.insert("ruleIndex".into(), json!(i));
            }
            let first = self.count == 0;
            self.count += 1;
            let spill = self.spill()?;
            spill.write_all(if first { b"\n" } else { b",\n" })?;
            spill.write_all(RESULT_PAD.as_bytes())?;
            super::stream::write_pretty(spill, RESULT_PAD, &result)?;
        }
        Ok(())
    }

    fn end(&mut self, stats: &Stats, _meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        let mut notifications = std::mem::take(&mut self.notifications);
        for e in &stats.unreadable {
            notifications.push(json!({
                "level": "error",
                "message": { "text": e },
            }));
        }
        let doc = json!({
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "claimlint",
                        "version": env!("CARGO_PKG_VERSION"),
                        "semanticVersion": env!("CARGO_PKG_VERSION"),
                        "informationUri": INFORMATION_URI,
                        "rules": rule_descriptors(self.rules),
                    },
                },
                "invocations": [{
                    "executionSuccessful": stats.unreadable.is_empty(),
                    "toolExecutionNotifications": notifications,
                }],
                "columnKind": "unicodeCodePoints",
                "results": [],
            }],
        });
        let doc = serde_json::to_string_pretty(&doc)?;
        // Inside a JSON string a quote is escaped, so the empty results array is found only
        // where it is the key's value.
        let Some(at) = doc.find(RESULTS_SLOT) else {
            return Err(io::Error::other("unexpected SARIF document layout"));
        };
        let (head, tail) = doc.split_at(at);
        let tail = tail.get(RESULTS_SLOT.len()..).unwrap_or("");
        out.write_all(head.as_bytes())?;
        out.write_all(b"\"results\": [")?;
        if let Some(spill) = self.results.take() {
            let mut file = spill.into_inner().map_err(|e| e.into_error())?;
            file.seek(io::SeekFrom::Start(0))?;
            io::copy(&mut file, out)?;
            out.write_all(b"\n      ")?;
        }
        out.write_all(b"]")?;
        out.write_all(tail.as_bytes())?;
        writeln!(out)
    }
}
