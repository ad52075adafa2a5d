"""Tests of bench/run.py, end to end against tests/fake_claimlint.py (no Rust build needed)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, BENCH)
import gen_corpus  # noqa: E402
import run  # noqa: E402

FAKE = os.path.join(BENCH, "tests", "fake_claimlint.py")
RUN = os.path.join(BENCH, "run.py")


class RunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="bench-run-test-")
        cls.corpus = os.path.join(cls.tmp, "corpus")
        gen_corpus.generate(cls.corpus, 2, 1, quiet=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def harness(self, name, missing="", binary=FAKE, extra=(), path=None):
        out = os.path.join(self.tmp, name + ".md")
        env = dict(os.environ, FAKE_CLAIMLINT_MISSING=missing)
        if path is not None:
            env["PATH"] = path
        args = [sys.executable, RUN, "--bin", binary, "--corpus", self.corpus, "--runs", "2",
                "--small-runs", "3", "--out", out, "--quiet"] + list(extra)
        r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding="utf-8") as f:
            md = f.read()
        with open(os.path.join(self.tmp, name + ".json"), encoding="utf-8") as f:
            js = json.load(f)
        self.assertEqual(r.stdout.strip(), md.strip(), "the table is printed too")
        return md, js

    def test_everything_available(self):
        md, js = self.harness("all")
        rows = {r["key"]: r for r in js["rows"]}
        self.assertEqual(len(js["rows"]), 10)
        for key in ("cl_j1", "cl_j2", "ratio_j2_j1", "small_ms", "rss_mib", "doubling", "pack"):
            self.assertNotIn("not available", rows[key]["value"], key)
            self.assertIsNotNone(rows[key]["number"], key)
        for key in ("ratio_j2_j1", "small_ms", "rss_mib", "doubling", "pack"):
            self.assertIn(rows[key]["status"], ("met", "**not met**"))
        self.assertEqual(len(js["commands"]["cl_j1"]["times_s"]), 2)
        self.assertEqual(len(js["commands"]["small"]["times_s"]), 3)
        self.assertGreater(js["meta"]["output_lines"]["cl_j1"], 0)
        self.assertEqual(js["meta"]["claimlint_version"], "claimlint 0.0.0-fake")
        self.assertIn("seed 1", md)
        self.assertIn("| nproc |", md)
        self.assertGreater(rows["rss_mib"]["number"], 1)
        # the synthetic pack is 10x the default pack's literal count
        self.assertIn("80 literals = 10 × 8 default", rows["pack"]["value"])

    def test_missing_features_are_not_available_rows(self):
        md, js = self.harness("missing", "jsonl,files-from,literals,rules,j")
        rows = {r["key"]: r for r in js["rows"]}
        for key in ("cl_j1", "cl_j2", "rg_j1", "rg_j2", "ratio_j1_rg", "ratio_j2_j1", "rss_mib", "doubling",
                    "pack"):
            self.assertIn("not available", rows[key]["value"], key)
        self.assertNotIn("not available", rows["small_ms"]["value"])
        self.assertIn("--format jsonl", rows["cl_j1"]["value"])

    def test_only_files_from_missing(self):
        md, js = self.harness("nofiles", "files-from")
        rows = {r["key"]: r for r in js["rows"]}
        self.assertIn("--files-from", rows["doubling"]["value"])
        self.assertIsNotNone(rows["cl_j1"]["number"])

    def test_realistic_corpus_rows(self):
        md, js = self.harness("realistic", extra=["--realistic", self.corpus])
        rows = {r["key"]: r for r in js["rows"]}
        self.assertEqual(len(js["rows"]), 14)
        self.assertIsNotNone(rows["cl_real_j1"]["number"])
        self.assertIn("≥ 0.33× (1/3)", rows["ratio_real_j1_rg"]["target"])
        self.assertIn("≥ 0.10× (1/10)", rows["ratio_j1_rg"]["target"])
        # the same corpus twice: the same findings per MiB
        dense, real = rows["findings_per_mib"]["value"].replace(",", "").split()[1::2]
        self.assertEqual(dense, real)
        self.assertIn("realistic corpus", md)

    def test_without_rg_nothing_is_installed_and_the_rg_rows_say_so(self):
        # PATH without rg (nor cargo): the rows are skipped, not installed for.
        empty = os.path.join(self.tmp, "empty-bin")
        os.makedirs(empty, exist_ok=True)
        path = empty + os.pathsep + os.path.dirname(sys.executable)
        if shutil.which("rg", path=path):
            self.skipTest("rg sits beside python3")
        home = os.environ.get("HOME")
        os.environ["HOME"] = self.tmp       # no ~/.cargo/bin/rg either
        try:
            md, js = self.harness("norg", path=path)
        finally:
            if home is not None:
                os.environ["HOME"] = home
        rows = {r["key"]: r for r in js["rows"]}
        self.assertIn("rg not available", rows["rg_j1"]["value"])
        self.assertIn("rg is not on PATH", md)
        self.assertIsNotNone(rows["cl_j1"]["number"])

    def test_missing_binary(self):
        md, js = self.harness("nobin", binary=os.path.join(self.tmp, "no-such-claimlint"))
        self.assertTrue(all(r["number"] is None for r in js["rows"]))
        self.assertIn("binary not found", md)

    def test_failing_runs_are_reported(self):
        # A binary that always exits 2: every claimlint row says so, nothing crashes.
        bad = os.path.join(self.tmp, "bad.sh")
        with open(bad, "w") as f:
            f.write("#!/bin/sh\necho 'panicked at src/main.rs' >&2\nexit 2\n")
        os.chmod(bad, 0o755)
        md, js = self.harness("bad", binary=bad)
        self.assertIn("panicked", md)

    # -- pieces ------------------------------------------------------------------------------
    def test_run_once_reports_rss_exit_and_timeout(self):
        r = run.run_once([sys.executable, "-c", "import sys; b = bytearray(60 << 20); sys.exit(1)"])
        self.assertEqual(r.rc, 1)
        self.assertGreater(r.maxrss_kib, 60 * 1024)
        r = run.run_once([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
        self.assertIsNotNone(r.error)
        self.assertLess(r.wall, 10)
        r = run.run_once([os.path.join(self.tmp, "nope")])
        self.assertIn("cannot start", r.error)

    def test_split_half_balances_bytes(self):
        files = run.corpus_files(self.corpus)
        half, hb = run.split_half(files)
        total = sum(s for _, s in files)
        self.assertAlmostEqual(hb / total, 0.5, delta=0.05)
        self.assertFalse(any(os.path.basename(p).startswith(".") for p, _ in files))


if __name__ == "__main__":
    unittest.main()
