//! Loading packs: YAML → [`PackFile`] (serde, with its own locations) → a resolved, validated
//! [`RuleSet`] (our checks, each error placed at its node by the YAML parser).

use super::schema::{
    CheckSpec, ContextEntrySpec, ExceptionSpec, PackFile, PatternSpec, ProductStatus, RuleSpec,
};
use super::RuleRegex;
use super::{ContextEntry, PackInfo, Pattern, Product, Requirement, Rule, RuleSet, Term};
use crate::error::{Error, YamlError};
use crate::model::{Lang, LangSet};
use crate::yaml_place::{self, Step};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/default_packs.rs"));

/// The embedded default packs as (path, YAML text).
pub fn default_pack_sources() -> &'static [(&'static str, &'static str)] {
    DEFAULT_PACKS
}

/// What a topic term of the default packs names: the treatment, or the condition it is sold for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicKind {
    /// A therapy or product term (`therapy-*` lexicons, registry product names).
    Therapy,
    /// A disease, body-part condition or beauty concern (`disease-*`, `msk-*`, `joint-*`,
    /// `condition-*`, `beauty-*`, `hair-growth-*`, registry diseases).
    Condition,
}

/// Which topic a lexicon of the default packs holds, by its name (`None`: not a topic lexicon:
/// offers, negations, statuses and other phrases that say how a page speaks, not what about).
fn topic_of(lexicon: &str) -> Option<TopicKind> {
    const THERAPY: [&str; 3] = ["therapy-en", "therapy-ja", "therapy-zh"];
    const CONDITION: [&str; 8] = [
        "disease-",
        "msk-",
        "joint-",
        "condition-",
        "beauty-",
        "hair-growth-",
        "registry-diseases",
        "disease-class-",
    ];
    if THERAPY.contains(&lexicon) || lexicon.ends_with("-product-names") {
        Some(TopicKind::Therapy)
    } else if CONDITION.iter().any(|p| lexicon.starts_with(p)) {
        Some(TopicKind::Condition)
    } else {
        None
    }
}

/// The default packs' topic terms (their `@` includes expanded), each with its kind, as written
/// in the packs: what the judge's voice features mask, so that whose voice a page speaks in is
/// learned from how it speaks rather than which diseases and treatments it names
/// (docs/model.md). A default pack that does not parse gives no terms (its tests fail first).
pub fn default_topic_terms() -> Vec<(String, TopicKind)> {
    let packs: Vec<ParsedPack> = DEFAULT_PACKS
        .iter()
        .filter_map(|(path, text)| parse_pack(path, text).ok())
        .collect();
    // The lexicons resolved as the rule set resolves them (`@` includes expanded by the same
    // code), in lexicon-name order across the packs.
    let mut resolver = Resolver {
        lexicons: HashMap::new(),
        contexts: HashMap::new(),
    };
    if packs.iter().any(|p| resolver.add_lexicons(p).is_err()) {
        return Vec::new();
    }
    let mut topical: Vec<(&String, &[String], TopicKind, &ParsedPack)> = packs
        .iter()
        .flat_map(|pack| {
            pack.file.lexicons.iter().filter_map(move |(name, terms)| {
                Some((name, terms.as_slice(), topic_of(name)?, pack))
            })
        })
        .collect();
    topical.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::new();
    for (name, terms, kind, pack) in topical {
        let ctx = Ctx::at(pack, vec![]).key("lexicons").key(name);
        if let Ok(expanded) = resolver.expand(terms, &ctx) {
            out.extend(expanded.into_iter().map(|t| (t, kind)));
        }
    }
    out
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
    let default = DEFAULT_PACKS
        .iter()
        .position(|(p, t)| *p == path && *t == text);
    // The embedded default packs are read from the JSON copy build.rs made of their YAML.
    let json = default.and_then(|i| DEFAULT_PACKS_JSON.get(i).copied().flatten());
    let file: PackFile = match json.map(serde_json::from_str::<PackFile>) {
        Some(Ok(file)) => file,
        _ => serde_yaml_ng::from_str(text).map_err(|e| yaml_error(path, &shared, &e))?,
    };
    Ok(ParsedPack {
        path: path.to_string(),
        eager: default.is_none(),
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

/// Where in which pack a check is being made: the path of the node it reads (`rules[3]`,
/// `rules[3].patterns[1]`, `contexts.hedges[0]`), from which an error is placed by the YAML
/// parser ([`crate::yaml_place`]) only when there is one.
struct Ctx<'a> {
    pack: &'a ParsedPack,
    path: Vec<Step<'a>>,
}

impl<'a> Ctx<'a> {
    fn at(pack: &'a ParsedPack, path: Vec<Step<'a>>) -> Self {
        Ctx { pack, path }
    }

    /// The node under this one at `key`.
    fn key(&self, key: &'a str) -> Ctx<'a> {
        self.child(Step::Key(Cow::Borrowed(key)))
    }

    /// The item `index` of this sequence.
    fn index(&self, index: usize) -> Ctx<'a> {
        self.child(Step::Index(index))
    }

    fn child(&self, step: Step<'a>) -> Ctx<'a> {
        let mut path = self.path.clone();
        path.push(step);
        Ctx {
            pack: self.pack,
            path,
        }
    }

    /// An error at this node (or, when serde filled it in from a default, its nearest ancestor).
    fn err(&self, message: impl Into<String>) -> Error {
        self.error_at(yaml_place::nearest(&self.pack.text, &self.path), message)
    }

    /// An error at the key of this mapping entry (where `name:` is written), else at the node.
    fn err_key(&self, message: impl Into<String>) -> Error {
        match yaml_place::key(&self.pack.text, &self.path) {
            Some(place) => self.error_at(place, message),
            None => self.err(message),
        }
    }

    /// An error at the first scalar value under this node that `want` accepts; else at the first
    /// in the pack's `lexicons` (a lexicon this node names) or `defaults` (which it inherits);
    /// else at the node.
    fn err_value(&self, want: impl Fn(&str) -> bool, message: impl Into<String>) -> Error {
        let text = &self.pack.text;
        let under = |section: &'static str| {
            yaml_place::scalar_under(text, &[Step::Key(Cow::Borrowed(section))], false, &want)
        };
        match yaml_place::scalar_under(text, &self.path, false, &want)
            .or_else(|| under("lexicons"))
            .or_else(|| under("defaults"))
        {
            Some(place) => self.error_at(place, message),
            None => self.err(message),
        }
    }

    fn error_at(&self, place: yaml_place::Place, message: impl Into<String>) -> Error {
        Error::Yaml(YamlError::at(
            &self.pack.path,
            &self.pack.text,
            place.line,
            place.column,
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
            return Err(ctx.err_value(
                |v| v.starts_with('@'),
                "lexicons include each other in a cycle",
            ));
        }
        for term in terms {
            if let Some(name) = term.strip_prefix('@') {
                let Some(list) = self.lexicons.get(name) else {
                    return Err(ctx
                        .err_value(|v| v == term, format!("unknown lexicon `{name}`"))
                        .with_help("define it under `lexicons:` in this or another loaded pack"));
                };
                self.expand_into(list, ctx, out, depth + 1)?;
            } else if term.trim().is_empty() {
                return Err(ctx.err_value(
                    |v| v.trim().is_empty(),
                    "empty phrase: a literal must have text",
                ));
            } else {
                out.push(term.clone());
            }
        }
        Ok(())
    }

    /// A rule's `exceptions` (`ctx` is the list: the rule's own or its pack's default).
    fn exceptions(
        &self,
        specs: &[ExceptionSpec],
        ctx: &Ctx<'_>,
    ) -> Result<Vec<ContextEntry>, Error> {
        let mut out = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            match spec {
                ExceptionSpec::Named(name) => match self.contexts.get(name) {
                    Some(entries) => out.extend(entries.iter().cloned()),
                    None => {
                        return Err(ctx
                            .index(i)
                            .err(format!("unknown context `{name}`"))
                            .with_help(
                                "define it under `contexts:` in this or another loaded pack",
                            ))
                    }
                },
                ExceptionSpec::Inline(entry) => out.push(self.context_entry(entry, &ctx.index(i))?),
            }
        }
        Ok(out)
    }

    /// One context entry (`ctx` is the entry).
    fn context_entry(&self, spec: &ContextEntrySpec, ctx: &Ctx<'_>) -> Result<ContextEntry, Error> {
        let terms = match &spec.terms {
            Some(t) => self.expand(t, ctx)?,
            None => Vec::new(),
        };
        let regex = match &spec.regex {
            Some(src) => {
                Some(RuleRegex::new(src, false, ctx.pack.eager).map_err(|m| regex_err(ctx, m))?)
            }
            None => None,
        };
        if terms.is_empty() && regex.is_none() {
            return Err(ctx.err("a context entry needs `terms` or `regex`"));
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

/// An error about the regex of the pattern or context entry `ctx`, at the regex.
fn regex_err(ctx: &Ctx<'_>, message: String) -> Error {
    ctx.key("regex").err(message)
}

/// A rule's languages: its own `languages`, else its pack's default, else all three.
fn langs_of(
    list: Option<&Vec<Lang>>,
    default: Option<&Vec<Lang>>,
    ctx: &Ctx<'_>,
) -> Result<LangSet, Error> {
    let (list, ctx) = match (list, default) {
        (Some(list), _) => (list, ctx.key("languages")),
        (None, Some(list)) => (
            list,
            Ctx::at(ctx.pack, vec![]).key("defaults").key("languages"),
        ),
        (None, None) => return Ok(LangSet::ALL),
    };
    let mut set = LangSet::default();
    for (i, l) in list.iter().enumerate() {
        if *l == Lang::Other {
            return Err(ctx
                .index(i)
                .err("`other` is not a rule language (ja, zh, en)"));
        }
        set = set.with(*l);
    }
    if set.0 == 0 {
        return Err(ctx.err_key("`languages` is empty"));
    }
    Ok(set)
}

/// Resolves lexicons and contexts across all packs and validates every rule.
pub fn build_rule_set(packs: Vec<ParsedPack>) -> Result<RuleSet, Error> {
    let mut resolver = Resolver {
        lexicons: HashMap::new(),
        contexts: HashMap::new(),
    };
    // Lexicons first (they may reference each other across packs), then contexts.
    for pack in &packs {
        resolver.add_lexicons(pack)?;
    }
    for pack in &packs {
        resolver.add_contexts(pack)?;
    }
    let mut set = RuleSet::default();
    let mut seen_ids: HashSet<String> = HashSet::new();
    for (pack_idx, pack) in packs.iter().enumerate() {
        set.packs.push(PackInfo {
            name: pack.file.pack.clone(),
            version: pack.file.version.clone(),
            path: pack.path.clone(),
            description: pack.file.description.clone(),
        });
        let rules = Ctx::at(pack, vec![]).key("rules");
        for (i, spec) in pack.file.rules.iter().enumerate() {
            let ctx = rules.index(i);
            if !seen_ids.insert(spec.id.clone()) {
                return Err(ctx
                    .key("id")
                    .err(format!("duplicate rule id `{}`", spec.id)));
            }
            let rule = build_rule(spec, pack_idx, pack.file.defaults.as_ref(), &resolver, &ctx)?;
            set.rules.push(rule);
        }
        add_categories(&mut set.categories, pack)?;
        add_products(&mut set.products, pack, &resolver)?;
        add_product_checks(&mut set, &mut seen_ids, pack_idx, pack, &resolver)?;
    }
    Ok(set)
}

impl Resolver {
    fn add_lexicons(&mut self, pack: &ParsedPack) -> Result<(), Error> {
        for (name, terms) in &pack.file.lexicons {
            if self.lexicons.insert(name.clone(), terms.clone()).is_some() {
                return Err(Ctx::at(pack, vec![])
                    .key("lexicons")
                    .key(name)
                    .err_key(format!("lexicon `{name}` is defined twice")));
            }
        }
        Ok(())
    }

    fn add_contexts(&mut self, pack: &ParsedPack) -> Result<(), Error> {
        let contexts = Ctx::at(pack, vec![]).key("contexts");
        let mut local = BTreeMap::new();
        for (name, entries) in &pack.file.contexts {
            let ctx = contexts.key(name);
            let compiled = entries
                .iter()
                .enumerate()
                .map(|(i, e)| self.context_entry(e, &ctx.index(i)))
                .collect::<Result<Vec<_>, _>>()?;
            local.insert(name.clone(), compiled);
        }
        for (name, compiled) in local {
            if self.contexts.insert(name.clone(), compiled).is_some() {
                return Err(contexts
                    .key(&name)
                    .err_key(format!("context `{name}` is defined twice")));
            }
        }
        Ok(())
    }
}

/// Adds the pack's category descriptions; a category is described by one pack only.
fn add_categories(
    categories: &mut BTreeMap<crate::model::Category, String>,
    pack: &ParsedPack,
) -> Result<(), Error> {
    for (category, spec) in &pack.file.categories {
        if categories
            .insert(*category, spec.description.clone())
            .is_some()
        {
            let id = category.id();
            return Err(Ctx::at(pack, vec![])
                .key("categories")
                .key(id)
                .err_key(format!("category `{id}` is described twice")));
        }
    }
    Ok(())
}

/// Adds the pack's registry products.
fn add_products(
    products: &mut Vec<Product>,
    pack: &ParsedPack,
    resolver: &Resolver,
) -> Result<(), Error> {
    let mut ids: HashSet<&str> = products.iter().map(|p| p.id.as_str()).collect();
    let mut added = Vec::new();
    let list = Ctx::at(pack, vec![]).key("products");
    for (i, p) in pack.file.products.iter().enumerate() {
        let ctx = list.index(i);
        if p.names.is_empty() || p.names.iter().any(|n| n.trim().is_empty()) {
            return Err(ctx
                .key("names")
                .err(format!("product `{}` needs non-empty names", p.id)));
        }
        if !ids.insert(&p.id) {
            return Err(ctx
                .key("id")
                .err(format!("duplicate product id `{}`", p.id)));
        }
        added.push(Product {
            id: p.id.clone(),
            names: p.names.clone(),
            status: p.status,
            approved: p.approved.clone(),
            until: p.until.clone(),
            withdrawn: p.withdrawn.clone(),
            indications: resolver.expand(&p.indications, &ctx.key("indications"))?,
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
    resolver: &Resolver,
) -> Result<(), Error> {
    let Some(checks) = &pack.file.product_checks else {
        return Ok(());
    };
    let section = Ctx::at(pack, vec![]).key("product_checks");
    for (kind, check) in [
        ("withdrawn", &checks.withdrawn),
        ("conditional", &checks.conditional),
        ("off_label", &checks.off_label),
    ] {
        let Some(check) = check else { continue };
        let ctx = section.key(kind);
        if !seen_ids.insert(check.id.clone()) {
            return Err(ctx
                .key("id")
                .err(format!("duplicate rule id `{}`", check.id)));
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

fn build_rule(
    spec: &RuleSpec,
    pack: usize,
    defaults: Option<&super::schema::DefaultsSpec>,
    resolver: &Resolver,
    ctx: &Ctx<'_>,
) -> Result<Rule, Error> {
    if spec.id.trim().is_empty() {
        return Err(ctx.key("id").err("empty rule id"));
    }
    let langs = langs_of(
        spec.languages.as_ref(),
        defaults.and_then(|d| d.languages.as_ref()),
        ctx,
    )?;
    let mut patterns = Vec::new();
    let mut requires = None;
    for (i, p) in spec.patterns.iter().enumerate() {
        let at = ctx.key("patterns").index(i);
        match build_pattern(p, langs, resolver, &at)? {
            Built::Patterns(list) => patterns.extend(list),
            Built::Requirement(req) if requires.is_none() => requires = Some(req),
            // At the second `document` pattern, the one to remove.
            Built::Requirement(_) => {
                return Err(at
                    .key("kind")
                    .err("a rule has at most one `document` pattern"))
            }
        }
    }
    if patterns.is_empty() && requires.is_none() {
        return Err(ctx
            .key("id")
            .err(format!("rule `{}` has no `patterns`", spec.id)));
    }
    let exceptions = exceptions_of(spec.exceptions.as_ref(), defaults, resolver, ctx)?;
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
    })
}

/// A rule's exceptions: its own `exceptions`, else its pack's default, else none.
fn exceptions_of(
    own: Option<&Vec<ExceptionSpec>>,
    defaults: Option<&super::schema::DefaultsSpec>,
    resolver: &Resolver,
    ctx: &Ctx<'_>,
) -> Result<Vec<ContextEntry>, Error> {
    match (own, defaults.and_then(|d| d.exceptions.as_ref())) {
        (Some(list), _) => resolver.exceptions(list, &ctx.key("exceptions")),
        (None, Some(list)) => {
            let inherited = Ctx::at(ctx.pack, vec![]).key("defaults").key("exceptions");
            resolver.exceptions(list, &inherited)
        }
        (None, None) => Ok(Vec::new()),
    }
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
            let terms = resolver.expand(phrases, &ctx.key("phrases"))?;
            if terms.is_empty() {
                return Err(ctx.key("phrases").err_key("`phrases` is empty"));
            }
            terms
                .into_iter()
                .map(|t| Pattern::Literal(term(t)))
                .collect()
        }
        PatternSpec::Regex { regex: src } => {
            let eager = ctx.pack.eager;
            let plain = RuleRegex::new(src, false, eager).map_err(|m| regex_err(ctx, m))?;
            // Folding leaves most patterns as they are; parsing and analysing the same
            // pattern twice was a measurable share of start-up.
            let folded = if langs.contains(Lang::Zh) && crate::text::fold_traditional(src) != *src {
                RuleRegex::new(src, true, eager).map_err(|m| regex_err(ctx, m))?
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
            let a = resolver.expand(a, &ctx.key("a"))?;
            let b = resolver.expand(b, &ctx.key("b"))?;
            if a.is_empty() || b.is_empty() {
                let empty = if a.is_empty() { "a" } else { "b" };
                return Err(ctx
                    .key(empty)
                    .err("a `cooccurrence` pattern needs terms in both `a` and `b`"));
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
        .expand(trigger, &ctx.key("trigger"))?
        .into_iter()
        .map(|text| Term {
            text,
            product: None,
        })
        .collect::<Vec<_>>();
    if trigger.is_empty() {
        return Err(ctx.key("trigger").err_key("`trigger` is empty"));
    }
    let mut groups = Vec::new();
    for (name, terms) in disclose {
        let group = ctx.key("disclose").key(name);
        let terms = resolver.expand(terms, &group)?;
        if terms.is_empty() {
            return Err(group.err_key(format!("disclosure group `{name}` is empty")));
        }
        groups.push((name.clone(), terms));
    }
    if groups.is_empty() {
        return Err(ctx
            .key("disclose")
            .err_key("`disclose` needs at least one group"));
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
    let disclosures = resolver.expand(&check.disclosures, &ctx.key("disclosures"))?;
    if disclosures.is_empty() {
        return Err(ctx
            .key("disclosures")
            .err_key("the conditional check needs `disclosures`"));
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
    let diseases = resolver.expand(&check.diseases, &ctx.key("diseases"))?;
    if diseases.is_empty() {
        return Err(ctx
            .key("diseases")
            .err_key("the off_label check needs `diseases`"));
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
    let mut exceptions = exceptions_of(check.exceptions.as_ref(), defaults, resolver, ctx)?;
    let mut patterns = Vec::new();
    let mut requires = None;
    match kind {
        "withdrawn" => {
            let history = resolver.expand(&check.history, &ctx.key("history"))?;
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON copy build.rs makes of each default pack parses to the same pack as its YAML.
    #[test]
    fn default_packs_read_from_json_equal_their_yaml() {
        assert_eq!(DEFAULT_PACKS.len(), DEFAULT_PACKS_JSON.len());
        for ((path, yaml), json) in DEFAULT_PACKS.iter().zip(DEFAULT_PACKS_JSON) {
            let json = json.unwrap_or_else(|| panic!("{path}: no JSON copy"));
            let from_yaml: PackFile =
                serde_yaml_ng::from_str(yaml).unwrap_or_else(|e| panic!("{path}: {e}"));
            let from_json: PackFile =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(format!("{from_yaml:?}"), format!("{from_json:?}"), "{path}");
            assert!(format!("{from_json:?}").len() > 1000);
        }
    }
}
