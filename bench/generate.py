"""A synthetic policy registry in the interchange format, for benchmarks (issue: performance).

    .venv/bin/python -m bench.generate --documents 100000 --seed 1 --out /tmp/bench-100k

Fixed seed, deterministic. Frameworks of up to 50,000 documents each: 1 guiding plan, 7 pillars
each with its base document placed under the plan (structure), and supporting documents at
depths 2-9 (chains 3-10 deep), each based on 1-2 documents one level up in the same pillar
(fan-in and fan-out), half of them implementing their pillar directly; 30 departments, a lead
for most documents. Every record carries a (synthetic) source and is stated; about 2 per cent of
the basis links are inferred, with a reason. Defects, a few per cent: orphans (no basis, or based
on another orphan), ownerless documents, and cycles (a document based on one of its own
dependents). Writes one policygraph/v2 JSON file per framework.

With --dates (`time_of`), documents also carry time, as a registry that has lived for some years
does: issue dates later for deeper documents, some effective dates, some end dates (a few of them
soon after `today`), 发文字号 (some typed as variants, a few unparseable, duplicated or with a
year that is not the issue year), titles with a period (2021—2025年) or 试行/暂行, and changes:
later documents that amend, repeal (dated or not) and replace earlier ones. About 8 per cent have
no issue date, so their force on a day is unknown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

PILLARS = ["party", "government", "consultation", "coordination", "participation", "law", "technology"]
PER_FRAMEWORK = 50_000
# Title topics, so a search for one word finds about 1 in 40 documents, as a topic search would.
TOPICS = [
    "社区治理",
    "网格管理",
    "矛盾纠纷",
    "平安建设",
    "法治宣传",
    "志愿服务",
    "应急管理",
    "公共服务",
    "养老服务",
    "基层党建",
    "物业管理",
    "城乡融合",
    "数字政务",
    "信访工作",
    "民族团结",
    "乡村振兴",
    "食品安全",
    "生态环境",
    "公共卫生",
    "教育服务",
    "就业创业",
    "住房保障",
    "交通治理",
    "校园安全",
    "消防安全",
    "社会救助",
    "慈善事业",
    "妇女儿童",
    "青年发展",
    "人才引进",
    "营商环境",
    "市场监管",
    "文化惠民",
    "体育健身",
    "统计调查",
    "档案管理",
    "数据共享",
    "信用体系",
    "宗教事务",
    "退役军人",
]


SOURCE = [{"where": "bench/generate.py"}]  # synthetic data: its one source is the generator
STATED = {"sources": SOURCE, "certainty": "stated"}
INFERRED = {"sources": SOURCE, "certainty": "inferred", "reason": "generated: a reading, not a source's words"}


TODAY = dt.date(2026, 11, 27)  # the day the generated registry is read on (fixed: deterministic)
ISSUERS = ["昆政发", "昆政办发", "昆办发", "昆组通", "昆民发", "昆司发"]


def _day(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


def time_of(documents: list[dict[str, Any]], depth_of: dict[str, int], rng: random.Random) -> None:
    """Give the documents dates, numbers, periods and changes (see the module's docstring)."""
    seq: dict[tuple[str, int], int] = {}
    numbered: list[dict[str, Any]] = []
    for doc in documents:
        depth = depth_of.get(doc["id"], 0)
        if doc["tier"] == "guiding":
            doc["title"] += "（2018—2035年）"
        elif rng.random() < 0.05:
            doc["title"] += rng.choice(["（试行）", "（暂行）"])
        elif rng.random() < 0.05:
            start = rng.randint(2016, 2024)
            doc["title"] += f"（{start}—{start + rng.choice([2, 3, 4])}年）"
        if doc["tier"] != "guiding" and rng.random() < 0.08:
            continue  # no issue date: its force on a day is unknown
        issued = _day(rng, min(2017 + depth, 2026)) if doc["tier"] != "guiding" else dt.date(2018, 3, 1)
        issued = min(issued, TODAY)
        doc["issued_on"] = issued.isoformat()
        start = issued + dt.timedelta(days=rng.randint(0, 30)) if rng.random() < 0.5 else issued
        if start != issued:
            doc["effective_from"] = start.isoformat()
        roll = rng.random()
        if roll < 0.01 and start < TODAY:  # ends soon after today: expiring
            doc["effective_until"] = (TODAY + dt.timedelta(days=rng.randint(1, 60))).isoformat()
        elif roll < 0.08:
            doc["effective_until"] = (start + dt.timedelta(days=365 * rng.randint(2, 6))).isoformat()
        if rng.random() < 0.85:
            issuer = rng.choice(ISSUERS)
            seq[(issuer, issued.year)] = n = seq.get((issuer, issued.year), 0) + 1
            year = issued.year - 1 if rng.random() < 0.01 else issued.year  # a year that is not the issue year
            open_, close = rng.choice([("〔", "〕")] * 8 + [("[", "]"), ("（", "）")])
            doc["doc_number"] = f"{issuer}{open_}{year}{close}{n}号"
            if rng.random() < 0.01:
                doc["doc_number"] = f"{issuer}{year}-{n}"  # unparseable
            numbered.append(doc)
    for doc in rng.sample(numbered, k=len(numbered) // 200):  # duplicates: a number typed twice
        doc["doc_number"] = rng.choice(numbered)["doc_number"]
    dated = [d for d in documents if d.get("issued_on") and d["tier"] == "supporting"]
    dated.sort(key=lambda d: d["issued_on"])
    for later_index in range(len(dated) // 3, len(dated)):
        later = dated[later_index]
        roll = rng.random()
        if roll > 0.05:
            continue
        earlier = dated[rng.randrange(later_index)]
        if earlier["issued_on"] >= later["issued_on"]:
            continue
        on = later.get("effective_from", later["issued_on"])
        if roll < 0.03:
            later.setdefault("amends", []).append({"document": earlier["id"], "effective_on": on, **STATED})
        else:
            undated = rng.random() < 0.2
            later.setdefault("repeals", []).append(
                {"document": earlier["id"], "effective_on": None if undated else on, **STATED}
            )
            if rng.random() < 0.5:
                later.setdefault("replaces", []).append({"document": earlier["id"], "effective_on": on, **STATED})


def framework(index: int, size: int, rng: random.Random, dates: bool = False) -> dict[str, Any]:
    fid = f"bench-{index}"
    pillars = [{"key": f"{fid}-{p}", "name": f"支柱 {p}", "order": k + 1, **STATED} for k, p in enumerate(PILLARS)]
    departments = [{"id": f"{fid}-dep{k}", "name": f"部门 {k}", **STATED} for k in range(30)]
    guiding = {"id": f"{fid}-g", "title": f"纲领 {index}", "tier": "guiding", "status": "issued", **STATED}
    documents = [guiding]
    levels: dict[tuple[int, int], list[str]] = {}
    for k, pillar in enumerate(pillars):
        base_id = f"{fid}-b{k}"
        documents.append(
            {
                "id": base_id,
                "title": f"基础 {k}",
                "tier": "base",
                "status": "issued",
                "implements": [pillar["key"]],
                "placed_under": [guiding["id"]],
                **STATED,
            }
        )
        levels[(k, 1)] = [base_id]
    orphans: list[str] = []
    by_id: dict[str, dict[str, Any]] = {}
    depth_of: dict[str, int] = {f"{fid}-b{k}": 1 for k in range(len(pillars))}
    for n in range(size - len(documents)):
        doc_id = f"{fid}-s{n}"
        k = rng.randrange(len(pillars))
        depth = rng.randint(2, 9)
        while (k, depth - 1) not in levels:
            depth -= 1
        doc: dict[str, Any] = {
            "id": doc_id,
            "title": f"{rng.choice(TOPICS)}配套文件 {index}-{n}",
            "tier": "supporting",
            "status": rng.choice(["issued", "issued", "issued", "amended", "drafting", "unknown"]),
            **STATED,
        }
        roll = rng.random()
        if roll < 0.02:  # orphan: no basis, or based on another orphan
            doc["based_on"] = [rng.choice(orphans)] if orphans and rng.random() < 0.5 else []
            orphans.append(doc_id)
        else:
            parents = levels[(k, depth - 1)]
            doc["based_on"] = sorted({rng.choice(parents) for _ in range(rng.choice([1, 1, 2]))})
            levels.setdefault((k, depth), []).append(doc_id)
        depth_of[doc_id] = depth
        if rng.random() < 0.5:
            doc["implements"] = [pillars[k]["key"]]
        if rng.random() > 0.03:  # ownerless otherwise
            doc["responsible"] = [{"department": rng.choice(departments)["id"], "role": "lead"}]
        documents.append(doc)
        by_id[doc_id] = doc
    # Cycles: a document based on one of its direct dependents.
    dependents: dict[str, list[str]] = {}
    for doc in documents:
        for basis in doc.get("based_on", []):
            dependents.setdefault(basis, []).append(doc["id"])
    candidates = [d for d in by_id if d in dependents]
    for doc_id in rng.sample(candidates, k=min(len(candidates), max(1, size // 200))):
        by_id[doc_id]["based_on"] = sorted({*by_id[doc_id]["based_on"], rng.choice(dependents[doc_id])})
    for doc in by_id.values():  # about 2 per cent of the basis links are inferred
        doc["based_on"] = [{"document": b, **INFERRED} if rng.random() < 0.02 else b for b in doc["based_on"]]
    if dates:
        time_of(documents, depth_of, rng)
    declared = {
        "documents": size,
        "issued": sum(d["status"] == "issued" for d in documents),
        "guiding": 1,
        "base": 7,
        "supporting": size - 8,
    }
    return {
        "format": "policygraph/v2",
        "framework": {"id": fid, "name": f"基准体系 {index}", "declared": declared, **STATED},
        "pillars": pillars,
        "departments": departments,
        "documents": documents,
    }


def write_files(documents: int, seed: int, out: Path, dates: bool = False) -> list[Path]:
    """Frameworks of up to PER_FRAMEWORK documents, one JSON file each, in `out`."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    left, index = documents, 0
    while left > 0:
        size = min(PER_FRAMEWORK, left)
        path = out / f"bench-{index}.json"
        path.write_text(json.dumps(framework(index, size, rng, dates), ensure_ascii=False))
        paths.append(path)
        left -= size
        index += 1
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dates", action="store_true", help="dates, 发文字号, amendments and repeals too")
    args = parser.parse_args()
    paths = write_files(args.documents, args.seed, args.out, args.dates)
    print(f"wrote {len(paths)} framework file(s), {args.documents} documents, to {args.out}")


if __name__ == "__main__":
    main()
