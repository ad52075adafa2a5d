#!/usr/bin/env python3
"""Peak memory (max RSS, from /usr/bin/time -v) of `claimlint check` per output format.

Two generated inputs, each measured in every format:

- `many`: FILES small files with a few findings each (whole-run formats may keep a compact
  record per file: the target is 64 MB + 1 KB per file);
- `big`:  one file with FINDINGS findings (memory must not grow with findings beyond a fixed
  buffer; the file's own text and maps are the floor, measured with `--format human --quiet`).

and three large single files, each measured with `--format json` and `--quiet` (peak RSS, and
peak RSS per byte of input: the target is ≤ 3× the file for a 200 MB file):

- `line`:  a LINE_MB MB single line, no sentence end (the bad_input test's line);
- `ja`:    JA_MB MB of short Japanese sentences without a finding (the text pipeline's worst
  bytes-per-byte case);
- `huge`:  HUGE_MB MB of Japanese lines, one claim in 50 (0 skips it).

Standard-library Python only. Usage:

    python3 bench/memory.py --bin target/release/claimlint [--files 20000] [--findings 200000]
                            [--line-mb 100] [--ja-mb 11] [--huge-mb 200]
                            [--workdir DIR] [--out bench/RESULTS-memory.md]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

FORMATS = ["human", "json", "jsonl", "csv", "sarif", "github", "html"]
LINE = "当院の幹細胞治療なら必ず完治します。\n"
FILLER = "診療時間は午前九時から午後六時までです。\n"


def make_many(root, files):
    os.makedirs(root, exist_ok=True)
    for i in range(files):
        d = os.path.join(root, f"d{i % 100:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"page{i:06d}.txt"), "w", encoding="utf-8") as f:
            f.write(FILLER + LINE + FILLER + LINE)


def make_big(path, findings):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(findings):
            f.write(LINE if i % 2 == 0 else "完治を約束します。\n")


# One repeat of tests/bad_input.rs's 100 MB line.
LINE_UNIT = "幹細胞で糖尿病が完治すると書いた広告、根治しません、100% stem cells "


def make_repeated(path, unit, megabytes):
    """Writes `unit` repeated to `megabytes` MB (10^6 bytes), in pieces."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = unit.encode("utf-8")
    reps = megabytes * 1_000_000 // len(data)
    chunk = 10_000
    with open(path, "wb") as f:
        for start in range(0, reps, chunk):
            f.write(data * min(chunk, reps - start))


def peak_kb(binary, args):
    """Runs `binary args` with stdout to /dev/null; returns (max RSS in KiB, exit code)."""
    cmd = ["/usr/bin/time", "-v", binary] + args
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    if not m:
        sys.exit(f"no RSS in /usr/bin/time output:\n{p.stderr[-2000:]}")
    return int(m.group(1)), p.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/claimlint")
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--findings", type=int, default=200000)
    ap.add_argument("--line-mb", type=int, default=100, help="single-line file size (0: skip)")
    ap.add_argument("--ja-mb", type=int, default=11, help="short-sentence file size (0: skip)")
    ap.add_argument("--huge-mb", type=int, default=0, help="large file size (0: skip)")
    ap.add_argument("--skip-formats", action="store_true", help="only the large files")
    ap.add_argument("--workdir", default=None, help="keep the generated inputs here")
    ap.add_argument("--out", default=None, help="write a Markdown table here")
    a = ap.parse_args()
    work = a.workdir or tempfile.mkdtemp(prefix="claimlint-mem-")
    many = os.path.join(work, f"many-{a.files}")
    big = os.path.join(work, f"big-{a.findings}", "big.txt")
    if not os.path.isdir(many) and not a.skip_formats:
        make_many(many, a.files)
    if not os.path.exists(big):
        make_big(big, a.findings)
    big_mb = os.path.getsize(big) / 1e6

    large = []
    for name, unit, mb in [
        ("line", LINE_UNIT, a.line_mb),
        ("ja", FILLER, a.ja_mb),
        ("huge", FILLER * 49 + LINE, a.huge_mb),
    ]:
        if mb <= 0:
            continue
        path = os.path.join(work, f"{name}-{mb}mb.txt")
        if not os.path.exists(path):
            make_repeated(path, unit, mb)
        size = os.path.getsize(path)
        started = time.monotonic()
        j, _ = peak_kb(a.bin, ["check", "--no-progress", "--format", "json", path])
        seconds = time.monotonic() - started
        q, _ = peak_kb(a.bin, ["check", "--no-progress", "--quiet", path])
        large.append((name, size, j, q, seconds))

    rows = []
    for fmt in [] if a.skip_formats else FORMATS:
        m, code_m = peak_kb(a.bin, ["check", "--no-progress", "--format", fmt, many])
        b, code_b = peak_kb(a.bin, ["check", "--no-progress", "--format", fmt, big])
        rows.append((fmt, m, b, code_m, code_b))
    floor, _ = peak_kb(a.bin, ["check", "--no-progress", "--quiet", big])

    budget_many = 64 * 1024 + a.files  # 64 MB + 1 KB per file, in KiB
    lines = [
        f"`{a.bin}`, {a.files} files ({a.files * 2} findings) and one {big_mb:.1f} MB file "
        f"({a.findings} findings). Peak RSS in MiB; target for `many`: {budget_many / 1024:.0f} MiB "
        f"(64 MB + 1 KB per file); `big` floor (`--quiet`, findings only counted): {floor / 1024:.0f} MiB.",
        "",
        "| format | many files | one big file |",
        "|---|---:|---:|",
    ]
    for fmt, m, b, cm, cb in rows:
        lines.append(f"| {fmt} | {m / 1024:.0f} | {b / 1024:.0f} |")
    if large:
        lines += [
            "",
            "| large file | size (MB) | json peak (MiB) | --quiet peak (MiB) | json peak / size | json wall (s) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, size, j, q, secs in large:
            lines.append(
                f"| {name} | {size / 1e6:.1f} | {j / 1024:.0f} | {q / 1024:.0f} | "
                f"{j * 1024 / size:.2f}× | {secs:.1f} |"
            )
    table = "\n".join(lines) + "\n"
    print(table)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(table)


if __name__ == "__main__":
    main()
