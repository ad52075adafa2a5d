//! Hashed n-gram features of normalized text, shared by training and inference.
//!
//! A text is read as a sequence of *units*: each CJK character (kanji, hanzi, kana) is a unit, each
//! run of Latin letters is a word unit, each run of digits is one `0` unit (so "82%" and "75%"
//! look alike), and `%` is a unit of its own. Features are the hashes of every 1-, 2- and 3-unit
//! n-gram, folded into `2^bits` buckets, deduplicated: a text is a set of buckets. Normalized text
//! has Traditional Chinese folded to Simplified and Latin lower-cased already, so a zh-Hant page
//! and a zh-Hans page share their features.

use crate::model::Category;
use crate::text::{fold_traditional, is_cjk};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

/// Bump when units, n-gram orders or hashing change: it is part of the model's data hash, so
/// committed weights trained on other features fail the staleness test. 4: the document voice
/// output's features ([`document_features`]). 5: the voice outputs read text with its topic
/// terms masked ([`mask_topics`]).
pub const FEATURE_VERSION: u32 = 5;

/// The longest n-gram, in units.
const MAX_ORDER: usize = 3;

/// FNV-1a over bytes, then a final mix (so nearby keys spread over the buckets).
fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// A 64-bit finaliser (splitmix64's).
fn mix(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// What a character is to the unit reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitClass {
    /// Part of a Latin word or a digit run.
    Word { digit: bool },
    /// A unit on its own: a CJK character or `%`.
    Single,
    /// A separator.
    Other,
}

impl UnitClass {
    fn of(c: char) -> Self {
        // CJK first: `is_numeric` and `is_alphabetic` take a slow table walk for every CJK
        // character (8 % of a batch run's CPU when they were asked first).
        if is_cjk(c) || c == '%' || c == '％' || c == TOPIC_THERAPY || c == TOPIC_CONDITION {
            UnitClass::Single
        } else if c.is_numeric() {
            UnitClass::Word { digit: true }
        } else if c.is_alphabetic() {
            UnitClass::Word { digit: false }
        } else {
            UnitClass::Other
        }
    }
}

/// The unit hashes of `text`, appended to `units` (cleared first).
pub fn units(text: &str, units: &mut Vec<u64>) {
    units.clear();
    // The Latin word or digit run being read: its start byte and whether it is digits.
    let mut run: Option<(usize, bool)> = None;
    let end_run = |run: &mut Option<(usize, bool)>, end: usize, units: &mut Vec<u64>| {
        if let Some((start, digits)) = run.take() {
            units.push(if digits {
                hash_bytes(1, b"0")
            } else {
                hash_bytes(2, text.get(start..end).unwrap_or("").as_bytes())
            });
        }
    };
    for (i, c) in text.char_indices() {
        let class = UnitClass::of(c);
        if let UnitClass::Word { digit } = class {
            if run.is_some_and(|(_, d)| d != digit) {
                end_run(&mut run, i, units);
            }
            run.get_or_insert((i, digit));
            continue;
        }
        end_run(&mut run, i, units);
        if class == UnitClass::Single {
            let c = if c == '％' { '%' } else { c };
            let mut buf = [0u8; 4];
            units.push(hash_bytes(3, c.encode_utf8(&mut buf).as_bytes()));
        }
    }
    end_run(&mut run, text.len(), units);
}

/// Every n-gram of `text` with its bucket, in text order (duplicates kept): what `features`
/// hashes, spelled out, for explaining a score.
pub fn named_features(text: &str, bits: u32) -> Vec<(String, u32)> {
    // The units again, with their text, by the same rules as [`units`].
    let mut named: Vec<(String, u64)> = Vec::new();
    let mut hashes = Vec::new();
    units(text, &mut hashes);
    let mut run: Option<(usize, bool)> = None;
    let mut spans: Vec<String> = Vec::new();
    let end_run = |run: &mut Option<(usize, bool)>, end: usize, spans: &mut Vec<String>| {
        if let Some((start, digits)) = run.take() {
            spans.push(if digits {
                "0".into()
            } else {
                text.get(start..end).unwrap_or("").to_string()
            });
        }
    };
    for (i, c) in text.char_indices() {
        let class = UnitClass::of(c);
        if let UnitClass::Word { digit } = class {
            if run.is_some_and(|(_, d)| d != digit) {
                end_run(&mut run, i, &mut spans);
            }
            run.get_or_insert((i, digit));
            continue;
        }
        end_run(&mut run, i, &mut spans);
        if class == UnitClass::Single {
            spans.push(match c {
                '％' => "%".into(),
                TOPIC_THERAPY => "<therapy>".into(),
                TOPIC_CONDITION => "<condition>".into(),
                c => c.to_string(),
            });
        }
    }
    end_run(&mut run, text.len(), &mut spans);
    named.extend(spans.into_iter().zip(hashes));
    let mask = (1u64 << bits) - 1;
    let mut out = Vec::new();
    for start in 0..named.len() {
        let mut h = 0x9e37_79b9_7f4a_7c15u64;
        let mut label = String::new();
        for (order, (unit_text, unit)) in named.iter().skip(start).take(MAX_ORDER).enumerate() {
            h = mix(h ^ unit.wrapping_add(order as u64));
            if order > 0 {
                label.push(' ');
            }
            label.push_str(unit_text);
            out.push((label.clone(), (h & mask) as u32));
        }
    }
    out
}

/// The unit a therapy term of the default packs becomes in [`mask_topics`] (a private-use
/// character, which ordinary text does not carry; a text that does carry it reads it as the
/// same unit, which costs nothing but a feature).
pub const TOPIC_THERAPY: char = '\u{E000}';
/// The unit a disease, condition or beauty-concern term becomes in [`mask_topics`].
pub const TOPIC_CONDITION: char = '\u{E001}';

/// The default packs' topic terms (normalized, and folded to Simplified), each with the unit it
/// becomes; Latin terms are words.
fn topic_terms() -> &'static Terms<char> {
    static TERMS: OnceLock<Terms<char>> = OnceLock::new();
    TERMS.get_or_init(|| {
        use crate::rules::TopicKind;
        let mut terms = Vec::new();
        for (term, kind) in crate::rules::default_topic_terms() {
            let unit = match kind {
                TopicKind::Therapy => TOPIC_THERAPY,
                TopicKind::Condition => TOPIC_CONDITION,
            };
            let normalized = crate::text::normalize_term(&term, crate::model::Lang::Ja);
            let folded = fold_traditional(&normalized);
            for t in [normalized, folded] {
                // A one-character CJK term (膝, 癌) would mask too much of ordinary text; a
                // Latin term under three letters (ms, ed) is an abbreviation of many things.
                let latin = t.chars().any(|c| c.is_ascii_alphabetic());
                let short = if latin {
                    t.len() < 3
                } else {
                    t.chars().count() < 2
                };
                if !short {
                    terms.push((t, unit, latin));
                }
            }
        }
        Terms::new(terms, MatchKind::LeftmostLongest)
    })
}

/// `text` (normalized) with every topic term of the default packs (treatments, diseases,
/// conditions, beauty concerns) replaced by one unit per kind ([`TOPIC_THERAPY`],
/// [`TOPIC_CONDITION`]): what the voice features read, so that a page's voice is learned from
/// how it speaks ("we treat <condition>", "<therapy> was not approved") rather than from which
/// diseases a corpus happened to pair with news or with ads.
pub fn mask_topics(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut last = 0;
    for (range, unit) in topic_terms().hits(text) {
        out.push_str(text.get(last..range.start).unwrap_or(""));
        out.push(unit);
        last = range.end;
    }
    if last == 0 {
        return text.into();
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out.into()
}

/// The features a voice output reads from `text`: its n-grams, with its topic terms masked
/// ([`mask_topics`]) when `mask` is set (feature version 5; false measures what masking adds).
pub fn voice_features(
    text: &str,
    mask: bool,
    bits: u32,
    scratch: &mut Vec<u64>,
    out: &mut Vec<u32>,
) {
    if mask {
        features(&mask_topics(text), bits, scratch, out);
    } else {
        features(text, bits, scratch, out);
    }
}

/// The feature buckets of `text` (sorted, deduplicated) into `out`, using `scratch` for units.
pub fn features(text: &str, bits: u32, scratch: &mut Vec<u64>, out: &mut Vec<u32>) {
    units(text, scratch);
    out.clear();
    let mask = (1u64 << bits) - 1;
    for start in 0..scratch.len() {
        let mut h = 0x9e37_79b9_7f4a_7c15u64;
        for (order, unit) in scratch.iter().skip(start).take(MAX_ORDER).enumerate() {
            h = mix(h ^ unit.wrapping_add(order as u64));
            out.push((h & mask) as u32);
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// What a rule's term or finding is to a sentence, for the pack-hit features ("cue:<category>:<role>").
/// The engine already finds these; the judge reads them as features so that a sentence with a
/// disease term and a treatment term but no rule-shaped phrase can still score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum CueRole {
    /// A phrase literal of a rule of the category.
    Phrase = 0,
    /// A side-`a` term of a co-occurrence (the treatment, usually).
    SideA = 1,
    /// A side-`b` term of a co-occurrence (the disease, the benefit).
    SideB = 2,
    /// A document rule's trigger.
    Trigger = 3,
    /// An approved indication (shields a disease term).
    Shield = 4,
    /// A candidate of the category before the context filter (literal, regex or co-occurrence).
    Candidate = 5,
    /// A candidate the context filter excused (negated, quoted, reported).
    Excused = 6,
    /// A candidate that survived: a rule finding.
    Finding = 7,
}

impl CueRole {
    /// Every role, in bit order.
    pub const ALL: [CueRole; 8] = [
        CueRole::Phrase,
        CueRole::SideA,
        CueRole::SideB,
        CueRole::Trigger,
        CueRole::Shield,
        CueRole::Candidate,
        CueRole::Excused,
        CueRole::Finding,
    ];

    fn name(self) -> &'static str {
        match self {
            CueRole::Phrase => "phrase",
            CueRole::SideA => "a",
            CueRole::SideB => "b",
            CueRole::Trigger => "trigger",
            CueRole::Shield => "shield",
            CueRole::Candidate => "candidate",
            CueRole::Excused => "excused",
            CueRole::Finding => "finding",
        }
    }
}

/// The pack's hits in one sentence as a bit set: bit `8 × category + role` (categories in
/// [`Category::ALL`] order). Twelve categories × eight roles fit in 128 bits, so a document's
/// hits are one `u128` per sentence and no allocation per hit.
pub type CueBits = u128;

/// The bit of `role` for `category`.
pub fn cue_bit(category: Category, role: CueRole) -> CueBits {
    let c = Category::ALL
        .iter()
        .position(|&x| x == category)
        .unwrap_or(0);
    1u128 << (c * 8 + role as usize)
}

/// Hash seeds: a hit in the sentence itself, or elsewhere in its paragraph.
const CUE_SENTENCE_SEED: u64 = 0x0c0e_5e47;
const CUE_PARAGRAPH_SEED: u64 = 0x0c0e_9a7a;

/// The bucket of pack-hit bit `bit`, as a sentence (`cue:`) or paragraph (`para:`) feature.
fn cue_bucket(bit: u32, paragraph: bool, mask: u64) -> u32 {
    let seed = if paragraph {
        CUE_PARAGRAPH_SEED
    } else {
        CUE_SENTENCE_SEED
    };
    (mix(seed ^ u64::from(bit).wrapping_mul(0x9e37_79b9)) & mask) as u32
}

/// The name of pack-hit bit `bit` (for explaining a score).
pub fn cue_name(bit: u32, paragraph: bool) -> String {
    let cat = Category::ALL.get(bit as usize / 8).map_or("?", |c| c.id());
    let role = CueRole::ALL.get(bit as usize % 8).map_or("?", |r| r.name());
    format!("{}:{cat}:{role}", if paragraph { "para" } else { "cue" })
}

/// Where a sentence stands, as bits: see the `CONTEXT_*` constants.
pub type ContextBits = u8;
/// Its paragraph is one short line that does not end like a sentence: a heading or a menu item.
pub const CONTEXT_HEADING: ContextBits = 1;
/// Its paragraph starts with a list marker (`-`, `*`, `・`, `•`, `1.`, `(1)`, `①`…).
pub const CONTEXT_LIST: ContextBits = 2;
/// The sentence holds a quotation mark (「」『』“”"«»): someone else's words, often.
pub const CONTEXT_QUOTE: ContextBits = 4;
/// The sentence is its paragraph's first.
pub const CONTEXT_FIRST: ContextBits = 8;

/// The longest line, in characters, read as a heading.
const HEADING_CHARS: usize = 40;

/// The context bits of a sentence (`text`) in its paragraph (`paragraph`, normalized text).
pub fn sentence_context(text: &str, paragraph: &str) -> ContextBits {
    let mut bits = 0;
    let para = paragraph.trim();
    // Byte length first: every sentence of a long paragraph asks, so nothing here may walk the
    // whole paragraph (quadratic in a one-paragraph file).
    let short = para.len() <= HEADING_CHARS * 4
        && para.chars().count() <= HEADING_CHARS
        && !para.contains('\n');
    let ends_like_sentence = para
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '。' | '.' | '!' | '?' | '！' | '？' | ':' | '：' | '」'));
    if short && !ends_like_sentence {
        bits |= CONTEXT_HEADING;
    }
    let mut chars = para.chars();
    let first = chars.next();
    let second = chars.next();
    let list = match first {
        Some('-' | '*' | '・' | '•' | '●' | '■' | '◆' | '※' | '(' | '（') => true,
        Some(c) if ('①'..='⑳').contains(&c) => true,
        Some(c) if c.is_ascii_digit() => matches!(second, Some('.' | ')' | '）' | '、')),
        _ => false,
    };
    if list {
        bits |= CONTEXT_LIST;
    }
    if text
        .chars()
        .any(|c| matches!(c, '「' | '」' | '『' | '』' | '“' | '”' | '"' | '«' | '»'))
    {
        bits |= CONTEXT_QUOTE;
    }
    if para.starts_with(text.trim()) {
        bits |= CONTEXT_FIRST;
    }
    bits
}

/// Hash seed of the context features.
const CONTEXT_SEED: u64 = 0x0c07_e470;

/// A sentence's features: its text's n-grams ([`features`]) plus one feature per pack hit in the
/// sentence (`sentence`) and per pack hit of its paragraph (`paragraph`, the union over the
/// paragraph's sentences), sorted and deduplicated into `out`.
pub fn sentence_features(
    text: &str,
    sentence: CueBits,
    paragraph: CueBits,
    context: ContextBits,
    bits: u32,
    scratch: &mut Vec<u64>,
    out: &mut Vec<u32>,
) {
    features(text, bits, scratch, out);
    if out.is_empty() || (sentence | paragraph) == 0 && context == 0 {
        return;
    }
    let mask = (1u64 << bits) - 1;
    let mut rest = context;
    while rest != 0 {
        let bit = rest.trailing_zeros();
        rest &= rest - 1;
        out.push((mix(CONTEXT_SEED ^ u64::from(bit + 1).wrapping_mul(0x9e37_79b9)) & mask) as u32);
    }
    for (set, is_para) in [(sentence, false), (paragraph, true)] {
        let mut rest = set;
        while rest != 0 {
            let bit = rest.trailing_zeros();
            rest &= rest - 1;
            out.push(cue_bucket(bit, is_para, mask));
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// Named genre markers of a whole document, by group: what reporting pages carry and
/// advertisers' pages do not, or the reverse (bylines, reported speech, regulators, research;
/// first-person address, calls to action, phone lines, prices, opening hours). Matched in the
/// normalized text: each marker as written and folded to Simplified (Chinese paragraphs are
/// folded, Japanese ones are not); a marker of Latin letters only at word boundaries. The model
/// learns which way and how much each weighs; nothing here is a verdict.
pub const GENRE_GROUPS: [(&str, &[&str]); 12] = [
    (
        "byline",
        &[
            "記者",
            "reporter",
            "correspondent",
            "staff writer",
            "通讯员",
            "特派員",
            "編集委員",
            "责任编辑",
            "責任編輯",
            "editor",
            "撮影",
            "photo by",
        ],
    ),
    (
        "reported",
        &[
            "によると",
            "によれば",
            "報道",
            "報じ",
            "据悉",
            "据报",
            "據報",
            "according to",
            "reported",
            "reports",
            "取材",
            "記事",
            "報導",
        ],
    ),
    (
        "said",
        &[
            "said",
            "says",
            "told",
            "と述べ",
            "と話し",
            "と説明",
            "とコメント",
            "と指摘",
            "指出",
            "表示",
            "透露",
            "坦言",
            "強調",
            "强调",
        ],
    ),
    (
        "regulator",
        &[
            "警告",
            "措置命令",
            "行政処分",
            "業務停止",
            "緊急命令",
            "改善命令",
            "厚生労働省",
            "厚労省",
            "消費者庁",
            "景品表示法",
            "医療法",
            "薬機法",
            "warning letter",
            "fda",
            "ftc",
            "injunction",
            "卫健委",
            "衛健委",
            "卫生健康委员会",
            "市场监管",
            "市場監管",
            "行政处罚",
            "行政處罰",
            "罚款",
            "罰款",
            "判决",
            "判決",
            "法院",
            "裁判",
            "lawsuit",
            "court",
            "regulator",
            "regulators",
            "違反",
            "违法",
            "違法",
            "通報",
            "notice",
        ],
    ),
    (
        "research",
        &[
            "study",
            "studies",
            "trial",
            "trials",
            "researchers",
            "研究",
            "論文",
            "论文",
            "臨床試験",
            "临床试验",
            "臨床試驗",
            "journal",
            "published",
            "evidence",
            "エビデンス",
            "证据",
            "證據",
        ],
    ),
    (
        "hedge",
        &[
            "可能性",
            "かもしれ",
            "may",
            "might",
            "未承認",
            "未经批准",
            "未經批准",
            "尚未",
            "not approved",
            "unproven",
            "確立されていない",
            "注意",
            "慎重",
            "リスク",
            "风险",
            "風險",
            "risk",
            "risks",
        ],
    ),
    (
        "we",
        &[
            "当院",
            "当クリニック",
            "本院",
            "我院",
            "本诊所",
            "本診所",
            "本中心",
            "我们",
            "我們",
            "we",
            "our",
            "us",
            "私たち",
            "弊社",
            "当社",
        ],
    ),
    (
        "you",
        &[
            "you",
            "your",
            "您",
            "あなた",
            "皆様",
            "皆さま",
            "みなさま",
            "お客様",
            "患者様",
        ],
    ),
    (
        "booking",
        &[
            "予約",
            "预约",
            "預約",
            "book now",
            "book a",
            "appointment",
            "schedule a",
            "お問い合わせ",
            "お問合せ",
            "問い合わせ",
            "咨询",
            "諮詢",
            "contact us",
            "申し込み",
            "申込",
            "カウンセリング",
            "来院",
            "到院",
            "立即",
            "今すぐ",
            "お気軽に",
            "欢迎",
            "歡迎",
            "call now",
            "free consultation",
        ],
    ),
    (
        "phone",
        &[
            "tel",
            "電話",
            "电话",
            "0120",
            "line",
            "微信",
            "whatsapp",
            "wechat",
            "热线",
            "熱線",
            "フリーダイヤル",
        ],
    ),
    (
        "price",
        &[
            "円",
            "税込",
            "税別",
            "元",
            "price",
            "prices",
            "pricing",
            "料金",
            "费用",
            "費用",
            "价格",
            "價格",
            "优惠",
            "優惠",
            "キャンペーン",
            "campaign",
            "割引",
            "discount",
            "初回",
            "モニター",
            "特价",
            "特價",
            "套餐",
            "$",
            "¥",
        ],
    ),
    (
        "hours",
        &[
            "診療時間",
            "受付時間",
            "休診",
            "营业时间",
            "營業時間",
            "门诊时间",
            "門診時間",
            "opening hours",
            "office hours",
            "アクセス",
            "駅徒歩",
            "最寄り",
            "地址",
            "住所",
        ],
    ),
];

/// The marker counts at which a group's count feature fires: present, several, many.
const GENRE_STEPS: [usize; 3] = [1, 3, 10];

/// Quotation marks per 1,000 characters at which the quotation-density feature fires.
const QUOTE_STEPS: [usize; 3] = [1, 4, 10];

/// Hash seed of the genre features.
const GENRE_SEED: u64 = 0x0d0c_9e4e;

/// One automaton over a list of terms, each with a payload; a term marked as a word matches only
/// where no ASCII letter or digit touches it on either side. The genre markers and the topic
/// mask are both read this way.
struct Terms<T> {
    automaton: Option<AhoCorasick>,
    /// Per pattern: (its payload, matched at word boundaries only).
    patterns: Vec<(T, bool)>,
}

impl<T: Copy> Terms<T> {
    /// An automaton over `terms` (text, payload, word); a text given twice keeps its first
    /// payload. `kind` decides how hits are read: every overlapping hit for
    /// [`MatchKind::Standard`], leftmost-longest ones that do not overlap otherwise.
    fn new(terms: impl IntoIterator<Item = (String, T, bool)>, kind: MatchKind) -> Self {
        let mut seen = std::collections::HashSet::new();
        let (mut texts, mut patterns) = (Vec::new(), Vec::new());
        for (text, payload, word) in terms {
            if seen.insert(text.clone()) {
                texts.push(text);
                patterns.push((payload, word));
            }
        }
        Terms {
            automaton: AhoCorasick::builder().match_kind(kind).build(&texts).ok(),
            patterns,
        }
    }

    /// The hits in `text` that stand where their term may: each one's range and payload.
    fn hits<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (std::ops::Range<usize>, T)> + 'a {
        let matches: Box<dyn Iterator<Item = aho_corasick::Match> + 'a> = match &self.automaton {
            Some(ac) if ac.match_kind() == MatchKind::Standard => {
                Box::new(ac.find_overlapping_iter(text))
            }
            Some(ac) => Box::new(ac.find_iter(text)),
            None => Box::new(std::iter::empty()),
        };
        let bytes = text.as_bytes();
        let word_char = |at: Option<&u8>| at.is_some_and(|b| b.is_ascii_alphanumeric());
        matches.filter_map(move |hit| {
            let &(payload, word) = self.patterns.get(hit.pattern().as_usize())?;
            let before = hit.start().checked_sub(1).and_then(|i| bytes.get(i));
            let touched = word_char(before) || word_char(bytes.get(hit.end()));
            (!(word && touched)).then_some((hit.range(), payload))
        })
    }
}

/// Every genre marker (as written and folded), with its group; Latin markers are words.
fn genre_markers() -> &'static Terms<usize> {
    static MARKERS: OnceLock<Terms<usize>> = OnceLock::new();
    MARKERS.get_or_init(|| {
        let mut terms = Vec::new();
        for (g, (_, markers)) in GENRE_GROUPS.iter().enumerate() {
            for m in *markers {
                let lower = m.to_lowercase();
                let folded = fold_traditional(&lower);
                let word = lower.chars().all(|c| c.is_ascii_alphabetic() || c == ' ');
                terms.push((lower, g, word));
                terms.push((folded, g, word));
            }
        }
        Terms::new(terms, MatchKind::Standard)
    })
}

/// How many times each group of [`GENRE_GROUPS`] occurs in `text` (normalized), and how many
/// quotation marks it holds.
pub fn genre_counts(text: &str) -> ([usize; GENRE_GROUPS.len()], usize) {
    let mut counts = [0usize; GENRE_GROUPS.len()];
    for (_, g) in genre_markers().hits(text) {
        if let Some(c) = counts.get_mut(g) {
            *c += 1;
        }
    }
    let quotes = text
        .chars()
        .filter(|c| matches!(c, '「' | '『' | '“' | '"' | '«'))
        .count();
    (counts, quotes)
}

/// The named genre features of a document (`genre:<group>:<at least>`, `genre:quotes:<per
/// 1000 characters>`), each with its bucket, for training, scoring and explaining alike.
pub fn genre_features(text: &str, bits: u32) -> Vec<(String, u32)> {
    let mask = (1u64 << bits) - 1;
    let (counts, quotes) = genre_counts(text);
    let mut out = Vec::new();
    let push = |name: String, out: &mut Vec<(String, u32)>| {
        let b = (hash_bytes(GENRE_SEED, name.as_bytes()) & mask) as u32;
        out.push((name, b));
    };
    for ((group, _), count) in GENRE_GROUPS.iter().zip(counts) {
        for step in GENRE_STEPS.iter().filter(|&&s| count >= s) {
            push(format!("genre:{group}:{step}"), &mut out);
        }
    }
    let chars = text.chars().count().max(1);
    for step in QUOTE_STEPS.iter().filter(|&&s| quotes * 1000 >= s * chars) {
        push(format!("genre:quotes:{step}"), &mut out);
    }
    out
}

/// A whole document's features, for the document voice output: the n-grams of its normalized
/// text (as [`features`]) and its genre features ([`genre_features`]; `genre` is false only to
/// measure what they add), sorted and deduplicated. (The pack's hits over the document were
/// measured as features too and left out: docs/model.md.)
pub fn document_features(
    text: &str,
    genre: bool,
    mask: bool,
    bits: u32,
    scratch: &mut Vec<u64>,
    out: &mut Vec<u32>,
) {
    voice_features(text, mask, bits, scratch, out);
    if out.is_empty() || !genre {
        return;
    }
    out.extend(genre_features(text, bits).into_iter().map(|(_, b)| b));
    out.sort_unstable();
    out.dedup();
}

/// Per paragraph of a document: the union of its sentences' pack hits.
pub fn paragraph_cues(
    sentence_paragraphs: impl Iterator<Item = usize>,
    sentence_cues: &[CueBits],
    paragraphs: usize,
) -> Vec<CueBits> {
    let mut out = vec![0; paragraphs];
    for (p, c) in sentence_paragraphs.zip(sentence_cues) {
        if let Some(slot) = out.get_mut(p) {
            *slot |= c;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_bits_are_distinct_per_category_and_role() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Category::ALL {
            for r in CueRole::ALL {
                assert!(seen.insert(cue_bit(c, r)), "{c:?} {r:?}");
            }
        }
        assert_eq!(
            cue_name(
                cue_bit(Category::AntiAging, CueRole::SideB).trailing_zeros(),
                false
            ),
            "cue:anti-aging:b"
        );
    }

    #[test]
    fn pack_hits_add_features_to_a_sentence_and_its_paragraph_differently() {
        let (mut scratch, mut plain, mut with_cue, mut with_para) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let text = "幹細胞で膝の痛みに";
        let bit = cue_bit(Category::UnapprovedIndication, CueRole::SideA);
        sentence_features(text, 0, 0, 0, 16, &mut scratch, &mut plain);
        sentence_features(text, bit, 0, 0, 16, &mut scratch, &mut with_cue);
        sentence_features(text, 0, bit, 0, 16, &mut scratch, &mut with_para);
        assert_eq!(plain, feats(text));
        assert_eq!(with_cue.len(), plain.len() + 1);
        assert_eq!(with_para.len(), plain.len() + 1);
        assert_ne!(
            with_cue, with_para,
            "a hit in the paragraph is not one in the sentence"
        );
        assert!(with_cue.windows(2).all(|w| w[0] < w[1]));
        // No text, no features: pack hits alone do not make a sentence scorable.
        sentence_features("", bit, bit, 15, 16, &mut scratch, &mut plain);
        assert!(plain.is_empty());
    }

    #[test]
    fn context_bits_tell_headings_lists_quotes_and_first_sentences() {
        assert_eq!(
            sentence_context("幹細胞治療について", "幹細胞治療について"),
            CONTEXT_HEADING | CONTEXT_FIRST
        );
        let item = "・膝の痛みが消えました。";
        assert_eq!(sentence_context(item, item), CONTEXT_LIST | CONTEXT_FIRST);
        assert_eq!(
            sentence_context("1) first", "1) first"),
            CONTEXT_HEADING | CONTEXT_LIST | CONTEXT_FIRST
        );
        let para = "記事によると、同院は「がんが治る」と宣伝していた。厚労省は命令を出した。";
        assert_eq!(
            sentence_context("記事によると、同院は「がんが治る」と宣伝していた。", para),
            CONTEXT_QUOTE | CONTEXT_FIRST
        );
        assert_eq!(sentence_context("厚労省は命令を出した。", para), 0);
        let (mut scratch, mut plain, mut with) = (Vec::new(), Vec::new(), Vec::new());
        sentence_features("厚労省は命令", 0, 0, 0, 16, &mut scratch, &mut plain);
        sentence_features(
            "厚労省は命令",
            0,
            0,
            CONTEXT_QUOTE,
            16,
            &mut scratch,
            &mut with,
        );
        assert_eq!(with.len(), plain.len() + 1);
    }

    #[test]
    fn paragraph_cues_are_the_union_of_their_sentences() {
        let a = cue_bit(Category::CurativeClaim, CueRole::Phrase);
        let b = cue_bit(Category::Testimonial, CueRole::Finding);
        let got = paragraph_cues([0, 0, 2].into_iter(), &[a, b, b], 3);
        assert_eq!(got, vec![a | b, 0, b]);
    }

    fn genre_names(text: &str) -> Vec<String> {
        genre_features(text, 16)
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    fn group_count(text: &str, group: &str) -> usize {
        let (counts, _) = genre_counts(text);
        let g = GENRE_GROUPS.iter().position(|(n, _)| *n == group).unwrap();
        counts[g]
    }

    #[test]
    fn genre_markers_tell_a_news_story_from_a_clinic_page() {
        let news = "【記者 山田】厚労省によると、同院は措置命令を受けた。院長は「治る」と述べた。";
        let names = genre_names(news);
        for n in [
            "genre:byline:1",
            "genre:reported:1",
            "genre:regulator:1",
            "genre:said:1",
            "genre:quotes:10",
        ] {
            assert!(names.contains(&n.to_string()), "{n} not in {names:?}");
        }
        assert!(!names.iter().any(|n| n.starts_with("genre:booking")));
        let ad = "当院ではご予約を受け付けています。初回 9800円(税込)。ご予約はお電話で。当院へ。当院で。";
        let names = genre_names(ad);
        for n in [
            "genre:we:1",
            "genre:we:3",
            "genre:booking:1",
            "genre:price:3",
            "genre:phone:1",
        ] {
            assert!(names.contains(&n.to_string()), "{n} not in {names:?}");
        }
        assert!(!names.iter().any(|n| n.starts_with("genre:quotes")));
    }

    #[test]
    fn latin_genre_markers_match_whole_words_only() {
        assert_eq!(group_count("our clinic", "we"), 1);
        assert_eq!(group_count("an hour on campus, your tour", "we"), 0);
        assert_eq!(group_count("an hour on campus, your tour", "you"), 1);
        assert_eq!(group_count("the fda said, he says", "said"), 2);
        assert_eq!(group_count("the fda said, he says", "regulator"), 1);
    }

    #[test]
    fn genre_markers_match_folded_chinese_and_unfolded_japanese() {
        // A Chinese paragraph is folded to Simplified before matching; a Japanese one is not.
        assert_eq!(group_count("欢迎预约", "booking"), 2);
        assert_eq!(group_count("ご予約", "booking"), 1);
        assert_eq!(group_count("据报道", "reported"), 2);
    }

    #[test]
    fn document_features_are_the_ngrams_plus_the_genre_features() {
        let text = "当院のご予約は0120-000-000まで。";
        let (mut scratch, mut plain, mut with_genre) = (Vec::new(), Vec::new(), Vec::new());
        document_features(text, false, false, 16, &mut scratch, &mut plain);
        assert_eq!(plain, feats(text));
        document_features(text, true, false, 16, &mut scratch, &mut with_genre);
        let genre: Vec<u32> = genre_features(text, 16)
            .into_iter()
            .map(|(_, b)| b)
            .collect();
        assert_eq!(genre.len(), 3, "we, booking, phone");
        assert!(genre.iter().all(|b| with_genre.binary_search(b).is_ok()));
        assert!(plain.iter().all(|b| with_genre.binary_search(b).is_ok()));
        assert!(with_genre.windows(2).all(|w| w[0] < w[1]));
        // No text, no features: genre features alone do not make a document scorable.
        document_features("", true, true, 16, &mut scratch, &mut plain);
        assert!(plain.is_empty());
    }

    fn feats(s: &str) -> Vec<u32> {
        let (mut scratch, mut out) = (Vec::new(), Vec::new());
        features(s, 16, &mut scratch, &mut out);
        out
    }

    #[test]
    fn cjk_characters_and_latin_words_are_units() {
        let mut u = Vec::new();
        units("幹細胞 stem cells 82%", &mut u);
        // 幹 細 胞, stem, cells, 0, %
        assert_eq!(u.len(), 7);
    }

    #[test]
    fn numbers_are_one_shape() {
        assert_eq!(feats("有效率95%"), feats("有效率80%"));
        assert_ne!(feats("有效率95%"), feats("有效率很高"));
    }

    #[test]
    fn features_are_a_set_of_bounded_buckets() {
        let f = feats("再生医療 再生医療 再生医療");
        assert!(f.windows(2).all(|w| w[0] < w[1]));
        assert!(f.iter().all(|&b| b < 1 << 16));
        // 4 unigrams, 3+1 bigrams (療再 joins the repeats), 2+2 trigrams at most.
        assert!(f.len() <= 12, "{}", f.len());
    }

    #[test]
    fn named_features_are_the_same_buckets_spelled_out() {
        let text = "NK細胞で免疫力アップ 82% of patients";
        let mut named: Vec<u32> = named_features(text, 16)
            .into_iter()
            .map(|(_, b)| b)
            .collect();
        named.sort_unstable();
        named.dedup();
        assert_eq!(named, feats(text));
        let names: Vec<String> = named_features("stem cells", 16)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["stem", "stem cells", "cells"]);
    }

    #[test]
    fn topic_terms_are_masked_to_one_unit_per_kind() {
        let masked = mask_topics("we offer stem cell therapy for knee osteoarthritis.");
        assert_eq!(
            masked,
            format!("we offer {TOPIC_THERAPY} for {TOPIC_CONDITION}.")
        );
        let masked = mask_topics("当院の幹細胞治療は糖尿病に");
        assert_eq!(
            masked,
            format!("当院の{TOPIC_THERAPY}は{TOPIC_CONDITION}に")
        );
        // Folded Traditional text meets the Simplified term; a Latin term only as a whole word.
        assert!(mask_topics(&fold_traditional("幹細胞治療")).contains(TOPIC_THERAPY));
        assert_eq!(mask_topics("prescient"), "prescient");
        assert_eq!(mask_topics("nothing topical here"), "nothing topical here");
        // The explanation names the unit, and the masked text shares the voice features of
        // another therapy and disease said the same way.
        let names: Vec<String> = named_features(&mask_topics("stem cells"), 16)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["<therapy>"]);
        let voice = |t: &str| {
            let (mut scratch, mut out) = (Vec::new(), Vec::new());
            voice_features(t, true, 16, &mut scratch, &mut out);
            out
        };
        assert_eq!(
            voice("we treat diabetes with exosomes"),
            voice("we treat knee osteoarthritis with stem cells")
        );
        assert_ne!(
            feats("we treat diabetes with exosomes"),
            feats("we treat knee osteoarthritis with stem cells")
        );
    }

    #[test]
    fn empty_text_has_no_features() {
        assert!(feats("").is_empty());
        assert!(feats("  ,.!").is_empty());
    }
}
