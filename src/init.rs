//! `claimlint init`: a commented starter config, so a new project begins from the documented
//! keys rather than a blank file. The schema comment gives editors completion and checking.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// Where the config schema is published, for the `yaml-language-server` comment.
pub const CONFIG_SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/claimlint/claimlint/main/schemas/claimlint.schema.json";

/// The file `init` writes: every key, commented, with the defaults in force.
pub fn template() -> String {
    format!(
        "\
# yaml-language-server: $schema={CONFIG_SCHEMA_URL}
# claimlint configuration. Found from the working directory upward (the nearest wins);
# command-line flags override it. Every key is optional. Reference: docs/ci.md.

# Switch rules on or off by rule id (`claimlint rules list`), category, or `all`.
rules:
  enable: []
  disable: []            # e.g. [superlative, ja.testimonial.before-after]

# Severity per rule id or category: error | warning | info | off.
severity: {{}}            # e.g. {{superlative: warning}}

# Extra rule packs, relative to this file; no-default-rules: true loads only these.
packs: []
no-default-rules: false

# Run only the rules of these languages (ja, zh, en); leave out for all three.
# languages: [ja, en]

# Paths never checked (globs relative to this file).
ignore: []

# File extensions a directory walk checks (default: txt, text, md, markdown, mdx, mkd, mdown,
# html, htm, xhtml, shtml, rst, adoc, asciidoc). Files named explicitly are always checked.
# extensions: [md, html]

# Rules switched off for some paths.
per-path: []             # e.g. [{{paths: [\"legal/**\"], disable: [superlative]}}]

# The lowest severity that makes `claimlint check` exit 1: error | warning | info | never.
fail-on: error

# The jurisdictions the copy answers to (jp, cn, tw, us, uk, or all). Findings of rules that
# enforce only other jurisdictions' laws are dropped, and only these jurisdictions' codes and
# references are shown. Leave out for each document's own: its <html lang>, else its language
# (ja: jp; zh: cn, or tw when Traditional; en: us and uk). A Japanese clinic's English or
# Chinese pages answer to Japanese law: say so here.
# jurisdictions: [jp]

# The learned judge (docs/model.md). mode: off (rules alone) | gate (+ the voice gate, which
# drops findings on pages that report, quote or explain rather than advertise) | full (+ model
# findings, the default). voice-threshold: the document voice score (0-1, 1 = the advertiser
# speaking) below which a page counts as reporting; leave out for the model's own (0.70).
# judge: {{mode: full, voice-threshold: 0.6}}
"
    )
}

/// Writes [`template`] to `claimlint.yaml` in `dir`, refusing to replace an existing config
/// (either of [`crate::config::FILE_NAMES`]). Returns the path written.
pub fn write_config(dir: &Path) -> Result<PathBuf, Error> {
    for name in crate::config::FILE_NAMES {
        let existing = dir.join(name);
        if existing.exists() {
            return Err(Error::Usage(format!(
                "{} already exists; claimlint init never overwrites a config",
                existing.display()
            )));
        }
    }
    let [name, _] = crate::config::FILE_NAMES;
    let path = dir.join(name);
    let shown = path.to_string_lossy().into_owned();
    // create_new: a file appearing between the check and the write is not overwritten either.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Error::io(&shown, &e))?;
    std::io::Write::write_all(&mut file, template().as_bytes())
        .map_err(|e| Error::io(&shown, &e))?;
    Ok(path)
}
