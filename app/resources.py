"""Where the files that ship with the code are: the Cypher under `queries/` and `graph/` (schema,
migrations, Browser style, seed).

In the repository they sit beside the package (`queries/`, `graph/`, `app/`, as the design card
lays them out); an installed wheel carries them inside the package (`policygraph/queries`,
`policygraph/graph`, mapped in pyproject.toml). Every module asks here, so the code runs the same
from a checkout, an editable install, a wheel or the Docker image.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# A checkout (or an editable install of one): the package folder's parent holds the project.
CHECKOUT: Path | None = PACKAGE.parent if (PACKAGE.parent / "pyproject.toml").is_file() else None
ROOT = PACKAGE if (PACKAGE / "queries").is_dir() else PACKAGE.parent

QUERIES = ROOT / "queries"
GRAPH = ROOT / "graph"
SCHEMA_FILE = GRAPH / "schema.cypher"
MIGRATIONS = GRAPH / "migrations"
SEED = GRAPH / "seed"
BROWSER_STYLE = GRAPH / "browser" / "style.grass"
LOCALES = PACKAGE / "locales"  # the message catalogue (policygraph.i18n), inside the package everywhere


def default_data_dir() -> Path:
    """`.data` in a checkout; otherwise the user's data folder (XDG), as installed tools do."""
    if CHECKOUT is not None:
        return CHECKOUT / ".data"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "policygraph"
