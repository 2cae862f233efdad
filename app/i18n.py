"""Text for people, in zh-CN (the default) and en, from one gettext message catalogue.

The English text is the message id (gettext's convention); the Chinese is in
`locales/zh_CN/LC_MESSAGES/policygraph.po`, read with Babel when first needed. Code marks text
with `_()` (a `Text` rendered later, in the reader's locale) or `N_()` (a constant, looked up by
`gettext`). `pybabel extract` finds both (docs/architecture.md, "Text for people").

The locale comes from the request (`?lang=`, then Accept-Language) or the command, else the
`locale` setting; `current` holds it for the code that renders.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from policygraph.resources import LOCALES


class Locale(StrEnum):
    zh = "zh-CN"
    en = "en"

    @property
    def html_lang(self) -> str:
        return self.value


DEFAULT = Locale.zh
DOMAIN = "policygraph"
current: ContextVar[Locale] = ContextVar("locale", default=DEFAULT)


def N_(msgid: str) -> str:
    """Marks a constant for the catalogue; `gettext` translates it where it is shown."""
    return msgid


@cache
def _catalogue() -> dict[str, str]:
    """The Chinese translations by message id (fuzzy and empty entries left out)."""
    from babel.messages.pofile import read_po  # only the first render pays for the import

    with (LOCALES / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalogue = read_po(po)
    return {
        str(message.id): str(message.string)
        for message in catalogue
        if message.id and message.string and not message.fuzzy
    }


def gettext(msgid: str, locale: Locale | None = None) -> str:
    """`msgid` in `locale` (the current one by default); the English text where none is held."""
    if (locale or current.get()) is Locale.en:
        return msgid
    return _catalogue().get(msgid, msgid)


def _value(value: object, locale: Locale) -> str:
    if isinstance(value, Text):
        return value.render(locale)
    if isinstance(value, list | tuple):
        return list_separator(locale).join(_value(item, locale) for item in value)
    return str(value)


def list_separator(locale: Locale) -> str:
    return "、" if locale is Locale.zh else ", "


@dataclass(frozen=True)
class Text:
    """A message and its values, rendered in a locale when shown (English by `str()`, for logs)."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    english: str | None = None  # the English as another library wrote it, when it differs in detail

    def render(self, locale: Locale | None = None) -> str:
        locale = locale or current.get()
        if locale is Locale.en and self.english is not None:
            return self.english
        text = gettext(self.msgid, locale)
        if not self.params:
            return text  # a constant: its braces are text, not placeholders
        return text.format_map({name: _value(value, locale) for name, value in self.params.items()})

    def __str__(self) -> str:
        return self.render(Locale.en)


def _(msgid: str, **params: Any) -> Text:
    """A message to render later, in its reader's locale."""
    return Text(msgid, params)


def render(value: object, locale: Locale | None = None) -> str:
    """A `Text` in `locale`; anything else as it is."""
    return _value(value, locale or current.get())


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def parse_locale(value: str | None) -> Locale | None:
    """`zh`, `zh-CN`, `zh_Hans`, `en-GB`… as one of ours; None for anything else."""
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return {"zh": Locale.zh, "en": Locale.en}.get(primary)


def negotiate(lang: str | None, accept_language: str | None, default: Locale = DEFAULT) -> Locale:
    """`?lang=` first, then the most preferred Accept-Language we speak, then `default`."""
    chosen = parse_locale(lang)
    if chosen is not None:
        return chosen
    for tag in _by_preference(accept_language or ""):
        if tag == "*":
            return default
        found = parse_locale(tag)
        if found is not None:
            return found
    return default


def _by_preference(header: str) -> Iterable[str]:
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):  # bounded: a header of a thousand tags costs 20
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag and weight > 0:
            ranked.append((-weight, index, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]
