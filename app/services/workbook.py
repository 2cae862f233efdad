"""The register as files a spreadsheet opens: one xlsx workbook, or one CSV file per sheet in a zip.
The layout (sheets, columns, claims and their sources) is `sheets`; this module writes and reads the
files. Reading refuses what would cost far more to unpack than it weighs (`guard_zip`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from policygraph.errors import Invalid, Problems
from policygraph.i18n import Locale, _, current, render
from policygraph.services import sheets
from policygraph.services.report import FORMULA_START, csv_cell
from policygraph.services.sheet_reader import Located, Reader
from policygraph.services.sheets import SHEETS, Column

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
MAX_ROWS = 1_048_576  # a worksheet's own limit
MAX_ENTRIES = 1_000
UNPACK_RATIO = 100  # the most a file may grow when unpacked (text compresses 5-20 times)
README = "说明"


# ---- writing --------------------------------------------------------------------------------


def _cell_value(column: Column, value: Any, locale: Locale) -> Any:
    if value is None:
        return None
    if column.kind == "choice" and column.choice is not None:
        return column.choice.label(str(value), locale)
    if column.kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _readme(locale: Locale) -> list[list[str]]:
    lines = [
        _("One sheet per kind of record and per kind of link; row 1 holds the Chinese headers, row 2 the English."),
        _(
            "Every row is a claim with its evidence: 确定性 (明示: a source says it; 推断: a reading, with its 理由) "
            "and a source (来源引文, 来源出处, 阅读日期). A row whose key columns are empty adds one more source "
            "to the claim above it."
        ),
        _("A link row with no 确定性 and no source has its record's evidence."),
        _(
            "Import the workbook back with `policygraph load FILE.xlsx` or POST /api/v1/import; nothing is written "
            "if any cell is wrong, and each problem names its cell (文件!C12)."
        ),
    ]
    rows = [[render(line, locale)] for line in lines]
    for sheet in SHEETS:
        for column in sheet.all_columns:
            if column.choice is not None:
                rows.append([f"{sheet.name}·{column.zh}：" + "、".join(column.choice.listed(locale))])
    return rows


def _cell(ws: Any, column: Column, value: Any, locale: Locale) -> Any:
    """A data cell: the plain value where it is unambiguous (most cells: fast), a styled cell for a
    date, and a cell typed as text for text a spreadsheet would take for a formula."""
    from openpyxl.cell import WriteOnlyCell

    value = _cell_value(column, value, locale)
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_bytes(data: dict[str, Any], locale: Locale | None = None) -> bytes:
    """The workbook: frozen headers, column widths, lists to choose from, dates as dates, and every
    text cell stored as text (a leading = is never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    locale = locale or current.get()
    for sheet in SHEETS:  # before anything is written: a worksheet cut short would lose claims silently
        if sum(1 for _row in sheets.rows_of(sheet, data)) > MAX_ROWS - sheets.DATA_ROW + 1:
            message = _("more rows than a worksheet holds ({count}): export csv, json or yaml instead", count=MAX_ROWS)
            raise Invalid.one(sheet.name, message)
    book = Workbook(write_only=True)
    bold, grey = Font(bold=True), Font(italic=True, color="808080")
    fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.freeze_panes = f"A{sheets.DATA_ROW}"
        columns = sheet.all_columns
        for index, column in enumerate(columns):
            letter = sheets.column_letter(index)
            ws.column_dimensions[letter].width = column.width
            if column.choice is not None:
                listed = ",".join(column.choice.listed(locale))
                check = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
                check.add(f"{letter}{sheets.DATA_ROW}:{letter}{MAX_ROWS}")
                ws.data_validations.append(check)
        zh, en = sheets.headers(sheet)
        for texts, font in ((zh, bold), (en, grey)):
            row = []
            for text in texts:
                cell = WriteOnlyCell(ws, value=text)
                cell.font, cell.fill = font, fill
                row.append(cell)
            ws.append(row)
        for values in sheets.rows_of(sheet, data):
            ws.append([_cell(ws, column, value, locale) for column, value in zip(columns, values, strict=True)])
    readme = book.create_sheet(README)
    readme.column_dimensions["A"].width = 120
    for line in _readme(locale):
        readme.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_zip_bytes(data: dict[str, Any], locale: Locale | None = None) -> bytes:
    """One CSV file per sheet (UTF-8 with a BOM, both header rows), zipped. A cell that a spreadsheet
    would take for a formula gets a ' in front, which reading takes off again."""
    locale = locale or current.get()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for sheet in SHEETS:
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            for header in sheets.headers(sheet):
                writer.writerow(header)
            for values in sheets.rows_of(sheet, data):
                cells = [_cell_value(c, v, locale) for c, v in zip(sheet.all_columns, values, strict=True)]
                writer.writerow(["" if v is None else csv_cell(_plain(v)) for v in cells])
            archive.writestr(f"{sheet.name}.csv", "\ufeff" + text.getvalue())
    return out.getvalue()


def _plain(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# ---- reading --------------------------------------------------------------------------------


def is_zip(body: bytes) -> bool:
    return body[:4] == b"PK\x03\x04"


def guard_zip(body: bytes) -> zipfile.ZipFile:
    """The archive, unless it is not one, holds too many files, or unpacks to far more than it weighs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Invalid.one("(file)", _("not a readable xlsx or zip file: {reason}", reason=str(exc))) from None
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ENTRIES or unpacked > UNPACK_RATIO * len(body) + (1 << 20):
        raise Invalid.one(
            "(file)",
            _(
                "refused: the archive unpacks to {size} bytes in {count} files, far more than a register holds",
                size=unpacked,
                count=len(entries),
            ),
        )
    return archive


def read(body: bytes) -> Located:
    """A workbook or a zip of CSV files -> the interchange file it holds; Invalid, by cell, on any problem."""
    archive = guard_zip(body)
    names = set(archive.namelist())
    problems = Problems()
    reader = Reader(problems, MAX_ROWS)
    if "xl/workbook.xml" in names:
        _read_xlsx(body, reader)
    else:
        for name, rows in _csv_sheets(archive, problems):
            reader.sheet(name, rows)
    data = reader.finish()
    if problems:
        raise Invalid(problems)
    return data


def _read_xlsx(body: bytes, reader: Reader) -> None:
    """Every sheet but 说明, by calamine (Rust: a 50,000-document workbook in seconds, where openpyxl
    takes minutes); cells as values, dates as dates, formulas as their cached values."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(body))
        try:
            for name in book.sheet_names:
                if name.strip() != README:
                    reader.sheet(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
        finally:
            book.close()
    except CalamineError as exc:
        raise Invalid.one("(file)", _("not a readable xlsx or zip file: {reason}", reason=str(exc))) from None


def _csv_sheets(archive: zipfile.ZipFile, problems: Problems) -> Iterator[tuple[str, Iterator[list[Any]]]]:
    for name in archive.namelist():
        if name.endswith("/"):
            continue
        stem = name.rsplit("/", 1)[-1]
        if not stem.lower().endswith(".csv"):
            problems.add(name, _("not a CSV file: a zip holds one .csv file per sheet"))
            continue
        try:
            text = archive.read(name).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.add(name, _("not UTF-8: {reason}", reason=str(exc)))
            continue
        rows = ([_unquoted(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline="")))
        yield stem[: -len(".csv")], rows


def _unquoted(cell: str) -> str:
    """A cell as written before `csv_cell` made it safe to open."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell
