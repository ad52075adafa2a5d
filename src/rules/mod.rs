//! Rule packs: the YAML schema, loading with located errors, and the resolved [`RuleSet`] the
//! engine compiles. Rules are data: a new claim, variant or product is a YAML change.

mod load;
mod regex;
mod regex_analysis;
pub mod schema;

pub use load::{
    build_rule_set, default_pack_sources, default_topic_terms, parse_pack, ParsedPack, TopicKind,
};

/// Turns a serde_yaml_ng error into a located error (for other YAML files: manifests, configs).
pub fn yaml_error_pub(
    path: &str,
    text: &std::sync::Arc<str>,
    e: &serde_yaml_ng::Error,
) -> crate::Error {
    load::yaml_error(path, text, e)
}
pub use self::regex::RuleRegex;
pub use schema::{CooccurScope, ExamplesSpec as Examples, ProductStatus, Where};

/// A pack file's text. Bytes that are not UTF-8 are an error at the line and column of the
/// first bad byte, so a binary or Latin-1 file given as a pack says where it went wrong.
pub fn pack_text(path: &str, bytes: Vec<u8>) -> Result<String, crate::Error> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let good = bytes.get(..at).unwrap_or_default();
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = std::str::from_utf8(good.get(line_start..).unwrap_or_default())
            .map_or(1, |s| s.chars().count() + 1);
        let byte = bytes.get(at).copied().unwrap_or(0);
        // Up to the bad byte the lossy text is the file itself, so line and column agree.
        let text: std::sync::Arc<str> = String::from_utf8_lossy(bytes).into();
        crate::Error::Yaml(crate::error::YamlError::at(
            path,
            &text,
            line,
            column,
            format!("a rule pack must be UTF-8 text (invalid byte 0x{byte:02X})"),
        ))
    })
}

use crate::model::{Category, LangSet, Severity};

/// A loaded pack's identity, as reported in JSON `tool.packs`.
#[derive(Debug, Clone)]
pub struct PackInfo {
    /// The pack's name.
    pub name: String,
    /// The pack's version.
    pub version: String,
    /// Where it came from (`rules/ja.yaml` for embedded packs).
    pub path: String,
    /// What it is for.
    pub description: Option<String>,
}

/// A literal term with the registry product it names, if any.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as written in the pack (not yet normalized).
    pub text: String,
    /// Index into [`RuleSet::products`] for product names.
    pub product: Option<usize>,
}

/// One way a rule can match.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// A literal phrase.
    Literal(Term),
    /// A regex, matched per sentence on normalized text.
    Regex {
        /// The regex as written.
        source: String,
        /// For Japanese and English text.
        plain: RuleRegex,
        /// With Traditional Chinese folded to Simplified, for Chinese text.
        folded: RuleRegex,
    },
    /// A term of `a` and a term of `b` in one sentence.
    Cooccur {
        /// First term list.
        a: Vec<Term>,
        /// Second term list.
        b: Vec<Term>,
        /// Terms that must not count for `b` (a product's approved indications).
        b_except: Vec<String>,
        /// Where `a` and `b` must meet.
        scope: CooccurScope,
    },
}

/// A compiled context-filter entry. Rules that name the same context share one entry's terms
/// and regex (cheap clones), so each regex is compiled once, not once per rule.
#[derive(Debug, Clone)]
pub struct ContextEntry {
    /// Cue terms (not yet normalized).
    pub terms: std::sync::Arc<[String]>,
    /// A cue regex.
    pub regex: Option<std::sync::Arc<RuleRegex>>,
    /// Where the cue must stand.
    pub place: Where,
    /// Maximum distance in characters for `before` and `after`.
    pub within: usize,
}

/// A document-level disclosure requirement.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// Terms that make the document promote something that needs disclosing.
    pub trigger: Vec<Term>,
    /// Named groups; each must have one of its terms somewhere in the document.
    pub disclose: Vec<(String, Vec<String>)>,
}

/// A resolved rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id, e.g. `ja.curative.cure-promise`.
    pub id: String,
    /// Category id used in reports.
    pub category: Category,
    /// Default severity.
    pub severity: Severity,
    /// Languages it runs on.
    pub langs: LangSet,
    /// What is wrong (may hold `{product}`-style placeholders for registry rules).
    pub message: String,
    /// A compliant rewrite.
    pub suggestion: Option<String>,
    /// The law or guideline articles it rests on.
    pub references: Vec<String>,
    /// Enforcement codes (`mhlw:3`, `cn-adlaw:16`).
    pub codes: Vec<String>,
    /// Index into [`RuleSet::packs`].
    pub pack: usize,
    /// How it matches (empty for document rules).
    pub patterns: Vec<Pattern>,
    /// Contexts that suppress a match.
    pub exceptions: Vec<ContextEntry>,
    /// For document rules: what must be disclosed.
    pub requires: Option<Requirement>,
    /// Examples run as tests.
    pub examples: Examples,
}

/// A product of the registry.
#[derive(Debug, Clone)]
pub struct Product {
    /// Registry id.
    pub id: String,
    /// Names in every language; the first is used in messages.
    pub names: Vec<String>,
    /// Regulatory status.
    pub status: ProductStatus,
    /// Approval date.
    pub approved: Option<String>,
    /// End of a conditional period.
    pub until: Option<String>,
    /// Withdrawal date.
    pub withdrawn: Option<String>,
    /// Approved indications.
    pub indications: Vec<String>,
    /// Where the facts come from.
    pub source: String,
}

/// Every rule of every loaded pack, resolved and validated.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// The packs, in load order.
    pub packs: Vec<PackInfo>,
    /// The rules, in load order.
    pub rules: Vec<Rule>,
    /// The product registry.
    pub products: Vec<Product>,
    /// Why each category of claim is a problem (from the packs' `categories:`).
    pub categories: std::collections::BTreeMap<Category, String>,
}

impl RuleSet {
    /// Why claims of `category` are a problem, if a loaded pack says.
    pub fn category_description(&self, category: Category) -> Option<&str> {
        self.categories.get(&category).map(String::as_str)
    }

    /// Finds a rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}
