"""Where the built-in forms, templates and samples live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """The built-in folder ``forms``, ``templates`` or ``samples``.

    A wheel carries them inside the package (``ipsdocs/_builtin``); a checkout or an editable
    install reads them from the repository root, so there is one copy of each.
    """
    packaged = _PACKAGE / "_builtin" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def data_file(name: str) -> Path:
    """A data file shipped inside the package (the IPS-25 scale, jurisdiction profiles)."""
    return _PACKAGE / "data" / name
