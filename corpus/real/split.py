#!/usr/bin/env python3
"""The fixed dev/test split of corpus/real, by source site.

A site's split is the parity of the first byte of SHA-256 of its registrable domain (lower case, no
"www."), so every document modelled on one site lands in the same half, whoever writes it and when.
Usage: python3 corpus/real/split.py SITE [SITE ...]   -> prints "SITE dev|test" per site.
"""
import hashlib
import sys


def split_of(site: str) -> str:
    site = site.strip().lower()
    if site.startswith("www."):
        site = site[4:]
    return "dev" if hashlib.sha256(site.encode("utf-8")).digest()[0] % 2 == 0 else "test"


if __name__ == "__main__":
    for s in sys.argv[1:]:
        print(s, split_of(s))
