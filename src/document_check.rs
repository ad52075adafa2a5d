//! (Binary only.) Checking one in-memory document the way `check` checks a file, for the
//! language server and the local page: the loaded packs and the config policy (rule switches,
//! severities, per-path disables, ignored paths), compiled once, and the library pipeline.

use crate::PackArgs;
use claimlint::config::{LoadedConfig, Overrides, Policy};
use claimlint::engine::Engine;
use claimlint::jurisdiction::Jurisdictions;
use claimlint::run::{FileReport, Pipeline, Settings};
use claimlint::source::Kind;
use claimlint::{Error, Lang};
use std::path::{Path, PathBuf};

/// The packs and policy of one config (or of none), compiled once and reused per keystroke.
pub struct DocumentChecker {
    engine: Engine,
    policy: Policy,
}

impl DocumentChecker {
    /// Loads the packs `check` would load under `cfg` (the config's packs before the command
    /// line's, either side able to drop the default pack) and resolves the policy.
    pub fn load(packs: &PackArgs, cfg: Option<&LoadedConfig>) -> Result<Self, Error> {
        let mut packs = packs.clone();
        if let Some(c) = cfg {
            packs.rules.splice(0..0, c.pack_paths());
            packs.no_default_rules |= c.config.no_default_rules;
        }
        let engine = crate::load_engine(&packs, None)?;
        let policy = Policy::new(engine.rules(), cfg, &Overrides::default())?;
        Ok(DocumentChecker { engine, policy })
    }

    /// The compiled rules.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Checks `text` as the file at `path` would be checked by `check` (without a baseline),
    /// through the library pipeline. A path the config ignores gets no findings. `path` decides
    /// the kind unless `kind` is given.
    pub fn check_text(
        &self,
        path: Option<&Path>,
        text: &str,
        kind: Option<Kind>,
        lang: Option<Lang>,
    ) -> FileReport {
        let shown = path.map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
        self.check_bytes(&shown, path, text.as_bytes(), kind, lang)
    }

    /// [`DocumentChecker::check_text`] for bytes of any encoding (a dropped file), decoded as
    /// `check` decodes files; the report's `text` is what the spans index into.
    pub fn check_bytes(
        &self,
        shown: &str,
        path: Option<&Path>,
        bytes: &[u8],
        kind: Option<Kind>,
        lang: Option<Lang>,
    ) -> FileReport {
        self.check_bytes_for(shown, path, bytes, kind, lang, None)
    }

    /// [`DocumentChecker::check_bytes`] for the named `jurisdictions` (`None`: the config's, else
    /// the document's own).
    pub fn check_bytes_for(
        &self,
        shown: &str,
        path: Option<&Path>,
        bytes: &[u8],
        kind: Option<Kind>,
        lang: Option<Lang>,
        jurisdictions: Option<Jurisdictions>,
    ) -> FileReport {
        let mut pipeline = Pipeline::new(&self.engine, Settings::default()).policy(&self.policy);
        if jurisdictions.is_some() {
            pipeline = pipeline.jurisdictions(jurisdictions);
        }
        pipeline.check_bytes(shown, path, bytes, kind, lang)
    }
}

/// The config that applies to a document at `path` (or to the workspace at `root`): `--config`
/// if given, none with `--no-config`, else the nearest claimlint.yaml above it, as `check` finds
/// one from its working directory.
pub fn config_path_for(
    explicit: Option<&Path>,
    no_config: bool,
    path: Option<&Path>,
    root: Option<&Path>,
) -> Option<PathBuf> {
    if no_config {
        return None;
    }
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    path.and_then(Path::parent)
        .and_then(claimlint::config::discover)
        .or_else(|| root.and_then(claimlint::config::discover))
}
