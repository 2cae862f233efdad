"""What the audit's findings say, in the reader's language.

Each check's query returns its message as a key and values (`{key: 'cycle', size: 3, chain: …}`);
`message` makes that a `Text` from the templates below (English ids; Chinese in the catalogue).
Values that name a tier, status or measure are translated too; lists are joined in the
locale's way; a value the record lacks reads "(not recorded)".
"""

from __future__ import annotations

from typing import Any

from policygraph.i18n import N_, Text

MESSAGES: dict[str, str] = {
    "base-not-placed": N_(
        "No guiding document is recorded above this base document. If a source places it under the guiding "
        "plan, add placed_under with that source; do not add a based_on link the document itself does not make."
    ),
    "basis-out-of-time-order": N_(
        "Issued {issued_on}, but based on {basis} ({basis_title}), issued later, on {basis_issued_on}. "
        "A document cannot rest on one written after it: check the link and both dates."
    ),
    "cycle": N_("BASED_ON cycle of {size}: {chain}. A document cannot rest on itself; remove one of these links."),
    "doc-number-duplicate": N_(
        "Its 发文字号 {number} is also the number of {others}. Check the number against the document itself; "
        "if they are one document, merge the records."
    ),
    "doc-number-unparsed": N_(
        "Its 发文字号 {number} does not read as issuer code, year in brackets and number (e.g. 昆组通〔2019〕80号); "
        "it is kept as written. Check it against the document."
    ),
    "doc-number-year-mismatch": N_(
        "Its 发文字号 {number} says {year}, but it was issued on {issued_on}. Correct the number or the issue "
        "date, from the document itself."
    ),
    "expired-in-force": N_(
        "Effective until {until}, but the status still says {status}. Set status repealed, or record the "
        "extension in effective_until."
    ),
    "expiring": N_(
        "In force until {until}, {days} day(s) from {today}. Decide in time: extend it (a new effective_until, "
        "with its source), replace it, or let it lapse."
    ),
    "idle-department": N_(
        "This department is responsible for no document. Record what it leads or co-leads, or remove it if it "
        "has no role."
    ),
    "inferred-record": N_(
        "The record itself is inferred: {reason} Replace it with a stated claim when a source is found, or remove it."
    ),
    "inferred-link": N_(
        "Inferred link {from} -[{claim}]-> {to}: {reason} Replace it with a stated claim when a source is found, "
        "or remove it."
    ),
    "no-lead": N_(
        "Departments are responsible ({departments}) but none leads. Mark the lead department with role lead."
    ),
    "no-pillar": N_(
        "No pillar is reached: neither this document nor anything it rests on or is placed under implements a "
        "pillar. Add the pillar it serves to implements, with its source."
    ),
    "ownerless": N_(
        "No department is responsible for this document. Record its lead department (responsible, role lead)."
    ),
    "pillar-multiple-bases": N_(
        "{count} base documents implement this pillar ({bases}); a pillar rests on one. Keep one as base and make "
        "the others supporting."
    ),
    "pillar-without-base": N_(
        "No base document implements this pillar. Record the document it rests on with tier base and "
        "implements: [{pillar}]."
    ),
    "provisional-overdue": N_(
        "Provisional (试行/暂行) and in force since {since}, more than {years} years, with no end date recorded. "
        "Make it permanent (a new document that replaces it), extend it with an end date and its source, or repeal it."
    ),
    "repealed-without-successor": N_(
        "Repealed, with no successor (no document REPLACES it), yet {count} document(s) in force rest on it: "
        "{resting}. Record the document that replaces it, or review those that rest on it (amend or repeal them)."
    ),
    "repealed-without-successor-from": N_(
        "Repealed from {day}, with no successor (no document REPLACES it), yet {count} document(s) in force rest "
        "on it: {resting}. Record the document that replaces it, or review those that rest on it (amend or "
        "repeal them)."
    ),
    "stale-basis-repealed": N_(
        "In force ({status}) but based on {basis} ({basis_title}), which is repealed. Update its basis, or review "
        "whether it still stands."
    ),
    "stale-basis-not-issued": N_(
        "In force ({status}) but based on {basis} ({basis_title}), which is not yet issued ({basis_status}). "
        "Update its basis, or review whether it still stands."
    ),
    "suspect": N_(
        "Its basis {basis} changed (change #{change}: {reason}). Check this document against it, then mark it reviewed."
    ),
    "topic-uncovered": N_(
        "No recorded document covers this topic: the documents on it are missing from the record, or not made "
        "yet. Record them with covers, each with its source."
    ),
    "unanchored-untied": N_(
        "This {tier} document has no recorded basis and no recorded place in the framework, so nothing ties it "
        "to a guiding document. Record what it rests on (based_on) or where the scheme places it (placed_under), "
        "each with its source."
    ),
    "unanchored-broken": N_(
        "What it rests on or is placed under ({related}) leads to no guiding document either. The chain is "
        "broken higher up."
    ),
    "unplaced": N_(
        "No source places this document among the framework's tiers, so its membership in the declared count "
        "is unknown. Record its tier when a source states it."
    ),
    "unplaced-tied": N_(
        "No source places this document among the framework's tiers, so its membership in the declared count "
        "is unknown (it is tied to {ties}). Record its tier when a source states it."
    ),
    "declared-gap": N_(
        "Declared {declared} {measure}, recorded {recorded} ({gap}). Record the missing documents with their "
        "sources, or correct the declared count with its source."
    ),
    "declared-gap-over": N_("{count} more than declared"),
    "declared-gap-missing": N_("{count} missing"),
    "declared-gap-range": N_(
        "at least {least} and at most {most} missing: {unknown} recorded document(s) might count here, but no "
        "source says whether they do"
    ),
}

TIER_NAMES = {
    "guiding": N_("guiding"),
    "base": N_("base"),
    "supporting": N_("supporting"),
    "unknown": N_("tier unknown"),
}
STATUS_NAMES = {
    "planned": N_("planned"),
    "drafting": N_("drafting"),
    "issued": N_("issued"),
    "amended": N_("amended"),
    "repealed": N_("repealed"),
    "unknown": N_("status unknown"),
}
MEASURE_NAMES = {
    "documents": N_("documents"),
    "issued": N_("issued"),
    "guiding": N_("guiding documents"),
    "base": N_("base documents"),
    "supporting": N_("supporting documents"),
}
NAMED_VALUES = {"tier": TIER_NAMES, "status": STATUS_NAMES, "basis_status": STATUS_NAMES, "measure": MEASURE_NAMES}
NOT_RECORDED = Text(N_("(not recorded)"))


def message(said: dict[str, Any]) -> Text:
    """A finding's message from what its query returned (`key` and values)."""
    params = {name: value for name, value in said.items() if name not in ("key", "more")}
    for name, value in params.items():
        if value is None:
            params[name] = NOT_RECORDED
        elif name in NAMED_VALUES and value in NAMED_VALUES[name]:
            params[name] = Text(NAMED_VALUES[name][value])
        elif isinstance(value, list) and said.get("more"):
            params[name] = [*value, "..."]
    return Text(MESSAGES[said["key"]], params)
