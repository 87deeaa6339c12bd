"""Glob patterns for paths and names: `*` within a segment, `**` across segments.

>>> match_any("src/shop/tests/test_x.py", ["**/tests/**"])
True
>>> match_any("invoice_lines", ["invoice_*"])
True
>>> match_any("shop.billing.api", ["shop.billing.*"])
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """A compiled regular expression for one glob pattern."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def match_any(text: str, patterns: Iterable[str]) -> bool:
    return any(compile_glob(p).match(text) for p in patterns)
