//! Small vocabulary types shared by packs, the engine and reporters.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language claimlint has rules for, or `Other` for text it skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Japanese.
    Ja,
    /// Chinese, Simplified or Traditional.
    Zh,
    /// English.
    En,
    /// Anything else (French, Indonesian, no letters at all): no rule runs on it.
    Other,
}

impl Lang {
    /// The languages rules can target.
    pub const RULE_LANGS: [Lang; 3] = [Lang::Ja, Lang::Zh, Lang::En];

    /// The lower-case code used in packs and reports.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Other => "other",
        }
    }

    /// A one-bit mask, for sets of languages.
    pub fn bit(self) -> u8 {
        match self {
            Lang::Ja => 1,
            Lang::Zh => 2,
            Lang::En => 4,
            Lang::Other => 0,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A set of rule languages as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LangSet(pub u8);

impl LangSet {
    /// Every rule language.
    pub const ALL: LangSet = LangSet(7);

    /// Whether `lang` is in the set.
    pub fn contains(self, lang: Lang) -> bool {
        self.0 & lang.bit() != 0
    }

    /// The set with `lang` added.
    pub fn with(self, lang: Lang) -> LangSet {
        LangSet(self.0 | lang.bit())
    }

    /// The languages in the set, in code order.
    pub fn langs(self) -> impl Iterator<Item = Lang> {
        Lang::RULE_LANGS
            .into_iter()
            .filter(move |l| self.contains(*l))
    }

    /// Exactly one language, if the set holds exactly one.
    pub fn single(self) -> Option<Lang> {
        let mut it = self.langs();
        match (it.next(), it.next()) {
            (Some(l), None) => Some(l),
            _ => None,
        }
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Likely a problem.
    Warning,
    /// A prohibited claim.
    Error,
}

impl Severity {
    /// The lower-case name used in packs and reports.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The kinds of prohibited claim; these ids appear in JSON `category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Promises or implies cure, complete recovery, reversal, a permanent fix.
    CurativeClaim,
    /// A cell or regenerative therapy promoted for a disease it is not approved for.
    UnapprovedIndication,
    /// Anti-aging, rejuvenation, beauty benefits of regenerative therapy.
    AntiAging,
    /// Immunity boosting, "sub-health", vitality, wellness regulation.
    ImmunityBoost,
    /// A promoted regenerative treatment whose page does not state its regulatory status.
    MissingDisclosure,
    /// No side effects, 100% safe, no risk.
    SafetyGuarantee,
    /// Cure, success or improvement rates.
    EfficacyRate,
    /// Best, No.1, only, comparisons with other clinics.
    Superlative,
    /// Testimonials, experience stories, before/after.
    Testimonial,
    /// Approval, certification or insurance coverage that does not exist.
    ApprovalMisrepresentation,
    /// Japan's 限定解除要件 beyond the status: a promoted free-practice treatment whose page gives
    /// no standard cost or no main risks and side effects.
    IncompleteDisclosure,
    /// Not a claim: an inline suppression without a reason, or one that suppresses nothing.
    Suppression,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 12] = [
        Category::CurativeClaim,
        Category::UnapprovedIndication,
        Category::AntiAging,
        Category::ImmunityBoost,
        Category::MissingDisclosure,
        Category::SafetyGuarantee,
        Category::EfficacyRate,
        Category::Superlative,
        Category::Testimonial,
        Category::ApprovalMisrepresentation,
        Category::IncompleteDisclosure,
        Category::Suppression,
    ];

    /// The kebab-case id.
    pub fn id(self) -> &'static str {
        match self {
            Category::CurativeClaim => "curative-claim",
            Category::UnapprovedIndication => "unapproved-indication",
            Category::AntiAging => "anti-aging",
            Category::ImmunityBoost => "immunity-boost",
            Category::MissingDisclosure => "missing-disclosure",
            Category::SafetyGuarantee => "safety-guarantee",
            Category::EfficacyRate => "efficacy-rate",
            Category::Superlative => "superlative",
            Category::Testimonial => "testimonial",
            Category::ApprovalMisrepresentation => "approval-misrepresentation",
            Category::IncompleteDisclosure => "incomplete-disclosure",
            Category::Suppression => "suppression",
        }
    }

    /// Parses a kebab-case id.
    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
