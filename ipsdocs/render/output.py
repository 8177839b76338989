"""Where ``render`` and ``interview`` put documents: a folder per person (client id), as a batch
does, and the documents of a record's earlier version moved into that folder's ``superseded/``,
so an ESP never sends the stale one by mistake."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ipsdocs.store import atomic_write, ensure_private_dir, safe_slug

if TYPE_CHECKING:
    from ipsdocs.definitions.models import DocumentBase
    from ipsdocs.render.document import RenderResult

PROGRAM_FOLDER = "program"
SUPERSEDED = "superseded"
_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}|undated)\.(docx|pdf)$")


def person_folder(record: DocumentBase) -> str:
    """One folder per person, named by the agency's client id (a program-level record has none)."""
    person = getattr(record, "person", None)
    client_id = getattr(person, "client_id", None)
    return safe_slug(client_id) if client_id else PROGRAM_FOLDER


def person_dir(out: Path, record: DocumentBase) -> Path:
    """The person's folder under ``out`` (``output/RB-100482/``)."""
    return out / person_folder(record)


def documents_of(folder: Path, record: DocumentBase) -> list[Path]:
    """The documents in ``folder`` made from this record (its type and id), of any version."""
    prefix = f"{record.record_type}_{safe_slug(record.record_id)}_"
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.name.startswith(prefix) and _STAMP.match(p.name[len(prefix) :])
    )


def earlier_versions(folder: Path, record: DocumentBase) -> dict[Path, bytes]:
    """What the folder holds of this record before it is rendered again."""
    return {path: path.read_bytes() for path in documents_of(folder, record)}


def supersede(folder: Path, earlier: dict[Path, bytes], result: RenderResult) -> list[Path]:
    """Move the earlier version's documents, of each format just written, into ``superseded/``.

    A file the new version replaced under the same name (same document date) is kept there too,
    unless its bytes are the same. Returns where each went.
    """
    written = {f.path for f in result.files if f.path is not None}
    formats = {path.suffix for path in written}
    moved = []
    for path, data in earlier.items():
        if path.suffix not in formats or (path in written and path.read_bytes() == data):
            continue
        target = _free_name(folder / SUPERSEDED, path.name)
        ensure_private_dir(target.parent)
        if path in written:
            atomic_write(target, data)
        else:
            path.replace(target)
        moved.append(target)
    return moved


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while target.exists():
        target = folder / f"{stem}-{number}{suffix}"
        number += 1
    return target
