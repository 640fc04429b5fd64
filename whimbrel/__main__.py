"""``python -m whimbrel …``: the same command line as the ``whimbrel`` script."""

from whimbrel.cli import main

main()
