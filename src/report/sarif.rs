//! SARIF 2.1.0 output (`--format sarif`), for GitHub code scanning and other SARIF viewers.
//!
//! Columns are Unicode code points (`columnKind: unicodeCodePoints`), the unit
//! [`LineIndex`] counts in, so a CJK line's columns are characters, not bytes or UTF-16 units.
//! `partialFingerprints` hash the rule, path, matched text and occurrence index, never a line
//! number, so a finding keeps its identity when lines are added elsewhere in the file.

use super::{Reporter, RunMeta};
use crate::baseline::file_entries;
use crate::diagnostic::LineIndex;
use crate::model::Severity;
use crate::rules::RuleSet;
use crate::run::RunReport;
use crate::suppress::{META_CATEGORY, NO_REASON, UNUSED};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{self, Write};

/// Where users read about claimlint (`tool.driver.informationUri`).
pub const INFORMATION_URI: &str = "https://github.com/claimlint/claimlint";
/// The schema URI written in `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of claimlint's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "claimlintFindingHash/v1";

/// `--format sarif`.
#[derive(Debug)]
pub struct SarifReporter<'a> {
    /// The loaded rules, described in `tool.driver.rules`.
    pub rules: &'a RuleSet,
}

/// A path as reports show it: relative to the working directory where it lies under it,
/// without a leading `./`, with `/` separators.
pub fn relative_path(path: &str) -> String {
    let p = std::path::Path::new(path);
    let rel = if p.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| p.strip_prefix(cwd).ok().map(|r| r.to_path_buf()))
            .unwrap_or_else(|| p.to_path_buf())
    } else {
        p.to_path_buf()
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

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

impl Reporter for SarifReporter<'_> {
    fn report(&mut self, run: &RunReport, _meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        let rules = rule_descriptors(self.rules);
        let rule_index: HashMap<String, usize> = rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((r.get("id")?.as_str()?.to_string(), i)))
            .collect();
        let mut results = Vec::new();
        let mut notifications = Vec::new();
        for f in &run.files {
            let path = relative_path(&f.path);
            let uri = path_uri(&path);
            for n in &f.notices {
                notifications.push(json!({
                    "level": "note",
                    "message": { "text": format!("{path}: {n}") },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
                }));
            }
            let index = LineIndex::new(&f.text);
            for (d, entry) in f.diagnostics.iter().zip(file_entries(f)) {
                let (line, col) = index.line_col(&f.text, d.span.start);
                let (end_line, end_col) = index.line_col(&f.text, d.span.end.max(d.span.start));
                let occurrence = entry.occurrence.to_string();
                let hash = stable_hash(&[&d.rule, &path, &entry.matched, &occurrence]);
                let mut message = d.message.clone();
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
                                "snippet": { "text": entry.matched },
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
                if let (Some(i), Some(obj)) = (rule_index.get(&d.rule), result.as_object_mut()) {
                    obj.insert("ruleIndex".into(), json!(i));
                }
                results.push(result);
            }
        }
        for e in &run.errors {
            notifications.push(json!({
                "level": "error",
                "message": { "text": e.to_string() },
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
                        "rules": rules,
                    },
                },
                "invocations": [{
                    "executionSuccessful": run.errors.is_empty(),
                    "toolExecutionNotifications": notifications,
                }],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
