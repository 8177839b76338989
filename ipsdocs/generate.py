"""``python -m ipsdocs.generate``: fictional records to try a batch on (the generator is in definitions)."""

from ipsdocs.definitions.generate import main

if __name__ == "__main__":
    raise SystemExit(main())
