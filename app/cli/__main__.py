"""`python -m policygraph.cli`: the same as the `policygraph` command."""

from policygraph.cli import main

main()
