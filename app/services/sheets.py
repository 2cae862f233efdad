"""The register as a spreadsheet (台账): the layout shared by the workbook (xlsx) and the CSV files.

One sheet per kind of record (体系, 支柱, 部门, 主题, 文件) and per kind of link (落实关系, 依据关系,
归属关系, 涵盖关系, 责任关系, 变更关系). Row 1 holds the Chinese headers, row 2 the English ones (the
interchange format's field names); data starts on row 3. Every row is a claim with its evidence:
确定性, 理由 and its sources, one source per row: a row whose key columns are empty carries one more
source of the claim above it. Choices (层级, 状态, 角色, 确定性, …) are written in the reader's
language and read in either.

`rows_of` turns an interchange file into rows; `sheet_reader.Reader` turns rows back into one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from policygraph.i18n import Locale

DATA_ROW = 3  # rows 1 and 2 are the headers


@dataclass(frozen=True)
class Choice:
    """A closed list of values: each value with its Chinese label (the English one is the value)."""

    labels: dict[str, str]

    def label(self, value: str, locale: Locale) -> str:
        return self.labels.get(value, value) if locale is Locale.zh else value

    def listed(self, locale: Locale) -> list[str]:
        return [self.label(value, locale) for value in self.labels]

    def value(self, text: str) -> str | None:
        """The value a cell names, by its Chinese label or its English value; None if neither."""
        text = text.strip()
        for value, label in self.labels.items():
            if text in (label, value) or text.lower() == value:
                return value
        return None


TIER = Choice({"guiding": "纲领性", "base": "基础性", "supporting": "配套", "unknown": "未知"})
STATUS = Choice(
    {
        "planned": "计划中",
        "drafting": "起草中",
        "issued": "已出台",
        "amended": "已修订",
        "repealed": "已废止",
        "unknown": "未知",
    }
)
ROLE = Choice({"lead": "牵头", "joint": "配合"})
CERTAINTY = Choice({"stated": "明示", "inferred": "推断"})
OWNER = Choice({"documents": "文件", "topics": "主题"})
CHANGE = Choice({"amends": "修改", "repeals": "废止", "replaces": "替代"})

Kind = Literal["text", "int", "date", "choice"]


@dataclass(frozen=True)
class Column:
    """One column: the record field it holds (dotted for nested ones), its headers and its kind."""

    field: str
    zh: str
    en: str
    kind: Kind = "text"
    choice: Choice | None = None
    width: int = 14
    key: bool = False  # names the claim: a row with every key column empty carries one more source


OWNER_FIELD = "@owner"  # a link sheet's column naming the record the link belongs to
OWNER_SECTION = "@section"  # ... and, where records of two kinds have it, which kind
LINK_FIELD = "@field"  # ... and, where one sheet holds several lists, which list

EVIDENCE = (
    Column("certainty", "确定性", "certainty", "choice", CERTAINTY, 8),
    Column("reason", "理由", "reason", width=40),
    Column("quote", "来源引文", "source quote", width=60),
    Column("where", "来源出处", "source where", width=36),
    Column("read_on", "阅读日期", "source read_on", "date", width=12),
)
SOURCE_FIELDS = ("quote", "where", "read_on")


@dataclass(frozen=True)
class Sheet:
    """A sheet of records (`section` of the file) or of links (`lists` of the records in `owners`)."""

    name: str
    name_en: str
    columns: tuple[Column, ...]
    section: str = ""  # a record sheet: the file's section ("documents"; "framework" for the one record)
    owners: tuple[str, ...] = ()  # a link sheet: the sections whose records hold the links
    lists: tuple[str, ...] = ()  # ... and the link lists it holds

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + EVIDENCE

    @property
    def is_links(self) -> bool:
        return bool(self.lists)


def _owner_columns(owners: tuple[str, ...], zh: str = "记录") -> tuple[Column, ...]:
    if len(owners) > 1:
        return (
            Column(OWNER_SECTION, "类型", "kind", "choice", OWNER, 6, key=True),
            Column(OWNER_FIELD, zh, "record", width=28, key=True),
        )
    return (Column(OWNER_FIELD, "文件", "document", width=28, key=True),)


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "体系",
        "framework",
        (
            Column("id", "标识", "id", width=20, key=True),
            Column("name", "名称", "name", width=36),
            Column("name_en", "英文名称", "name_en", width=30),
            Column("defined_by", "确立文件", "defined_by", width=36),
            Column("issued_by", "制定机关", "issued_by", width=24),
            Column("declared.documents", "宣称文件数", "declared.documents", "int", width=8),
            Column("declared.issued", "宣称已出台数", "declared.issued", "int", width=8),
            Column("declared.guiding", "宣称纲领性数", "declared.guiding", "int", width=8),
            Column("declared.base", "宣称基础性数", "declared.base", "int", width=8),
            Column("declared.supporting", "宣称配套数", "declared.supporting", "int", width=8),
            Column("notes", "备注", "notes", width=40),
        ),
        section="framework",
    ),
    Sheet(
        "支柱",
        "pillars",
        (
            Column("key", "键", "key", width=24, key=True),
            Column("name", "名称", "name", width=12),
            Column("name_en", "英文名称", "name_en", width=28),
            Column("order", "顺序", "order", "int", width=6),
        ),
        section="pillars",
    ),
    Sheet(
        "部门",
        "departments",
        (
            Column("id", "标识", "id", width=32, key=True),
            Column("name", "名称", "name", width=24),
            Column("name_en", "英文名称", "name_en", width=36),
        ),
        section="departments",
    ),
    Sheet(
        "主题",
        "topics",
        (
            Column("id", "标识", "id", width=32, key=True),
            Column("name", "名称", "name", width=36),
            Column("name_en", "英文名称", "name_en", width=36),
            Column("short_name", "简称", "short_name", width=14),
        ),
        section="topics",
    ),
    Sheet(
        "文件",
        "documents",
        (
            Column("id", "标识", "id", width=32, key=True),
            Column("title", "标题", "title", width=44),
            Column("title_en", "英文标题", "title_en", width=36),
            Column("short_title", "简称", "short_title", width=14),
            Column("tier", "层级", "tier", "choice", TIER, 8),
            Column("status", "状态", "status", "choice", STATUS, 8),
            Column("doc_number", "发文字号", "doc_number", width=20),
            Column("issued_on", "公布日期", "issued_on", "date", width=12),
            Column("effective_from", "施行日期", "effective_from", "date", width=12),
            Column("effective_until", "失效日期", "effective_until", "date", width=12),
        ),
        section="documents",
    ),
    Sheet(
        "落实关系",
        "implements",
        (*_owner_columns(("documents", "topics")), Column("pillar", "支柱", "pillar", width=24, key=True)),
        owners=("documents", "topics"),
        lists=("implements",),
    ),
    Sheet(
        "依据关系",
        "based_on",
        (*_owner_columns(("documents",)), Column("document", "依据文件", "based on", width=28, key=True)),
        owners=("documents",),
        lists=("based_on",),
    ),
    Sheet(
        "归属关系",
        "placed_under",
        (*_owner_columns(("documents", "topics")), Column("document", "上级文件", "placed under", width=28, key=True)),
        owners=("documents", "topics"),
        lists=("placed_under",),
    ),
    Sheet(
        "涵盖关系",
        "covers",
        (*_owner_columns(("documents",)), Column("topic", "主题", "topic", width=32, key=True)),
        owners=("documents",),
        lists=("covers",),
    ),
    Sheet(
        "责任关系",
        "responsible",
        (
            *_owner_columns(("documents",)),
            Column("department", "部门", "department", width=32, key=True),
            Column("role", "角色", "role", "choice", ROLE, 6),
        ),
        owners=("documents",),
        lists=("responsible",),
    ),
    Sheet(
        "变更关系",
        "changes",
        (
            *_owner_columns(("documents",)),
            Column(LINK_FIELD, "变更", "change", "choice", CHANGE, 6, key=True),
            Column("document", "对象文件", "document", width=28, key=True),
            Column("effective_on", "生效日期", "effective_on", "date", width=12),
        ),
        owners=("documents",),
        lists=("amends", "repeals", "replaces"),
    ),
)
BY_NAME = {name: sheet for sheet in SHEETS for name in (sheet.name, sheet.name_en)}


# ---- writing --------------------------------------------------------------------------------


def _get(record: dict[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _claim_rows(sheet: Sheet, values: dict[str, Any], evidence: dict[str, Any]) -> Iterator[list[Any]]:
    """A claim's rows: its fields and first source, then one row per further source."""
    sources = evidence.get("sources") or [{}]
    first = [values.get(column.field) for column in sheet.columns]
    first += [evidence.get("certainty"), evidence.get("reason")]
    for index, source in enumerate(sources):
        head = first if index == 0 else [None] * (len(sheet.columns) + 2)
        yield head + [source.get(name) for name in SOURCE_FIELDS]


def rows_of(sheet: Sheet, data: dict[str, Any]) -> Iterator[list[Any]]:
    """The sheet's data rows (below the headers) from an interchange file, values as in the file
    (choices as their values, dates as ISO text or dates)."""
    if not sheet.is_links:
        records = [data.get("framework") or {}] if sheet.section == "framework" else data.get(sheet.section) or []
        for record in records:
            yield from _claim_rows(sheet, {c.field: _get(record, c.field) for c in sheet.columns}, record)
        return
    for section in sheet.owners:
        for record in data.get(section) or []:
            for list_name in sheet.lists:
                for link in record.get(list_name) or []:
                    values = {**link, OWNER_FIELD: record.get("id"), OWNER_SECTION: section, LINK_FIELD: list_name}
                    yield from _claim_rows(sheet, values, link)


def headers(sheet: Sheet) -> tuple[list[str], list[str]]:
    return [c.zh for c in sheet.all_columns], [c.en for c in sheet.all_columns]


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
