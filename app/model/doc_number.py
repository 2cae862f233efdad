"""发文字号: a document number in the form GB/T 9704-2012 fixes (§7.2.4): the issuer's code
(发文机关代字), the year in hexagonal brackets 〔〕, then the sequence number and 号, e.g.
昆组通〔2019〕80号. The year is written in full, the sequence without leading zeros or 第.

People type variants: [2019], ［2019］, (2019), （2019）, 【2019】, full-width digits, spaces,
a 第 before the sequence, a missing 号, a leading zero. `parse` reads them all into one
normalised form (`key`), used to find a number however it was typed; the text as written is
kept beside it. A number that does not fit the form is kept as written and reported by the
audit (`doc-number-unparsed`), never refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

OPEN = "〔[［(（【〖"
CLOSE = "〕]］)）】〗"
_FORM = re.compile(
    rf"^(?P<issuer>[^{re.escape(OPEN + CLOSE)}\d]+?)"
    rf"[{re.escape(OPEN)}](?P<year>\d{{4}})[{re.escape(CLOSE)}]"
    r"第?(?P<seq>\d{1,6})号?$"
)
FIRST_YEAR, LAST_YEAR = 1949, 2100


@dataclass(frozen=True)
class DocNumber:
    """A parsed 发文字号."""

    issuer: str  # 机关代字, e.g. 昆组通
    year: int
    seq: int

    @property
    def key(self) -> str:
        """The normalised form, GB/T 9704-2012's: 昆组通〔2019〕80号."""
        return f"{self.issuer}〔{self.year}〕{self.seq}号"


def _plain(text: str) -> str:
    """Full-width letters, digits and brackets to half-width (NFKC); spaces of every width dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def parse(text: str | None) -> DocNumber | None:
    """The parts of a 发文字号 in any common variant, or None when it does not fit the form."""
    if not text:
        return None
    match = _FORM.match(_plain(text))
    if not match:
        return None
    year = int(match["year"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return DocNumber(match["issuer"], year, int(match["seq"]))


def lookup_key(text: str) -> str:
    """What to look a typed number up by: its normalised form, or (unparseable) the text without spaces."""
    parsed = parse(text)
    return parsed.key if parsed else _plain(text)
