"""The wheel carries everything the service needs: built from the repository, installed into a
clean virtual environment outside the checkout, it migrates a database, loads its own seed and
answers the headline question ("every document that depends on a pillar's base document")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from pathlib import Path

import pytest
from neo4j import Driver

from policygraph import api_process
from tests.support import PROJECT_ROOT, Neo4jUnderTest, wipe

pytestmark = pytest.mark.slow


def run(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, **options)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done


def test_wheel_installed_outside_the_checkout_serves(
    neo4j_server: Neo4jUnderTest, driver: Driver, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist), "."],
        cwd=PROJECT_ROOT,
    )
    [wheel] = dist.glob("policygraph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.removeprefix("policygraph/") for n in names if n.endswith((".cypher", ".grass", ".yaml"))}
    in_repo = {
        p.relative_to(PROJECT_ROOT).as_posix()
        for d in ("queries", "graph")
        for p in (PROJECT_ROOT / d).rglob("*")
        if p.suffix in (".cypher", ".grass", ".yaml")
    }
    assert shipped == in_repo
    assert "policygraph/neo4j_server/pom.xml" in names  # `policygraph neo4j start` resolves the jars with it
    assert not any(n.startswith("app/") for n in names)  # the import package is policygraph, never `app`

    # A clean environment with the wheel alone; its dependencies are borrowed from ours, added as
    # a plain path (never as a site folder, so our editable install of the checkout stays out).
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)])
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    where = run([str(python), "-c", "import policygraph.resources as r; print(r.ROOT)"], cwd=outside).stdout.strip()
    assert Path(where).is_relative_to(site), where

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("POLICYGRAPH_", "NEO4J_", "PYTHON"))},
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "POLICYGRAPH_DATA_DIR": str(tmp_path / "data"),
    }
    # An empty database without its schema record: the wheel's migrations build it again.
    wipe(driver)
    driver.execute_query("MATCH (s:PolicygraphSchema) DELETE s")
    migrated = run(["policygraph", "db", "migrate"], cwd=outside, env=env)
    assert "已应用 0001_initial" in migrated.stdout + migrated.stderr  # zh-CN, the default: the catalogue shipped
    seeded = run(["policygraph", "seed"], cwd=outside, env=env)
    assert "kunming-1-7-n" in seeded.stdout + seeded.stderr

    process, url = api_process.start(env, tmp_path / "api.log", python=str(python), cwd=outside)
    try:
        with urllib.request.urlopen(f"{url}/api/v1/pillars") as answer:
            pillars = json.load(answer)["items"]
        assert len(pillars) == 7
        with urllib.request.urlopen(f"{url}/api/v1/pillars/{pillars[0]['key']}/dependents") as answer:
            dependents = json.load(answer)
        assert dependents["total"] > 0
    finally:
        api_process.stop(process)


def test_compose_file_is_valid(tmp_path: Path) -> None:
    """docker-compose.yml as a real compose implementation reads it (Debian's `docker-compose`
    installs without a Docker engine; `config` parses, interpolates and validates)."""
    compose = shutil.which("docker-compose")
    if compose is None:
        if os.environ.get("CI"):
            pytest.fail("CI must check docker-compose.yml: apt-get install docker-compose (.ci/run does)")
        pytest.skip("no compose implementation on PATH (apt-get install docker-compose)")
    env = {"PATH": os.environ["PATH"], "NEO4J_PASSWORD": "a-password-for-the-check", "HOME": str(tmp_path)}
    checked = subprocess.run(
        [compose, "-f", str(PROJECT_ROOT / "docker-compose.yml"), "config"], capture_output=True, text=True, env=env
    )
    assert checked.returncode == 0, checked.stderr
    assert "127.0.0.1:8000:8000" in checked.stdout  # published on loopback only
    unset = subprocess.run(
        [compose, "-f", str(PROJECT_ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        env={k: v for k, v in env.items() if k != "NEO4J_PASSWORD"},
    )
    assert unset.returncode != 0 and "NEO4J_PASSWORD" in unset.stderr  # no default password
