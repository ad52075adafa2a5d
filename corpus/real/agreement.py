#!/usr/bin/env python3
"""How reliably LABELING.md can be applied: a blind second labelling against the corpus's labels.

Reads a relabel file (default: relabel-2026-12-08.yaml beside this script; entries `file` relative
to corpus/real, `voice`, `expect`) and the manifests, and prints the agreement: document voice, and
micro precision / recall / F1 of the second labels against the corpus's own (taken as the
reference), overall, per language and per category. Needs PyYAML.

Usage: python3 corpus/real/agreement.py [RELABEL.yaml]
"""
import os
import sys
from collections import defaultdict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ beside the corpus
from check import manifests as manifest_files  # noqa: E402  (the walk check.py does)


def fail(message):
    """A clear message on standard error and exit 2, as claimlint does for bad input."""
    print(f"agreement.py: {message}", file=sys.stderr)
    sys.exit(2)


def manifests(root):
    """{path relative to root: (entry, language)} of every manifest entry below root."""
    problems = []
    out = {}
    for folder, _, data in manifest_files(root, problems):
        rel = os.path.relpath(folder, root)
        for d in data.get("documents") or []:
            if isinstance(d, dict) and "file" in d:
                out[os.path.normpath(os.path.join(rel, d["file"]))] = (d, data.get("language"))
    if problems:
        fail("\n".join(problems))
    return out


def f1_line(name, tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f"  {name:<28} {tp:>4} {fp:>4} {fn:>4}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "relabel-2026-12-08.yaml")
    try:
        with open(path, encoding="utf-8") as f:
            second = (yaml.safe_load(f) or {}).get("documents") or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError) as e:
        fail(f"{path}: cannot read the relabel file: {e}")
    ref = manifests(HERE)
    counts = defaultdict(lambda: [0, 0, 0])
    voice_same = clean_ref = clean_ref_flagged = 0
    missing = []
    for e in second:
        if not isinstance(e, dict) or "file" not in e:
            fail(f"{path}: an entry without `file`: {e!r}")
        key = os.path.normpath(e["file"])
        if key not in ref:
            missing.append(key)
            continue
        d, lang = ref[key]
        a, b = set(e.get("expect") or []), set(d.get("expect") or [])
        voice_same += e.get("voice") == d.get("voice")
        if not b:
            clean_ref += 1
            clean_ref_flagged += bool(a)
        for k, (x, y) in {"overall": (a, b), lang: (a, b)}.items():
            counts[k][0] += len(x & y)
            counts[k][1] += len(x - y)
            counts[k][2] += len(y - x)
        for c in a | b:
            counts[c][0] += c in a and c in b
            counts[c][1] += c in a and c not in b
            counts[c][2] += c in b and c not in a
    if missing:
        fail(f"{path}: {len(missing)} files not in any manifest, e.g. {missing[0]}")
    n = len(second)
    print(f"{n} documents labelled twice; the same voice on {voice_same} ({100 * voice_same / max(n, 1):.1f} %);")
    print(f"clean by the corpus's labels: {clean_ref}, of them flagged by the second: {clean_ref_flagged}")
    print("second labels against the corpus's (tp fp fn):")
    order = ["overall", "ja", "zh", "en"]
    for k in order + sorted(k for k in counts if k not in order):
        if k in counts:
            print(f1_line(k, *counts[k]))


if __name__ == "__main__":
    main()
