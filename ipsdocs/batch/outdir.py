"""The output folder of a batch: is it ours, what did earlier runs finish, and the journal.

A batch writes ``manifest.json`` at the end; while it runs, each finished document is appended
to a journal, so Ctrl-C, a crash or a full disk lose nothing: the next run of the same command
reads the journal and keeps every document whose record and template are unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ipsdocs.agency.workspace import Workspace
from ipsdocs.batch.manifest import JOURNAL_NAME, LOCK_NAME, MANIFEST_NAME, load_manifest, sha256_of
from ipsdocs.errors import IpsdocsError, Problem
from ipsdocs.locks import FileLock, LockBusy
from ipsdocs.store import FILE_MODE, ensure_private_dir


def batch_identity(sources: Sequence[Path], formats: Sequence[str], workspace: Workspace) -> dict[str, Any]:
    """What makes a batch the same batch: its sources, formats and workspace."""
    described = {
        "sources": sorted(str(p.resolve()) for p in sources),
        "formats": sorted(formats),
        "workspace": str(workspace.root) if workspace.root else "built-in",
    }
    digest = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
    return {"id": digest, **described}


@dataclass
class Earlier:
    """Documents finished by earlier runs into this folder, by path, and this run's hold on it."""

    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: FileLock | None = None
    """Held from ``prepare_output`` until ``release``: a second batch into the folder is refused."""

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()

    def reusable(self, path: str, render_key: str, out_dir: Path) -> dict[str, Any] | None:
        """The earlier entry if it was made from the same inputs and its file is intact."""
        entry = self.documents.get(path)
        if not entry or entry.get("render_key") != render_key:
            return None
        target = out_dir / path
        try:
            intact = (
                target.is_file() and target.stat().st_size == entry["size"] and sha256_of(target) == entry["sha256"]
            )
        except OSError:
            return None
        return entry if intact else None


def prepare_output(out_dir: Path, identity: dict[str, Any]) -> Earlier:
    """Refuse a folder holding something else, or that another batch is writing into; otherwise
    lock it for this batch and return what earlier runs finished (call ``release`` at the end)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise IpsdocsError.one(str(out_dir), "is a file; --out must be a folder")
    ensure_private_dir(out_dir)
    lock = FileLock(out_dir / LOCK_NAME, "batch")
    try:
        lock.acquire()
    except LockBusy as busy:
        who = busy.holder.describe() if busy.holder else "another process"
        raise IpsdocsError.one(
            str(out_dir),
            f"another batch is writing into this folder ({who}); wait for it to finish, or choose another --out",
        ) from None
    try:
        earlier = _earlier_runs(out_dir, identity)
    except BaseException:
        lock.release()
        raise
    earlier.lock = lock
    return earlier


def _earlier_runs(out_dir: Path, identity: dict[str, Any]) -> Earlier:
    manifest_path, journal_path = out_dir / MANIFEST_NAME, out_dir / JOURNAL_NAME
    earlier = Earlier()
    if manifest_path.exists():
        manifest = load_manifest(out_dir)
        _same_batch(out_dir, manifest.get("batch", {}).get("id"), identity)
        earlier.documents = {doc["path"]: doc for doc in manifest.get("documents", [])}
    if journal_path.exists():
        header, entries = read_journal(journal_path)
        _same_batch(out_dir, header.get("id"), identity)
        earlier.documents.update({doc["path"]: doc for doc in entries})
    if not manifest_path.exists() and not journal_path.exists() and any(p.name != LOCK_NAME for p in out_dir.iterdir()):
        raise IpsdocsError.one(
            str(out_dir), "already holds files that are not an ipsdocs batch; choose an empty or new folder"
        )
    remove_partial_files(out_dir)
    return earlier


def _same_batch(out_dir: Path, found: Any, identity: dict[str, Any]) -> None:
    if found != identity["id"]:
        raise IpsdocsError(
            [
                Problem(
                    str(out_dir),
                    "already holds a different batch (made from other sources, formats or workspace); "
                    "choose a new folder, or remove this one to replace it",
                )
            ]
        )


def read_journal(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The journal's header and entries; a line cut short by a crash is ignored (it is redone)."""
    header: dict[str, Any] = {}
    entries: list[dict[str, Any]] = []
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise IpsdocsError.one(str(path), f"cannot be read ({exc.strerror})") from None
    for number, line in enumerate(lines):
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        if number == 0 and isinstance(item, dict) and "batch" in item:
            header = item["batch"]
        elif isinstance(item, dict) and "path" in item:
            entries.append(item)
    return header, entries


def remove_partial_files(out_dir: Path) -> None:
    """Temporary files of writes that never finished (``.name.XXXX.part``): never documents."""
    for path in out_dir.rglob(".*.part"):
        with contextlib.suppress(OSError):
            path.unlink()


class Journal:
    """Append-only record of finished documents, flushed line by line."""

    def __init__(self, out_dir: Path, identity: dict[str, Any]) -> None:
        self.path = out_dir / JOURNAL_NAME
        fresh = not self.path.exists()
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        self._handle: IO[str] | None = os.fdopen(descriptor, "a", encoding="utf-8")
        self.failed = False
        if fresh:
            self._write({"batch": identity})

    def add(self, entry: dict[str, Any]) -> None:
        self._write(entry)

    def _write(self, item: dict[str, Any]) -> None:
        if self._handle is None or self.failed:
            return
        try:
            self._handle.write(json.dumps(item, sort_keys=True) + "\n")
            self._handle.flush()
        except OSError:
            self.failed = True  # a full disk: documents stay; the next run re-checks them

    def close(self, remove: bool) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink()
