//! Loading packs: YAML → [`PackFile`] (serde, with its own locations) → a resolved, validated
//! [`RuleSet`] (our checks, located by searching the pack text from the rule's line).

use super::schema::{
    CheckSpec, ContextEntrySpec, ExceptionSpec, PackFile, PatternSpec, ProductStatus, RuleSpec,
};
use super::RuleRegex;
use super::{ContextEntry, PackInfo, Pattern, Product, Requirement, Rule, RuleSet, Term};
use crate::error::{locate, Error, YamlError};
use crate::model::{Lang, LangSet};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/default_packs.rs"));

/// The embedded default packs as (path, YAML text).
pub fn default_pack_sources() -> &'static [(&'static str, &'static str)] {
    DEFAULT_PACKS
}

/// A pack file parsed but not yet resolved against the other packs.
#[derive(Debug)]
pub struct ParsedPack {
    path: String,
    /// Compile regexes at load time (packs given by the user; the embedded default pack's
    /// regexes are compiled on first use and all compiled by its tests).
    eager: bool,
    text: Arc<str>,
    file: PackFile,
}

/// Parses one pack. Syntax, unknown keys, wrong types and unknown categories, severities or
/// languages are reported here, at their YAML line.
pub fn parse_pack(path: &str, text: &str) -> Result<ParsedPack, Error> {
    let shared: Arc<str> = Arc::from(text);
    let file: PackFile = serde_yaml_ng::from_str(text).map_err(|e| yaml_error(path, &shared, &e))?;
    Ok(ParsedPack {
        path: path.to_string(),
        eager: !DEFAULT_PACKS.iter().any(|(p, t)| *p == path && *t == text),
        text: shared,
        file,
    })
}

/// Turns a serde_yaml_ng error into a located error.
pub(crate) fn yaml_error(path: &str, text: &Arc<str>, e: &serde_yaml_ng::Error) -> Error {
    let (mut line, mut column) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    // At the end of a file without a final line break, the YAML library names the line after the
    // last one; point at the end of the last line instead, which exists and can be shown.
    if let Some((i, (_, last))) = crate::error::yaml_lines(text).enumerate().last() {
        if line > i + 1 {
            (line, column) = (i + 1, last.chars().count() + 1);
        }
    }
    let mut message = e.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    if message.is_empty() || message == "EOF while parsing a value" {
        message = "the file is empty or not a YAML mapping".to_string();
    }
    Error::Yaml(YamlError::at(path, text, line, column, message))
}

struct Ctx<'a> {
    pack: &'a ParsedPack,
    line: usize,
}

impl Ctx<'_> {
    fn err(&self, needle: &str, message: impl Into<String>) -> Error {
        self.err_first(&[needle], message)
    }

    /// An error at the first of `needles` found from the rule's line (empty ones never match),
    /// else at the rule's line.
    fn err_first(&self, needles: &[&str], message: impl Into<String>) -> Error {
        let (line, col) = needles
            .iter()
            .filter(|n| !n.is_empty())
            .find_map(|n| locate(&self.pack.text, self.line, n))
            .unwrap_or((self.line, 1));
        Error::Yaml(YamlError::at(
            &self.pack.path,
            &self.pack.text,
            line,
            col,
            message,
        ))
    }
}

struct Resolver {
    lexicons: HashMap<String, Vec<String>>,
    contexts: HashMap<String, Vec<ContextEntry>>,
}

impl Resolver {
    fn expand(&self, terms: &[String], ctx: &Ctx<'_>) -> Result<Vec<String>, Error> {
        let mut out = Vec::new();
        self.expand_into(terms, ctx, &mut out, 0)?;
        Ok(out)
    }

    fn expand_into(
        &self,
        terms: &[String],
        ctx: &Ctx<'_>,
        out: &mut Vec<String>,
        depth: usize,
    ) -> Result<(), Error> {
        if depth > 16 {
            return Err(ctx.err("@", "lexicons include each other in a cycle"));
        }
        for term in terms {
            if let Some(name) = term.strip_prefix('@') {
                let Some(list) = self.lexicons.get(name) else {
                    return Err(ctx
                        .err(term, format!("unknown lexicon `{name}`"))
                        .with_help("define it under `lexicons:` in this or another loaded pack"));
                };
                self.expand_into(list, ctx, out, depth + 1)?;
            } else if term.trim().is_empty() {
                let (double, single) = (format!("\"{term}\""), format!("'{term}'"));
                return Err(ctx.err_first(
                    &[&double, &single],
                    "empty phrase: a literal must have text",
                ));
            } else {
                out.push(term.clone());
            }
        }
        Ok(())
    }

    fn exceptions(
        &self,
        specs: &[ExceptionSpec],
        ctx: &Ctx<'_>,
    ) -> Result<Vec<ContextEntry>, Error> {
        let mut out = Vec::new();
        for spec in specs {
            match spec {
                ExceptionSpec::Named(name) => match self.contexts.get(name) {
                    Some(entries) => out.extend(entries.iter().cloned()),
                    None => {
                        return Err(ctx
                            .err(name, format!("unknown context `{name}`"))
                            .with_help(
                                "define it under `contexts:` in this or another loaded pack",
                            ))
                    }
                },
                ExceptionSpec::Inline(entry) => out.push(self.context_entry(entry, ctx)?),
            }
        }
        Ok(out)
    }

    fn context_entry(&self, spec: &ContextEntrySpec, ctx: &Ctx<'_>) -> Result<ContextEntry, Error> {
        let terms = match &spec.terms {
            Some(t) => self.expand(t, ctx)?,
            None => Vec::new(),
        };
        let regex = match &spec.regex {
            Some(src) => Some(
                RuleRegex::new(src, false, ctx.pack.eager).map_err(|m| regex_err(ctx, src, m))?,
            ),
            None => None,
        };
        if terms.is_empty() && regex.is_none() {
            return Err(ctx.err("terms", "a context entry needs `terms` or `regex`"));
        }
        Ok(ContextEntry {
            terms: terms.into(),
            regex: regex.map(std::sync::Arc::new),
            place: spec.place,
            within: spec.within.unwrap_or(10),
        })
    }
}

impl Error {
    fn with_help(self, help: &str) -> Error {
        match self {
            Error::Yaml(y) => Error::Yaml(y.with_help(help)),
            other => other,
        }
    }
}

/// An error about the regex `src`, at the regex itself where the pack text shows it as written,
/// else at the nearest `regex` key (an empty or escaped regex cannot be found by its text).
fn regex_err(ctx: &Ctx<'_>, src: &str, message: String) -> Error {
    ctx.err_first(&[src, "regex"], message)
}

fn langs_of(
    list: Option<&Vec<Lang>>,
    default: Option<&Vec<Lang>>,
    ctx: &Ctx<'_>,
) -> Result<LangSet, Error> {
    let Some(list) = list.or(default) else {
        return Ok(LangSet::ALL);
    };
    let mut set = LangSet::default();
    for l in list {
        if *l == Lang::Other {
            return Err(ctx.err("other", "`other` is not a rule language (ja, zh, en)"));
        }
        set = set.with(*l);
    }
    if set.0 == 0 {
        return Err(ctx.err("languages", "`languages` is empty"));
    }
    Ok(set)
}

/// Resolves lexicons and contexts across all packs and validates every rule.
pub fn build_rule_set(packs: Vec<ParsedPack>) -> Result<RuleSet, Error> {
    let lines: Vec<PackLines<'_>> = packs.iter().map(|p| PackLines::new(&p.text)).collect();
    let mut resolver = Resolver {
        lexicons: HashMap::new(),
        contexts: HashMap::new(),
    };
    // Lexicons first (they may reference each other across packs), then contexts.
    for pack in &packs {
        resolver.add_lexicons(pack)?;
    }
    for (pack, lines) in packs.iter().zip(&lines) {
        resolver.add_contexts(pack, lines)?;
    }
    let mut set = RuleSet::default();
    let mut seen_ids: HashSet<String> = HashSet::new();
    for (pack_idx, (pack, lines)) in packs.iter().zip(&lines).enumerate() {
        set.packs.push(PackInfo {
            name: pack.file.pack.clone(),
            version: pack.file.version.clone(),
            path: pack.path.clone(),
            description: pack.file.description.clone(),
        });
        let mut search_from = 1;
        for spec in &pack.file.rules {
            let found = lines.id(&spec.id, search_from);
            let line = found.unwrap_or(search_from);
            if found.is_some() {
                // Past this rule's line, so a duplicate id is located at the duplicate.
                search_from = line + 1;
            }
            let ctx = Ctx { pack, line };
            if !seen_ids.insert(spec.id.clone()) {
                return Err(ctx.err(&spec.id, format!("duplicate rule id `{}`", spec.id)));
            }
            let rule = build_rule(spec, pack_idx, pack.file.defaults.as_ref(), &resolver, &ctx)?;
            set.rules.push(rule);
        }
        add_categories(&mut set.categories, pack, lines)?;
        add_products(&mut set.products, pack, lines, &resolver)?;
        add_product_checks(&mut set, &mut seen_ids, pack_idx, pack, lines, &resolver)?;
    }
    Ok(set)
}

impl Resolver {
    fn add_lexicons(&mut self, pack: &ParsedPack) -> Result<(), Error> {
        for (name, terms) in &pack.file.lexicons {
            if self.lexicons.insert(name.clone(), terms.clone()).is_some() {
                let ctx = Ctx { pack, line: 1 };
                return Err(ctx.err(
                    &format!("{name}:"),
                    format!("lexicon `{name}` is defined twice"),
                ));
            }
        }
        Ok(())
    }

    fn add_contexts(&mut self, pack: &ParsedPack, lines: &PackLines<'_>) -> Result<(), Error> {
        let mut local = BTreeMap::new();
        for (name, entries) in &pack.file.contexts {
            let line = lines.key(name, 1).unwrap_or(1);
            let ctx = Ctx { pack, line };
            let compiled = entries
                .iter()
                .map(|e| self.context_entry(e, &ctx))
                .collect::<Result<Vec<_>, _>>()?;
            local.insert(name.clone(), compiled);
        }
        for (name, compiled) in local {
            if self.contexts.insert(name.clone(), compiled).is_some() {
                let ctx = Ctx { pack, line: 1 };
                return Err(ctx.err(
                    &format!("{name}:"),
                    format!("context `{name}` is defined twice"),
                ));
            }
        }
        Ok(())
    }
}

/// Adds the pack's category descriptions; a category is described by one pack only.
fn add_categories(
    categories: &mut BTreeMap<crate::model::Category, String>,
    pack: &ParsedPack,
    lines: &PackLines<'_>,
) -> Result<(), Error> {
    for (category, spec) in &pack.file.categories {
        if categories
            .insert(*category, spec.description.clone())
            .is_some()
        {
            let id = category.id();
            let ctx = Ctx {
                pack,
                line: lines.key(id, 1).unwrap_or(1),
            };
            return Err(ctx.err(id, format!("category `{id}` is described twice")));
        }
    }
    Ok(())
}

/// Adds the pack's registry products.
fn add_products(
    products: &mut Vec<Product>,
    pack: &ParsedPack,
    lines: &PackLines<'_>,
    resolver: &Resolver,
) -> Result<(), Error> {
    let mut ids: HashSet<&str> = products.iter().map(|p| p.id.as_str()).collect();
    let mut added = Vec::new();
    for p in &pack.file.products {
        let line = lines.id(&p.id, 1).unwrap_or(1);
        let ctx = Ctx { pack, line };
        if p.names.is_empty() || p.names.iter().any(|n| n.trim().is_empty()) {
            return Err(ctx.err("names", format!("product `{}` needs non-empty names", p.id)));
        }
        if !ids.insert(&p.id) {
            return Err(ctx.err(&p.id, format!("duplicate product id `{}`", p.id)));
        }
        added.push(Product {
            id: p.id.clone(),
            names: p.names.clone(),
            status: p.status,
            approved: p.approved.clone(),
            until: p.until.clone(),
            withdrawn: p.withdrawn.clone(),
            indications: resolver.expand(&p.indications, &ctx)?,
            source: p.source.clone(),
        });
    }
    products.extend(added);
    Ok(())
}

/// Adds the rules the pack's `product_checks` make from the registry.
fn add_product_checks(
    set: &mut RuleSet,
    seen_ids: &mut HashSet<String>,
    pack_idx: usize,
    pack: &ParsedPack,
    lines: &PackLines<'_>,
    resolver: &Resolver,
) -> Result<(), Error> {
    let Some(checks) = &pack.file.product_checks else {
        return Ok(());
    };
    for (kind, check) in [
        ("withdrawn", &checks.withdrawn),
        ("conditional", &checks.conditional),
        ("off_label", &checks.off_label),
    ] {
        let Some(check) = check else { continue };
        let line = lines.id(&check.id, 1).unwrap_or(1);
        let ctx = Ctx { pack, line };
        if !seen_ids.insert(check.id.clone()) {
            return Err(ctx.err(&check.id, format!("duplicate rule id `{}`", check.id)));
        }
        let defaults = pack.file.defaults.as_ref();
        let rule = build_check(
            kind,
            check,
            pack_idx,
            defaults,
            &set.products,
            resolver,
            &ctx,
        )?;
        set.rules.push(rule);
    }
    Ok(())
}

/// Where each `id:` value and each mapping key stands in a pack, from one pass over its lines,
/// so that placing every rule, product and context costs a look-up, not a rescan of the text
/// (rescanning from line 1 per rule made loading 40,000 rules take 107 s).
struct PackLines<'t> {
    /// `id:` value -> its lines, ascending.
    ids: HashMap<&'t str, Vec<usize>>,
    /// Mapping key -> the lines it is written on, ascending.
    keys: HashMap<&'t str, Vec<usize>>,
}

impl<'t> PackLines<'t> {
    fn new(text: &'t str) -> Self {
        let mut ids: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut keys: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (_, line)) in crate::error::yaml_lines(text).enumerate() {
            let t = line.trim_start().trim_start_matches("- ").trim_start();
            let Some((key, rest)) = t.split_once(':') else {
                continue;
            };
            keys.entry(key).or_default().push(i + 1);
            if key == "id" {
                let v = rest.trim().trim_matches(|c| c == '"' || c == '\'');
                ids.entry(v).or_default().push(i + 1);
            }
        }
        PackLines { ids, keys }
    }

    /// The first line at or after `from` with `id: <id>`.
    fn id(&self, id: &str, from: usize) -> Option<usize> {
        first_from(self.ids.get(id)?, from)
    }

    /// The first line at or after `from` where `key:` is written.
    fn key(&self, key: &str, from: usize) -> Option<usize> {
        first_from(self.keys.get(key)?, from)
    }
}

fn first_from(lines: &[usize], from: usize) -> Option<usize> {
    lines.get(lines.partition_point(|&l| l < from)).copied()
}

fn build_rule(
    spec: &RuleSpec,
    pack: usize,
    defaults: Option<&super::schema::DefaultsSpec>,
    resolver: &Resolver,
    ctx: &Ctx<'_>,
) -> Result<Rule, Error> {
    if spec.id.trim().is_empty() {
        return Err(ctx.err("id", "empty rule id"));
    }
    let langs = langs_of(
        spec.languages.as_ref(),
        defaults.and_then(|d| d.languages.as_ref()),
        ctx,
    )?;
    let mut patterns = Vec::new();
    let mut requires = None;
    for p in &spec.patterns {
        match build_pattern(p, langs, resolver, ctx)? {
            Built::Patterns(list) => patterns.extend(list),
            Built::Requirement(req) if requires.is_none() => requires = Some(req),
            Built::Requirement(_) => {
                // At the second `document` pattern, the one to remove.
                let first = locate(&ctx.pack.text, ctx.line, "document").map_or(ctx.line, |l| l.0);
                let ctx = Ctx {
                    pack: ctx.pack,
                    line: first + 1,
                };
                return Err(ctx.err("document", "a rule has at most one `document` pattern"));
            }
        }
    }
    if patterns.is_empty() && requires.is_none() {
        return Err(ctx.err(&spec.id, format!("rule `{}` has no `patterns`", spec.id)));
    }
    let exceptions = match spec
        .exceptions
        .as_ref()
        .or(defaults.and_then(|d| d.exceptions.as_ref()))
    {
        Some(list) => resolver.exceptions(list, ctx)?,
        None => Vec::new(),
    };
    Ok(Rule {
        id: spec.id.clone(),
        category: spec.category,
        severity: spec.severity,
        langs,
        message: spec.message.clone(),
        suggestion: spec.suggestion.clone(),
        references: spec.references.clone(),
        codes: spec.codes.clone(),
        pack,
        patterns,
        exceptions,
        requires,
        examples: spec.examples.clone(),
        line: ctx.line,
    })
}

/// What one pattern of a pack becomes.
enum Built {
    /// Matchers (a `literal` pattern is one per phrase).
    Patterns(Vec<Pattern>),
    /// A document rule's requirement.
    Requirement(Requirement),
}

fn build_pattern(
    p: &PatternSpec,
    langs: LangSet,
    resolver: &Resolver,
    ctx: &Ctx<'_>,
) -> Result<Built, Error> {
    let term = |text| Term {
        text,
        product: None,
    };
    let patterns = match p {
        PatternSpec::Literal { phrases } => {
            let terms = resolver.expand(phrases, ctx)?;
            if terms.is_empty() {
                return Err(ctx.err("phrases", "`phrases` is empty"));
            }
            terms
                .into_iter()
                .map(|t| Pattern::Literal(term(t)))
                .collect()
        }
        PatternSpec::Regex { regex: src } => {
            let eager = ctx.pack.eager;
            let plain = RuleRegex::new(src, false, eager).map_err(|m| regex_err(ctx, src, m))?;
            // Folding leaves most patterns as they are; parsing and analysing the same
            // pattern twice was a measurable share of start-up.
            let folded = if langs.contains(Lang::Zh) && crate::text::fold_traditional(src) != *src {
                RuleRegex::new(src, true, eager).map_err(|m| regex_err(ctx, src, m))?
            } else {
                plain.clone()
            };
            vec![Pattern::Regex {
                source: src.clone(),
                plain,
                folded,
            }]
        }
        PatternSpec::Cooccurrence { a, b, scope } => {
            let a = resolver.expand(a, ctx)?;
            let b = resolver.expand(b, ctx)?;
            if a.is_empty() || b.is_empty() {
                return Err(ctx.err(
                    "cooccurrence",
                    "a `cooccurrence` pattern needs terms in both `a` and `b`",
                ));
            }
            vec![Pattern::Cooccur {
                a: a.into_iter().map(term).collect(),
                b: b.into_iter().map(term).collect(),
                b_except: Vec::new(),
                scope: *scope,
            }]
        }
        PatternSpec::Document { trigger, disclose } => {
            return build_requirement(trigger, disclose, resolver, ctx).map(Built::Requirement)
        }
    };
    Ok(Built::Patterns(patterns))
}

fn build_requirement(
    trigger: &[String],
    disclose: &BTreeMap<String, Vec<String>>,
    resolver: &Resolver,
    ctx: &Ctx<'_>,
) -> Result<Requirement, Error> {
    let trigger = resolver
        .expand(trigger, ctx)?
        .into_iter()
        .map(|text| Term {
            text,
            product: None,
        })
        .collect::<Vec<_>>();
    if trigger.is_empty() {
        return Err(ctx.err("trigger", "`trigger` is empty"));
    }
    let mut groups = Vec::new();
    for (name, terms) in disclose {
        let terms = resolver.expand(terms, ctx)?;
        if terms.is_empty() {
            return Err(ctx.err(name, format!("disclosure group `{name}` is empty")));
        }
        groups.push((name.clone(), terms));
    }
    if groups.is_empty() {
        return Err(ctx.err("disclose", "`disclose` needs at least one group"));
    }
    Ok(Requirement {
        trigger,
        disclose: groups,
    })
}

/// The names of the products `keep` accepts, each carrying its product.
fn product_terms(products: &[Product], keep: impl Fn(&Product) -> bool) -> Vec<Term> {
    products
        .iter()
        .enumerate()
        .filter(|(_, p)| keep(p))
        .flat_map(|(i, p)| {
            p.names.iter().map(move |n| Term {
                text: n.clone(),
                product: Some(i),
            })
        })
        .collect()
}

/// The conditional check: a conditionally approved product named without its `disclosures`.
fn conditional_requirement(
    check: &CheckSpec,
    products: &[Product],
    resolver: &Resolver,
    ctx: &Ctx<'_>,
) -> Result<Option<Requirement>, Error> {
    let disclosures = resolver.expand(&check.disclosures, ctx)?;
    if disclosures.is_empty() {
        return Err(ctx.err("disclosures", "the conditional check needs `disclosures`"));
    }
    let trigger = product_terms(products, |p| p.status == ProductStatus::Conditional);
    Ok((!trigger.is_empty()).then(|| Requirement {
        trigger,
        disclose: vec![(
            "conditional, time-limited approval".to_string(),
            disclosures,
        )],
    }))
}

/// The off-label check: one co-occurrence over every product with indications and the
/// `diseases`; each product name carries its product, whose approved indications the engine
/// does not count.
fn off_label_pattern(
    check: &CheckSpec,
    products: &[Product],
    resolver: &Resolver,
    ctx: &Ctx<'_>,
) -> Result<Option<Pattern>, Error> {
    let diseases = resolver.expand(&check.diseases, ctx)?;
    if diseases.is_empty() {
        return Err(ctx.err("diseases", "the off_label check needs `diseases`"));
    }
    let a = product_terms(products, |p| !p.indications.is_empty());
    Ok((!a.is_empty()).then(|| Pattern::Cooccur {
        a,
        b: diseases
            .into_iter()
            .map(|d| Term {
                text: d,
                product: None,
            })
            .collect(),
        b_except: Vec::new(),
        scope: super::CooccurScope::Sentence,
    }))
}

/// A registry check (`withdrawn`, `conditional`, `off_label`) as a rule over the pack's products.
fn build_check(
    kind: &str,
    check: &CheckSpec,
    pack: usize,
    defaults: Option<&super::schema::DefaultsSpec>,
    products: &[Product],
    resolver: &Resolver,
    ctx: &Ctx<'_>,
) -> Result<Rule, Error> {
    let langs = langs_of(check.languages.as_ref(), None, ctx)?;
    let mut exceptions = match check
        .exceptions
        .as_ref()
        .or(defaults.and_then(|d| d.exceptions.as_ref()))
    {
        Some(list) => resolver.exceptions(list, ctx)?,
        None => Vec::new(),
    };
    let mut patterns = Vec::new();
    let mut requires = None;
    match kind {
        "withdrawn" => {
            let history = resolver.expand(&check.history, ctx)?;
            if !history.is_empty() {
                exceptions.push(ContextEntry {
                    terms: history.into(),
                    regex: None,
                    place: super::Where::Sentence,
                    within: 0,
                });
            }
            patterns = product_terms(products, |p| p.status == ProductStatus::Withdrawn)
                .into_iter()
                .map(Pattern::Literal)
                .collect();
        }
        "conditional" => requires = conditional_requirement(check, products, resolver, ctx)?,
        _ => patterns.extend(off_label_pattern(check, products, resolver, ctx)?),
    }
    Ok(Rule {
        id: check.id.clone(),
        category: check.category,
        severity: check.severity,
        langs,
        message: check.message.clone(),
        suggestion: check.suggestion.clone(),
        references: check.references.clone(),
        codes: check.codes.clone(),
        pack,
        patterns,
        exceptions,
        requires,
        examples: check.examples.clone(),
        line: ctx.line,
    })
}
