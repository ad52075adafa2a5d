#!/usr/bin/env python3
"""Validates corpus/real: every manifest entry's file exists, its split matches split.py, its evidence
strings occur verbatim, its categories are known; at most 15 documents per site across the corpus; no
two hosts of one domain in different halves (a publisher's pages on a subdomain would leak) — across
every corpus beside it too (corpus/real and corpus/voice both train the judge: a publisher in the dev
half of one and the test half of the other would leak the same way).

Usage: python3 corpus/real/check.py [corpus/real]   (exit 1 and one line per problem when invalid)
Reads every manifest*.yaml below the folder. Needs PyYAML.
"""
import collections
import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import split_of  # noqa: E402

CATEGORIES = {
    "curative-claim", "unapproved-indication", "anti-aging", "immunity-boost", "missing-disclosure",
    "safety-guarantee", "efficacy-rate", "superlative", "testimonial", "approval-misrepresentation",
    "incomplete-disclosure",
}
# Hosts under which each subdomain is a different author (blogs, site builders): there the host,
# not the parent domain, is the site.
HOSTING = {"blogspot.com", "pixnet.net", "wixsite.com", "hatenablog.com", "hateblo.jp", "fc2.com",
           "wordpress.com", "github.io", "substack.com", "medium.com", "livedoor.blog", "seesaa.net",
           "jugem.jp", "exblog.jp", "sakura.ne.jp", "xrea.com", "weebly.com", "tumblr.com",
           "hatenadiary.jp", "pages.dev"}
# Second-level labels under a country code that are not registrable on their own (co.jp, com.tw).
SECOND_LEVEL = {"co", "com", "or", "ne", "ac", "go", "org", "net", "gov", "edu", "gr", "lg", "ed"}


def registrable(site):
    """The registrable domain of a host, near enough for this corpus: two hosts of one publisher
    (news.ltn.com.tw, talk.ltn.com.tw) must not fall in different halves."""
    labels = site.lower().removeprefix("www.").split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        base = ".".join(labels[-3:])
    else:
        base = ".".join(labels[-2:])
    if base in HOSTING and len(labels) > base.count(".") + 1:
        return ".".join(labels[-(base.count(".") + 2):])
    return base


GENRES = {
    "clinic", "compliant-clinic", "agency", "advertorial", "social", "product-seller", "news",
    "regulator", "court", "academic", "explainer", "consumer-warning", "critic", "patient-forum",
}


def manifests(root, problems):
    """(folder, path, data) of every manifest*.yaml below `root`, in a stable order. A manifest
    that does not parse, or is not a mapping, is a problem (with its place), not a traceback."""
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if not (name.startswith("manifest") and name.endswith(".yaml")):
                continue
            path = os.path.join(dirpath, name)
            try:
                with open(path, encoding="utf-8") as f:
                    data = yaml.safe_load(f)
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
                problems.append(f"{path}: cannot read the manifest: {e}")
                continue
            if not isinstance(data, dict):
                problems.append(f"{path}: a manifest is a mapping with `documents:`")
                continue
            yield dirpath, path, data


def sibling_sites(root, problems):
    """(site, split) of every manifest entry in this repository's other corpora (corpus/*/ but
    `root`): corpus/real and corpus/voice both train the judge."""
    parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for sibling in sorted(os.listdir(parent)):
        other = os.path.join(parent, sibling)
        if not os.path.isdir(other) or os.path.realpath(other) == os.path.realpath(root):
            continue
        for _, _, data in manifests(other, problems):
            for d in data.get("documents") or []:
                if isinstance(d, dict) and d.get("site"):
                    yield str(d["site"]), d.get("split")


def main(root):
    if not os.path.isdir(root):
        print(f"{root}: no such corpus folder")
        return 1
    problems = []
    per_site = collections.Counter()
    splits_by_domain = collections.defaultdict(set)
    totals = collections.Counter()
    clean = collections.Counter()
    for dirpath, path, data in manifests(root, problems):
        lang = data.get("language")
        for i, d in enumerate(data.get("documents") or []):
            if not isinstance(d, dict):
                problems.append(f"{path}: document {i + 1}: not a mapping")
                continue
            where = f"{path}: document {i + 1} ({d.get('file')})"
            doc_path = os.path.join(dirpath, d.get("file", ""))
            if not os.path.isfile(doc_path):
                problems.append(f"{where}: file missing")
                continue
            try:
                with open(doc_path, encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError) as e:
                problems.append(f"{where}: cannot read the document: {e}")
                continue
            for key in ("source", "site", "split", "genre", "voice"):
                if not d.get(key):
                    problems.append(f"{where}: no {key}")
            site = str(d.get("site", ""))
            if site and d.get("split") != split_of(site):
                problems.append(f"{where}: split should be {split_of(site)} for {site}")
            per_site[split_of(site) and site.lower().removeprefix("www.")] += 1
            if site:
                splits_by_domain[registrable(site)].add((site.lower(), d.get("split")))
            if d.get("genre") not in GENRES:
                problems.append(f"{where}: unknown genre {d.get('genre')}")
            if d.get("voice") not in ("advertiser", "reporting"):
                problems.append(f"{where}: voice must be advertiser or reporting")
            expect = d.get("expect") or []
            for c in expect:
                if c not in CATEGORIES:
                    problems.append(f"{where}: unknown category {c}")
            if "incomplete-disclosure" in expect and (d.get("language") or lang) != "ja":
                problems.append(f"{where}: incomplete-disclosure is for Japanese documents")
            ev = d.get("evidence") or {}
            for c, strings in ev.items():
                if c not in expect:
                    problems.append(f"{where}: evidence for {c}, which is not expected")
                for s in strings or []:
                    if s not in text:
                        problems.append(f"{where}: evidence for {c} not in the document: {s!r}")
            for c in expect:
                if c not in ev:
                    problems.append(f"{where}: no evidence for {c}")
            totals[lang] += 1
            if not expect:
                clean[lang] += 1
    for site, split in sibling_sites(root, problems):
        splits_by_domain[registrable(site)].add((site.lower(), split))
    for domain, sites in sorted(splits_by_domain.items()):
        if len({split for _, split in sites}) > 1:
            problems.append(
                f"domain {domain}: its hosts fall in both halves ({', '.join(sorted(f'{h} {s}' for h, s in sites))}); "
                f"name the site {domain} in each entry")
    for site, n in per_site.items():
        if n > 15:
            problems.append(f"site {site}: {n} documents (at most 15)")
    for p in problems:
        print(p)
    for lang in sorted(totals, key=str):
        print(f"# {lang}: {totals[lang]} documents, {clean[lang]} clean", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))))
