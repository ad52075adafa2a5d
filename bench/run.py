#!/usr/bin/env python3
"""Whole-process benchmarks of claimlint against its targets; standard library only.

    python3 bench/run.py --bin target/release/claimlint --corpus target/bench-corpus \
        [--runs 5] [--out bench/LATEST.md]

Every figure times a whole process, from spawn to exit, and takes the median of --runs runs
after --warmup untimed runs (which also warm the page cache). The commands of one group are
interleaved run by run (A B C A B C ...) so that drift of the machine hits all of them alike.
Peak RSS comes from os.wait4() of each child (ru_maxrss, KiB on Linux).

A flag or subcommand the binary does not have yet (-j, --format jsonl, --files-from, --rules,
`rules literals`) makes its rows read "not available" instead of stopping the run. See
bench/README.md for what each row means.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_pack  # noqa: E402

MIB = 1 << 20

# Targets. Change them here; README.md explains each.
T_J1_VS_RG = 1 / 10         # claimlint -j1 throughput >= 1/10 of rg -j1 on the dense generated corpus
T_J1_VS_RG_REAL = 1 / 3     # ... and >= 1/3 on the realistic corpus (gen_realistic.py)
T_J2_VS_J1 = 1.8            # -j2 throughput >= 1.8 x -j1 (issue 13)
T_SMALL_MS = 10.0           # one small file end to end <= 10 ms (issue 13)
T_RSS_MIB = 64.0            # peak RSS of the -j2 whole-corpus run <= 64 MiB (issue 13)
T_DOUBLING_MAX = 2.1        # doubling the input: time ratio (scaled to exactly 2x bytes) <= 2.1 (issue 13)
T_DOUBLING_LOW = 1.8        #   below this it is still met, but fixed costs dominate (noted)
T_PACK_MAX = 2.0            # 10x larger pack: time ratio <= 2 (issue 13)


# --------------------------------------------------------------------------------------------
# Running processes
# --------------------------------------------------------------------------------------------

class Run:
    __slots__ = ("rc", "wall", "maxrss_kib", "stderr", "error")

    def __init__(self, rc=None, wall=None, maxrss_kib=None, stderr="", error=None):
        self.rc, self.wall, self.maxrss_kib, self.stderr, self.error = rc, wall, maxrss_kib, stderr, error


def run_once(argv, stdout_path=None, timeout=None, cwd=None):
    """Spawn argv, wait for it with os.wait4, return a Run (never raises for process failures)."""
    errf = tempfile.TemporaryFile()
    outf = open(stdout_path, "wb") if stdout_path else open(os.devnull, "wb")
    try:
        t0 = time.perf_counter()
        try:
            p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=outf, stderr=errf, cwd=cwd)
        except OSError as e:
            return Run(error="cannot start %s: %s" % (argv[0], e))
        timer = None
        timed_out = []
        if timeout:
            def kill():
                timed_out.append(True)
                try:
                    os.kill(p.pid, 9)
                except OSError:
                    pass
            timer = threading.Timer(timeout, kill)
            timer.start()
        while True:
            try:
                _pid, status, ru = os.wait4(p.pid, 0)
                break
            except InterruptedError:
                continue
        t1 = time.perf_counter()
        if timer:
            timer.cancel()
        rc = os.waitstatus_to_exitcode(status)
        p.returncode = rc            # tell Popen the child is reaped
        errf.seek(0)
        err = errf.read()[-4000:].decode("utf-8", "replace")
        r = Run(rc=rc, wall=t1 - t0, maxrss_kib=ru.ru_maxrss, stderr=err)
        if timed_out:
            r.error = "timed out after %d s" % timeout
        return r
    finally:
        outf.close()
        errf.close()


def first_line(s):
    for line in s.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def describe_failure(r):
    if r.error:
        return r.error
    return "exit %s%s" % (r.rc, (": " + first_line(r.stderr)) if first_line(r.stderr) else "")


# --------------------------------------------------------------------------------------------
# Machine and corpus
# --------------------------------------------------------------------------------------------

def machine_info():
    info = {"nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "cpus_online": os.cpu_count(), "model": "unknown", "mem_total_mib": None,
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "kernel": platform.release(), "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    info["model"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    info["mem_total_mib"] = int(line.split()[1]) // 1024
                    break
    except OSError:
        pass
    return info


def corpus_files(root):
    """Every non-hidden file under root, sorted, with sizes (hidden files/folders are skipped,
    as rg and most walkers do: the generator's .gen_corpus.json is not corpus)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fn in sorted(filenames):
            if fn.startswith("."):
                continue
            p = os.path.join(dirpath, fn)
            out.append((os.path.abspath(p), os.path.getsize(p)))
    out.sort()
    return out


def split_half(files):
    """Half of the files by bytes with the same mix: largest first, each to the lighter half."""
    a, b, sa, sb = [], [], 0, 0
    for path, size in sorted(files, key=lambda x: (-x[1], x[0])):
        if sa <= sb:
            a.append((path, size))
            sa += size
        else:
            b.append((path, size))
            sb += size
    return sorted(a), sa


def pick_small_file(files, want=4096):
    cands = [f for f in files if f[1] >= 1024]
    if not cands:
        return None
    return min(cands, key=lambda f: (abs(f[1] - want), f[0]))


# --------------------------------------------------------------------------------------------
# Feature probes
# --------------------------------------------------------------------------------------------

PROBE_CLEAN = "当院では幹細胞点滴を行っています（自由診療、費用は1回50万円、主な副作用は発熱）。\n"
PROBE_CLAIM = "幹細胞治療で糖尿病が完治します。\nStem cell therapy cures diabetes.\n"


class Probes:
    """What the binary can do, learnt on a two-file corpus. Each value is None (available) or
    a reason it is not."""

    def __init__(self, binary, work, timeout):
        self.bin = binary
        self.timeout = timeout
        self.dir = os.path.join(work, "probe")
        os.makedirs(self.dir, exist_ok=True)
        with open(os.path.join(self.dir, "clean.txt"), "w", encoding="utf-8") as f:
            f.write(PROBE_CLEAN)
        with open(os.path.join(self.dir, "claim.txt"), "w", encoding="utf-8") as f:
            f.write(PROBE_CLAIM)
        self.list = os.path.join(work, "probe.lst")
        with open(self.list, "w", encoding="utf-8") as f:
            f.write(os.path.join(self.dir, "claim.txt") + "\n" + os.path.join(self.dir, "clean.txt") + "\n")
        self.pack = os.path.join(work, "probe-pack.yaml")
        text, _ = gen_pack.generate(3, 4, 1, name="synthetic-probe")
        with open(self.pack, "w", encoding="utf-8") as f:
            f.write(text)
        self.version = None
        self.missing = {}

    def check_ok(self, extra, target=None):
        r = run_once([self.bin, "check"] + extra + [target or self.dir], timeout=self.timeout)
        if r.error or r.rc not in (0, 1):
            return describe_failure(r)
        return None

    def run(self):
        if not (os.path.isfile(self.bin) and os.access(self.bin, os.X_OK)):
            why = "binary not found: %s" % self.bin
            for k in ("check", "jsonl", "j", "files-from", "rules", "literals"):
                self.missing[k] = why
            return self
        r = run_once([self.bin, "--version"], stdout_path=os.path.join(self.dir, "..", "version.txt"),
                     timeout=self.timeout)
        if r.rc == 0:
            with open(os.path.join(self.dir, "..", "version.txt"), encoding="utf-8", errors="replace") as f:
                self.version = first_line(f.read()) or None
        self.missing["check"] = self.check_ok([])
        if self.missing["check"]:
            for k in ("jsonl", "j", "files-from", "rules"):
                self.missing[k] = "`claimlint check` fails: " + self.missing["check"]
        else:
            self.missing["jsonl"] = self.check_ok(["--format", "jsonl"])
            j1, j2 = self.check_ok(["-j1"]), self.check_ok(["-j2"])
            self.missing["j"] = j1 or j2
            self.missing["files-from"] = self._files_from()
            self.missing["rules"] = self.check_ok(["--rules", self.pack])
        lit = os.path.join(self.dir, "..", "probe-literals.txt")
        r = run_once([self.bin, "rules", "literals"], stdout_path=lit, timeout=self.timeout)
        if r.error or r.rc != 0:
            self.missing["literals"] = describe_failure(r)
        elif not read_literals(lit):
            self.missing["literals"] = "printed nothing"
        else:
            self.missing["literals"] = None
        return self

    def _files_from(self):
        r = run_once([self.bin, "check", "--files-from", self.list], timeout=self.timeout)
        if r.error or r.rc not in (0, 1):
            return describe_failure(r)
        return None


def read_literals(path):
    out, seen = [], set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            s = line.rstrip("\r\n")
            if s.strip() and s not in seen:       # an empty pattern would match every line
                seen.add(s)
                out.append(s)
    return out


def find_rg(notes):
    """rg on PATH or in ~/.cargo/bin; nothing is installed at run time (the rows say so)."""
    rg = shutil.which("rg")
    if rg:
        return rg
    cargo_rg = os.path.expanduser("~/.cargo/bin/rg")
    if os.access(cargo_rg, os.X_OK):
        return cargo_rg
    notes.append("rg is not on PATH (nor in ~/.cargo/bin): the rg rows are skipped. Install it with "
                 "`cargo install ripgrep --locked` or `apt-get install ripgrep`, or pass `--rg PATH`.")
    return None


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------

class Cmd:
    def __init__(self, key, label, argv, ok_codes=(0, 1), unavailable=None, count_path=None):
        self.key, self.label, self.argv = key, label, argv
        self.ok_codes = ok_codes
        self.unavailable = unavailable      # reason, or None
        self.failed = None                  # reason, once a run fails
        self.count_path = count_path        # warm-up stdout goes here (to count output lines)
        self.runs = []                      # Run of each timed run

    @property
    def usable(self):
        return not self.unavailable and not self.failed

    def times(self):
        return [r.wall for r in self.runs]

    def median(self):
        return statistics.median(self.times()) if self.runs and self.usable else None

    def status(self):
        if self.unavailable:
            return "not available (%s)" % self.unavailable
        if self.failed:
            return "failed (%s)" % self.failed
        return None

    def to_json(self):
        return {"label": self.label, "argv": self.argv, "unavailable": self.unavailable,
                "failed": self.failed, "times_s": self.times(),
                "median_s": self.median(), "maxrss_kib": [r.maxrss_kib for r in self.runs],
                "exit_codes": [r.rc for r in self.runs]}


def measure(cmds, runs, warmup, timeout, log):
    """Interleave: warm-ups of every command, then `runs` rounds of one run of each."""
    for c in cmds:
        for i in range(warmup if c.usable else 0):
            out = c.count_path if (i == 0 and c.count_path) else None
            r = run_once(c.argv, stdout_path=out, timeout=timeout)
            if r.error or r.rc not in c.ok_codes:
                c.failed = describe_failure(r)
                log("  %-28s FAILED: %s" % (c.key, c.failed))
            else:
                log("  %-28s warm-up %.3f s" % (c.key, r.wall))
    for k in range(runs):
        for c in cmds:
            if not c.usable:
                continue
            r = run_once(c.argv, timeout=timeout)
            if r.error or r.rc not in c.ok_codes:
                c.failed = describe_failure(r)
                log("  %-28s FAILED: %s" % (c.key, c.failed))
                continue
            c.runs.append(r)
            log("  %-28s run %d/%d %.3f s  rss %.1f MiB" % (c.key, k + 1, runs, r.wall, r.maxrss_kib / 1024))


def count_lines(path):
    if not path or not os.path.exists(path):
        return None
    n = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            n += chunk.count(b"\n")
    return n


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def fmt_s(t):
    return "%.3f s" % t if t >= 1 else "%.1f ms" % (t * 1000)


def tput(nbytes, t):
    return nbytes / MIB / t


class Row:
    def __init__(self, name, value, target="—", status="—", key=None, number=None):
        self.name, self.value, self.target, self.status = name, value, target, status
        self.key, self.number = key, number


def met(ok):
    return "met" if ok else "**not met**"


def ratio_row(name, j1, r1, target, target_text, key):
    if j1 is None or r1 is None:
        return Row(name, "not available (needs both throughputs)", "≥ %.2f× (%s)" % (target, target_text),
                   "not available", key)
    ratio = j1 / r1
    return Row(name, "%.2f× (1/%.1f)" % (ratio, 1 / ratio if ratio else float("inf")),
               "≥ %.2f× (%s)" % (target, target_text), met(ratio >= target), key, ratio)


def throughput_row(C, rows, nbytes, key, name):
    """Appends command `key`'s throughput over `nbytes` (or why it has none) to `rows`; returns
    the MiB/s, or None."""
    c = C[key]
    if c.status():
        rows.append(Row(name, c.status(), key=key))
        return None
    t = c.median()
    v = tput(nbytes, t)
    rows.append(Row(name, "%.1f MiB/s (median %s)" % (v, fmt_s(t)), key=key, number=v))
    return v


def realistic_rows(C, corpus_bytes, real_bytes, output_lines):
    """The realistic corpus's rows: -j1 and rg -j1 throughput, their ratio, and findings per MiB
    of both corpora (jsonl lines of the first warm-up: one line a finding)."""
    rows = []
    j1 = throughput_row(C, rows, real_bytes, "cl_real_j1", "realistic corpus: claimlint -j1 throughput")
    r1 = throughput_row(C, rows, real_bytes, "rg_real_j1", "realistic corpus: floor: rg -j1 throughput")
    rows.append(ratio_row("realistic corpus: claimlint -j1 vs rg -j1", j1, r1, T_J1_VS_RG_REAL, "1/3",
                          "ratio_real_j1_rg"))
    dense, real = output_lines.get("cl_j1"), output_lines.get("cl_real_j1")
    value = "dense %s, realistic %s" % (
        "?" if dense is None else "%.0f" % (dense / (corpus_bytes / MIB)),
        "?" if real is None else "%.0f" % (real / (real_bytes / MIB)))
    rows.append(Row("findings per MiB (claimlint -j1 jsonl lines)", value, key="findings_per_mib",
                    number=None if real is None else real / (real_bytes / MIB)))
    return rows


def build_rows(C, corpus_bytes, half_bytes, small, small_path, pack_info, probes):
    rows = []

    def abs_row(key, name):
        return throughput_row(C, rows, corpus_bytes, key, name)

    j1 = abs_row("cl_j1", "claimlint -j1 throughput (`check --format jsonl -j1 DIR`)")
    j2 = abs_row("cl_j2", "claimlint -j2 throughput (`check --format jsonl -j2 DIR`)")
    r1 = abs_row("rg_j1", "floor: rg -j1 throughput (`rg -j1 -F -f LITERALS DIR`)")
    abs_row("rg_j2", "floor: rg -j2 throughput (`rg -j2 -F -f LITERALS DIR`)")

    rows.append(ratio_row("claimlint -j1 vs rg -j1 (throughput ratio)", j1, r1, T_J1_VS_RG, "1/10",
                          "ratio_j1_rg"))

    name = "claimlint -j2 vs -j1 (throughput ratio)"
    if j1 is not None and j2 is not None:
        ratio = j2 / j1
        rows.append(Row(name, "%.2f×" % ratio, "≥ %.1f×" % T_J2_VS_J1, met(ratio >= T_J2_VS_J1),
                        "ratio_j2_j1", ratio))
    else:
        rows.append(Row(name, "not available (needs -j1 and -j2)", "≥ %.1f×" % T_J2_VS_J1, "not available",
                        "ratio_j2_j1"))

    name = "one small file end to end (`check FILE`, %s)" % (
        "%d B" % small_path[1] if small_path else "no file")
    c = C["small"]
    if c.status():
        rows.append(Row(name, c.status(), "≤ %g ms" % T_SMALL_MS, "not available", "small_ms"))
    else:
        t = c.median() * 1000
        ts = sorted(c.times())
        rows.append(Row(name, "%.1f ms median (min %.1f, max %.1f, %d runs)" % (
            t, ts[0] * 1000, ts[-1] * 1000, len(ts)), "≤ %g ms" % T_SMALL_MS, met(t <= T_SMALL_MS),
            "small_ms", t))

    name = "peak RSS, whole corpus -j2"
    c = C["cl_j2"]
    if c.status():
        rows.append(Row(name, c.status(), "≤ %g MiB" % T_RSS_MIB, "not available", "rss_mib"))
    else:
        rss = max(r.maxrss_kib for r in c.runs) / 1024
        rows.append(Row(name, "%.1f MiB (max of %d runs)" % (rss, len(c.runs)), "≤ %g MiB" % T_RSS_MIB,
                        met(rss <= T_RSS_MIB), "rss_mib", rss))

    name = "doubling the corpus (-j1, `--files-from` whole vs half)"
    cw, ch = C["cl_whole_list"], C["cl_half_list"]
    tgt = "≈ 2× (≤ %.1f×)" % T_DOUBLING_MAX
    if cw.status() or ch.status():
        rows.append(Row(name, cw.status() or ch.status(), tgt, "not available", "doubling"))
    else:
        r = cw.median() / ch.median()
        b = corpus_bytes / half_bytes
        scaled = r * 2 / b
        note = ""
        if scaled < T_DOUBLING_LOW:
            note = " — sub-linear: fixed per-process cost is a large share"
        rows.append(Row(name, "%.2f× time for %.2f× bytes (%s vs %s); %.2f× per exact doubling%s" % (
            r, b, fmt_s(cw.median()), fmt_s(ch.median()), scaled, note), tgt,
            met(scaled <= T_DOUBLING_MAX), "doubling", scaled))

    name = "10× pack (-j1, default + `--rules` synthetic pack vs default)"
    cp, c1 = C["cl_pack"], C["cl_j1"]
    tgt = "≤ %g×" % T_PACK_MAX
    if cp.status() or c1.status():
        rows.append(Row(name, cp.status() or c1.status(), tgt, "not available", "pack"))
    else:
        r = cp.median() / c1.median()
        rows.append(Row(name, "%.2f× (%s vs %s; %s)" % (r, fmt_s(cp.median()), fmt_s(c1.median()), pack_info),
                        tgt, met(r <= T_PACK_MAX), "pack", r))
    return rows


def render_markdown(meta, rows, C, notes):
    L = []
    w = L.append
    w("# claimlint benchmark results")
    w("")
    w("Whole-process figures (spawn to exit), median of %d runs after %d warm-up run(s); "
      "MiB = 2^20 bytes. Made by `bench/run.py`; see `bench/README.md`." % (meta["runs"], meta["warmup"]))
    w("")
    m = meta["machine"]
    w("| Machine | |")
    w("|---|---|")
    w("| date | %s |" % m["date"])
    w("| CPU | %s |" % m["model"])
    w("| nproc | %s (online %s) |" % (m["nproc"], m["cpus_online"]))
    w("| memory | %s MiB |" % m["mem_total_mib"])
    w("| kernel / Python | %s / %s |" % (m["kernel"], m["python"]))
    w("| claimlint | `%s` — %s |" % (meta["bin"], meta["claimlint_version"] or "version unknown"))
    w("| rg | %s |" % (meta["rg_version"] or "not available"))
    cp = meta["corpus"]
    w("| corpus | `%s`: %d files, %.1f MiB, seed %s, generator v%s |" % (
        cp["path"], cp["files"], cp["bytes"] / MIB, cp.get("seed", "?"), cp.get("generator_version", "?")))
    if meta.get("realistic"):
        w("| realistic corpus | `%s`: %.1f MiB (bench/gen_realistic.py) |" % (
            meta["realistic"]["path"], meta["realistic"]["bytes"] / MIB))
    w("| literals | %s |" % meta["literals_info"])
    w("")
    w("| # | Measure | Result | Target | Status |")
    w("|---|---|---|---|---|")
    for i, r in enumerate(rows, 1):
        w("| %d | %s | %s | %s | %s |" % (i, r.name, r.value.replace("|", "\\|"), r.target, r.status))
    w("")
    if notes:
        w("Notes:")
        w("")
        for n in notes:
            w("- " + n)
        w("")
    w("<details><summary>Every run</summary>")
    w("")
    w("| command | runs (s) | median | peak RSS (MiB) | output lines (warm-up) |")
    w("|---|---|---|---|---|")
    for key, c in C.items():
        if c.status():
            w("| `%s` | %s | | | |" % (c.key, c.status().replace("|", "\\|")))
            continue
        rss = max(r.maxrss_kib for r in c.runs) / 1024 if c.runs else 0
        lines = meta["output_lines"].get(key)
        w("| `%s` | %s | %s | %.1f | %s |" % (c.key, " ".join("%.3f" % t for t in c.times()),
                                              fmt_s(c.median()), rss, "" if lines is None else lines))
    w("")
    w("Commands:")
    w("")
    for key, c in C.items():
        w("- `%s`: `%s`" % (key, " ".join(c.argv).replace(meta["workdir"], "WORK")))
    w("")
    w("WORK is the scratch folder (literal list, synthetic pack, file lists); `--workdir` keeps it.")
    w("")
    w("</details>")
    return "\n".join(L) + "\n"


# --------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="Whole-process benchmarks of claimlint.")
    ap.add_argument("--bin", required=True, help="the claimlint binary")
    ap.add_argument("--corpus", required=True, help="corpus folder (bench/gen_corpus.py)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command (median; default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs per command first (default 1)")
    ap.add_argument("--small-runs", type=int, default=20, help="timed runs of the small-file case (default 20)")
    ap.add_argument("--out", default=os.path.join(HERE, "LATEST.md"),
                    help="Markdown report (default bench/LATEST.md; bench/RESULTS.md is the kept history, "
                         "written by hand from these, and is never overwritten by a run)")
    ap.add_argument("--json", help="machine-readable results (default: --out with .json)")
    ap.add_argument("--rg", help="rg binary (default: rg on PATH or in ~/.cargo/bin; without one the rg rows "
                                 "are skipped)")
    ap.add_argument("--no-install", action="store_true", help="accepted for old scripts: nothing is ever installed")
    ap.add_argument("--realistic", help="the realistic corpus (bench/gen_realistic.py): adds its -j1 rows and rg")
    ap.add_argument("--literals", help="literal file for rg instead of `claimlint rules literals`")
    ap.add_argument("--pack-scale", type=float, default=10, help="synthetic pack size / default pack size (10)")
    ap.add_argument("--pack-literals", type=int,
                    help="literals in the synthetic pack (default: pack-scale x the default pack's literals, "
                         "or 20000 when `rules literals` is not available)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before one process is killed")
    ap.add_argument("--workdir", help="scratch folder (default: a temporary one, removed at the end)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)

    def log(msg):
        if not a.quiet:
            print(msg, file=sys.stderr, flush=True)

    if not os.path.isdir(a.corpus):
        ap.error("corpus folder not found: %s" % a.corpus)
    binary = os.path.abspath(a.bin) if os.sep in a.bin else (shutil.which(a.bin) or a.bin)
    work = a.workdir or tempfile.mkdtemp(prefix="claimlint-bench-")
    os.makedirs(work, exist_ok=True)
    notes = []
    try:
        return _main(a, binary, work, notes, log)
    finally:
        if not a.workdir:
            shutil.rmtree(work, ignore_errors=True)


def _main(a, binary, work, notes, log):
    corpus = os.path.abspath(a.corpus)
    files = corpus_files(corpus)
    if not files:
        print("no files in %s" % corpus, file=sys.stderr)
        return 2
    corpus_bytes = sum(s for _, s in files)
    gen_info = {}
    try:
        with open(os.path.join(corpus, ".gen_corpus.json"), encoding="utf-8") as f:
            gen_info = json.load(f)
    except (OSError, ValueError):
        notes.append("The corpus has no .gen_corpus.json: seed unknown.")
    log("corpus: %d files, %.1f MiB" % (len(files), corpus_bytes / MIB))

    log("probing %s ..." % binary)
    P = Probes(binary, work, min(a.timeout, 120)).run()
    for k, v in P.missing.items():
        log("  %-11s %s" % (k, "ok" if v is None else "NOT AVAILABLE: " + v))

    # Literals for rg, and the size of the default pack.
    lit_path = os.path.join(work, "literals.txt")
    literals, literals_info = None, None
    if a.literals:
        literals = read_literals(a.literals)
        literals_info = "%d from %s" % (len(literals), a.literals)
    elif P.missing["literals"] is None:
        r = run_once([binary, "rules", "literals"], stdout_path=lit_path + ".raw", timeout=a.timeout)
        if r.rc == 0:
            literals = read_literals(lit_path + ".raw")
            literals_info = "%d from `claimlint rules literals` (default packs)" % len(literals)
    if literals:
        with open(lit_path, "w", encoding="utf-8") as f:
            f.write("\n".join(literals) + "\n")
    else:
        literals_info = "not available (%s)" % (P.missing["literals"] or "empty")

    rg = find_rg(notes) if not a.rg else a.rg
    rg_version = None
    if rg:
        try:
            rg_version = first_line(subprocess.run([rg, "--version"], capture_output=True, text=True).stdout)
        except OSError as e:
            notes.append("cannot run %s: %s" % (rg, e))
            rg = None
    if not rg:
        rg_missing = "rg not available"
    elif not literals:
        rg_missing = "no literal list: `claimlint rules literals`: %s" % (P.missing["literals"] or "empty")
        notes.append("`--literals FILE` gives rg a literal list when `claimlint rules literals` is not available.")
    else:
        rg_missing = None

    def need(*keys):
        for k in keys:
            if P.missing.get(k):
                return "`%s`: %s" % ({"j": "-j", "jsonl": "--format jsonl", "files-from": "--files-from",
                                       "rules": "--rules", "check": "check"}.get(k, k), P.missing[k])
        return None

    # The synthetic pack.
    if a.pack_literals:
        n_pack = a.pack_literals
        pack_basis = "%d literals (--pack-literals)" % n_pack
    elif P.missing["literals"] is None and literals and not a.literals:
        n_pack = int(round(a.pack_scale * len(literals)))
        pack_basis = "%d literals = %g × %d default" % (n_pack, a.pack_scale, len(literals))
    else:
        n_pack = 20000
        pack_basis = "%d literals (default pack size unknown)" % n_pack
    pack_path = os.path.join(work, "synthetic-pack.yaml")
    per_rule = 8
    text, n_lit = gen_pack.generate(max(1, -(-n_pack // per_rule)), per_rule, 1)
    with open(pack_path, "w", encoding="utf-8") as f:
        f.write(text)
    pack_missing = need("check", "jsonl", "j", "rules")
    if not pack_missing:
        r = run_once([binary, "check", "--rules", pack_path, P.dir], timeout=a.timeout)
        if r.error or r.rc not in (0, 1):
            pack_missing = "the synthetic pack is rejected: " + describe_failure(r)
    pack_info = "synthetic pack of %d rules, %s" % (-(-n_pack // per_rule), pack_basis)

    # File lists for the doubling row.
    whole_list = os.path.join(work, "whole.lst")
    half_list = os.path.join(work, "half.lst")
    half, half_bytes = split_half(files)
    with open(whole_list, "w", encoding="utf-8") as f:
        f.write("".join(p + "\n" for p, _ in files))
    with open(half_list, "w", encoding="utf-8") as f:
        f.write("".join(p + "\n" for p, _ in half))

    B = binary
    J = ["check", "--format", "jsonl"]
    C = {}

    def add(key, label, argv, unavailable, ok_codes=(0, 1), count=False):
        C[key] = Cmd(key, label, argv, ok_codes, unavailable,
                     os.path.join(work, key + ".out") if count else None)

    add("cl_j1", "claimlint -j1", [B] + J + ["-j1", corpus], need("check", "jsonl", "j"), count=True)
    add("cl_j2", "claimlint -j2", [B] + J + ["-j2", corpus], need("check", "jsonl", "j"))
    add("rg_j1", "rg -j1", [rg or "rg", "-j1", "-F", "-f", lit_path, corpus], rg_missing, count=True)
    add("rg_j2", "rg -j2", [rg or "rg", "-j2", "-F", "-f", lit_path, corpus], rg_missing)
    add("cl_pack", "claimlint -j1 + synthetic pack", [B] + J + ["-j1", "--rules", pack_path, corpus],
        pack_missing, count=True)
    add("cl_whole_list", "claimlint -j1 --files-from whole", [B] + J + ["-j1", "--files-from", whole_list],
        need("check", "jsonl", "j", "files-from"))
    add("cl_half_list", "claimlint -j1 --files-from half", [B] + J + ["-j1", "--files-from", half_list],
        need("check", "jsonl", "j", "files-from"))

    real_bytes = 0
    if a.realistic:
        real = os.path.abspath(a.realistic)
        real_bytes = sum(sz for _, sz in corpus_files(real))
        log("realistic corpus: %.1f MiB" % (real_bytes / MIB))
        add("cl_real_j1", "claimlint -j1, realistic corpus", [B] + J + ["-j1", real], need("check", "jsonl", "j"),
            count=True)
        add("rg_real_j1", "rg -j1, realistic corpus", [rg or "rg", "-j1", "-F", "-f", lit_path, real], rg_missing,
            count=True)

    log("measuring (%d runs, %d warm-up) ..." % (a.runs, a.warmup))
    measure(list(C.values()), a.runs, a.warmup, a.timeout, log)

    small = pick_small_file(files)
    add("small", "claimlint check SMALLFILE", [B, "check", small[0] if small else "?"],
        need("check") or (None if small else "no file of 1 KiB or more"))
    log("small file: %s ..." % (small[0] if small else "none"))
    measure([C["small"]], a.small_runs, 2, a.timeout, lambda m: None)

    output_lines = {k: count_lines(c.count_path) for k, c in C.items() if c.count_path and c.usable}
    if output_lines.get("cl_j1") == 0:
        notes.append("claimlint -j1 printed no diagnostic on the whole corpus: check that it reads these files.")

    meta = {
        "runs": a.runs, "warmup": a.warmup, "small_runs": a.small_runs,
        "machine": machine_info(), "bin": binary, "claimlint_version": P.version, "rg_version": rg_version,
        "corpus": {"path": corpus, "files": len(files), "bytes": corpus_bytes, "half_bytes": half_bytes,
                   "seed": gen_info.get("seed"), "size_mb": gen_info.get("size_mb"),
                   "generator_version": gen_info.get("generator_version")},
        "literals_info": literals_info, "pack_info": pack_info, "probes": P.missing,
        "small_file": {"path": small[0], "bytes": small[1]} if small else None,
        "output_lines": output_lines, "workdir": work,
    }
    rows = build_rows(C, corpus_bytes, half_bytes, C["small"], small, pack_info, P)
    if a.realistic:
        rows += realistic_rows(C, corpus_bytes, real_bytes, output_lines)
        meta["realistic"] = {"path": os.path.abspath(a.realistic), "bytes": real_bytes}
    md = render_markdown(meta, rows, C, notes)
    out_dir = os.path.dirname(os.path.abspath(a.out))
    os.makedirs(out_dir, exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(md)
    jpath = a.json or os.path.splitext(a.out)[0] + ".json"
    with open(jpath, "w", encoding="utf-8") as f:
        json.dump({"meta": meta,
                   "rows": [{"measure": r.name, "key": r.key, "value": r.value, "number": r.number,
                             "target": r.target, "status": r.status} for r in rows],
                   "commands": {k: c.to_json() for k, c in C.items()}},
                  f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(md)
    log("wrote %s and %s" % (a.out, jpath))
    return 0


if __name__ == "__main__":
    sys.exit(main())
