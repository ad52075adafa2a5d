"""claimlint on Spark: a DataFrame of documents in, a DataFrame of findings out.

    from claimlint.spark import findings
    out = findings(pages, id_col="url", text_col="html", kind="html")

Built on ``mapInArrow``: each Python worker compiles one :class:`claimlint.Checker` (cached for
the life of the worker process) and checks whole Arrow batches with the GIL released. The
``claimlint`` wheel must be installed on every executor (see the README, "Spark").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional, Sequence

if TYPE_CHECKING:  # pyspark and pyarrow are needed only where this module is used
    import pyarrow
    from pyspark.sql import DataFrame

#: Output columns after the id column, in order.
COLUMNS = (
    "language",
    "rule",
    "category",
    "severity",
    "codes",
    "start",
    "end",
    "line",
    "column",
    "matched",
    "error",
)

_CHECKERS: dict = {}


def _checker(rules: tuple, disable: tuple):
    """One Checker per worker process and pack set: compiling the packs takes ~100 ms."""
    key = (rules, disable)
    if key not in _CHECKERS:
        import claimlint

        _CHECKERS[key] = claimlint.Checker(list(rules), disable=list(disable))
    return _CHECKERS[key]


def findings(
    df: "DataFrame",
    id_col: str = "id",
    text_col: str = "text",
    *,
    kind: str = "text",
    kind_col: Optional[str] = None,
    lang: Optional[str] = None,
    rules: Sequence[str] = (),
    disable: Sequence[str] = (),
    include_clean: bool = True,
) -> "DataFrame":
    """Checks every row of ``df`` and returns one row per finding.

    Columns: the id column (its name and type kept), ``language``, ``rule``, ``category``,
    ``severity``, ``codes`` (array of strings), ``start``/``end`` (UTF-8 **byte** offsets into
    the text, as in the JSON contract; in Python ``text.encode()[start:end].decode() == matched``),
    ``line``/``column`` (1-based, characters), ``matched`` and ``error``.

    With ``include_clean`` (the default) a document without findings still gives one row, with
    ``rule`` null, so every input row is accounted for; a row that cannot be checked (a null
    text, an unknown kind) gives one row with ``error`` set. ``kind`` is ``text``, ``html`` or
    ``markdown`` for every row, or ``kind_col`` names a column holding it per row. ``rules`` are
    paths of extra packs, readable on every executor.
    """
    from pyspark.sql.types import (
        ArrayType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    id_field = df.schema[id_col]
    schema = StructType(
        [
            StructField(id_col, id_field.dataType, True),
            StructField("language", StringType(), True),
            StructField("rule", StringType(), True),
            StructField("category", StringType(), True),
            StructField("severity", StringType(), True),
            StructField("codes", ArrayType(StringType(), True), True),
            StructField("start", LongType(), True),
            StructField("end", LongType(), True),
            StructField("line", LongType(), True),
            StructField("column", LongType(), True),
            StructField("matched", StringType(), True),
            StructField("error", StringType(), True),
        ]
    )
    cols = [id_col, text_col] + ([kind_col] if kind_col else [])
    rules_t, disable_t = tuple(str(r) for r in rules), tuple(disable)

    def check_batches(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        import pyarrow as pa

        checker = _checker(rules_t, disable_t)
        for batch in batches:
            ids = batch.column(0).to_pylist()
            texts = batch.column(1).to_pylist()
            kinds = batch.column(2).to_pylist() if kind_col else [kind] * len(texts)
            out = {name: [] for name in (id_col,) + COLUMNS}

            def row(i, language=None, f=None, error=None):
                out[id_col].append(ids[i])
                out["language"].append(language)
                for key in ("rule", "category", "severity", "codes", "start", "end", "line", "column", "matched"):
                    out[key].append(f[key] if f else None)
                out["error"].append(error)

            todo = [i for i, t in enumerate(texts) if t is not None and kinds[i] is not None]
            for i, t in enumerate(texts):
                if t is None or kinds[i] is None:
                    row(i, error="no text" if t is None else "no kind")
            # One call per batch: the texts are checked with the GIL released.
            try:
                docs = checker.check_batch([texts[i] for i in todo], [kinds[i] for i in todo], lang, 1)
            except ValueError:
                # A bad kind or lang fails the whole call; find the row(s) one by one.
                docs = []
                for i in todo:
                    try:
                        docs.append(checker.check_document(texts[i], kinds[i], lang))
                    except ValueError as e:
                        docs.append(e)
            for i, doc in zip(todo, docs):
                if isinstance(doc, Exception):
                    row(i, error=str(doc))
                    continue
                if not doc["findings"]:
                    if include_clean or doc["skipped"]:
                        row(i, language=doc["language"], error="skipped" if doc["skipped"] else None)
                for f in doc["findings"]:
                    row(i, language=doc["language"], f=f)
            yield pa.RecordBatch.from_pydict(out, schema=_arrow_schema(batch.schema.field(0).type, id_col))

    return df.select(*cols).mapInArrow(check_batches, schema)


def _arrow_schema(id_type, id_col: str):
    import pyarrow as pa

    return pa.schema(
        [
            pa.field(id_col, id_type),
            pa.field("language", pa.string()),
            pa.field("rule", pa.string()),
            pa.field("category", pa.string()),
            pa.field("severity", pa.string()),
            pa.field("codes", pa.list_(pa.string())),
            pa.field("start", pa.int64()),
            pa.field("end", pa.int64()),
            pa.field("line", pa.int64()),
            pa.field("column", pa.int64()),
            pa.field("matched", pa.string()),
            pa.field("error", pa.string()),
        ]
    )
