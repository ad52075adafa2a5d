"""Tests of bench/gen_pack.py against docs/pack-format.md (as far as Python can check it)."""
import os
import re
import subprocess
import sys
import unittest

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, BENCH)
import gen_pack  # noqa: E402

try:
    import yaml  # only for this test; the harness itself needs no third-party module
except ImportError:  # pragma: no cover
    yaml = None

CATEGORIES = {"curative-claim", "unapproved-indication", "anti-aging", "immunity-boost", "missing-disclosure",
              "safety-guarantee", "efficacy-rate", "superlative", "testimonial", "approval-misrepresentation"}
RULE_KEYS = {"id", "category", "severity", "languages", "message", "suggestion", "references", "codes",
             "patterns", "exceptions", "examples", "requires"}
TOP_KEYS = {"pack", "version", "description", "lexicons", "contexts", "defaults", "rules", "products",
            "product_checks"}


class GenPackTest(unittest.TestCase):
    def test_deterministic(self):
        a, n1 = gen_pack.generate(300, 8, 5)
        b, n2 = gen_pack.generate(300, 8, 5)
        c, _ = gen_pack.generate(300, 8, 6)
        self.assertEqual(a, b)
        self.assertNotEqual(a, c)
        self.assertEqual(n1, 2400)

    def test_cli_literals_sizes_the_pack(self):
        out = subprocess.run([sys.executable, os.path.join(BENCH, "gen_pack.py"), "--literals", "1000"],
                             capture_output=True, text=True, check=True).stdout
        self.assertEqual(out.count("  - id: "), 125)

    @unittest.skipIf(yaml is None, "PyYAML not installed")
    def test_valid_pack(self):
        text, n_lit = gen_pack.generate(3000, 8, 1)
        d = yaml.safe_load(text)
        self.assertLessEqual(set(d), TOP_KEYS)
        self.assertEqual(d["pack"], "synthetic-bench")
        self.assertIsInstance(d["version"], str)
        ids = [r["id"] for r in d["rules"]]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertTrue(all(i.startswith("synthetic.") for i in ids))
        lits = []
        n_regex = n_cooc = 0
        for r in d["rules"]:
            self.assertLessEqual(set(r), RULE_KEYS)
            self.assertIn(r["category"], CATEGORIES)
            self.assertIn(r["severity"], {"error", "warning", "info"})
            self.assertTrue(set(r["languages"]) <= {"ja", "zh", "en"})
            self.assertTrue(r["message"])
            for c in r["exceptions"]:
                self.assertIn(c, d["contexts"])
            for p in r["patterns"]:
                # Patterns are tagged by `kind` (docs/pack-format.md).
                kind = p["kind"]
                if kind == "literal":
                    self.assertEqual(set(p), {"kind", "phrases"})
                    lits.extend(p["phrases"])
                elif kind == "regex":
                    self.assertEqual(set(p), {"kind", "regex"})
                    n_regex += 1
                    v = p["regex"]
                    self.assertEqual(v, v.lower(), "regexes are written in lower case")
                    self.assertNotRegex(v.replace("(?-u:\\b)", ""), r"\\[bB]", "no Unicode word boundaries")
                elif kind == "cooccurrence":
                    self.assertEqual(set(p), {"kind", "a", "b"})
                    n_cooc += 1
                    for side in ("a", "b"):
                        for t in p[side]:
                            self.assertIn(t[1:], d["lexicons"])
                else:
                    self.fail(kind)
        self.assertEqual(len(lits), n_lit)
        self.assertEqual(len(lits), len(set(lits)), "phrases are unique")
        self.assertTrue(all(p.strip() == p and p for p in lits))
        self.assertGreater(n_regex, 200)
        self.assertGreater(n_cooc, 80)
        for lang, pat in (("ja", "[ぁ-んァ-ン一-龯]"), ("zh", "[一-龯]"), ("en", "^[a-z ]+$")):
            ph = [x for r in d["rules"] if r["languages"] == [lang] for p in r["patterns"] for x in p.get("phrases", [])]
            self.assertTrue(ph)
            self.assertTrue(all(re.search(pat, x) for x in ph), lang)
        for name, entries in d["contexts"].items():
            for e in entries:
                self.assertIn(e["where"], {"sentence", "before", "after"})


if __name__ == "__main__":
    unittest.main()
