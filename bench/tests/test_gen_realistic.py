"""Tests of bench/gen_realistic.py: reproducible, saved-page shaped, every document's text inside."""
import hashlib
import html
import json
import os
import shutil
import sys
import tempfile
import unittest

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, BENCH)
import gen_realistic as G  # noqa: E402


def digest(root):
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in sorted(os.walk(root)):
        dirnames.sort()
        for fn in sorted(filenames):
            p = os.path.join(dirpath, fn)
            h.update(os.path.relpath(p, root).encode())
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


class GenRealisticTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="bench-realistic-test-")
        cls.a = os.path.join(cls.tmp, "a")
        cls.info = G.generate(cls.a, 3, 7, G.os.path.join(BENCH, "..", "corpus", "real"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def pages(self):
        for dirpath, _, filenames in os.walk(self.a):
            for fn in filenames:
                if fn.endswith(".html"):
                    yield os.path.join(dirpath, fn)

    def test_same_seed_same_bytes(self):
        b = os.path.join(self.tmp, "b")
        G.generate(b, 3, 7, os.path.join(BENCH, "..", "corpus", "real"))
        self.assertEqual(digest(self.a), digest(b))

    def test_size_languages_and_page_shape(self):
        self.assertGreaterEqual(self.info["bytes"], 3 << 20)
        self.assertEqual(set(os.listdir(self.a)), {"ja", "zh", "en", ".gen_realistic.json"})
        for p in self.pages():
            size = os.path.getsize(p)
            self.assertTrue(40 * 1024 <= size <= 400 * 1024, (p, size))
            with open(p, encoding="utf-8") as f:
                text = f.read()
            for needle in ("<!doctype html>", "<meta property=\"og:title\"", "<style", "application/ld+json",
                           "<nav", "<main", "<article", "<footer", "cookie", "</html>"):
                self.assertIn(needle, text, (p, needle))
        self.assertLess(self.info["prose_share"], 0.06)

    def test_every_block_of_the_document_is_in_its_page(self):
        docs = {d["name"].rsplit(".", 1)[0]: d for d in G.documents(os.path.join(BENCH, "..", "corpus", "real"))}
        for p in self.pages():
            with open(p, encoding="utf-8") as f:
                text = f.read()
            doc = docs[os.path.basename(p)[:-len(".html")]]
            for _, lines in doc["blocks"]:
                for line in lines:
                    self.assertIn(html.escape(line, quote=False), text, p)

    def test_text_blocks_lists_headings_paragraphs(self):
        blocks = G.text_blocks(["見出しです", "", "一行目。", "二行目。", "", "・項目A", "・項目B"])
        self.assertEqual(blocks, [("h2", ["見出しです"]), ("p", ["一行目。", "二行目。"]), ("ul", ["項目A", "項目B"])])

    def test_html_documents_lose_their_own_chrome(self):
        blocks = G.html_blocks("<html><head><title>T</title></head><body><nav><a>Home</a></nav>"
                               "<h1>Title</h1><p>Cures it.</p><ul><li>a</li><li>b</li></ul>"
                               "<script>x()</script><footer>f</footer></body></html>")
        self.assertEqual(blocks, [("h2", ["Title"]), ("p", ["Cures it."]), ("ul", ["a", "b"])])

    def test_tallies_are_recorded(self):
        with open(os.path.join(self.a, ".gen_realistic.json"), encoding="utf-8") as f:
            info = json.load(f)
        self.assertEqual(info["seed"], 7)
        self.assertEqual(sum(info["pages_per_language"].values()), info["pages"])


if __name__ == "__main__":
    unittest.main()
