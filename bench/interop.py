"""The other formats at scale: building each from a framework's file, and reading the workbook
back, side by side in one run with the interchange format's own JSON (the baseline).

    .venv/bin/python -m bench.interop [--documents 10000 50000]

No database: the framework's file is the generated one (bench/generate.py, one framework of up to
50,000 documents, the largest a bench framework holds), checked by the format as an export's would
be. Reading the database is the same for every format (the interchange export: bench/export_stream.py).
Each step runs twice for its time, then once more under tracemalloc for Python's peak memory.
Results in .data/bench/results/interop.json.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench.generate import framework
from bench.run import RESULTS
from policygraph.i18n import Locale
from policygraph.model.interchange import PolicyFile
from policygraph.services import formats, workbook
from policygraph.services.exporter import _evidence_last
from policygraph.services.formats import FileFormat, Options


def timed(step: Callable[[], Any]) -> tuple[float, float, Any]:
    """(best of two, in s; peak Python memory of a third run, in MiB; the step's result)."""
    times = []
    for _ in range(2):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), peak / 2**20, result


def run(documents: int) -> list[dict[str, Any]]:
    raw = framework(0, documents, random.Random(0), dates=True)
    data = _evidence_last(PolicyFile.model_validate(raw).model_dump(mode="json", exclude_none=True))
    options = Options(Locale.zh, "urn:policygraph:")
    rows: list[dict[str, Any]] = []
    seconds, peak, text = timed(lambda: json.dumps(data, ensure_ascii=False, indent=2).encode())
    rows.append({"step": "json (baseline)", "seconds": seconds, "peak_mib": peak, "mib": len(text) / 2**20})
    built: dict[FileFormat, bytes] = {}
    for fmt in (FileFormat.xlsx, FileFormat.csv, FileFormat.graphml, FileFormat.gexf, FileFormat.jsonld):
        build = formats.FORMATS[fmt].build
        assert build is not None
        seconds, peak, body = timed(lambda build=build: build(data, options))
        built[fmt] = body
        rows.append({"step": f"export {fmt.value}", "seconds": seconds, "peak_mib": peak, "mib": len(body) / 2**20})
    seconds, peak, _ = timed(lambda: json.loads(text))
    rows.append({"step": "read json (baseline)", "seconds": seconds, "peak_mib": peak, "mib": len(text) / 2**20})
    for fmt in (FileFormat.xlsx, FileFormat.csv):
        body = built[fmt]
        seconds, peak, back = timed(lambda body=body: workbook.read(body))
        assert PolicyFile.model_validate(back) == PolicyFile.model_validate(data), f"{fmt} does not read back whole"
        rows.append({"step": f"read {fmt.value}", "seconds": seconds, "peak_mib": peak, "mib": len(body) / 2**20})
    base = rows[0]["seconds"]
    read_base = next(r for r in rows if r["step"] == "read json (baseline)")["seconds"]
    for row in rows:
        row["documents"] = documents
        row["ratio"] = row["seconds"] / (read_base if row["step"].startswith("read") else base)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[10_000, 50_000])
    args = parser.parse_args()
    results = []
    print("| documents | step | size | time | × json | peak Python memory |")
    print("|---|---|---|---|---|---|")
    for documents in args.documents:
        for row in run(documents):
            results.append(row)
            print(
                f"| {documents:,} | {row['step']} | {row['mib']:.1f} MiB | {row['seconds']:.2f} s | "
                f"{row['ratio']:.1f}× | {row['peak_mib']:.0f} MiB |",
                flush=True,
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "interop.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
