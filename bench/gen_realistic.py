#!/usr/bin/env python3
"""Generate the realistic benchmark corpus: the documents of corpus/real inside saved-page chrome.

    python3 bench/gen_realistic.py --out DIR --size-mb 50 --seed 1 [--real corpus/real]

Every document of corpus/real (ja/, zh/, en/; .txt, .md and .html, the manifests and scripts left
out) is read as text: its headings, paragraphs and list items. Each is then written as one saved
web page, `DIR/<lang>/<site>/<slug>.html`, the way "Save page as… (HTML only)" keeps a clinic's
page: a doctype, a <head> with charset/viewport/description/Open Graph/Twitter <meta>s, canonical,
preload, icon and stylesheet <link>s, inline critical CSS in <style> blocks, analytics and tag
manager snippets, JSON-LD (MedicalClinic, BreadcrumbList, FAQ now and then), the inline state and
minified runtime of a page framework (WordPress, Next.js, Nuxt or a static builder, one per site);
a <body> with a header (inline SVG logo and icons), a navigation menu with sub-menus, breadcrumbs,
a cookie banner, the document in <main><article> as <h2>, <p> (line breaks as <br>) and <ul><li>,
a reservation box, a sidebar of related articles and categories, and a footer with the clinic's
address, opening hours, links and copyright; scripts again before </body>.

Pages of one site share their chrome (menu, footer, styles, framework); page sizes follow a
log-normal between 50 and 300 KiB (median ~75 KiB), so the document's own prose is a few % of
the bytes. See bench/README.md for what these proportions are based on.

--size-mb N writes at least N MiB (2^20 bytes): the documents in a seeded order, interleaving
the languages, and once every document has a page, again with new chrome and sizes. Same seed,
size and corpus/real -> byte-identical output. DIR/.gen_realistic.json records the parameters
and tallies (hidden: rg and bench/run.py skip it). Standard library only; no network.
"""

import argparse
import hashlib
import html
import html.parser
import json
import math
import os
import random
import re
import shutil
import string
import sys

GENERATOR_VERSION = 1
MIB = 1 << 20
KIB = 1024
LANGS = ("ja", "zh", "en")
DOC_EXTS = (".txt", ".md", ".html")
PAGE_MIN, PAGE_MAX = 50 * KIB, 300 * KIB
PAGE_MEDIAN, PAGE_SIGMA = 75 * KIB, 0.5
PAGES_PER_SITE = 8         # a site: the pages of one language among 8 consecutive pages (2-3)

HERE = os.path.dirname(os.path.abspath(__file__))


# --------------------------------------------------------------------------------------------
# Documents -> blocks
# --------------------------------------------------------------------------------------------

BULLET = re.compile(r"^\s*(?:[-*+•・●◆■□○※]|\d{1,2}[.)、．]|[（(]\d{1,2}[）)])\s*")
SENTENCE_END = tuple("。！？!?.:：」』）)")


def text_blocks(lines):
    """Blank-line separated paragraphs of plain text as (kind, lines) blocks: a paragraph whose
    lines all start with a bullet is a list; a short single line without closing punctuation
    before a longer paragraph is a heading; the rest are paragraphs (lines kept)."""
    paras, cur = [], []
    for line in lines:
        if line.strip():
            cur.append(line.strip())
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    out = []
    for p in paras:
        if len(p) > 1 and all(BULLET.match(x) for x in p):
            out.append(("ul", [BULLET.sub("", x, count=1) for x in p]))
        elif len(p) == 1 and len(p[0]) <= 40 and not p[0].endswith(SENTENCE_END):
            out.append(("h2", p))
        else:
            out.append(("p", p))
    return out


MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_EMPH = re.compile(r"(\*\*|__|`)")


def markdown_lines(src):
    """Markdown as plain lines: front matter, fences and tables' rules dropped, heading marks
    kept as blank-line separated headings, links reduced to their text."""
    lines = src.splitlines()
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                lines = lines[i + 1:]
                break
    out, fence = [], False
    for line in lines:
        s = line.rstrip()
        if s.lstrip().startswith("```"):
            fence = not fence
            continue
        if fence or re.match(r"^\s*\|?\s*:?-{3,}", s):
            continue
        s = MD_EMPH.sub("", MD_LINK.sub(r"\1", s))
        m = re.match(r"^\s*#{1,6}\s+(.*)", s)
        if m:
            out += ["", m.group(1).rstrip("# "), ""]
            continue
        s = re.sub(r"^\s*>\s?", "", s)
        s = s.strip("| ").replace(" | ", "　") if s.startswith("|") else s
        out.append(s)
    return out


class HtmlText(html.parser.HTMLParser):
    """The text of an HTML document's headings, paragraphs, list items and cells; navigation,
    header, footer, script and style of the document itself are chrome and are left out."""

    SKIP = {"script", "style", "nav", "header", "footer", "noscript", "svg", "head"}
    BLOCKS = {"h1": "h2", "h2": "h2", "h3": "h2", "h4": "h2", "h5": "h2", "h6": "h2", "p": "p",
              "li": "li", "td": "p", "th": "p", "dt": "p", "dd": "p", "blockquote": "p",
              "figcaption": "p", "div": "p", "section": "p", "article": "p", "main": "p", "body": "p"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.kind = ["p"]
        self.buf = []
        self.blocks = []

    def flush(self):
        text = "".join(self.buf)
        self.buf = []
        lines = [x.strip() for x in text.split("\n") if x.strip()]
        if lines:
            self.blocks.append((self.kind[-1], lines))

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "br":
            self.buf.append("\n")
        elif tag in self.BLOCKS:
            self.flush()
            self.kind.append(self.BLOCKS[tag])

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.flush()
            if len(self.kind) > 1:
                self.kind.pop()

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data.replace("\n", " ") if self.kind[-1] != "p" else data)


def html_blocks(src):
    p = HtmlText()
    p.feed(src)
    p.close()
    p.flush()
    out = []
    for kind, lines in p.blocks:
        if kind == "li":
            if out and out[-1][0] == "ul":
                out[-1][1].append(" ".join(lines))
            else:
                out.append(("ul", [" ".join(lines)]))
        else:
            out.append((kind, lines))
    return out


def read_document(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        src = f.read().replace("\r\n", "\n")
    if path.endswith(".html"):
        blocks = html_blocks(src)
    elif path.endswith(".md"):
        blocks = text_blocks(markdown_lines(src))
    else:
        blocks = text_blocks(src.split("\n"))
    return [b for b in blocks if b[1]]


def documents(real):
    docs = []
    for lang in LANGS:
        d = os.path.join(real, lang)
        for name in sorted(os.listdir(d)):
            if name.endswith(DOC_EXTS) and not name.startswith("."):
                blocks = read_document(os.path.join(d, name))
                if blocks:
                    docs.append({"lang": lang, "name": name, "blocks": blocks})
    return docs


# --------------------------------------------------------------------------------------------
# Chrome vocabulary (ordinary clinic-site navigation, no claims)
# --------------------------------------------------------------------------------------------

UI = {
    "ja": {
        "html_lang": "ja",
        "clinic": ["{}クリニック", "{}美容クリニック", "医療法人社団{}会 {}院", "{}再生医療クリニック", "{}スキンクリニック"],
        "place": ["銀座", "表参道", "新宿", "梅田", "心斎橋", "名古屋栄", "博多", "横浜", "札幌", "青山", "恵比寿", "渋谷"],
        "menu": ["ホーム", "当院について", "診療案内", "施術メニュー", "料金表", "医師紹介", "症例写真", "よくある質問",
                 "アクセス", "コラム", "お知らせ", "採用情報", "ご予約", "お問い合わせ", "院内紹介", "初めての方へ"],
        "sub": ["再生医療", "幹細胞治療", "PRP療法", "点滴療法", "美容皮膚科", "ヒアルロン酸", "ボトックス", "レーザー治療",
                "医療脱毛", "エイジングケア", "ダーマペン", "内科", "健康診断", "オンライン診療"],
        "crumb": ["トップ", "コラム"],
        "cookie": "当サイトでは、利便性の向上とアクセス解析のためにCookieを使用しています。サイトを閲覧いただくことで、Cookieの使用に同意したものとみなします。",
        "cookie_ok": "同意する", "cookie_more": "プライバシーポリシー",
        "reserve": "ご予約・ご相談はこちら", "tel": "お電話でのご予約", "web": "WEB予約（24時間受付）", "line": "LINEで相談",
        "hours": ["診療時間", "10:00〜19:00", "休診日", "水曜・日曜・祝日"],
        "days": ["月", "火", "水", "木", "金", "土", "日"],
        "addr": ["東京都中央区銀座{}-{}-{} {}ビル{}F", "大阪府大阪市北区梅田{}-{}-{} {}ビル{}F", "東京都渋谷区神宮前{}-{}-{} {}ビル{}F"],
        "station": "{}駅より徒歩{}分",
        "side": ["人気の記事", "カテゴリー", "新着記事", "タグ"],
        "related": ["院内のリニューアルのお知らせ", "年末年始の診療について", "駐車場のご案内", "オンライン診療を始めました",
                    "新しい医師が着任しました", "初診の流れについて", "お支払い方法について", "キャンペーンのお知らせ",
                    "スタッフブログ更新", "学会に参加しました", "院内感染対策について", "予約システム変更のお知らせ"],
        "footer": ["サイトマップ", "プライバシーポリシー", "特定商取引法に基づく表記", "免責事項", "運営会社", "採用情報"],
        "share": ["シェアする", "ポスト", "LINEで送る", "はてブ"],
        "copy": "Copyright © {} {} All Rights Reserved.",
        "posted": "公開日", "updated": "更新日", "author": "監修医師", "toc": "目次",
    },
    "zh": {
        "html_lang": "zh-CN",
        "clinic": ["{}医疗美容门诊部", "{}细胞医学中心", "{}国际医院", "{}综合门诊", "{}健康管理中心"],
        "place": ["上海", "北京", "深圳", "广州", "杭州", "成都", "台北", "香港", "南京", "苏州", "海南博鳌", "东京"],
        "menu": ["首页", "关于我们", "医疗服务", "专家团队", "就诊指南", "新闻动态", "健康科普", "常见问题", "联系我们",
                 "预约挂号", "医院环境", "招聘信息", "国际患者", "价格公示"],
        "sub": ["再生医学", "干细胞门诊", "细胞储存", "抗衰老中心", "皮肤科", "体检中心", "中医科", "康复科",
                "免疫检测", "营养科", "口腔科", "眼科"],
        "crumb": ["首页", "健康科普"],
        "cookie": "本网站使用Cookie以改善浏览体验并进行访问统计。继续浏览即表示您同意我们使用Cookie。",
        "cookie_ok": "同意", "cookie_more": "隐私政策",
        "reserve": "在线预约咨询", "tel": "咨询热线", "web": "网上预约", "line": "微信咨询",
        "hours": ["门诊时间", "周一至周日 8:30-17:30", "节假日", "正常开诊"],
        "days": ["一", "二", "三", "四", "五", "六", "日"],
        "addr": ["上海市浦东新区张江路{}号{}幢{}室（{}大厦{}层）", "北京市朝阳区建国路{}号{}座{}室（{}中心{}层）",
                 "广东省深圳市南山区科技园{}路{}号{}栋（{}大厦{}楼）"],
        "station": "地铁{}站步行{}分钟",
        "side": ["热门文章", "栏目分类", "最新文章", "标签"],
        "related": ["医院环境升级公告", "春节门诊安排", "停车指南", "线上问诊服务开通", "新专家加盟", "初诊流程说明",
                    "医保与支付方式", "学术会议回顾", "院感防控措施", "预约系统升级通知", "志愿者招募", "健康讲座预告"],
        "footer": ["网站地图", "隐私政策", "法律声明", "联系我们", "友情链接", "沪ICP备{}号"],
        "share": ["分享到", "微信", "微博", "QQ空间"],
        "copy": "版权所有 © {} {} 保留所有权利",
        "posted": "发布时间", "updated": "更新时间", "author": "审核医生", "toc": "目录",
    },
    "en": {
        "html_lang": "en",
        "clinic": ["{} Regenerative Medicine", "{} Wellness Clinic", "{} Stem Cell Institute", "{} Orthopedic & Spine",
                   "{} Aesthetics"],
        "place": ["Austin", "Phoenix", "Denver", "Miami", "San Diego", "Dallas", "Scottsdale", "Tampa", "Cancun",
                  "Nashville", "Portland", "Boca Raton"],
        "menu": ["Home", "About Us", "Treatments", "Conditions", "Our Team", "Patient Stories", "Pricing", "FAQ",
                 "Blog", "Resources", "Locations", "Contact", "Book Online", "Careers", "Insurance"],
        "sub": ["Stem Cell Therapy", "PRP Injections", "Exosomes", "IV Therapy", "Knee Pain", "Back Pain",
                "Shoulder Pain", "Hair Restoration", "Sports Medicine", "Weight Loss", "Hormone Therapy",
                "Telehealth"],
        "crumb": ["Home", "Blog"],
        "cookie": "We use cookies to improve your experience and to analyse site traffic. By continuing to browse you agree to our use of cookies.",
        "cookie_ok": "Accept", "cookie_more": "Privacy Policy",
        "reserve": "Schedule a Consultation", "tel": "Call us", "web": "Book online", "line": "Chat with us",
        "hours": ["Office Hours", "Mon–Fri 8:00 am – 5:00 pm", "Weekends", "Closed"],
        "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "addr": ["{}{} {} Medical Pkwy, Suite {}{}", "{}{}{} Wellness Blvd, Building {}, Floor {}",
                 "{}{} North {} Ave, Suite {}{}"],
        "station": "{} Station, {} min walk",
        "side": ["Popular Posts", "Categories", "Recent Posts", "Tags"],
        "related": ["Our new office is open", "Holiday hours", "Parking and directions", "Now offering telehealth",
                    "Welcome our new physician", "What to expect at your first visit", "Payment options",
                    "Community health fair recap", "Patient portal update", "Meet our nursing team",
                    "Infection control at our clinic", "New online booking system"],
        "footer": ["Sitemap", "Privacy Policy", "Terms of Use", "Accessibility", "Notice of Privacy Practices",
                   "Careers"],
        "share": ["Share", "Facebook", "X", "Email"],
        "copy": "© {} {}. All rights reserved.",
        "posted": "Published", "updated": "Updated", "author": "Medically reviewed by", "toc": "Contents",
    },
}

FRAMEWORKS = ("wordpress", "next", "nuxt", "static")
JS_WORDS = ("init", "render", "state", "props", "children", "default", "exports", "module", "call", "apply",
            "prototype", "length", "push", "value", "get", "set", "then", "catch", "resolve", "key", "ref",
            "createElement", "useEffect", "useState", "dispatch", "observer", "listener", "target", "event",
            "preventDefault", "querySelector", "classList", "toggle", "style", "display", "none", "block")
CSS_PROPS = ("margin", "padding", "display", "color", "background", "font-size", "line-height", "border",
             "width", "max-width", "position", "top", "left", "z-index", "transition", "transform", "opacity",
             "flex-wrap", "justify-content", "align-items", "gap", "border-radius", "box-shadow", "font-weight")
CSS_VALUES = ("0", "auto", "1rem", "1.5rem", "16px", "24px", "100%", "flex", "grid", "none", "block",
              "relative", "absolute", "#fff", "#333", "#f7f4ef", "var(--c-primary)", "0 2px 8px rgba(0,0,0,.08)",
              "all .3s ease", "translateY(-50%)", "center", "space-between", "wrap", "700", "1.8", "4px")


# --------------------------------------------------------------------------------------------
# Filler that looks like what real pages carry (and the extractor must skip)
# --------------------------------------------------------------------------------------------

def ident(r, n=None):
    n = n or r.choice((1, 1, 2, 2, 3))
    return "".join(r.choice(string.ascii_letters) for _ in range(n))


def minified_js(r, size):
    """Minified bundle code: short names, closures, string literals, numbers; `size` bytes."""
    out, n = [], 0
    mod = r.randrange(100, 9999)
    while n < size:
        a, b, c = ident(r), ident(r), ident(r)
        w = r.choice(JS_WORDS)
        k = r.randrange(6)
        if k == 0:
            s = "%d:function(%s,%s,%s){\"use strict\";%s.r(%s),%s.d(%s,{%s:function(){return %s}});" % (
                mod, a, b, c, c, b, c, b, w, ident(r))
            mod += r.randrange(1, 300)
        elif k == 1:
            s = "var %s=%s(%d),%s=%s.n(%s);" % (a, c, r.randrange(1, 99999), b, c, a)
        elif k == 2:
            s = "function %s(%s){return %s&&%s.%s?%s.%s:{default:%s}}" % (a, b, b, b, w, b, w, b)
        elif k == 3:
            s = "%s.%s=function(%s,%s){if(!%s)return;for(var %s=0;%s<%s.length;%s++)%s(%s[%s],%s)};" % (
                a, w, b, c, b, a, a, b, a, c, b, a, a)
        elif k == 4:
            s = "const %s=\"%s-%s\",%s=[%s];" % (a, w, "".join(r.choice("0123456789abcdef") for _ in range(8)), b,
                                              ",".join(str(r.randrange(0, 4096)) for _ in range(r.randrange(3, 12))))
        else:
            s = "}catch(%s){console.error(%s)}" % (a, a) if r.random() < 0.5 else \
                "document.%s(\"%s\").%s(\"is-%s\");" % ("querySelector", "." + w.lower(), "classList.toggle", w.lower())
        out.append(s)
        n += len(s)
    return "".join(out)


def css(r, size, prefix):
    out, n = [], 0
    while n < size:
        sel = ".%s-%s%s" % (prefix, r.choice(JS_WORDS).lower(), r.choice(("", "__inner", "--active", " a", ":hover",
                                                                           " > li", "::before", "__title")))
        body = ";".join("%s:%s" % (r.choice(CSS_PROPS), r.choice(CSS_VALUES)) for _ in range(r.randrange(2, 7)))
        s = "%s{%s}" % (sel, body)
        if r.random() < 0.05:
            s = "@media (max-width:%dpx){%s}" % (r.choice((480, 767, 1024)), s)
        out.append(s)
        n += len(s)
    return "".join(out)


def svg_icon(r):
    pts = " ".join("%s%.1f %.1f" % (r.choice("MLCQ"), r.uniform(0, 24), r.uniform(0, 24)) for _ in range(r.randrange(6, 30)))
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">'
            '<path fill="currentColor" d="%sZ"/></svg>' % pts)


def esc(s):
    return html.escape(s, quote=False)


def attr(s):
    return html.escape(s, quote=True)


# --------------------------------------------------------------------------------------------
# Sites and pages
# --------------------------------------------------------------------------------------------

class Site:
    """What pages of one site share: name, address, menu, styles, framework."""

    def __init__(self, r, lang, index):
        u = UI[lang]
        self.lang = lang
        self.slug = "site-%03d" % index
        place = r.choice(u["place"])
        self.place = place
        self.name = r.choice(u["clinic"]).format(place, place)
        self.domain = "%s-clinic-%d.example" % (lang, index)
        self.framework = r.choice(FRAMEWORKS)
        self.prefix = ident(r, 2).lower()
        self.menu = []
        for item in r.sample(u["menu"], r.randrange(6, min(12, len(u["menu"])))):
            subs = r.sample(u["sub"], r.randrange(3, 9)) if r.random() < 0.35 else []
            self.menu.append((item, subs))
        nums = [r.randrange(1, 9), r.randrange(1, 30), r.randrange(1, 20), place, r.randrange(2, 12)]
        self.address = r.choice(u["addr"]).format(*nums)
        self.tel = "0%d-%04d-%04d" % (r.randrange(3, 99), r.randrange(10000), r.randrange(10000))
        self.station = u["station"].format(place, r.randrange(1, 10))
        self.css = [css(r, r.randrange(4, 16) * KIB, self.prefix) for _ in range(r.randrange(1, 3))]
        self.runtime = minified_js(r, r.randrange(10, 35) * KIB)
        self.gtm = "GTM-%s" % "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(7))
        self.ga = "G-%s" % "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(10))
        self.icons = [svg_icon(r) for _ in range(6)]
        self.year = r.randrange(2012, 2025)


def block_html(kind, lines):
    if kind == "ul":
        return "<ul class=\"wp-block-list\">\n" + "".join("<li>%s</li>\n" % esc(x) for x in lines) + "</ul>\n"
    if kind == "h2":
        return "<h2 class=\"wp-block-heading\">%s</h2>\n" % esc(" ".join(lines))
    return "<p>%s</p>\n" % "<br>\n".join(esc(x) for x in lines)


def doc_title(doc):
    for kind, lines in doc["blocks"]:
        if kind == "h2":
            return lines[0][:80]
    return doc["blocks"][0][1][0][:60]


def head(r, site, doc, u, title, desc, url, filler):
    L = []
    w = L.append
    w("<!doctype html>\n<html lang=\"%s\" class=\"no-js\">\n<head>\n<meta charset=\"utf-8\">\n" % u["html_lang"])
    w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
    w("<title>%s | %s</title>\n" % (esc(title), esc(site.name)))
    w("<meta name=\"description\" content=\"%s\">\n" % attr(desc))
    w("<meta name=\"robots\" content=\"index, follow, max-image-preview:large\">\n")
    for p, v in (("og:type", "article"), ("og:title", title), ("og:description", desc), ("og:url", url),
                 ("og:site_name", site.name), ("og:image", "https://%s/wp-content/uploads/ogp.jpg" % site.domain),
                 ("og:locale", u["html_lang"].replace("-", "_"))):
        w("<meta property=\"%s\" content=\"%s\">\n" % (p, attr(v)))
    w("<meta name=\"twitter:card\" content=\"summary_large_image\">\n")
    w("<meta name=\"format-detection\" content=\"telephone=no\">\n")
    w("<link rel=\"canonical\" href=\"%s\">\n" % url)
    w("<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"32x32\">\n<link rel=\"apple-touch-icon\" href=\"/apple-touch-icon.png\">\n")
    w("<link rel=\"preconnect\" href=\"https://fonts.googleapis.com\">\n")
    w("<link rel=\"preload\" as=\"font\" type=\"font/woff2\" href=\"/fonts/main.woff2\" crossorigin>\n")
    for i in range(r.randrange(2, 7)):
        w("<link rel=\"stylesheet\" id=\"%s-css-%d\" href=\"https://%s/assets/css/%s.%s.css\" media=\"all\">\n" % (
            site.prefix, i, site.domain, ident(r, 6).lower(), ident(r, 8).lower()))
    w("<script async src=\"https://www.googletagmanager.com/gtag/js?id=%s\"></script>\n" % site.ga)
    w("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
      "gtag('js',new Date());gtag('config','%s');</script>\n" % site.ga)
    w("<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
      "var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;"
      "j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})"
      "(window,document,'script','dataLayer','%s');</script>\n" % site.gtm)
    for c in site.css:
        w("<style id=\"%s-inline-css\">%s</style>\n" % (site.prefix, c))
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "MedicalClinic", "name": site.name, "url": "https://%s/" % site.domain, "telephone": site.tel,
         "address": {"@type": "PostalAddress", "streetAddress": site.address},
         "openingHours": "Mo-Sa 10:00-19:00"},
        {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": n} for i, n in enumerate(u["crumb"] + [title])]},
        {"@type": "WebPage", "name": title, "description": desc, "url": url}]}
    w("<script type=\"application/ld+json\">%s</script>\n" % json.dumps(ld, ensure_ascii=False))
    if site.framework == "wordpress":
        w("<script id=\"wp-emoji-settings\">window._wpemojiSettings=%s;</script>\n" % json.dumps(
            {"baseUrl": "https://s.w.org/images/core/emoji/15.0.3/72x72/", "ext": ".png",
             "source": {"concatemoji": "https://%s/wp-includes/js/wp-emoji-release.min.js" % site.domain}}))
        w("<script id=\"jquery-core-js-extra\">%s</script>\n" % filler(0.4))
    w("</head>\n")
    return "".join(L)


def nav(r, site, u):
    L = ["<header class=\"%s-header\">\n<div class=\"%s-header__logo\"><a href=\"/\">%s<span>%s</span></a></div>\n" % (
        site.prefix, site.prefix, site.icons[0], esc(site.name))]
    L.append("<nav class=\"%s-gnav\" aria-label=\"main\">\n<ul class=\"menu\">\n" % site.prefix)
    for item, subs in site.menu:
        if subs:
            L.append("<li class=\"menu-item menu-item-has-children\"><a href=\"/%s/\">%s</a>\n<ul class=\"sub-menu\">\n" % (
                ident(r, 5).lower(), esc(item)))
            L.extend("<li class=\"menu-item\"><a href=\"/%s/\">%s</a></li>\n" % (ident(r, 6).lower(), esc(s)) for s in subs)
            L.append("</ul></li>\n")
        else:
            L.append("<li class=\"menu-item\"><a href=\"/%s/\">%s</a></li>\n" % (ident(r, 5).lower(), esc(item)))
    L.append("</ul>\n</nav>\n<div class=\"%s-header__cta\"><a href=\"tel:%s\">%s<span>%s %s</span></a>"
             "<a class=\"btn\" href=\"/reserve/\">%s</a></div>\n</header>\n" % (
                 site.prefix, site.tel, site.icons[1], esc(u["tel"]), site.tel, esc(u["web"])))
    return "".join(L)


def article(r, site, doc, u, title, url):
    L = ["<main id=\"main\" class=\"%s-main\">\n" % site.prefix]
    L.append("<ol class=\"breadcrumb\" itemscope itemtype=\"https://schema.org/BreadcrumbList\">")
    for n in u["crumb"]:
        L.append("<li><a href=\"/\">%s</a></li>" % esc(n))
    L.append("<li aria-current=\"page\">%s</li></ol>\n" % esc(title))
    L.append("<article class=\"post type-post status-publish\">\n<header class=\"entry-header\">\n")
    L.append("<div class=\"entry-meta\"><time datetime=\"20%02d-%02d-%02d\">%s 20%02d.%02d.%02d</time></div>\n" % (
        r.randrange(18, 26), r.randrange(1, 13), r.randrange(1, 29), esc(u["posted"]),
        r.randrange(18, 26), r.randrange(1, 13), r.randrange(1, 29)))
    L.append("</header>\n")
    heads = [lines[0] for kind, lines in doc["blocks"] if kind == "h2"]
    if len(heads) >= 3:
        L.append("<div class=\"toc\"><p class=\"toc-title\">%s</p><ol>" % esc(u["toc"]))
        L.extend("<li><a href=\"#s%d\">%s</a></li>" % (i, esc(h)) for i, h in enumerate(heads))
        L.append("</ol></div>\n")
    L.append("<div class=\"entry-content\">\n")
    L.extend(block_html(kind, lines) for kind, lines in doc["blocks"])
    L.append("</div>\n")
    L.append("<div class=\"share\"><span>%s</span>" % esc(u["share"][0]))
    for i, s in enumerate(u["share"][1:]):
        L.append("<a class=\"share-%d\" href=\"https://share.example/?u=%s\">%s<span>%s</span></a>" % (
            i, attr(url), site.icons[2 + i % 3], esc(s)))
    L.append("</div>\n")
    L.append("<aside class=\"cta-box\"><p class=\"cta-title\">%s</p><a href=\"tel:%s\">%s</a>"
             "<a href=\"/reserve/\">%s</a><a href=\"https://line.example/%s\">%s</a></aside>\n" % (
                 esc(u["reserve"]), site.tel, site.tel, esc(u["web"]), site.prefix, esc(u["line"])))
    L.append("</article>\n")
    return "".join(L)


def sidebar(r, site, u):
    L = ["<aside id=\"secondary\" class=\"sidebar\">\n"]
    for title in u["side"]:
        L.append("<section class=\"widget\"><h3 class=\"widget-title\">%s</h3><ul>\n" % esc(title))
        for t in r.sample(u["related"], r.randrange(4, 9)):
            L.append("<li><a href=\"/%s/%s/\"><img src=\"/img/%s.webp\" alt=\"\" width=\"120\" height=\"80\" loading=\"lazy\">"
                     "<span>%s</span></a></li>\n" % (ident(r, 4).lower(), r.randrange(100, 9999), ident(r, 8), esc(t)))
        L.append("</ul></section>\n")
    L.append("</aside>\n</main>\n")
    return "".join(L)


def footer(r, site, u):
    h = u["hours"]
    L = ["<footer class=\"%s-footer\">\n<div class=\"footer-info\"><p class=\"footer-name\">%s</p>\n" % (site.prefix, esc(site.name))]
    L.append("<address>%s<br>\n%s<br>\nTEL: <a href=\"tel:%s\">%s</a></address>\n" % (
        esc(site.address), esc(site.station), site.tel, site.tel))
    L.append("<table class=\"hours\"><tr><th>%s</th>%s</tr><tr><td>%s</td>%s</tr></table>\n" % (
        esc(h[0]), "".join("<th>%s</th>" % esc(d) for d in u["days"]), esc(h[1]),
        "".join("<td>%s</td>" % r.choice(("●", "●", "●", "▲", "／")) for _ in u["days"])))
    L.append("<p>%s: %s</p>\n</div>\n" % (esc(h[2]), esc(h[3])))
    L.append("<iframe src=\"https://www.google.com/maps/embed?pb=%s\" width=\"600\" height=\"300\" loading=\"lazy\"></iframe>\n" % (
        ident(r, 40)))
    L.append("<nav class=\"footer-nav\"><ul>")
    for item, subs in site.menu:
        L.append("<li><a href=\"/%s/\">%s</a></li>" % (ident(r, 5).lower(), esc(item)))
    L.append("</ul><ul>")
    for f in u["footer"]:
        L.append("<li><a href=\"/%s/\">%s</a></li>" % (ident(r, 6).lower(), esc(f.format(r.randrange(10000000, 99999999)))))
    L.append("</ul></nav>\n<p class=\"copyright\"><small>%s</small></p>\n</footer>\n" % esc(
        u["copy"].format(site.year, site.name)))
    L.append("<div id=\"cookie-banner\" class=\"cookie\" role=\"dialog\"><p>%s <a href=\"/privacy/\">%s</a></p>"
             "<button type=\"button\" class=\"cookie-accept\">%s</button></div>\n" % (
                 esc(u["cookie"]), esc(u["cookie_more"]), esc(u["cookie_ok"])))
    return "".join(L)


def state_json(r, site, doc, title, size):
    """The framework's inline page state: ids, flags and the menu again, as real pages ship."""
    items, n = [], 0
    while n < size:
        it = {"id": r.randrange(1, 99999), "slug": ident(r, 8).lower(), "type": r.choice(("post", "page", "nav_menu_item")),
              "status": "publish", "link": "https://%s/%s/" % (site.domain, ident(r, 6).lower()),
              "meta": {"_edit_lock": "%d:%d" % (r.randrange(10 ** 9, 2 * 10 ** 9), r.randrange(1, 50))},
              "featured_media": r.randrange(0, 9999), "acf": []}
        s = json.dumps(it)
        items.append(s)
        n += len(s) + 1
    return '{"props":{"pageProps":{"title":%s,"items":[%s]}},"buildId":"%s"}' % (
        json.dumps(title, ensure_ascii=False), ",".join(items), ident(r, 21))


def page(r, site, doc, size):
    u = UI[site.lang]
    title = doc_title(doc)
    first_p = next((" ".join(lines) for kind, lines in doc["blocks"] if kind == "p"), title)
    desc = first_p[:120]
    slug = os.path.splitext(doc["name"])[0]
    url = "https://%s/column/%s/" % (site.domain, slug)

    def filler(share):
        return minified_js(r, int(max(0, size) * share))

    body = [nav(r, site, u), article(r, site, doc, u, title, url), sidebar(r, site, u), footer(r, site, u)]
    hd = head(r, site, doc, u, title, desc, url, lambda s: minified_js(r, int(size * s * 0.1)))
    fixed = len(hd.encode()) + sum(len(b.encode()) for b in body) + len(site.runtime)
    rest = max(0, size - fixed)
    tail = ["<script id=\"%s-runtime\">%s</script>\n" % (site.prefix, site.runtime)]
    if site.framework in ("next", "nuxt"):
        tail.append("<script id=\"__NEXT_DATA__\" type=\"application/json\">%s</script>\n" % state_json(
            r, site, doc, title, rest // 3))
        rest -= rest // 3
    # The rest is bundle code, split in a few <script> blocks; an inline <svg> sprite now and then.
    if r.random() < 0.3:
        sprite = "".join(site.icons) * 4
        tail.append("<svg style=\"display:none\">%s</svg>\n" % sprite)
        rest -= len(sprite)
    parts = r.randrange(1, 5)
    for i in range(parts):
        tail.append("<script>%s</script>\n" % minified_js(r, max(0, rest // parts - 20)))
    return hd + "<body class=\"post-template-default single\">\n" + "".join(body) + "".join(tail) + "</body>\n</html>\n"


def page_size(r):
    while True:
        s = int(math.exp(r.gauss(math.log(PAGE_MEDIAN), PAGE_SIGMA)))
        if PAGE_MIN <= s <= PAGE_MAX:
            return s


def interleave(docs, r):
    """The documents in a seeded order that alternates the languages."""
    by = {lang: [d for d in docs if d["lang"] == lang] for lang in LANGS}
    for v in by.values():
        r.shuffle(v)
    out, i = [], 0
    while any(i < len(v) for v in by.values()):
        for lang in LANGS:
            if i < len(by[lang]):
                out.append(by[lang][i])
        i += 1
    return out


def generate(out, size_mb, seed, real):
    docs = documents(real)
    if not docs:
        raise SystemExit("no documents under %s" % real)
    master = random.Random("realistic:%d" % seed)
    order = interleave(docs, master)
    target = int(size_mb * MIB)
    if os.path.exists(out):
        shutil.rmtree(out)
    total, prose, pages, rounds = 0, 0, 0, 0
    sites, per_lang = {}, {lang: 0 for lang in LANGS}
    while total < target:
        for doc in order:
            if total >= target:
                break
            key = (rounds, doc["lang"], pages // PAGES_PER_SITE)
            r = random.Random("%d:%d:%s" % (seed, pages, doc["name"]))
            if key not in sites:
                sites[key] = Site(random.Random("%d:site:%d:%s" % (seed, len(sites), doc["lang"])), doc["lang"],
                                  len(sites))
            site = sites[key]
            text = page(r, site, doc, page_size(r))
            data = text.encode("utf-8")
            d = os.path.join(out, doc["lang"], site.slug)
            os.makedirs(d, exist_ok=True)
            name = os.path.splitext(doc["name"])[0] + ("" if rounds == 0 else "-r%d" % rounds) + ".html"
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
            total += len(data)
            prose += sum(len(x.encode()) for _, lines in doc["blocks"] for x in lines)
            pages += 1
            per_lang[doc["lang"]] += 1
        rounds += 1
    info = {"generator": "gen_realistic.py", "generator_version": GENERATOR_VERSION, "seed": seed,
            "size_mb": size_mb, "documents": len(docs), "pages": pages, "bytes": total,
            "document_text_bytes": prose, "prose_share": round(prose / total, 4) if total else 0,
            "pages_per_language": per_lang, "rounds": rounds,
            "real_digest": hashlib.sha256("".join(d["name"] for d in docs).encode()).hexdigest()[:16]}
    with open(os.path.join(out, ".gen_realistic.json"), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1)
        f.write("\n")
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description="The realistic corpus: corpus/real in saved-page chrome.")
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mb", type=float, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--real", default=os.path.join(HERE, "..", "corpus", "real"))
    ap.add_argument("--reuse", action="store_true", help="keep DIR if it was made with the same parameters")
    a = ap.parse_args(argv)
    if a.reuse:
        try:
            with open(os.path.join(a.out, ".gen_realistic.json"), encoding="utf-8") as f:
                old = json.load(f)
            if (old.get("seed"), old.get("size_mb"), old.get("generator_version")) == (
                    a.seed, a.size_mb, GENERATOR_VERSION):
                print("reusing %s" % a.out, file=sys.stderr)
                return 0
        except (OSError, ValueError):
            pass
    info = generate(a.out, a.size_mb, a.seed, a.real)
    print("%d pages, %.1f MiB, document text %.1f %% of the bytes" % (
        info["pages"], info["bytes"] / MIB, 100 * info["prose_share"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
