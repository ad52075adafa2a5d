#!/usr/bin/env python3
"""A stand-in for the claimlint binary, to test bench/run.py without the engine.

Understands `--version`, `rules literals`, and `check [--format human|jsonl] [-jN] [--rules FILE]
[--files-from LIST] [PATH ...]`. FAKE_CLAIMLINT_MISSING=jsonl,j,files-from,rules,literals makes
those features fail like clap does (exit 2, "error: unexpected argument"). FAKE_CLAIMLINT_SLEEP
adds seconds of start-up time.
"""
import json
import os
import sys
import time

LITERALS = ["完治します", "根治", "治愈率", "无副作用", "cures diabetes", "no side effects", "若返る", "No.1"]
MISSING = set(filter(None, os.environ.get("FAKE_CLAIMLINT_MISSING", "").split(",")))


def usage(arg):
    sys.stderr.write("error: unexpected argument '%s' found\n\nUsage: claimlint check [OPTIONS] [PATHS]...\n" % arg)
    sys.exit(2)


def walk(paths):
    for p in paths:
        if os.path.isdir(p):
            for dp, dns, fns in os.walk(p):
                dns[:] = sorted(d for d in dns if not d.startswith("."))
                for fn in sorted(fns):
                    if not fn.startswith("."):
                        yield os.path.join(dp, fn)
        else:
            yield p


def check(args):
    fmt, paths, extra = "human", [], []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--format":
            fmt = args[i + 1]
            if fmt == "jsonl" and "jsonl" in MISSING:
                sys.stderr.write("error: invalid value 'jsonl' for '--format <FORMAT>'\n")
                sys.exit(2)
            i += 2
            continue
        if a.startswith("-j"):
            if "j" in MISSING:
                usage(a)
        elif a == "--rules":
            if "rules" in MISSING:
                usage(a)
            with open(args[i + 1], encoding="utf-8") as f:
                for line in f:
                    if "phrases:" in line:
                        extra.extend(json.loads(line.split("phrases:", 1)[1]))
            i += 2
            continue
        elif a == "--files-from":
            if "files-from" in MISSING:
                usage(a)
            with open(args[i + 1], encoding="utf-8") as f:
                paths.extend(line.rstrip("\n") for line in f if line.strip())
            i += 2
            continue
        elif a.startswith("-"):
            usage(a)
        else:
            paths.append(a)
        i += 1
    lits = [s.lower() for s in LITERALS + extra]
    found = 0
    out = sys.stdout
    for path in walk(paths):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read().lower()
        for lit in lits:
            start = text.find(lit)
            while start >= 0:
                found += 1
                if fmt == "jsonl":
                    out.write(json.dumps({"file": path, "offset": start, "literal": lit}, ensure_ascii=False) + "\n")
                else:
                    out.write("%s:%d: %s\n" % (path, start, lit))
                start = text.find(lit, start + 1)
    return 1 if found else 0


def main():
    if os.environ.get("FAKE_CLAIMLINT_SLEEP"):
        time.sleep(float(os.environ["FAKE_CLAIMLINT_SLEEP"]))
    args = sys.argv[1:]
    if args == ["--version"]:
        print("claimlint 0.0.0-fake")
        return 0
    if args[:2] == ["rules", "literals"]:
        if "literals" in MISSING:
            sys.stderr.write("error: unrecognized subcommand 'literals'\n")
            return 2
        print("\n".join(LITERALS))
        return 0
    if args[:1] == ["check"]:
        return check(args[1:])
    usage(args[0] if args else "")


if __name__ == "__main__":
    sys.exit(main())
