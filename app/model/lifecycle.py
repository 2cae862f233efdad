"""What a document's title says about its time: the period it names (规划纲要（2018—2035年）,
实施方案（2021—2025年）) and whether it is provisional (试行, 暂行).

Both are read from the title as written, stored beside it (derived, never typed twice), and used
by the lifecycle audit (docs/audit.md).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

# 2018—2035年, 2021-2025, 2021～2025年, 2021至2025年: a span of two full years, the second not earlier.
_SPAN = re.compile(r"(?<!\d)(\d{4})\s*年?\s*(?:[-‐‑‒–—―~～至到]{1,2})\s*(\d{4})\s*年?(?!\d)")
PROVISIONAL_WORDS = ("试行", "暂行")
# The days a point-in-time question (as_of, a diff) may name: far enough either way for any
# register, near enough that date arithmetic in the queries (a day later, N days ahead) stays in range.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


@dataclass(frozen=True)
class Period:
    start: int
    end: int


def title_period(title: str) -> Period | None:
    """The span of years a title names, or None (no span, or one running backwards)."""
    match = _SPAN.search(unicodedata.normalize("NFKC", title))
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    return Period(start, end) if 1949 <= start <= end <= 2100 else None


def provisional(title: str) -> bool:
    """True when the title marks the document provisional (试行 or 暂行)."""
    return any(word in title for word in PROVISIONAL_WORDS)
