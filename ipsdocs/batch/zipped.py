"""``--zip``: the whole batch folder as one archive beside it, the same bytes for the same batch."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ipsdocs.batch.manifest import JOURNAL_NAME, LOCK_NAME
from ipsdocs.store import atomic_write

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def write_zip(out_dir: Path) -> Path:
    """``<DIR>.zip`` holding every file of DIR under ``<DIR name>/``, entries sorted, times fixed."""
    out_dir = out_dir.resolve()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
            relative = path.relative_to(out_dir).as_posix()
            if relative in (JOURNAL_NAME, LOCK_NAME) or path.name.endswith(".part"):
                continue
            entry = zipfile.ZipInfo(f"{out_dir.name}/{relative}", FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            archive.writestr(entry, path.read_bytes())
    return atomic_write(out_dir.with_name(out_dir.name + ".zip"), buffer.getvalue())
