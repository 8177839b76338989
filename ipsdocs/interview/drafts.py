"""Interview drafts and saved records on disk: nothing typed is ever lost, nothing overwritten.

A draft is saved (atomically, owner-only) after every answer, so Ctrl-C, a closed terminal or a
crash leave every answer given so far on disk. Drafts live in ``<records>/.drafts/`` with the
suffix ``.draft`` (JSON inside), so tools that read record files never mistake one for a
record. A draft that cannot be read is moved aside and reported, never deleted. Saving a
record over an existing file first keeps the earlier version in ``.versions/`` beside it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ipsdocs.definitions.readers import parse_json
from ipsdocs.errors import IpsdocsError, OutputError, Problem
from ipsdocs.store import FILE_MODE, atomic_write, ensure_private_dir, safe_slug

DRAFTS_FOLDER = ".drafts"
DRAFT_SUFFIX = ".draft"
VERSIONS_FOLDER = ".versions"
DRAFT_FORMAT = 1


class DraftError(IpsdocsError):
    """Raised when a draft asked for does not exist or cannot be read (it is then kept aside)."""


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


@dataclass
class Draft:
    """An interview in progress: the answers so far and which questions are done."""

    id: str
    record_type: str
    path: Path
    answers: dict[str, Any] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)
    created: str = field(default_factory=_now)
    updated: str = field(default_factory=_now)
    sittings: list[str] = field(default_factory=list)
    """The dates the interview was worked on (a career profile takes 2-3 sessions)."""
    source: str | None = None
    """The record file this interview updates, if any."""

    def as_json(self) -> dict[str, Any]:
        return {
            "draft_format": DRAFT_FORMAT,
            "id": self.id,
            "record_type": self.record_type,
            "created": self.created,
            "updated": self.updated,
            "sittings": self.sittings,
            "source": self.source,
            "done": self.done,
            "answers": self.answers,
        }

    @property
    def client_id(self) -> str:
        person = self.answers.get("person")
        return str(person.get("client_id") or "") if isinstance(person, Mapping) else ""

    def note_sitting(self) -> None:
        today = date.today().isoformat()
        if today not in self.sittings:
            self.sittings.append(today)


class DraftStore:
    """The drafts folder of a workspace."""

    def __init__(self, records_dir: Path) -> None:
        self.folder = records_dir / DRAFTS_FOLDER

    def new(self, record_type: str, client_id: str | None = None, source: Path | None = None) -> Draft:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        base = f"{record_type}-{safe_slug(client_id, 24) if client_id else 'new'}-{stamp}"
        draft_id, n = base, 1
        while (self.folder / f"{draft_id}{DRAFT_SUFFIX}").exists():
            n += 1
            draft_id = f"{base}-{n}"
        path = self.folder / f"{draft_id}{DRAFT_SUFFIX}"
        return Draft(draft_id, record_type, path, source=str(source) if source else None)

    def save(self, draft: Draft) -> Path:
        """Write the draft now (called after every answer)."""
        ensure_private_dir(self.folder)
        draft.updated = _now()
        data = json.dumps(draft.as_json(), ensure_ascii=False, indent=1).encode("utf-8")
        return atomic_write(draft.path, data)

    def remove(self, draft: Draft) -> None:
        """A draft whose record has been saved is no longer needed."""
        try:
            draft.path.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError.one(str(draft.path), f"the draft could not be removed ({exc.strerror})") from None

    def load(self, path: Path) -> Draft:
        """Read one draft; an unreadable one is moved aside (kept, never deleted) and reported."""
        try:
            raw = parse_json(path.read_text(encoding="utf-8"))
            return _draft_from(raw, path)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            kept = self._set_aside(path)
            reason = "it is not a readable draft" if not isinstance(exc, OSError) else "it cannot be read"
            where = f"; it was kept as {kept}" if kept else ""
            raise DraftError.one(str(path), f"{reason}{where}; nothing was deleted") from None

    def _set_aside(self, path: Path) -> Path | None:
        target = path.with_name(f"{path.name}.unreadable-{datetime.now():%Y%m%d-%H%M%S}")
        try:
            os.replace(path, target)
        except OSError:
            return None
        return target

    def all(self) -> tuple[list[Draft], list[Problem]]:
        """Every readable draft, newest first, and a problem for each one that had to be set aside."""
        drafts: list[Draft] = []
        problems: list[Problem] = []
        if not self.folder.is_dir():
            return drafts, problems
        for path in sorted(self.folder.glob(f"*{DRAFT_SUFFIX}")):
            try:
                drafts.append(self.load(path))
            except DraftError as error:
                problems.extend(error.problems)
        drafts.sort(key=lambda d: d.updated, reverse=True)
        return drafts, problems

    def find(self, key: str | None) -> tuple[list[Draft], list[Problem]]:
        """Drafts matching ``key``: a draft id, a record type (newest first), or the start of an id."""
        drafts, problems = self.all()
        if not key:
            return drafts, problems
        for test in (
            lambda d: d.id == key,
            lambda d: d.record_type == key,
            lambda d: d.id.startswith(key),
        ):
            found = [d for d in drafts if test(d)]
            if found:
                return found, problems
        return [], problems


def _draft_from(raw: Any, path: Path) -> Draft:
    if not isinstance(raw, dict) or raw.get("draft_format") != DRAFT_FORMAT:
        raise ValueError("not a draft")
    answers, done = raw["answers"], raw["done"]
    if not isinstance(answers, dict) or not isinstance(done, list):
        raise ValueError("not a draft")
    return Draft(
        id=str(raw["id"]),
        record_type=str(raw["record_type"]),
        path=path,
        answers=answers,
        done=[str(d) for d in done],
        created=str(raw.get("created", "")),
        updated=str(raw.get("updated", "")),
        sittings=[str(s) for s in raw.get("sittings", [])],
        source=raw.get("source"),
    )


# --- saved records --------------------------------------------------------------------------------


class _BlockDumper:
    """YAML with multi-line answers as readable ``|`` blocks, built lazily (yaml is imported late)."""

    @staticmethod
    def dump(data: Mapping[str, Any]) -> str:
        import yaml

        class Dumper(yaml.SafeDumper):
            pass

        def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
            style = "|" if "\n" in value else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

        Dumper.add_representer(str, text)
        return yaml.dump(dict(data), Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def record_yaml(data: Mapping[str, Any]) -> bytes:
    return _BlockDumper.dump(data).encode("utf-8")


def record_path(records_dir: Path, record_type: str, client_id: str | None, record_id: str) -> Path:
    """``<records>/<client>/<type>_<record id>.yaml``: one folder per person, safe for any id; a
    program's records (a fidelity review) have no person and sit in ``<records>`` itself."""
    name = f"{record_type}_{safe_slug(record_id)}.yaml"
    return records_dir / safe_slug(client_id) / name if client_id else records_dir / name


def save_record(path: Path, data: bytes) -> Path | None:
    """Write a record; an existing different file is first copied to ``.versions/``. Returns the copy."""
    kept: Path | None = None
    try:
        old = path.read_bytes() if path.exists() else None
    except OSError as exc:
        raise OutputError.one(str(path), f"the existing record cannot be read ({exc.strerror})") from None
    if old is not None and old != data:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = path.parent / VERSIONS_FOLDER / f"{path.name}.{stamp}.bak"
        n = 1
        while kept.exists():
            n += 1
            kept = path.parent / VERSIONS_FOLDER / f"{path.name}.{stamp}-{n}.bak"
        atomic_write(kept, old)
        os.chmod(kept, FILE_MODE)
    atomic_write(path, data)
    return kept
