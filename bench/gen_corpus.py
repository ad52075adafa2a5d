#!/usr/bin/env python3
"""Generate a reproducible benchmark corpus of clinic marketing copy for claimlint.

    python3 bench/gen_corpus.py --out DIR --size-mb 200 --seed 1

Writes at least SIZE_MB MiB (2^20 bytes) of UTF-8 files under DIR:

    DIR/<lang>/<nnn>/<profile>-<index>.<ext>      lang: ja, zh-hans, zh-hant, en
                                                  ext:  txt, md, html
    DIR/.gen_corpus.json                          parameters and tallies (hidden; not corpus)

Every file is 1 KiB .. 1 MiB; most are small, a few are large and at least a few are ~1 MB
(when SIZE_MB allows). Text is assembled from the templates and word lists in corpus_vocab.py:
mostly clean sentences, some claims, negated claims, disclosures and quoted prohibitions, in
proportions that depend on each document's profile (compliant / aggressive / news / blog).

Same seed and size -> byte-identical corpus, whatever --jobs is: every file has its own random
generator seeded from (seed, file index), and the file plan is drawn from a master generator.
Standard library only.
"""

import argparse
import json
import multiprocessing
import os
import random
import shutil
import string
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_vocab as V  # noqa: E402

GENERATOR_VERSION = 1
MIB = 1 << 20
MIN_FILE = 1024
MAX_FILE = MIB
BIG_LO, BIG_HI = 1_000_000, 1_040_000     # "~1 MB" files; overshoot stays below MAX_FILE

LANG_WEIGHTS = {"ja": 40, "zh-hans": 20, "zh-hant": 15, "en": 25}
FORMAT_WEIGHTS = {"txt": 30, "md": 25, "html": 45}
HTML_LANG = {"ja": "ja", "zh-hans": "zh-CN", "zh-hant": "zh-TW", "en": "en"}


def weighted_table(weights):
    """A list in which each key appears `weight` times: uniform picks from it are weighted."""
    out = []
    for k, w in weights.items():
        out.extend([k] * w)
    return out


# --------------------------------------------------------------------------------------------
# Templates compiled once per language (and per output flavour: plain or HTML-escaped)
# --------------------------------------------------------------------------------------------

def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Lang:
    """Compiled templates and slots of one language, in one flavour (plain or html)."""

    def __init__(self, code, slots, kinds, ui, html):
        self.code = code
        self.cjk = code != "en"
        self.joiner = ui["joiner"]
        esc = html_escape if html else (lambda s: s)
        self.slots = {}
        for k, v in slots.items():
            if isinstance(v, list):
                self.slots[k] = [esc(x) for x in v]
            else:
                self.slots[k] = (lambda f: (lambda r: esc(f(r))))(v) if html else v
        self.kinds = {k: [self.compile(esc(t)) for t in ts] for k, ts in kinds.items()}
        self.ui = {}
        for k, v in ui.items():
            if isinstance(v, list):
                self.ui[k] = [self.compile(esc(x)) for x in v]
            elif k != "joiner":
                self.ui[k] = self.compile(esc(v))

    def compile(self, template):
        parts = []
        for literal, field, _spec, _conv in string.Formatter().parse(template):
            parts.append((literal, field))
        return tuple(parts)


TERMINALS = set("。！？.!?」”\"）)")


def last_visible(s):
    """The last character of s outside trailing HTML tags (`…です。</span>` -> `。`)."""
    while s.endswith(">") and "<" in s:
        s = s[:s.rfind("<")]
    return s[-1:]


class Writer:
    """Fills compiled templates with one document's random generator."""

    def __init__(self, rng, lang, fmt):
        self.rng = rng
        self.rand = rng.random
        self.lang = lang
        self.fmt = fmt
        self.emph = {"html": 0.08, "md": 0.05, "txt": 0.0}[fmt]
        self.line_break = "<br>\n" if fmt == "html" else "\n"
        self.fixed = {}       # per-document constants: one clinic, one area, one main therapy
        for name in ("clinic", "area", "therapy"):
            self.fixed[name] = self.pick_slot(name)
        if "Therapy" in lang.slots:
            t = self.fixed["therapy"]
            self.fixed["Therapy"] = t[0].upper() + t[1:]

    def pick(self, seq):
        return seq[int(self.rand() * len(seq))]

    def pick_slot(self, name):
        v = self.lang.slots[name]
        return v[int(self.rand() * len(v))] if isinstance(v, list) else v(self.rng)

    def fill(self, tpl, emphasis=True):
        rand = self.rand
        out = []
        for literal, field in tpl:
            out.append(literal)
            if field is None:
                continue
            # The document's own clinic/area/therapy most of the time, another one sometimes.
            if field in self.fixed and rand() < 0.7:
                v = self.fixed[field]
            else:
                v = self.pick_slot(field)
            if emphasis and self.emph and rand() < self.emph:
                if self.fmt == "md":
                    v = "**" + v + "**"
                else:
                    r = rand()
                    if r < 0.4:
                        v = "<b>" + v + "</b>"
                    elif r < 0.7:
                        v = '<span class="marker">' + v + "</span>"
                    else:
                        v = "<strong>" + v + "</strong>"
            out.append(v)
        return "".join(out)

    def sentence(self, kind_table):
        kind = kind_table[int(self.rand() * len(kind_table))]
        s = self.fill(self.pick(self.lang.kinds[kind]))
        if self.fmt == "html" and kind == "claim" and self.rand() < 0.15:
            s = '<span class="catch">' + s + "</span>"
        return s

    def paragraph(self, kind_table, lo=1, hi=6):
        n = lo + int(self.rand() * (hi - lo + 1))
        out = []
        for i in range(n):
            s = self.sentence(kind_table)
            if i:
                # Items such as addresses, prices and hours carry no sentence-final punctuation:
                # on real pages they stand on their own line.
                out.append(self.lang.joiner if last_visible(out[-1]) in TERMINALS else self.line_break)
            out.append(s)
        return "".join(out)

    def ui(self, key):
        v = self.lang.ui[key]
        return self.fill(self.pick(v) if isinstance(v, list) else v, emphasis=False)


_LANGS = None


def langs():
    global _LANGS
    if _LANGS is None:
        _LANGS = {}
        for code, (slots, kinds, ui) in V.languages().items():
            _LANGS[(code, False)] = Lang(code, slots, kinds, ui, html=False)
            _LANGS[(code, True)] = Lang(code, slots, kinds, ui, html=True)
    return _LANGS


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------

CSS_RULES = [
    "body{margin:0;font-family:'Hiragino Sans','Noto Sans JP','Microsoft YaHei',sans-serif;color:#333}",
    ".container{max-width:1080px;margin:0 auto;padding:0 16px}",
    "header{position:sticky;top:0;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.1)}",
    "nav ul{display:flex;gap:24px;list-style:none}",
    ".marker{background:linear-gradient(transparent 60%,#ff6 60%)}",
    ".catch{font-size:1.4em;font-weight:700;color:#c00}",
    "h1,h2,h3{line-height:1.4;color:#0a3d62}",
    ".btn-reserve{display:inline-block;padding:12px 32px;border-radius:24px;background:#e67e22;color:#fff}",
    "footer{background:#0a3d62;color:#fff;padding:32px 0;font-size:12px}",
    "@media (max-width:768px){nav ul{display:none}.container{padding:0 12px}}",
    "table.price{border-collapse:collapse;width:100%}table.price td{border:1px solid #ccc;padding:8px}",
]

JS_SNIPPETS = [
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','G-%06d');",
    "document.addEventListener('DOMContentLoaded',function(){var b=document.querySelector('.menu-toggle');"
    "if(b){b.addEventListener('click',function(){document.body.classList.toggle('menu-open');});}});/*m%d*/",
    "(function(){var s=document.createElement('script');s.async=true;s.src='/assets/js/chat-%06d.js';"
    "document.head.appendChild(s);})();",
    "var slides=document.querySelectorAll('.slide'),i=0;setInterval(function(){slides[i].classList.remove('on');"
    "i=(i+1)%%slides.length;slides[i].classList.add('on');},5000);/*s%d*/",
    "if(location.hash==='#reserve'){window.scrollTo(0,document.getElementById('reserve').offsetTop-%d);}",
]

CODE_BLOCKS = [
    ("json", '{{\n  "clinic": "{clinic}",\n  "therapy": "{therapy}",\n  "price": {p},\n  "sessions": {n}\n}}'),
    ("yaml", "clinic: {clinic}\nopen: \"10:00\"\nclose: \"19:00\"\ntags: [{therapy}, {area}]"),
    ("html", '<a class="btn-reserve" href="/reserve?c={n}">{clinic}</a>'),
    ("js", "const price = {p}; // {therapy}\nconsole.log(`total: ${{price * {n}}}`);"),
    ("text", "{clinic}\n{area}\nTEL 03-{n}{n}-{n}{n}"),
]


class Doc:
    def __init__(self, rng, lang_code, fmt, profile):
        self.rng = rng
        self.fmt = fmt
        self.lang_code = lang_code
        lang = langs()[(lang_code, fmt == "html")]
        self.w = Writer(rng, lang, fmt)
        self.kinds = weighted_table(V.PROFILES[profile])
        # Some pages carry a little English (ja/zh) or a Japanese line (en): real pages do.
        other = "en" if lang_code != "en" else "ja"
        self.w_other = Writer(rng, langs()[(other, fmt == "html")], fmt)

    # -- blocks of body text ---------------------------------------------------------------
    def para_text(self):
        r = self.rng.random()
        if r < 0.03:
            return self.w_other.paragraph(self.kinds, 1, 2)
        return self.w.paragraph(self.kinds)

    def list_items(self, n):
        items = []
        for _ in range(n):
            if self.rng.random() < 0.5:
                items.append(self.w.ui("list_items"))
            else:
                items.append(self.w.sentence(self.kinds))
        return items

    # -- plain text -------------------------------------------------------------------------
    def txt(self, target):
        w = self.w
        head = w.ui("titles") + "\n"
        if self.rng.random() < 0.5:
            head += ("=" * 40) + "\n"
        head += "\n"
        tail = "\n" + w.ui("footer") + "\n"
        wrap = 0
        r = self.rng.random()
        if r < 0.15:
            wrap = 38 if w.lang.cjk else 72        # PDF- or editor-wrapped text
        blocks, size = [], len((head + tail).encode())
        while size < target:
            r = self.rng.random()
            if r < 0.12:
                b = "■ " + w.ui("headings")
            elif r < 0.2:
                b = "\n".join("・" + x if w.lang.cjk else "- " + x for x in self.list_items(2 + int(self.rng.random() * 4)))
            else:
                b = self.para_text()
                if wrap:
                    b = hard_wrap(b, wrap, w.lang.cjk)
            b += "\n\n"
            blocks.append(b)
            size += len(b.encode())
        return head + "".join(blocks) + tail

    # -- markdown ---------------------------------------------------------------------------
    def md(self, target):
        w, rng = self.w, self.rng
        head = ""
        if rng.random() < 0.4:
            head += "---\n"
            head += "title: \"%s\"\n" % w.ui("titles").replace('"', "'")
            head += "date: %d-%02d-%02d\n" % (rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
            head += "tags: [%s, %s]\n" % (w.pick_slot("therapy"), w.pick_slot("area"))
            head += "draft: false\n---\n\n"
        head += "# " + w.ui("titles") + "\n\n"
        tail = "\n---\n\n" + w.ui("footer") + "\n"
        blocks, size = [], len((head + tail).encode())
        while size < target:
            r = rng.random()
            if r < 0.12:
                b = ("## " if rng.random() < 0.7 else "### ") + w.ui("headings")
            elif r < 0.22:
                bullet = "- " if rng.random() < 0.7 else "1. "
                b = "\n".join(bullet + x for x in self.list_items(2 + int(rng.random() * 5)))
            elif r < 0.24:
                lang, body = CODE_BLOCKS[int(rng.random() * len(CODE_BLOCKS))]
                body = body.format(clinic=w.fixed["clinic"], therapy=w.fixed["therapy"],
                                   area=w.fixed["area"], p=rng.randrange(30000, 900000, 1000),
                                   n=rng.randint(1, 9))
                b = "```" + lang + "\n" + body + "\n```"
            elif r < 0.27:
                b = "> " + self.para_text()
            elif r < 0.29:
                b = "[%s](https://example.com/%d) | [%s](/reserve)" % (
                    w.ui("headings"), rng.randint(1, 999), w.ui("nav"))
            else:
                b = self.para_text()
            b += "\n\n"
            blocks.append(b)
            size += len(b.encode())
        return head + "".join(blocks) + tail

    # -- html -------------------------------------------------------------------------------
    def html(self, target):
        w, rng = self.w, self.rng
        title = w.ui("titles")
        desc = w.sentence(self.kinds).replace('"', "&quot;")
        desc = strip_tags(desc)
        css = "\n".join(CSS_RULES[int(rng.random() * len(CSS_RULES))] for _ in range(3 + int(rng.random() * 8)))
        head = ['<!DOCTYPE html>\n<html lang="%s">\n<head>\n<meta charset="utf-8">\n' % HTML_LANG[self.lang_code],
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
                "<title>%s</title>\n" % title,
                '<meta name="description" content="%s">\n' % desc,
                '<meta property="og:title" content="%s">\n' % title,
                '<link rel="stylesheet" href="/assets/css/style.css?v=%d">\n' % rng.randint(1, 99999),
                "<style>\n%s\n</style>\n" % css]
        if rng.random() < 0.3:
            head.append('<script type="application/ld+json">{"@context":"https://schema.org",'
                        '"@type":"MedicalClinic","name":"%s","description":"%s"}</script>\n'
                        % (strip_tags(w.fixed["clinic"]), desc))
        head.append("<script>%s</script>\n</head>\n<body>\n" % (
            JS_SNIPPETS[int(rng.random() * len(JS_SNIPPETS))] % rng.randint(1, 999999)))
        nav = self.w.lang.ui["nav"]
        head.append('<header class="site-header"><div class="container">'
                    '<a class="logo" href="/">%s</a>\n<nav><ul>\n' % w.fixed["clinic"])
        for item in nav:
            head.append('<li><a href="/%d/">%s</a></li>\n' % (rng.randint(1, 99), w.fill(item, emphasis=False)))
        head.append("</ul></nav></div></header>\n<main class=\"container\">\n<article>\n<h1>%s</h1>\n" % title)
        head = "".join(head)

        tail = ("</article>\n</main>\n<footer><div class=\"container\"><p>%s</p>"
                "<p><a href=\"/privacy/\">Privacy</a> &nbsp;|&nbsp; <a href=\"/sitemap.xml\">Sitemap</a></p>"
                "</div></footer>\n<script>%s</script>\n</body>\n</html>\n" % (
                    w.ui("footer").replace("©", "&copy;"),
                    JS_SNIPPETS[int(rng.random() * len(JS_SNIPPETS))] % rng.randint(1, 999999)))

        blocks, size = [], len((head + tail).encode())
        while size < target:
            r = rng.random()
            if r < 0.12:
                b = "<h2>%s</h2>" % w.ui("headings") if rng.random() < 0.7 else \
                    '<h3 class="sub">%s</h3>' % w.ui("headings")
            elif r < 0.2:
                b = "<ul>\n" + "".join("<li>%s</li>\n" % x for x in self.list_items(2 + int(rng.random() * 5))) + "</ul>"
            elif r < 0.23:
                rows = "".join("<tr><td>%s</td><td>%s</td></tr>\n" % (w.pick_slot("therapy"), w.pick_slot("price"))
                               for _ in range(2 + int(rng.random() * 4)))
                b = '<table class="price">\n%s</table>' % rows
            elif r < 0.25:
                b = '<div class="cta"><a class="btn-reserve" href="/reserve/">%s</a></div>' % w.ui("nav")
            else:
                b = "<p>%s</p>" % entities(self.para_text(), rng, w.lang.cjk)
            b += "\n"
            blocks.append(b)
            size += len(b.encode())
        return head + "".join(blocks) + tail


def strip_tags(s):
    out, depth = [], 0
    for ch in s:
        if ch == "<":
            depth = 1
        elif ch == ">" and depth:
            depth = 0
        elif not depth:
            out.append(ch)
    return "".join(out)


def entities(p, rng, cjk):
    """Sprinkle the entities real pages carry: &nbsp;, &quot;, &#NNNNN; for a CJK character."""
    r = rng.random()
    if r < 0.10:
        p = p.replace("。", "。&nbsp;", 1) if cjk else p.replace(". ", ".&nbsp; ", 1)
    elif r < 0.14:
        p = p.replace('"', "&quot;")
    elif r < 0.16 and cjk:
        for ch in p:
            if "\u4e00" <= ch <= "\u9fff":
                p = p.replace(ch, "&#%d;" % ord(ch), 1)
                break
    elif r < 0.18:
        p = p + "&nbsp;"
    return p


def hard_wrap(text, width, cjk):
    if cjk:
        # Wrap only outside tags/markup: txt has none, so a plain cut every `width` characters.
        return "\n".join(text[i:i + width] for i in range(0, len(text), width))
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = line + " " + word if line else word
    lines.append(line)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The plan and the writers
# --------------------------------------------------------------------------------------------

def loguniform(rng, lo, hi):
    import math
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def plan(seed, size_mb):
    """The list of files to write: (index, relpath, lang, fmt, profile, target_bytes)."""
    rng = random.Random("claimlint-bench-plan:%d" % seed)
    total = int(size_mb * MIB)
    n_big = max(3, int(size_mb // 50)) if size_mb >= 8 else int(size_mb // 3)
    targets = [rng.randint(BIG_LO, BIG_HI) for _ in range(n_big)]
    acc = sum(targets)
    while acc < total:
        u = rng.random()
        if u < 0.70:
            s = loguniform(rng, MIN_FILE, 16 * 1024)
        elif u < 0.95:
            s = loguniform(rng, 16 * 1024, 200 * 1024)
        else:
            s = loguniform(rng, 200 * 1024, BIG_HI)
        targets.append(s)
        acc += s
    rng.shuffle(targets)
    lang_t = weighted_table(LANG_WEIGHTS)
    fmt_t = weighted_table(FORMAT_WEIGHTS)
    prof_t = weighted_table(V.PROFILE_WEIGHTS)
    files = []
    for i, t in enumerate(targets):
        lang = lang_t[int(rng.random() * len(lang_t))]
        fmt = fmt_t[int(rng.random() * len(fmt_t))]
        prof = prof_t[int(rng.random() * len(prof_t))]
        rel = "%s/%03d/%s-%06d.%s" % (lang, i // 100, prof, i, fmt)
        files.append((i, rel, lang, fmt, prof, t))
    return files


def render(seed, spec):
    i, rel, lang, fmt, prof, target = spec
    rng = random.Random("claimlint-bench-doc:%d:%d" % (seed, i))
    doc = Doc(rng, lang, fmt, prof)
    text = getattr(doc, fmt)(target)
    if rng.random() < 0.08:
        text = text.replace("\n", "\r\n")     # saved on Windows
    data = text.encode("utf-8")
    return data


def _work(args):
    out, seed, spec = args
    data = render(seed, spec)
    path = os.path.join(out, spec[1])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return spec[0], len(data)


INFO = ".gen_corpus.json"


def read_info(out):
    try:
        with open(os.path.join(out, INFO), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def generate(out, size_mb, seed, jobs=None, quiet=False):
    specs = plan(seed, size_mb)
    os.makedirs(out, exist_ok=True)
    jobs = jobs or min(os.cpu_count() or 1, 8)
    work = [(out, seed, s) for s in specs]
    sizes = {}
    t0 = time.time()
    if jobs <= 1:
        for a in work:
            i, n = _work(a)
            sizes[i] = n
    else:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(jobs) as pool:
            for i, n in pool.imap_unordered(_work, work, chunksize=4):
                sizes[i] = n
    tally = {"languages": {}, "formats": {}, "profiles": {}}
    for (i, rel, lang, fmt, prof, _t) in specs:
        for key, val in (("languages", lang), ("formats", fmt), ("profiles", prof)):
            d = tally[key].setdefault(val, {"files": 0, "bytes": 0})
            d["files"] += 1
            d["bytes"] += sizes[i]
    size_list = [sizes[s[0]] for s in specs]
    info = {
        "generator": "bench/gen_corpus.py",
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "size_mb": size_mb,
        "files": len(specs),
        "bytes": sum(size_list),
        "min_file_bytes": min(size_list),
        "max_file_bytes": max(size_list),
        "files_over_900k": sum(1 for s in size_list if s >= 900_000),
        **tally,
    }
    with open(os.path.join(out, INFO), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    if not quiet:
        print("wrote %d files, %.1f MiB to %s in %.1f s (seed %d, %d jobs)" % (
            len(specs), info["bytes"] / MIB, out, time.time() - t0, seed, jobs), file=sys.stderr)
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--size-mb", type=float, default=200, help="at least this many MiB (default 200)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: CPUs, at most 8); "
                    "the output does not depend on it")
    ap.add_argument("--force", action="store_true",
                    help="delete OUT first (only if it holds a corpus made by this script)")
    ap.add_argument("--reuse", action="store_true",
                    help="do nothing if OUT already holds a corpus of the same seed, size and generator version")
    a = ap.parse_args(argv)
    if a.size_mb <= 0:
        ap.error("--size-mb must be positive")
    info = read_info(a.out)
    if a.reuse and info and info.get("seed") == a.seed and info.get("size_mb") == a.size_mb \
            and info.get("generator_version") == GENERATOR_VERSION:
        print("corpus in %s is up to date (seed %d, %s MiB)" % (a.out, a.seed, a.size_mb), file=sys.stderr)
        return 0
    if os.path.isdir(a.out) and os.listdir(a.out):
        if not (a.force or a.reuse):
            ap.error("%s is not empty (use --force to regenerate, --reuse to keep a matching corpus)" % a.out)
        if info is None:
            ap.error("%s is not empty and was not made by this script; refusing to delete it" % a.out)
        shutil.rmtree(a.out)
    generate(a.out, a.size_mb, a.seed, a.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
