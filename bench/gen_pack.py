#!/usr/bin/env python3
"""Generate a synthetic claimlint rule pack (docs/pack-format.md) for pack-scaling benchmarks.

    python3 bench/gen_pack.py --literals 20000 --seed 1 > big.yaml
    python3 bench/gen_pack.py --rules 500 --phrases-per-rule 8 --out big.yaml

The pack has rules for ja, zh and en in equal shares; each rule has one `literal` pattern of
random phrases built from medical-marketing morphemes (so some of them occur in the corpus and
the automaton sees realistic prefixes), a share of the rules also has a `regex` pattern and a
`cooccurrence` pattern over the pack's lexicons. All names (pack, rule ids, lexicons, contexts) start
with `synthetic` so the pack loads next to the default packs. Standard library only; the same
arguments give the same bytes.
"""

import argparse
import json
import random
import sys
import unicodedata

CATEGORIES = ["curative-claim", "unapproved-indication", "anti-aging", "immunity-boost",
              "safety-guarantee", "efficacy-rate", "superlative", "testimonial",
              "approval-misrepresentation"]
SEVERITIES = ["error", "warning", "info"]

JA_HEADS = ["細胞", "再生", "回復", "修復", "免疫", "活性", "血流", "代謝", "美肌", "若返り", "若々",
            "抗酸化", "幹細胞", "上清液", "点滴", "培養", "神経", "関節", "軟骨", "毛髪", "内臓", "脳",
            "肝臓", "腎臓", "血管", "遺伝子", "ホルモン", "ミトコンドリア", "テロメア", "エクソソーム",
            "サイトカイン", "成長因子", "ＮＫ細胞", "体質", "自然治癒力", "老化", "疲労", "炎症"]
JA_MIDS = ["が", "を", "の", "で", "から", "まで", ""]
JA_TAILS = ["改善します", "治ります", "回復します", "蘇ります", "若返ります", "活性化", "正常化",
            "根本改善", "劇的改善", "完全回復", "消失", "ゼロに", "よみがえる", "取り戻す", "永久に",
            "確実に改善", "完全に治る", "再生する", "止まる", "逆転"]
ZH_HEADS = ["细胞", "再生", "修复", "免疫", "活性", "血液", "代谢", "美肤", "年轻", "抗氧化", "干细胞",
            "外泌体", "培养", "神经", "关节", "软骨", "毛发", "内脏", "大脑", "肝脏", "肾脏", "血管",
            "基因", "激素", "线粒体", "端粒", "细胞因子", "生长因子", "体质", "自愈力", "衰老", "炎症"]
ZH_TAILS = ["全面修复", "彻底恢复", "重获新生", "永久改善", "快速再生", "完全逆转", "立即见效", "一次治愈",
            "根除", "激活", "清除", "重建", "恢复年轻", "不再复发", "效果显著", "百分百有效"]
EN_WORDS = ["cellular", "renewal", "regenerate", "rejuvenate", "restore", "reverse", "repair",
            "boost", "immune", "vitality", "youth", "telomere", "mitochondria", "detox", "heal",
            "miracle", "breakthrough", "permanent", "instant", "complete", "total", "natural",
            "guaranteed", "proven", "effective", "powerful", "advanced", "deep", "rapid", "lasting",
            "organ", "tissue", "nerve", "joint", "cartilage", "brain", "liver", "kidney", "skin",
            "hair", "energy", "longevity", "stem", "exosome", "plasma", "growth", "factor", "therapy",
            "treatment", "protocol", "formula", "recovery", "damage", "aging", "disease", "pain"]

NEGATION = {
    "ja": ["ません", "ない", "わけではありません", "とは限りません", "保証するものではありません"],
    "zh": ["不能", "无法", "并非", "不会", "不保证"],
    "en": ["not", "no", "never", "cannot", "does not", "is not"],
}


def norm(s):
    """What patterns see (docs/pack-format.md): NFKC, lower case. Regexes must be written so."""
    return unicodedata.normalize("NFKC", s).lower()


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def flow(items):
    return "[" + ", ".join(q(x) for x in items) + "]"


class PhraseMaker:
    def __init__(self, rng):
        self.rng = rng
        self.seen = set()

    def one(self, lang):
        r = self.rng
        for _ in range(1000):
            if lang == "ja":
                p = r.choice(JA_HEADS) + r.choice(JA_MIDS) + r.choice(JA_TAILS)
                for _ in range(int(r.random() * 3)):
                    p = r.choice(JA_HEADS) + p
            elif lang == "zh":
                p = r.choice(ZH_HEADS) + r.choice(ZH_TAILS)
                for _ in range(int(r.random() * 3)):
                    p = r.choice(ZH_HEADS) + p
            else:
                p = " ".join(r.choice(EN_WORDS) for _ in range(2 + int(r.random() * 3)))
            p = norm(p)
            if p not in self.seen:
                self.seen.add(p)
                return p
        # Vocabulary exhausted at this length: add a random suffix to stay unique.
        while True:
            if lang == "en":
                p = p + " " + r.choice(EN_WORDS)
            elif lang == "ja":
                p = p + r.choice(JA_HEADS)
            else:
                p = p + r.choice(ZH_HEADS)
            p = norm(p)
            if p not in self.seen:
                self.seen.add(p)
                return p


def regex_for(rng, lang):
    if lang == "ja":
        a = "|".join(rng.sample(JA_HEADS, 3))
        b = "|".join(rng.sample(JA_TAILS, 3))
        return norm("(?:%s)(?:が|を|の)?.{0,6}(?:%s)" % (a, b))
    if lang == "zh":
        a = "|".join(rng.sample(ZH_HEADS, 3))
        b = "|".join(rng.sample(ZH_TAILS, 3))
        return norm("(?:%s).{0,6}(?:%s)" % (a, b))
    a = "|".join(rng.sample(EN_WORDS, 3))
    b = "|".join(rng.sample(EN_WORDS, 3))
    return "(?-u:\\b)(?:%s) (?:[a-z]+ ){0,2}(?:%s)(?-u:\\b)" % (a, b)


def generate(n_rules, per_rule, seed, regex_share=0.1, cooccur_share=0.05, name="synthetic-bench"):
    rng = random.Random("claimlint-bench-pack:%d" % seed)
    pm = PhraseMaker(rng)
    langs = ["ja", "zh", "en"]
    out = []
    w = out.append
    w("# Synthetic rule pack for benchmarks, made by bench/gen_pack.py\n")
    w("# %d rules, %d phrases per rule, seed %d. Not for real use.\n" % (n_rules, per_rule, seed))
    w("pack: %s\n" % name)
    w('version: "1"\n')
    w("description: %s\n" % q("synthetic pack of %d rules for pack-scaling benchmarks" % n_rules))
    w("\nlexicons:\n")
    lex = {}
    for lang in langs:
        for kind in ("a", "b"):
            key = "synthetic-%s-%s" % (lang, kind)
            lex[key] = [pm.one(lang) for _ in range(12)]
            w("  %s: %s\n" % (key, flow(lex[key])))
    w("\ncontexts:\n")
    for lang in langs:
        w("  synthetic-negation-%s:\n" % lang)
        w("    - {terms: %s, where: after, within: 12}\n" % flow(NEGATION[lang]))
    w("\ndefaults:\n")
    w("  exceptions: [%s]\n" % ", ".join("synthetic-negation-%s" % l for l in langs))
    w("\nrules:\n")
    n_literals = 0
    for i in range(n_rules):
        lang = langs[i % 3]
        w("  - id: synthetic.%s.%05d\n" % (lang, i + 1))
        w("    category: %s\n" % CATEGORIES[i % len(CATEGORIES)])
        w("    severity: %s\n" % SEVERITIES[i % len(SEVERITIES)])
        w("    languages: [%s]\n" % lang)
        w("    message: %s\n" % q("synthetic rule %d (%s)" % (i + 1, lang)))
        w("    exceptions: [synthetic-negation-%s]\n" % lang)
        w("    patterns:\n")
        phrases = [pm.one(lang) for _ in range(per_rule)]
        n_literals += len(phrases)
        w("      - kind: literal\n        phrases: %s\n" % flow(phrases))
        if rng.random() < regex_share:
            w("      - kind: regex\n        regex: %s\n" % q(regex_for(rng, lang)))
        if rng.random() < cooccur_share:
            w("      - kind: cooccurrence\n")
            w('        a: ["@synthetic-%s-a"]\n' % lang)
            w('        b: ["@synthetic-%s-b"]\n' % lang)
    return "".join(out), n_literals


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate a synthetic claimlint rule pack.")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--rules", type=int, help="number of rules")
    g.add_argument("--literals", type=int, help="about this many literal phrases in all (rules = literals / phrases-per-rule)")
    ap.add_argument("--phrases-per-rule", type=int, default=8)
    ap.add_argument("--regex-share", type=float, default=0.1, help="share of rules that also have a regex (default 0.1)")
    ap.add_argument("--cooccur-share", type=float, default=0.05, help="share of rules that also have a cooccur pattern")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--name", default="synthetic-bench", help="pack name")
    ap.add_argument("--out", help="output file (default: stdout)")
    a = ap.parse_args(argv)
    per = max(1, a.phrases_per_rule)
    n_rules = a.rules if a.rules is not None else max(1, -(-a.literals // per))
    text, n_lit = generate(n_rules, per, a.seed, a.regex_share, a.cooccur_share, a.name)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)
        print("wrote %s: %d rules, %d literals" % (a.out, n_rules, n_lit), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
