"""Reading the register's sheets (`sheets`) back into an interchange file: each claim from its row
and the source rows below it, each link onto its record, and the cell every value came from
(`Located.cells`), so that any problem, the reader's own or the import's, names its cell (`文件!C12`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from policygraph.errors import Invalid, Problem, Problems
from policygraph.i18n import Locale, Text, _
from policygraph.model.interchange import FORMAT
from policygraph.services.sheets import (
    BY_NAME,
    LINK_FIELD,
    OWNER_FIELD,
    OWNER_SECTION,
    SHEETS,
    SOURCE_FIELDS,
    Column,
    Sheet,
    column_letter,
)


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
