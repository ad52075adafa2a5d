//! Jurisdictions: which laws a document answers to, and so which findings, references and codes
//! a report shows for it.
//!
//! A rule names the laws it enforces in its `codes` (`mhlw:3`, `cn-adlaw:28`, `tw-mca:86`,
//! `us-ftc:5`, `uk-cap:12`) and `references`. A run answers to the jurisdictions it names
//! (`--jurisdiction`, the config's `jurisdictions`), or else to those of each document's language:
//! `<html lang>` first, then the detected language (ja → JP; zh → CN, or TW when the text is
//! mostly Traditional forms; en → US and UK). Then, per finding:
//! - the codes and references shown are those jurisdictions' only;
//! - when the run *names* its jurisdictions, a finding whose codes name jurisdictions, none of
//!   them the run's, is dropped: the rule enforces another country's law (the 限定解除要件
//!   for a US page). With the defaults such a finding is kept, with all its codes and
//!   references: a language is only a guess at the law (a Japanese clinic's English page answers
//!   to Japanese law), and a guess must not silently hide a user's own rule;
//! - a finding without jurisdictional codes (a user's own rule, suppression notices) is kept.

use crate::model::Lang;
use crate::text::ScriptCounts;
use std::fmt;

/// A legal system with rules in the default pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Jurisdiction {
    /// Japan: 医療法 and the 医療広告ガイドライン, 薬機法, 再生医療等安全性確保法.
    Jp,
    /// Mainland China: 广告法, 医疗广告管理办法.
    Cn,
    /// Taiwan: 醫療法.
    Tw,
    /// United States: FTC Act, FD&C Act.
    Us,
    /// United Kingdom: the CAP Code.
    Uk,
}

impl Jurisdiction {
    /// Every jurisdiction, in report order.
    pub const ALL: [Jurisdiction; 5] = [
        Jurisdiction::Jp,
        Jurisdiction::Cn,
        Jurisdiction::Tw,
        Jurisdiction::Us,
        Jurisdiction::Uk,
    ];

    /// The id used on the command line, in configs and in reports.
    pub fn id(self) -> &'static str {
        match self {
            Jurisdiction::Jp => "jp",
            Jurisdiction::Cn => "cn",
            Jurisdiction::Tw => "tw",
            Jurisdiction::Us => "us",
            Jurisdiction::Uk => "uk",
        }
    }

    /// Parses an id (case-insensitive).
    pub fn from_id(id: &str) -> Option<Jurisdiction> {
        Self::ALL
            .into_iter()
            .find(|j| j.id().eq_ignore_ascii_case(id.trim()))
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }

    /// The jurisdiction of an enforcement code, or `None` for a code of no jurisdiction
    /// (`claimlint:meta`, a user's own).
    pub fn of_code(code: &str) -> Option<Jurisdiction> {
        let scheme = code.split(':').next().unwrap_or(code);
        if scheme == "mhlw" || scheme.starts_with("jp-") {
            return Some(Jurisdiction::Jp);
        }
        let prefix = scheme.split('-').next().unwrap_or(scheme);
        match prefix {
            "cn" => Some(Jurisdiction::Cn),
            "tw" => Some(Jurisdiction::Tw),
            "us" => Some(Jurisdiction::Us),
            "uk" => Some(Jurisdiction::Uk),
            _ => None,
        }
    }

    /// The jurisdiction a reference (one law or guideline, as the packs write them) cites, if
    /// it can be told.
    pub fn of_reference(reference: &str) -> Option<Jurisdiction> {
        const MARKS: [(&str, Jurisdiction); 16] = [
            ("台湾", Jurisdiction::Tw),
            ("臺灣", Jurisdiction::Tw),
            ("醫療法", Jurisdiction::Tw),
            ("《", Jurisdiction::Cn),
            ("市场监管", Jurisdiction::Cn),
            ("广告法", Jurisdiction::Cn),
            ("CAP Code", Jurisdiction::Uk),
            ("ASA", Jurisdiction::Uk),
            ("FTC", Jurisdiction::Us),
            ("FD&C", Jurisdiction::Us),
            ("CFR", Jurisdiction::Us),
            ("U.S.C.", Jurisdiction::Us),
            ("PHS Act", Jurisdiction::Us),
            ("Medical Care Act", Jurisdiction::Jp),
            ("MHLW", Jurisdiction::Jp),
            ("医療", Jurisdiction::Jp),
        ];
        if let Some((_, j)) = MARKS.iter().find(|(m, _)| reference.contains(m)) {
            return Some(*j);
        }
        // 医薬品医療機器等法, 再生医療等安全性確保法, a bare 第68条: Japanese statute forms.
        (reference.contains('法') || reference.contains("第") && reference.contains('条'))
            .then_some(Jurisdiction::Jp)
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A set of jurisdictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Jurisdictions(u8);

impl Jurisdictions {
    /// The set of `list`.
    pub fn of(list: &[Jurisdiction]) -> Self {
        Jurisdictions(list.iter().fold(0, |m, j| m | j.bit()))
    }

    /// Parses `jp,us` (the `--jurisdiction` value); `all` is every jurisdiction.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut set = Jurisdictions::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if part.eq_ignore_ascii_case("all") {
                set = Jurisdictions::of(&Jurisdiction::ALL);
                continue;
            }
            let j = Jurisdiction::from_id(part).ok_or_else(|| {
                format!("unknown jurisdiction `{part}`: use jp, cn, tw, us, uk or all")
            })?;
            set.0 |= j.bit();
        }
        if set.is_empty() {
            return Err("name at least one jurisdiction: jp, cn, tw, us, uk or all".into());
        }
        Ok(set)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether `j` is in the set.
    pub fn contains(self, j: Jurisdiction) -> bool {
        self.0 & j.bit() != 0
    }

    /// The members, in [`Jurisdiction::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Jurisdiction> {
        Jurisdiction::ALL
            .into_iter()
            .filter(move |j| self.contains(*j))
    }

    /// The jurisdictions a document answers to when the run names none: its `<html lang>` when
    /// that names one of ours, else its detected language (and, for Chinese, its script).
    pub fn for_document(language: Lang, html_lang: Option<&str>, text: &str) -> Self {
        use Jurisdiction::*;
        if let Some(tag) = html_lang {
            let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
            let sub = |s: &str| tag.split('-').skip(1).any(|p| p == s);
            match tag_lang(&tag) {
                Some(Lang::Ja) => return Jurisdictions::of(&[Jp]),
                Some(Lang::En) if sub("gb") || sub("uk") => return Jurisdictions::of(&[Uk]),
                Some(Lang::En) if sub("us") => return Jurisdictions::of(&[Us]),
                Some(Lang::En) => return Jurisdictions::of(&[Us, Uk]),
                Some(Lang::Zh) if sub("hant") || sub("tw") || sub("hk") || sub("mo") => {
                    return Jurisdictions::of(&[Tw])
                }
                Some(Lang::Zh) if sub("hans") || sub("cn") || sub("sg") => {
                    return Jurisdictions::of(&[Cn])
                }
                // A bare `zh`: the script decides, below.
                Some(Lang::Zh) => return Jurisdictions::of(&[chinese(text)]),
                _ => {}
            }
        }
        match language {
            Lang::Ja => Jurisdictions::of(&[Jp]),
            Lang::Zh => Jurisdictions::of(&[chinese(text)]),
            Lang::En => Jurisdictions::of(&[Us, Uk]),
            // No rule runs on other languages; what little is found (a mixed page) keeps
            // every law.
            Lang::Other => Jurisdictions::of(&Jurisdiction::ALL),
        }
    }

    /// Whether a rule with these enforcement codes enforces a law of this set (or names no
    /// jurisdiction at all).
    pub fn applies_to(self, codes: &[String]) -> bool {
        let mut named = codes.iter().filter_map(|c| Jurisdiction::of_code(c));
        let mut any = false;
        let applies = named.any(|j| {
            any = true;
            self.contains(j)
        });
        applies || !any
    }

    /// Keeps the codes and the parts of references that cite this set's laws.
    pub fn keep_laws(self, codes: &mut Vec<String>, references: &mut Vec<String>) {
        codes.retain(|c| Jurisdiction::of_code(c).is_none_or(|j| self.contains(j)));
        *references = references
            .iter()
            .filter_map(|r| self.reference(r))
            .collect();
    }

    /// The parts of a reference (`FTC Act §5; UK CAP Code rule 3.1`) that cite this set's
    /// laws; a part naming no jurisdiction goes with the part before it.
    fn reference(self, reference: &str) -> Option<String> {
        let mut kept: Vec<&str> = Vec::new();
        let mut current: Option<Jurisdiction> = None;
        let mut unknown = true;
        for part in reference.split("; ") {
            if let Some(j) = Jurisdiction::of_reference(part) {
                current = Some(j);
                unknown = false;
            }
            if current.is_none_or(|j| self.contains(j)) {
                kept.push(part);
            }
        }
        // A reference whose law cannot be told is always shown.
        (unknown || !kept.is_empty()).then(|| {
            if unknown {
                reference.to_string()
            } else {
                kept.join("; ")
            }
        })
    }
}

impl fmt::Display for Jurisdictions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.iter().map(Jurisdiction::id).collect();
        f.write_str(&ids.join(","))
    }
}

/// CN or TW for Chinese text: Traditional forms outnumbering Simplified ones mean Taiwan (and
/// Hong Kong, whose ads the Taiwan-style rules fit best of ours).
fn chinese(text: &str) -> Jurisdiction {
    let c = ScriptCounts::of(text);
    if c.trad > c.simp {
        Jurisdiction::Tw
    } else {
        Jurisdiction::Cn
    }
}

/// The language a BCP 47 tag (`zh-Hant-TW`, `ja`, `en_GB`) names, if it is one claimlint checks.
pub fn tag_lang(tag: &str) -> Option<Lang> {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
    [Lang::Ja, Lang::Zh, Lang::En]
        .into_iter()
        .find(|l| l.code().eq_ignore_ascii_case(primary))
}

/// The `lang` attribute of an HTML document's `<html>` element, if it has one.
pub fn html_lang(html: &str) -> Option<&str> {
    let lower_at = |from: usize| {
        html.get(from..)?
            .char_indices()
            .find(|(i, _)| {
                html.get(from + i..from + i + 5)
                    .is_some_and(|s| s.eq_ignore_ascii_case("<html"))
            })
            .map(|(i, _)| from + i)
    };
    let start = lower_at(0)?;
    let end = start + html.get(start..)?.find('>')?;
    let tag = html.get(start + 5..end)?;
    if !tag.is_empty() && !tag.starts_with(|c: char| c.is_ascii_whitespace()) {
        return None;
    }
    // Attribute names start after whitespace; `xml:lang` and `data-lang` are not `lang`.
    let starts = tag
        .char_indices()
        .filter(|(_, c)| c.is_ascii_whitespace())
        .map(|(i, c)| i + c.len_utf8());
    for start in starts {
        let Some(rest) = tag.get(start..) else {
            continue;
        };
        let Some(after) = rest
            .get(..4)
            .filter(|name| name.eq_ignore_ascii_case("lang"))
            .and_then(|_| rest.get(4..))
        else {
            continue;
        };
        let Some(value) = after.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let body = value
            .strip_prefix('"')
            .map(|v| v.split('"').next().unwrap_or(""))
            .or_else(|| {
                value
                    .strip_prefix('\'')
                    .map(|v| v.split('\'').next().unwrap_or(""))
            })
            .unwrap_or_else(|| {
                value
                    .split(|c: char| c.is_ascii_whitespace() || c == '/')
                    .next()
                    .unwrap_or("")
            })
            .trim();
        return (!body.is_empty()).then_some(body);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use Jurisdiction::*;

    #[test]
    fn codes_and_references_name_their_jurisdiction() {
        assert_eq!(Jurisdiction::of_code("mhlw:3"), Some(Jp));
        assert_eq!(Jurisdiction::of_code("cn-adlaw:28"), Some(Cn));
        assert_eq!(Jurisdiction::of_code("tw-mca:86"), Some(Tw));
        assert_eq!(Jurisdiction::of_code("us-fdca"), Some(Us));
        assert_eq!(Jurisdiction::of_code("uk-cap:12"), Some(Uk));
        assert_eq!(Jurisdiction::of_code("claimlint:meta"), None);
        assert_eq!(Jurisdiction::of_code("test:1"), None);
        for (r, j) in [
            ("医療法 第6条の5", Jp),
            ("医薬品医療機器等法 第66条", Jp),
            ("第68条", Jp),
            ("再生医療等安全性確保法", Jp),
            ("台湾《医疗法》第86条", Tw),
            ("《广告法》第二十八条", Cn),
            (
                "市场监管总局《广告绝对化用语执法指南》(2023) 第五条、第六条",
                Cn,
            ),
            ("UK CAP Code rule 12.1", Uk),
            ("FTC Act §5", Us),
            ("21 CFR Part 1271", Us),
            ("Medical Care Act, art. 6-5", Jp),
        ] {
            assert_eq!(Jurisdiction::of_reference(r), Some(j), "{r}");
        }
        assert_eq!(Jurisdiction::of_reference("House style guide"), None);
    }

    #[test]
    fn documents_default_to_the_jurisdictions_of_their_language_and_html_lang() {
        let of = |l: &[Jurisdiction]| Jurisdictions::of(l);
        assert_eq!(
            Jurisdictions::for_document(Lang::Ja, None, "治る"),
            of(&[Jp])
        );
        assert_eq!(
            Jurisdictions::for_document(Lang::En, None, "cure"),
            of(&[Us, Uk])
        );
        assert_eq!(
            Jurisdictions::for_document(Lang::Zh, None, "干细胞治疗糖尿病"),
            of(&[Cn])
        );
        assert_eq!(
            Jurisdictions::for_document(Lang::Zh, None, "幹細胞治療糖尿病，療效顯著"),
            of(&[Tw])
        );
        // <html lang> wins over the detected language, a bare zh goes by the script.
        assert_eq!(
            Jurisdictions::for_document(Lang::Ja, Some("zh-Hant-TW"), "再生醫療"),
            of(&[Tw])
        );
        assert_eq!(
            Jurisdictions::for_document(Lang::Zh, Some("zh-CN"), "再生醫療"),
            of(&[Cn])
        );
        assert_eq!(
            Jurisdictions::for_document(Lang::Ja, Some("zh"), "幹細胞療法，療效顯著"),
            of(&[Tw])
        );
        assert_eq!(
            Jurisdictions::for_document(Lang::Ja, Some("en-GB"), "x"),
            of(&[Uk])
        );
        assert_eq!(
            Jurisdictions::for_document(Lang::En, Some("fr"), "x"),
            of(&[Us, Uk])
        );
    }

    #[test]
    fn a_language_tag_names_its_primary_language() {
        assert_eq!(tag_lang("zh-Hant-TW"), Some(Lang::Zh));
        assert_eq!(tag_lang("JA"), Some(Lang::Ja));
        assert_eq!(tag_lang("en_GB"), Some(Lang::En));
        assert_eq!(tag_lang("fr"), None);
        assert_eq!(tag_lang(""), None);
    }

    #[test]
    fn html_lang_is_read_from_the_html_element_only() {
        assert_eq!(
            html_lang("<!doctype html><HTML LANG=\"zh-Hant\">"),
            Some("zh-Hant")
        );
        assert_eq!(html_lang("<html class=x lang='ja'><body>"), Some("ja"));
        assert_eq!(html_lang("<html lang=en-GB>"), Some("en-GB"));
        assert_eq!(html_lang("<html><p lang=ja>"), None);
        assert_eq!(html_lang("<htmlx lang=ja>"), None);
        assert_eq!(html_lang("<html xml:lang=\"ja\">"), None);
        assert_eq!(html_lang("no markup"), None);
        assert_eq!(html_lang("<html lang=\"\">"), None);
        assert_eq!(html_lang("<html lang"), None);
        assert_eq!(html_lang("é<html lang=ja>"), Some("ja"));
    }

    #[test]
    fn the_flag_value_parses_and_bad_ids_are_named() {
        assert_eq!(
            Jurisdictions::parse("jp, us").unwrap(),
            Jurisdictions::of(&[Jp, Us])
        );
        assert_eq!(Jurisdictions::parse("ALL").unwrap().iter().count(), 5);
        assert!(Jurisdictions::parse("jp,mars")
            .unwrap_err()
            .contains("`mars`"));
        assert!(Jurisdictions::parse(",").is_err());
        assert_eq!(Jurisdictions::parse("uk,jp").unwrap().to_string(), "jp,uk");
    }
}
