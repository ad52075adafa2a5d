"""Shared by the binding and Spark tests: the repository, the CLI binary, the corpus documents."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def claimlint_bin() -> str:
    """The CLI to compare with: $CLAIMLINT_BIN, else target/debug/claimlint (built by .ci/spark.sh)."""
    path = os.environ.get("CLAIMLINT_BIN", str(ROOT / "target/debug/claimlint"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"no claimlint binary at {path}; run `cargo build` or set CLAIMLINT_BIN")
    return path


def corpus_documents():
    """(id, kind, text) of every UTF-8 .txt and .html document of corpus/synthetic (read-only)."""
    docs = []
    for p in sorted((ROOT / "corpus/synthetic").rglob("*")):
        kind = {".txt": "text", ".html": "html"}.get(p.suffix)
        if kind is None or not p.is_file():
            continue
        try:
            text = p.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # legacy encodings: the CLI decodes them, a str column would not
        if text.startswith("\ufeff"):
            continue  # the CLI drops a file's BOM; a record keeps it
        docs.append((str(p.relative_to(ROOT)), kind, text))
    return docs


def cli_json(claimlint_bin, paths):
    """`claimlint check --format json` on `paths` (relative to the repository): path -> file."""
    out = subprocess.run(
        [claimlint_bin, "check", "--no-config", "--format", "json", "--no-progress", *paths],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr.decode()
    import json

    return {f["path"]: f for f in json.loads(out.stdout)["files"]}
