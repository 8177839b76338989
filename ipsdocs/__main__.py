"""``python -m ipsdocs``: the same as the ``ipsdocs`` command."""

from ipsdocs.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
