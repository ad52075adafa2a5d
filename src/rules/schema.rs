//! The YAML shape of a rule pack, as serde reads it. Validation and resolution live in
//! [`super::load`]; these types only describe what may be written.
//! Field meanings are documented once, for pack authors, in docs/pack-format.md.
#![allow(missing_docs)]

use crate::model::{Category, Lang, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A whole pack file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: String,
    #[serde(deserialize_with = "string_or_number")]
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub lexicons: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub contexts: BTreeMap<String, Vec<ContextEntrySpec>>,
    #[serde(default)]
    pub defaults: Option<DefaultsSpec>,
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    #[serde(default)]
    pub products: Vec<ProductSpec>,
    #[serde(default)]
    pub product_checks: Option<ProductChecksSpec>,
    #[serde(default)]
    pub categories: BTreeMap<Category, CategorySpec>,
}

/// What a category of claim is and why it is a problem.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategorySpec {
    pub description: String,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        S(String),
        I(i64),
        F(f64),
    }
    Ok(match V::deserialize(d)? {
        V::S(s) => s,
        V::I(i) => i.to_string(),
        V::F(f) => f.to_string(),
    })
}

/// Pack-wide defaults.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DefaultsSpec {
    #[serde(default)]
    pub exceptions: Option<Vec<ExceptionSpec>>,
    #[serde(default)]
    pub languages: Option<Vec<Lang>>,
}

/// Where a context cue must stand relative to the match.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Where {
    /// Anywhere in the sentence.
    #[default]
    Sentence,
    /// Ending at most `within` characters before the match.
    Before,
    /// Starting at most `within` characters after the match.
    After,
    /// Anywhere in the document (news about a product, a page that reports a withdrawal).
    Document,
    /// Anywhere in the match's clause: no clause boundary (`，,;；：:` or a conjunction such
    /// as "but", "但", "しかし") between the cue and the match.
    Clause,
}

/// One entry of a context filter.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ContextEntrySpec {
    #[serde(default)]
    pub terms: Option<Vec<String>>,
    #[serde(default)]
    pub regex: Option<String>,
    #[serde(default, rename = "where")]
    pub place: Where,
    #[serde(default)]
    pub within: Option<usize>,
}

/// A rule's exception: a context's name or an inline entry.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum ExceptionSpec {
    Named(String),
    Inline(ContextEntrySpec),
}

/// One rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    #[serde(default)]
    pub languages: Option<Vec<Lang>>,
    pub message: String,
    #[serde(default)]
    pub suggestion: Option<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub codes: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<PatternSpec>,
    #[serde(default)]
    pub exceptions: Option<Vec<ExceptionSpec>>,
    #[serde(default)]
    pub examples: ExamplesSpec,
}

/// One pattern, its kind named by `kind:`. An unknown kind, or a key that does not belong to
/// the kind, is an error at its YAML line.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum PatternSpec {
    /// Literal phrases ("@name" expands a lexicon).
    Literal { phrases: Vec<String> },
    /// A regex, matched per sentence.
    Regex { regex: String },
    /// A term of `a` and a term of `b` that must meet (see [`CooccurScope`]).
    Cooccurrence {
        a: Vec<String>,
        b: Vec<String>,
        #[serde(default)]
        scope: CooccurScope,
    },
    /// A document-level disclosure requirement: when a `trigger` term appears, every
    /// `disclose` group must have one of its terms somewhere in the document.
    Document {
        trigger: Vec<String>,
        disclose: BTreeMap<String, Vec<String>>,
    },
}

/// Where the two terms of a co-occurrence must meet.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum CooccurScope {
    /// In one sentence.
    #[default]
    Sentence,
    /// `a` in a lead-in line ending with a colon (or up to six lines above it), `b` in the
    /// short lines that follow it: "幹細胞治療の対応疾患：" then "・糖尿病", "・パーキンソン病".
    List,
    /// `b` with `a` earlier in its section (from the last heading-like line) or in its own
    /// sentence; the finding is placed at the `b` term.
    Section,
    /// `b` with `a` anywhere earlier in the document or in its own sentence; the finding is
    /// placed at the `b` term.
    Document,
}

/// Examples run as tests.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSpec {
    #[serde(default)]
    pub flag: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

/// A product's regulatory status.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ProductStatus {
    /// Fully approved.
    Approved,
    /// Conditional, time-limited approval.
    Conditional,
    /// Approval withdrawn.
    Withdrawn,
}

/// One product of the registry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductSpec {
    pub id: String,
    pub names: Vec<String>,
    pub status: ProductStatus,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub approved: Option<String>,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub until: Option<String>,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub withdrawn: Option<String>,
    #[serde(default)]
    pub indications: Vec<String>,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

fn opt_string_or_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        S(String),
        I(i64),
        F(f64),
    }
    Ok(Option::<V>::deserialize(d)?.map(|v| match v {
        V::S(s) => s,
        V::I(i) => i.to_string(),
        V::F(f) => f.to_string(),
    }))
}

/// How the registry becomes rules.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ProductChecksSpec {
    #[serde(default)]
    pub withdrawn: Option<CheckSpec>,
    #[serde(default)]
    pub conditional: Option<CheckSpec>,
    #[serde(default)]
    pub off_label: Option<CheckSpec>,
}

/// One registry check: a rule template plus the terms it needs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    #[serde(default)]
    pub languages: Option<Vec<Lang>>,
    pub message: String,
    #[serde(default)]
    pub suggestion: Option<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub codes: Vec<String>,
    #[serde(default)]
    pub exceptions: Option<Vec<ExceptionSpec>>,
    #[serde(default)]
    pub examples: ExamplesSpec,
    #[serde(default)]
    pub history: Vec<String>,
    #[serde(default)]
    pub disclosures: Vec<String>,
    #[serde(default)]
    pub diseases: Vec<String>,
}
