"""claimlint: finds prohibited advertising claims in clinic and regenerative-medicine copy (ja/zh/en).

    >>> import claimlint
    >>> checker = claimlint.Checker()          # compiles the packs once
    >>> [f["rule"] for f in checker.check("当院の治療でがんが治ります。")]
    ['ja.curative.cure-verb']

Findings are the dicts of the command line's JSON contract (``--format json``): ``start``/``end``
are UTF-8 byte offsets into the text, ``char_start``/``char_end`` the same positions in characters
(``text[f["char_start"]:f["char_end"]] == f["matched"]``). Checking releases the GIL.
``claimlint.spark`` runs a Checker per Spark worker.
"""

from ._claimlint import MAX_RECORD_BYTES, Checker, ClaimlintError, __version__

__all__ = ["Checker", "ClaimlintError", "MAX_RECORD_BYTES", "__version__"]
