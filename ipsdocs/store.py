"""Files that hold PHI: written atomically, readable by the owner only, named safely.

A crash or a full disk must never leave a half-written document that looks complete, nor
destroy the previous version: write a temporary file in the same folder, fsync, then
``os.replace``. Files are created 0600 and folders 0700 whatever the umask.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from datetime import date
from pathlib import Path

from ipsdocs.errors import OutputError

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> Path:
    """Create a folder (and any missing parents) that only the owner can open.

    ``mkdir(parents=True)`` would give the parents the umask's mode (often 0755), so each missing
    folder is made one by one; folders that already exist are left as they are.
    """
    try:
        for folder in reversed([path, *path.parents]):
            if not folder.exists():
                folder.mkdir(mode=DIR_MODE, exist_ok=True)
    except OSError as exc:
        raise OutputError.one(str(path), f"cannot create the folder ({exc.strerror})") from None
    return path


def atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` all at once, owner-only; the old file survives any failure."""
    ensure_private_dir(path.parent)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:  # a read-only folder, a full disk
        raise OutputError.one(str(path), f"could not be written ({exc.strerror or exc.__class__.__name__})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise OutputError.one(str(path), f"could not be written ({exc.strerror or exc.__class__.__name__})") from None
    _fsync_dir(path.parent)
    return path


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_slug(text: str, limit: int = 40) -> str:
    """A file-name part from any id: letters, digits, ``.``, ``_``, ``-``; a short hash keeps
    ids that differ only in unsafe characters apart."""
    slug = _UNSAFE.sub("-", text).strip(".-_")[:limit] or "record"
    if slug != text:
        slug += "-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    return slug


def document_name(record_type: str, record_id: str, day: date | None, suffix: str) -> str:
    """``<type>_<record id>_<YYYY-MM-DD>.<suffix>``, safe for any client or record id."""
    stamp = day.isoformat() if day else "undated"
    return f"{record_type}_{safe_slug(record_id)}_{stamp}.{suffix}"


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would land outside ``folder``."""
    target = (folder / name).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise OutputError.one(str(folder), "refusing to write outside the output folder")
    return target
