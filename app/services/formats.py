"""The registry of file formats a framework exports to (and, for the first four, imports from):
each format's media type, file suffix and how a framework's interchange file becomes its bytes.
The interchange format itself (json, yaml) is streamed a record at a time (`exporter.chunks`); the
others are built whole from the framework's file, in a worker thread."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from policygraph.i18n import Locale
from policygraph.services import linked_data, networks, workbook


class FileFormat(StrEnum):
    json = "json"
    yaml = "yaml"
    xlsx = "xlsx"
    csv = "csv"
    graphml = "graphml"
    gexf = "gexf"
    jsonld = "jsonld"


@dataclass(frozen=True)
class Options:
    """What a whole-file format needs besides the framework's file."""

    locale: Locale
    ld_base: str
    elsewhere: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    """Documents of other frameworks the file links to: id -> (framework, 发文字号 when it names one)."""


@dataclass(frozen=True)
class Format:
    media_type: str
    suffix: str
    build: Callable[[dict[str, Any], Options], bytes] | None = None  # None: streamed interchange text

    @property
    def streamed(self) -> bool:
        return self.build is None


NETWORKS: dict[FileFormat, Callable[[networks.Network], Iterable[str]]] = {
    FileFormat.graphml: networks.graphml,
    FileFormat.gexf: networks.gexf,
}


def _network(fmt: FileFormat) -> Callable[[dict[str, Any], Options], bytes]:
    return lambda data, _options: "".join(NETWORKS[fmt](networks.of_file(data))).encode()


def _jsonld(data: dict[str, Any], options: Options) -> bytes:
    document = linked_data.of_file(data, options.ld_base, elsewhere=options.elsewhere)
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


FORMATS: dict[FileFormat, Format] = {
    FileFormat.json: Format("application/json", "json"),
    FileFormat.yaml: Format("application/yaml", "yaml"),
    FileFormat.xlsx: Format(workbook.XLSX, "xlsx", lambda data, o: workbook.xlsx_bytes(data, o.locale)),
    FileFormat.csv: Format(workbook.ZIP, "zip", lambda data, o: workbook.csv_zip_bytes(data, o.locale)),
    FileFormat.graphml: Format("application/graphml+xml", "graphml", _network(FileFormat.graphml)),
    FileFormat.gexf: Format("application/gexf+xml", "gexf", _network(FileFormat.gexf)),
    FileFormat.jsonld: Format(linked_data.MEDIA_TYPE, "jsonld", _jsonld),
}
