"""Schemathesis hooks (loaded by tests/test_fuzz.py through SCHEMATHESIS_HOOKS, never imported by a
test): besides what Schemathesis generates from the schema, every other case carries one of the
inputs that once broke the service: superscript and Arabic-Indic digits, a
number past 64 bits, a spreadsheet formula, a NUL byte, a forged log line, JSON nested 1,000 deep,
a YAML alias bomb, a reused Idempotency-Key. A quarter of the generated dry runs stay dry runs."""

from __future__ import annotations

import itertools
from typing import Any

import schemathesis

# A lone surrogate cannot be sent by Schemathesis (its client encodes UTF-8 strictly); the JSON
# escape "\\ud800" is sent by tests/test_acknowledgements.py instead.
HOSTILE_STRINGS = ["²", "١٢", "9999999999999999999", "=cmd|'/C calc'!A0", "a\x00b", "x%0Ay", "長" * 1900]
HOSTILE_NUMBERS = [9223372036854775808, -9223372036854775809, 10**30]
ALIAS_BOMB = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8)
)
_turn = itertools.count()


def _nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


def _spoil(value: Any, hostile: Any) -> Any:
    """The value with its first string (or number) replaced by a hostile one."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                return {**value, key: hostile if isinstance(item, str) == isinstance(hostile, str) else item}
            if isinstance(item, dict | list):
                return {**value, key: _spoil(item, hostile)}
    if isinstance(value, list) and value:
        return [_spoil(value[0], hostile), *value[1:]]
    return value


@schemathesis.hook
def map_body(ctx: Any, body: Any) -> Any:
    turn = next(_turn)
    if turn % 2:
        return body
    if isinstance(body, str):  # the import's YAML body
        return ALIAS_BOMB
    kind = (turn // 2) % 4
    if kind == 0:
        return _spoil(body, HOSTILE_STRINGS[(turn // 8) % len(HOSTILE_STRINGS)])
    if kind == 1:
        return _spoil(body, HOSTILE_NUMBERS[(turn // 8) % len(HOSTILE_NUMBERS)])
    if kind == 2 and isinstance(body, dict):
        return {**body, "framework": _nested(1000)}
    return body


_dry = itertools.count()


@schemathesis.hook
def map_query(ctx: Any, query: Any) -> Any:
    if query and query.get("dry_run") in (True, "true") and next(_dry) % 4:
        # A dry run audits twice: one write case in eight is one (tests/test_impact.py tests them whole).
        query = {**query, "dry_run": False}
    if not query or next(_turn) % 2:
        return query
    return {
        key: HOSTILE_STRINGS[i % len(HOSTILE_STRINGS)] if isinstance(v, str) else v
        for i, (key, v) in enumerate(query.items())
    }


@schemathesis.hook
def map_headers(ctx: Any, headers: Any) -> Any:
    if headers and "Idempotency-Key" in headers:
        return {**headers, "Idempotency-Key": "fuzz-reused"}  # one key for many requests: replay or 422
    return headers
