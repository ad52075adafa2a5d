//! The config file (`claimlint.yaml` / `.claimlint.yaml`): discovery, parsing with located
//! errors, and the resolved [`Policy`] a run applies (rule mask, severities, ignored paths,
//! per-path disables, fail level).
//!
//! Discovery walks up from the working directory and the nearest file wins; `--config FILE`
//! names one, `--no-config` ignores them. CLI flags override the file. Unknown keys and unknown
//! rule ids or categories are errors pointing at the YAML line.

use crate::diagnostic::{Diagnostic, FileReport, RunReport};
use crate::error::{Error, YamlError};
use crate::input::Input;
use crate::model::{Category, Lang, Severity};
use crate::rules::RuleSet;
use crate::suppress::META_RULES;
use globset::{Glob, GlobBuilder, GlobMatcher};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// File names searched for in each directory, in this order.
pub const FILE_NAMES: [&str; 2] = ["claimlint.yaml", ".claimlint.yaml"];

/// The selector that matches every rule.
pub const ALL: &str = "all";

/// The config file's contents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rules switched on or off by id or category.
    #[serde(default)]
    pub rules: RulesSection,
    /// Severity per rule id or category (`off` disables).
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
    /// Extra packs, relative to the config file.
    #[serde(default)]
    pub packs: Vec<String>,
    /// Do not load the embedded default pack.
    #[serde(default)]
    pub no_default_rules: bool,
    /// Run only rules for these languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<Lang>>,
    /// Paths not checked (globs relative to the config file).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// File extensions checked when a directory is walked, replacing the default types
    /// ([`crate::walk::DEFAULT_TYPES`]); files named explicitly are checked whatever this says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Vec<String>>,
    /// Rules disabled for some paths.
    #[serde(default)]
    pub per_path: Vec<PerPath>,
    /// The lowest severity that makes the run fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<FailOn>,
    /// How the learned judge takes part.
    #[serde(default, skip_serializing_if = "JudgeSection::is_empty")]
    pub judge: JudgeSection,
    /// The jurisdictions every checked document answers to (jp, cn, tw, us, uk); leave out
    /// for each document's own (from its `<html lang>` or language).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "jurisdictions",
        serialize_with = "jurisdictions_out"
    )]
    pub jurisdictions: Option<crate::jurisdiction::Jurisdictions>,
}

fn jurisdictions<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::jurisdiction::Jurisdictions>, D::Error> {
    let list = Vec::<String>::deserialize(d)?;
    crate::jurisdiction::Jurisdictions::parse(&list.join(","))
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn jurisdictions_out<S: serde::Serializer>(
    set: &Option<crate::jurisdiction::Jurisdictions>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let ids: Vec<&str> = set
        .iter()
        .flat_map(|j| j.iter())
        .map(crate::jurisdiction::Jurisdiction::id)
        .collect();
    ids.serialize(s)
}

/// `judge: {mode: off|gate|full, voice-threshold: 0.5}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct JudgeSection {
    /// Off (rules alone), gate (+ voice gate) or full (+ model findings, the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<crate::engine::JudgeMode>,
    /// The document voice score (1 = the advertiser speaking) below which a page counts as
    /// reporting.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "threshold"
    )]
    pub voice_threshold: Option<f32>,
}

impl JudgeSection {
    fn is_empty(&self) -> bool {
        self.mode.is_none() && self.voice_threshold.is_none()
    }

    /// The judge options, command-line values (`mode`, `voice_threshold`) winning over the
    /// config's.
    pub fn options(
        &self,
        mode: Option<crate::engine::JudgeMode>,
        voice_threshold: Option<f32>,
    ) -> crate::engine::JudgeOptions {
        mode.or(self.mode)
            .unwrap_or_default()
            .options(voice_threshold.or(self.voice_threshold))
    }
}

fn threshold<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    let v = f32::deserialize(d)?;
    check_threshold(v)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn check_threshold(v: f32) -> Result<f32, String> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("a voice threshold is a score from 0 to 1, not {v}"))
    }
}

/// Parses `--voice-threshold`: a number from 0 to 1.
pub fn parse_threshold(text: &str) -> Result<f32, String> {
    let v: f32 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    check_threshold(v)
}

/// `rules: {enable: [...], disable: [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSection {
    /// Rule ids or categories to switch on (after a broader disable).
    #[serde(default)]
    pub enable: Vec<String>,
    /// Rule ids, categories or `all` to switch off.
    #[serde(default)]
    pub disable: Vec<String>,
}

/// `per-path: [{paths: [...], disable: [...]}]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerPath {
    /// Globs relative to the config file.
    pub paths: Vec<String>,
    /// Rule ids, categories or `all` switched off for those paths.
    #[serde(default)]
    pub disable: Vec<String>,
}

/// A severity override.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as info.
    Info,
    /// Do not run the rule.
    Off,
}

/// The lowest severity that makes a run exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Errors fail the run (the default).
    #[default]
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Any finding fails the run.
    Info,
    /// Findings never fail the run.
    Never,
}

impl FailOn {
    /// The severity threshold, `None` for never.
    pub fn level(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// A config file that was found and parsed.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The file, as shown to the user.
    pub path: PathBuf,
    /// Its directory, absolute: packs and globs are relative to it.
    pub dir: PathBuf,
    /// The file's text, for located errors.
    pub text: Arc<str>,
    /// The parsed contents.
    pub config: Config,
}

impl LoadedConfig {
    /// The config's packs, resolved against its directory.
    pub fn pack_paths(&self) -> Vec<PathBuf> {
        self.config.packs.iter().map(|p| self.dir.join(p)).collect()
    }

    /// Checks that every pack the config names can be read; a missing one is an error at the
    /// config's line that names it, not a bare "No such file" for a path the user never typed.
    pub fn check_packs(&self) -> Result<(), Error> {
        for (name, path) in self.config.packs.iter().zip(self.pack_paths()) {
            if let Err(e) = std::fs::metadata(&path) {
                return Err(self.error_at(name, format!("pack `{name}` ({}): {e}", path.display())));
            }
        }
        Ok(())
    }

    /// An error at the first key or value of the config that is `needle` (whole, as the parser
    /// reads it: not inside a comment or a longer word), else at its start.
    fn error_at(&self, needle: &str, message: impl Into<String>) -> Error {
        let place = crate::yaml_place::scalar_under(&self.text, &[], true, |v| v == needle)
            .unwrap_or(crate::yaml_place::Place { line: 1, column: 1 });
        Error::Yaml(YamlError::at(
            &self.path.to_string_lossy(),
            &self.text,
            place.line,
            place.column,
            message,
        ))
    }
}

/// The nearest config file in `start` or one of its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find_map(|dir| FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()))
}

/// Reads and parses a config file.
pub fn load(path: &Path) -> Result<LoadedConfig, Error> {
    let shown = path.to_string_lossy().into_owned();
    let bytes = std::fs::read(path).map_err(|e| Error::io(&shown, &e))?;
    let text: Arc<str> = String::from_utf8(bytes)
        .map_err(|_| Error::Io {
            path: shown.clone(),
            message: "a config file must be UTF-8 text".into(),
        })?
        .into();
    // A file holding only comments is an empty config, not an error.
    let empty = matches!(
        serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&text),
        Ok(serde_yaml_ng::Value::Null)
    );
    let config = if empty {
        Config::default()
    } else {
        serde_yaml_ng::from_str(&text).map_err(|e| {
            match crate::rules::yaml_error_pub(&shown, &text, &e) {
                Error::Yaml(y) => match crate::suggest::unknown_field_help(&y.message) {
                    Some(help) => Error::Yaml(y.with_help(help)),
                    None => Error::Yaml(y),
                },
                other => other,
            }
        })?
    };
    let abs = absolute(path);
    let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(LoadedConfig {
        path: path.to_path_buf(),
        dir,
        text,
        config,
    })
}

/// The config a run uses: `explicit` if given, none with `no_config`, else the nearest one
/// above the working directory.
pub fn resolve(explicit: Option<&Path>, no_config: bool) -> Result<Option<LoadedConfig>, Error> {
    if no_config {
        return Ok(None);
    }
    if let Some(p) = explicit {
        return load(p).map(Some);
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", &e))?;
    discover(&cwd).map(|p| load(&p)).transpose()
}

/// `path` made absolute against the working directory, `.` and `..` removed lexically.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// What the command line says, which overrides the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--enable` selectors.
    pub enable: Vec<String>,
    /// `--disable` selectors.
    pub disable: Vec<String>,
    /// `--fail-on`.
    pub fail_on: Option<FailOn>,
    /// `--judge`.
    pub judge: Option<crate::engine::JudgeMode>,
    /// `--voice-threshold`.
    pub voice_threshold: Option<f32>,
    /// `--jurisdiction`.
    pub jurisdictions: Option<crate::jurisdiction::Jurisdictions>,
}

/// Refuses unknown rule ids and categories in the config (located at its line) and on the
/// command line, and the language `other` in the config's `languages`.
fn validate_selectors(
    set: &RuleSet,
    cfg: Option<&LoadedConfig>,
    cli: &Overrides,
) -> Result<(), Error> {
    let known = |s: &str| {
        s == ALL
            || Category::from_id(s).is_some()
            || set.rule(s).is_some()
            || META_RULES.contains(&s)
    };
    let unknown_hint = "use a rule id (`claimlint rules list`), a category id, or `all`";
    if let Some(cfg) = cfg {
        let file = &cfg.config;
        let selectors = file
            .rules
            .enable
            .iter()
            .chain(&file.rules.disable)
            .chain(file.severity.keys())
            .chain(file.per_path.iter().flat_map(|p| &p.disable));
        for s in selectors {
            if !known(s) {
                let hint = did_you_mean(set, s);
                return Err(
                    match cfg.error_at(s, format!("unknown rule or category `{s}`{hint}")) {
                        Error::Yaml(y) => Error::Yaml(y.with_help(unknown_hint)),
                        e => e,
                    },
                );
            }
        }
        if let Some(langs) = &file.languages {
            if langs.contains(&Lang::Other) {
                return Err(cfg.error_at("other", "languages are ja, zh and en"));
            }
        }
    }
    for s in cli.enable.iter().chain(&cli.disable) {
        if !known(s) {
            return Err(Error::Usage(format!(
                "unknown rule or category `{s}`{}: {unknown_hint}",
                did_you_mean(set, s)
            )));
        }
    }
    Ok(())
}

/// How specific a selector is: a rule id beats a category beats `all`.
fn specificity(selector: &str, rule: &str, category: Category) -> Option<u8> {
    if selector == rule {
        Some(3)
    } else if selector == category.id() {
        Some(2)
    } else if selector == ALL {
        Some(1)
    } else {
        None
    }
}

/// A glob set matched against paths relative to the config directory.
#[derive(Debug, Clone, Default)]
struct PathMatcher {
    /// Patterns without `/`: matched against every path component.
    names: Vec<GlobMatcher>,
    /// Patterns with `/`: matched against the relative path and each of its ancestors.
    anchored: Vec<GlobMatcher>,
}

impl PathMatcher {
    fn new(patterns: &[String], cfg: &LoadedConfig) -> Result<Self, Error> {
        let mut m = PathMatcher::default();
        for p in patterns {
            let bad = |e: globset::Error| cfg.error_at(p, format!("bad glob `{p}`: {e}"));
            if p.contains('/') {
                let g = GlobBuilder::new(p.trim_start_matches('/'))
                    .literal_separator(true)
                    .build()
                    .map_err(bad)?;
                m.anchored.push(g.compile_matcher());
            } else {
                m.names.push(Glob::new(p).map_err(bad)?.compile_matcher());
            }
        }
        Ok(m)
    }

    fn is_empty(&self) -> bool {
        self.names.is_empty() && self.anchored.is_empty()
    }

    fn matches(&self, rel: Option<&Path>, abs: &Path) -> bool {
        let path = rel.unwrap_or(abs);
        let by_name = path
            .components()
            .any(|c| self.names.iter().any(|g| g.is_match(c.as_os_str())));
        let anchored = rel.is_some_and(|rel| {
            rel.ancestors()
                .filter(|a| !a.as_os_str().is_empty())
                .any(|a| self.anchored.iter().any(|g| g.is_match(a)))
        });
        by_name || anchored
    }
}

/// The resolved settings a run applies.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Per rule of the rule set: whether it runs (for [`crate::CheckOptions::enabled`]).
    pub enabled: Vec<bool>,
    /// Effective severity per rule id, where it differs from the pack's.
    pub severity: BTreeMap<String, Severity>,
    /// Meta rules (suppression findings) switched off.
    pub meta_disabled: Vec<String>,
    /// When the run fails.
    pub fail_on: FailOn,
    /// How the learned judge takes part.
    pub judge: crate::engine::JudgeOptions,
    /// The jurisdictions named by the command line or the config (`None`: each document's).
    pub jurisdictions: Option<crate::jurisdiction::Jurisdictions>,
    base: Option<PathBuf>,
    ignore: PathMatcher,
    per_path: Vec<(PathMatcher, Vec<String>)>,
}

/// The config's and the command line's rule switches and severities.
struct Switches<'a> {
    /// (source, selectors, on): source 1 (the command line) beats 0 (the file).
    lists: [(u8, &'a [String], bool); 4],
    /// `severity: {selector: off}` entries, a disable list of the file.
    severities: &'a BTreeMap<String, Level>,
}

impl<'a> Switches<'a> {
    fn new(file: &'a Config, cli: &'a Overrides) -> Self {
        Switches {
            lists: [
                (0, &file.rules.enable, true),
                (0, &file.rules.disable, false),
                (1, &cli.enable, true),
                (1, &cli.disable, false),
            ],
            severities: &file.severity,
        }
    }

    /// Whether rule `id` runs: the command line beats the file; within one source the most
    /// specific selector wins, and disable wins a tie. A rule no selector names runs.
    fn on(&self, id: &str, category: Category) -> bool {
        let off = self
            .severities
            .iter()
            .filter(|(_, l)| **l == Level::Off)
            .filter_map(|(s, _)| specificity(s, id, category).map(|spec| (0u8, spec, false)));
        self.lists
            .iter()
            .flat_map(|(source, list, on)| {
                list.iter().filter_map(move |s| {
                    specificity(s, id, category).map(|spec| (*source, spec, *on))
                })
            })
            .chain(off)
            .max_by_key(|&(source, spec, on)| (source, spec, !on))
            .is_none_or(|(_, _, on)| on)
    }

    /// The file's severity for rule `id` (its most specific selector), `None` when unset or off.
    fn level(&self, id: &str, category: Category) -> Option<Severity> {
        self.severities
            .iter()
            .filter_map(|(s, l)| Some((specificity(s, id, category)?, *l)))
            .max_by_key(|(spec, _)| *spec)
            .and_then(|(_, l)| match l {
                Level::Error => Some(Severity::Error),
                Level::Warning => Some(Severity::Warning),
                Level::Info => Some(Severity::Info),
                Level::Off => None,
            })
    }
}

/// The config's folder, its `ignore` globs and its `per-path` disables.
type PathRules = (
    Option<PathBuf>,
    PathMatcher,
    Vec<(PathMatcher, Vec<String>)>,
);

fn path_rules(cfg: Option<&LoadedConfig>) -> Result<PathRules, Error> {
    let Some(cfg) = cfg else {
        return Ok((None, PathMatcher::default(), Vec::new()));
    };
    let file = &cfg.config;
    let per_path = file
        .per_path
        .iter()
        .map(|p| Ok((PathMatcher::new(&p.paths, cfg)?, p.disable.clone())))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok((
        Some(cfg.dir.clone()),
        PathMatcher::new(&file.ignore, cfg)?,
        per_path,
    ))
}

impl Policy {
    /// Resolves the config and the command line against the loaded rules. Unknown rule ids or
    /// categories are errors (located in the config file where they came from it).
    pub fn new(
        set: &RuleSet,
        cfg: Option<&LoadedConfig>,
        cli: &Overrides,
    ) -> Result<Policy, Error> {
        validate_selectors(set, cfg, cli)?;
        let default = Config::default();
        let file = cfg.map(|c| &c.config).unwrap_or(&default);
        let switches = Switches::new(file, cli);
        let mut enabled = Vec::with_capacity(set.rules.len());
        let mut severity = BTreeMap::new();
        for r in &set.rules {
            let lang_ok = file
                .languages
                .as_ref()
                .is_none_or(|ls| ls.iter().any(|l| r.langs.contains(*l)));
            enabled.push(lang_ok && switches.on(&r.id, r.category));
            if let Some(l) = switches.level(&r.id, r.category) {
                if l != r.severity {
                    severity.insert(r.id.clone(), l);
                }
            }
        }
        let mut meta_disabled = Vec::new();
        for id in META_RULES {
            if !switches.on(id, crate::suppress::META_CATEGORY) {
                meta_disabled.push(id.to_string());
            }
            if let Some(l) = switches.level(id, crate::suppress::META_CATEGORY) {
                severity.insert(id.to_string(), l);
            }
        }
        let (base, ignore, per_path) = path_rules(cfg)?;
        Ok(Policy {
            enabled,
            severity,
            meta_disabled,
            fail_on: cli.fail_on.or(file.fail_on).unwrap_or_default(),
            judge: file.judge.options(cli.judge, cli.voice_threshold),
            jurisdictions: cli.jurisdictions.or(file.jurisdictions),
            base,
            ignore,
            per_path,
        })
    }

    fn rel_abs(&self, path: &Path) -> (Option<PathBuf>, PathBuf) {
        let abs = absolute(path);
        let rel = self
            .base
            .as_ref()
            .and_then(|b| abs.strip_prefix(b).ok())
            .map(Path::to_path_buf);
        (rel, abs)
    }

    /// Whether the config's `ignore` globs exclude `path`.
    pub fn is_ignored(&self, path: &Path) -> bool {
        if self.ignore.is_empty() {
            return false;
        }
        let (rel, abs) = self.rel_abs(path);
        self.ignore.matches(rel.as_deref(), &abs)
    }

    /// Drops inputs the config ignores (standard input is never ignored).
    pub fn keep_inputs(&self, inputs: Vec<Input>) -> Vec<Input> {
        inputs
            .into_iter()
            .filter(|i| match i {
                Input::Stdin => true,
                Input::Path(p) => !self.is_ignored(p),
            })
            .collect()
    }

    /// Drops findings of rules switched off for this file (per-path or meta) and applies
    /// severity overrides. Idempotent: run it before and after suppressions.
    pub fn apply(&self, file: &mut FileReport) {
        self.apply_to(&file.path, &mut file.diagnostics);
    }

    /// [`Policy::apply`] on some of the findings of the file at `path` (a chunk of a streamed
    /// file: every step is per finding).
    pub fn apply_to(&self, path: &str, diagnostics: &mut Vec<Diagnostic>) {
        let off: Vec<&str> = if self.per_path.is_empty() || path == "<stdin>" {
            Vec::new()
        } else {
            let (rel, abs) = self.rel_abs(Path::new(path));
            self.per_path
                .iter()
                .filter(|(m, _)| m.matches(rel.as_deref(), &abs))
                .flat_map(|(_, d)| d.iter().map(String::as_str))
                .collect()
        };
        diagnostics.retain(|d| {
            !self.meta_disabled.iter().any(|m| *m == d.rule)
                && !off
                    .iter()
                    .any(|s| specificity(s, &d.rule, d.category).is_some())
        });
        for d in diagnostics {
            if let Some(s) = self.severity.get(d.rule.as_str()) {
                d.severity = *s;
            }
        }
    }

    /// Applies the policy and inline suppressions to every file of a run.
    pub fn apply_run(&self, run: &mut RunReport, inline: bool, report_unused: bool) {
        for f in &mut run.files {
            self.apply(f);
            if inline {
                crate::suppress::apply(f, report_unused);
                self.apply(f);
            }
        }
    }
}

/// ` (did you mean `x`?)` for a mistyped rule id, category or `all`; empty if none is close.
pub fn did_you_mean(set: &RuleSet, wrong: &str) -> String {
    let names = set
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .chain(Category::ALL.iter().map(|c| c.id()))
        .chain(META_RULES)
        .chain([ALL]);
    crate::suggest::hint(wrong, names)
}

/// The effective settings, for `claimlint config show`: the file's values with packs resolved,
/// and the command line's packs, switches and fail level merged in.
pub fn effective(
    cfg: Option<&LoadedConfig>,
    cli: &Overrides,
    cli_packs: &[PathBuf],
    cli_no_default: bool,
) -> Config {
    let mut c = cfg.map(|c| c.config.clone()).unwrap_or_default();
    c.packs = cfg
        .map(|l| l.pack_paths())
        .unwrap_or_default()
        .iter()
        .chain(cli_packs)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    c.no_default_rules |= cli_no_default;
    c.rules.enable.extend(cli.enable.iter().cloned());
    c.rules.disable.extend(cli.disable.iter().cloned());
    c.fail_on = Some(cli.fail_on.or(c.fail_on).unwrap_or_default());
    c.jurisdictions = cli.jurisdictions.or(c.jurisdictions);
    c.judge = JudgeSection {
        mode: Some(cli.judge.or(c.judge.mode).unwrap_or_default()),
        voice_threshold: cli.voice_threshold.or(c.judge.voice_threshold),
    };
    c
}

/// `config` as YAML, headed by a comment naming the file it came from.
pub fn show(cfg: Option<&LoadedConfig>, effective: &Config) -> String {
    let source = match cfg {
        Some(l) => format!("# config file: {}\n", l.path.display()),
        None => "# no config file found: defaults\n".to_string(),
    };
    let body = serde_yaml_ng::to_string(effective).unwrap_or_default();
    format!("{source}{body}")
}
