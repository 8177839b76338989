"""The command line: thin commands that parse arguments, call the packages, and handle errors once.

Nothing imports this package; it may use every other.
"""

from ipsdocs.cli.main import main

__all__ = ["main"]
