"""The register as a spreadsheet (台账): the layout shared by the workbook (xlsx) and the CSV files.

One sheet per kind of record (体系, 支柱, 部门, 主题, 文件) and per kind of link (落实关系, 依据关系,
归属关系, 涵盖关系, 责任关系, 变更关系). Row 1 holds the Chinese headers, row 2 the English ones (the
interchange format's field names); data starts on row 3. Every row is a claim with its evidence:
确定性, 理由 and its sources, one source per row: a row whose key columns are empty carries one more
source of the claim above it. Choices (层级, 状态, 角色, 确定性, …) are written in the reader's
language and read in either.

`rows_of` turns an interchange file into rows; `Reader` turns rows back into an interchange file and
remembers which cell each value came from, so an error names its cell (`文件!C12`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from policygraph.errors import Invalid, Problem, Problems
from policygraph.i18n import Locale, Text, _
from policygraph.model.interchange import FORMAT

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


# ---- reading --------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Located(dict[str, Any]):
    """An interchange file read from a spreadsheet, with the cell each value came from."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells: dict[str, str] = {}  # "documents[3].title" -> "文件!B5"
        self.choices: dict[str, Text] = {}  # cell -> what is wrong with the choice written there

    def relocated(self, exc: Invalid) -> Invalid:
        """The same refusal, each problem at its cell (`文件!C12`) where the file's path has one."""
        problems = []
        for problem in exc.problems:
            cell = self.cell_of(problem.path)
            problems.append(
                Problem.of(cell, self.choices[cell]) if cell in self.choices else problem.at(cell or problem.path)
            )
        return Invalid(problems, exc.total)

    def cell_of(self, path: str) -> str | None:
        """The cell of `path`, or of the nearest enclosing value that has one."""
        while path:
            if path in self.cells:
                return self.cells[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


Cell = Any  # a value as the reader gives it: str, int, float, date, datetime or None


class Reader:
    """Rows of each sheet -> an interchange file (`Located`), problems by cell."""

    def __init__(self, problems: Problems, max_rows: int) -> None:
        self.problems = problems
        self.max_rows = max_rows
        self.data = Located({"format": FORMAT})
        self.owners: dict[tuple[str, str], int] = {}  # (section, id) -> index in the file's list
        self.pending: list[tuple[Sheet, list[tuple[int, list[Cell]]]]] = []

    def sheet(self, name: str, rows: Iterable[Sequence[Cell]]) -> None:
        """Take one sheet (its rows from row 1, headers included). Link sheets wait until every
        record sheet is read (`finish`)."""
        sheet = BY_NAME.get(name.strip())
        if sheet is None:
            known = "、".join(s.name for s in SHEETS)
            self.problems.add(name, _("unknown sheet; the sheets are {names}", names=known))
            return
        numbered = iter(enumerate(rows, 1))
        head = next(numbered, None)
        if head is None:
            return
        positions = self._columns(sheet, head[1])
        if positions is None:
            return
        body: list[tuple[int, list[Cell]]] = []
        for number, row in numbered:
            if number > self.max_rows:
                self.problems.add(f"{sheet.name}!A{number}", _("more than {count} rows", count=self.max_rows - 2))
                break
            cells = [row[i] if i is not None and i < len(row) else None for i in positions]
            if number == 2 and self._is_english_header(sheet, row):
                continue
            if any(_present(value) for value in cells):
                body.append((number, cells))
        if sheet.is_links:
            self.pending.append((sheet, body))
        else:
            self._records(sheet, body)

    def finish(self) -> Located:
        for sheet, body in self.pending:
            self._links(sheet, body)
        if "framework" not in self.data:
            self.problems.add("体系", _("no framework row: the sheet 体系 needs one"))
        return self.data

    # -- headers

    def _columns(self, sheet: Sheet, head: Sequence[Cell]) -> list[int | None] | None:
        """Where each of the sheet's columns is, by its Chinese or English header (in any order)."""
        found: dict[str, int] = {}
        for index, value in enumerate(head):
            text = str(value).strip() if _present(value) else ""
            if not text:
                continue
            column = next((c for c in sheet.all_columns if text in (c.zh, c.en)), None)
            at = f"{sheet.name}!{column_letter(index)}1"
            if column is None:
                expected = "、".join(c.zh for c in sheet.all_columns)
                self.problems.add(at, _("unknown column {name!r}; the columns are {names}", name=text, names=expected))
            elif column.field in found:
                self.problems.add(at, _("column {name!r} appears twice", name=text))
            else:
                found[column.field] = index
        missing = [c.zh for c in sheet.columns if c.key and c.field not in found]
        if missing:
            self.problems.add(f"{sheet.name}!1", _("missing column(s): {names}", names="、".join(missing)))
            return None
        return [found.get(c.field) for c in sheet.all_columns]

    @staticmethod
    def _is_english_header(sheet: Sheet, row: Sequence[Cell]) -> bool:
        english = {c.en for c in sheet.all_columns}
        texts = [str(v).strip() for v in row if _present(v)]
        return bool(texts) and all(text in english for text in texts)

    # -- values

    def _value(self, column: Column, value: Cell, at: str) -> Any:
        if not _present(value):
            return None
        if column.kind == "date":
            return _date(value)
        if column.kind == "int":
            if isinstance(value, float) and value.is_integer():
                return int(value)
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                return int(value.strip())
            return value
        text = _text(value)
        if column.kind == "choice" and column.choice is not None:
            chosen = column.choice.value(text)
            if chosen is None:  # left as written for the format check, which names this cell with these words
                options = "、".join(column.choice.listed(Locale.zh))
                self.data.choices[at] = _("{value!r} is not one of {options}", value=text, options=options)
                return text
            return chosen
        return text

    def _claims(
        self, sheet: Sheet, body: list[tuple[int, list[Cell]]]
    ) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
        """(row, fields and evidence, cell of each field) for each claim, its sources gathered from
        the rows below it whose key columns are empty."""
        columns = sheet.all_columns
        claim: tuple[int, dict[str, Any], dict[str, str]] | None = None
        for number, cells in body:
            keyed = any(_present(cells[i]) for i, c in enumerate(columns) if c.key)
            if keyed:
                if claim is not None:
                    yield claim
                values: dict[str, Any] = {}
                where: dict[str, str] = {}
                for index, column in enumerate(columns):
                    if column.field in SOURCE_FIELDS:
                        continue
                    at = f"{sheet.name}!{column_letter(index)}{number}"
                    where[column.field] = at
                    value = self._value(column, cells[index], at)
                    if value is not None:
                        values[column.field] = value
                values["sources"] = []
                where["sources"] = f"{sheet.name}!{column_letter(len(sheet.columns) + 2)}{number}"
                claim = (number, values, where)
            elif claim is None or any(
                _present(cells[i]) for i, c in enumerate(columns) if c.field not in SOURCE_FIELDS
            ):
                self.problems.add(
                    f"{sheet.name}!A{number}",
                    _(
                        "a row with no {names} (a row that only adds a source goes below its claim)",
                        names="、".join(c.zh for c in sheet.columns if c.key),
                    ),
                )
                continue
            source_index = len(claim[1]["sources"])
            source: dict[str, Any] = {}
            for index, column in enumerate(columns):
                if column.field in SOURCE_FIELDS:
                    at = f"{sheet.name}!{column_letter(index)}{number}"
                    claim[2][f"sources[{source_index}].{column.field}"] = at
                    value = self._value(column, cells[index], at)
                    if value is not None:
                        source[column.field] = value
            if source:
                claim[2][f"sources[{source_index}]"] = claim[2][f"sources[{source_index}].quote"]
                claim[1]["sources"].append(source)
        if claim is not None:
            yield claim

    def _records(self, sheet: Sheet, body: list[tuple[int, list[Cell]]]) -> None:
        records: list[dict[str, Any]] = []
        for _number, values, where in self._claims(sheet, body):
            record: dict[str, Any] = {}
            for name, value in values.items():
                head, _dot, rest = name.partition(".")
                if rest:
                    record.setdefault(head, {})[rest] = value
                else:
                    record[name] = value
            if not values.get("sources"):
                record.pop("sources")
            index = len(records)
            path = sheet.section if sheet.section == "framework" else f"{sheet.section}[{index}]"
            key = sheet.columns[0]
            self.data.cells[path] = where[key.field]
            for name, at in where.items():
                self.data.cells[f"{path}.{name}"] = at
            if sheet.section == "framework" and records:
                self.problems.add(where[key.field], _("the sheet 体系 holds one framework; this is a second"))
                continue
            records.append(record)
            if sheet.section != "framework" and isinstance(record.get("id"), str):
                self.owners.setdefault((sheet.section, record["id"]), index)
        if sheet.section == "framework":
            if records:
                self.data["framework"] = records[0]
        else:
            self.data[sheet.section] = records

    def _links(self, sheet: Sheet, body: list[tuple[int, list[Cell]]]) -> None:
        for _number, values, where in self._claims(sheet, body):
            section = values.pop(OWNER_SECTION, sheet.owners[0])
            owner = values.pop(OWNER_FIELD, None)
            list_name = values.pop(LINK_FIELD, sheet.lists[0])
            index = self.owners.get((section, str(owner)))
            if index is None:
                kind_sheet = next(s.name for s in SHEETS if s.section == section)
                self.problems.add(
                    where[OWNER_FIELD],
                    _("no record {key!r} in the sheet {sheet}", key=owner, sheet=kind_sheet),
                )
                continue
            if not values.get("sources"):
                values.pop("sources")  # with no certainty either, the link has its record's evidence
            record = self.data[section][index]
            links = record.setdefault(list_name, [])
            path = f"{section}[{index}].{list_name}[{len(links)}]"
            links.append(values)
            target = next(c for c in sheet.columns if c.key and c.field not in (OWNER_FIELD, OWNER_SECTION, LINK_FIELD))
            self.data.cells[path] = where[target.field]
            for name, at in where.items():
                if not name.startswith("@"):
                    self.data.cells[f"{path}.{name}"] = at


def _present(value: Cell) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _text(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _date(value: Cell) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return (dt.datetime(1899, 12, 30) + dt.timedelta(days=float(value))).date()  # a serial day, unformatted
    return str(value).strip()
