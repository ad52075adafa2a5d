"""claimlint.spark in Spark local mode: the findings equal the CLI's on the same documents."""

import collections
import os

import pytest

from conftest import cli_json, corpus_documents

if os.environ.get("CLAIMLINT_SPARK_REQUIRED"):
    import pyspark  # noqa: F401  (.ci/spark.sh: a missing pyspark is a failure, not a skip)
else:
    pytest.importorskip("pyspark", reason="run by .ci/spark.sh, which installs pyspark")


@pytest.fixture(scope="module")
def spark():
    import os
    import sys

    from pyspark.sql import SparkSession

    # Workers run this interpreter, the one claimlint is installed in.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("claimlint-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "40")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_findings_equal_the_cli_and_clean_documents_give_one_empty_row(spark, claimlint_bin):
    from claimlint.spark import findings

    docs = corpus_documents()
    assert len(docs) >= 300, len(docs)
    assert {k for _, k, _ in docs} == {"text", "html"}
    df = spark.createDataFrame(docs, "id string, kind string, text string").repartition(6)
    assert df.rdd.getNumPartitions() == 6
    rows = findings(df, kind_col="kind").collect()

    cli = cli_json(claimlint_bin, [d[0] for d in docs])
    assert len(cli) == len(docs)
    assert {f["language"] for f in cli.values()} >= {"ja", "zh", "en"}
    texts = {i: t for i, _, t in docs}

    by_id = collections.defaultdict(list)
    for r in rows:
        assert r["error"] is None, (r["id"], r["error"])
        by_id[r["id"]].append(r)
    assert set(by_id) == set(texts), "every document gives at least one row"

    clean = 0
    for path, file in cli.items():
        got = by_id[path]
        assert {r["language"] for r in got} == {file["language"]}, path
        if not file["diagnostics"]:
            clean += 1
            assert len(got) == 1 and got[0]["rule"] is None, (path, got)
            continue
        expected = [
            (d["rule"], d["category"], d["severity"], d["codes"], d["start"], d["end"], d["line"], d["column"], d["matched"])
            for d in file["diagnostics"]
        ]
        actual = [
            (r["rule"], r["category"], r["severity"], list(r["codes"]), r["start"], r["end"], r["line"], r["column"], r["matched"])
            for r in got
        ]
        assert sorted(actual) == sorted(expected), path
        # start/end are UTF-8 byte offsets into the document's text.
        data = texts[path].encode("utf-8")
        for r in got:
            assert data[r["start"] : r["end"]].decode("utf-8") == r["matched"], (path, r)
    assert clean > 10, f"only {clean} clean documents"


def test_spark_rows_that_cannot_be_checked_carry_an_error(spark):
    from claimlint.spark import findings

    df = spark.createDataFrame(
        [(1, "完治します", "text"), (2, None, "text"), (3, "x", "pdf")], "id long, text string, kind string"
    )
    rows = {r["id"]: r for r in findings(df, kind_col="kind").collect() if r["rule"] is None}
    assert rows[2]["error"] == "no text"
    assert "unknown kind `pdf`" in rows[3]["error"]
    assert 1 not in rows
