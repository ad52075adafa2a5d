#!/usr/bin/env python3
"""Compare two results files written by bench/run.py (the .json next to the .md).

    python3 bench/compare.py OLD.json NEW.json
    git show HEAD~1:bench/RESULTS.json > /tmp/old.json && python3 bench/compare.py /tmp/old.json bench/RESULTS.json

Prints one line per measure: old, new, change, and the status in each; warns when the two runs
are not comparable (other machine, corpus or seed).
"""
import json
import sys

# For these a larger number is better; for the others smaller is better.
HIGHER_IS_BETTER = {"cl_j1", "cl_j2", "rg_j1", "rg_j2", "ratio_j1_rg", "ratio_j2_j1"}
NEUTRAL = {"doubling"}   # ~2 is the expectation: neither direction is simply better


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    old, new = load(argv[0]), load(argv[1])
    warn = []
    mo, mn = old["meta"]["machine"], new["meta"]["machine"]
    for k in ("model", "nproc", "mem_total_mib"):
        if mo.get(k) != mn.get(k):
            warn.append("machine %s differs: %s vs %s" % (k, mo.get(k), mn.get(k)))
    co, cn = old["meta"]["corpus"], new["meta"]["corpus"]
    for k in ("bytes", "files", "seed", "generator_version"):
        if co.get(k) != cn.get(k):
            warn.append("corpus %s differs: %s vs %s" % (k, co.get(k), cn.get(k)))
    print("old: %s, %s" % (mo.get("date"), old["meta"].get("claimlint_version")))
    print("new: %s, %s" % (mn.get("date"), new["meta"].get("claimlint_version")))
    for w in warn:
        print("WARNING: " + w + " (figures are not directly comparable)")
    print()
    rows_old = {r["key"]: r for r in old["rows"]}
    print("%-14s %12s %12s %15s  %s" % ("measure", "old", "new", "change", "status old -> new"))
    for r in new["rows"]:
        o = rows_old.get(r["key"], {})
        a, b = o.get("number"), r.get("number")
        if a is not None and b is not None and a:
            ch = (b - a) / a * 100
            better = (ch > 0) == (r["key"] in HIGHER_IS_BETTER)
            verdict = "" if abs(ch) < 3 or r["key"] in NEUTRAL else (" better" if better else " WORSE")
            change = "%+.1f%%%s" % (ch, verdict)
        else:
            change = "—"
        print("%-14s %12s %12s %15s  %s -> %s" % (
            r["key"], "—" if a is None else "%.3f" % a, "—" if b is None else "%.3f" % b, change,
            o.get("status", "—"), r.get("status")))
    print("\nUnits: cl_*/rg_* MiB/s; ratio_* and doubling/pack ×; small_ms ms; rss_mib MiB.")
    print("Changes under ~3% are within run-to-run noise on most machines.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
