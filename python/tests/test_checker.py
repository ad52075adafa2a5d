"""The binding: JSON-contract dicts, offsets, errors, batches, the GIL."""

import json
import subprocess
import threading

import pytest

import claimlint

from conftest import corpus_documents

TEXT = "当院の幹細胞治療で糖尿病が完治します。"


@pytest.fixture(scope="module")
def checker():
    return claimlint.Checker()


def test_findings_carry_the_json_contract_keys_and_both_offsets(checker):
    found = checker.check(TEXT)
    assert found, "the sample is a cure claim"
    data = TEXT.encode("utf-8")
    for f in found:
        assert data[f["start"] : f["end"]].decode("utf-8") == f["matched"]
        assert TEXT[f["char_start"] : f["char_end"]] == f["matched"]
        assert {"rule", "category", "severity", "message", "line", "column", "codes"} <= f.keys()


def test_findings_equal_the_record_stream_of_the_cli(checker, claimlint_bin):
    docs = corpus_documents()[::7]
    records = "".join(json.dumps({"id": i, kind: text}) + "\n" for i, (_, kind, text) in enumerate(docs))
    out = subprocess.run(
        [claimlint_bin, "check", "--records", "--no-config"], input=records.encode(), capture_output=True
    )
    answers = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(answers) == len(docs)
    for (_, kind, text), answer in zip(docs, answers):
        doc = checker.check_document(text, kind)
        mine = [{k: v for k, v in f.items() if not k.startswith("char_")} for f in doc["findings"]]
        assert mine == answer["findings"]
        assert doc["language"] == answer["language"]


def test_errors_are_claimlint_errors_with_the_cli_messages(checker, tmp_path):
    with pytest.raises(claimlint.ClaimlintError, match=r"unknown kind `pdf` \(expected text, html or markdown\)"):
        checker.check("x", kind="pdf")
    with pytest.raises(ValueError, match="unknown language `fr`"):
        checker.check("x", lang="fr")
    with pytest.raises(claimlint.ClaimlintError, match="unknown rule or category `nope`"):
        claimlint.Checker(disable=["nope"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [\n")
    with pytest.raises(claimlint.ClaimlintError, match="bad.yaml:"):
        claimlint.Checker([bad])


def test_batch_answers_in_order_like_single_checks(checker):
    docs = corpus_documents()[:60]
    texts = [t for _, _, t in docs]
    kinds = [k for _, k, _ in docs]
    batch = checker.check_batch(texts, kinds, jobs=3)
    assert batch == [checker.check_document(t, k) for t, k in zip(texts, kinds)]
    assert checker.check_batch([]) == []
    with pytest.raises(claimlint.ClaimlintError, match="2 kinds for 1 texts"):
        checker.check_batch(["a"], ["text", "html"])


def test_clean_text_has_no_findings_and_binary_text_is_skipped(checker):
    assert checker.check("Our clinic is open Monday to Friday.", lang="en") == []
    doc = checker.check_document("\x00\x01binary")
    assert doc["skipped"] and doc["findings"] == []


def test_the_gil_is_released_while_checking(checker):
    texts = [t for _, _, t in corpus_documents()] * 3
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    t = threading.Thread(target=count)
    t.start()
    try:
        before = ticks
        checker.check_batch(texts, jobs=1)
        during = ticks - before
    finally:
        stop.set()
        t.join()
    # Holding the GIL, the counting thread would get at most a switch or two in one call.
    assert during > 10_000, during
