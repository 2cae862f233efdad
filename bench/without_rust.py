"""Run a module with the driver's Rust extension hidden, for the on/off comparison:

    python -m bench.without_rust -m policygraph.cli serve --port 8001

The driver imports `neo4j._rust` inside try/except ImportError; a None entry in sys.modules
makes that import fail, so the driver packs and unpacks in pure Python.
"""

import runpy
import sys

sys.modules["neo4j._rust"] = None  # type: ignore[assignment]

if __name__ == "__main__":
    module = sys.argv[2] if sys.argv[1] == "-m" else sys.argv[1]  # `-m module` or `module`
    sys.argv = sys.argv[sys.argv.index(module) :]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
