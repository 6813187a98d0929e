"""Run the command line: ``python -m versiondiff``."""
from .cli import main

main()
