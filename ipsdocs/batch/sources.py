"""Where a batch's records come from: record files, folders of them, and JSON Lines exports.

Every record goes through the same validation as ``ipsdocs render`` (``records.validate_record``).
A record that cannot be read or validated does not stop the others: it becomes a ``Failure``
naming its file (and line, for JSON Lines) and what is wrong, never the rejected value.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.definitions.models import RecordBase
from ipsdocs.definitions.readers import Unreadable, parse_json
from ipsdocs.definitions.records import MAX_RECORD_BYTES, load_record, validate_record
from ipsdocs.errors import IpsdocsError, Problem, RecordError

RECORD_SUFFIXES = frozenset({".json", ".yaml", ".yml"})
LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})


@dataclass(frozen=True)
class SourceRecord:
    """A validated record and exactly where it came from."""

    origin: str
    """The file, with ``line N`` for JSON Lines: how messages, the manifest and the summary name it."""
    path: Path
    line: int | None
    sha256: str
    """Of the bytes the record was read from (the file, or the one line of a JSON Lines export)."""
    record: RecordBase

    @property
    def key(self) -> tuple[str, str]:
        return (self.record.record_type, self.record.record_id)


@dataclass(frozen=True)
class Failure:
    """A record (or a whole file) that could not be used, with every problem found in it."""

    origin: str
    problems: tuple[Problem, ...]


@dataclass
class SourceScan:
    records: list[SourceRecord] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def check_arguments(paths: Sequence[Path]) -> None:
    """Arguments that name nothing are unusable (exit 2) before any work starts."""
    problems = [Problem(str(p), "no such file or folder") for p in paths if not p.exists()]
    if not paths:
        problems.append(Problem("batch", "name at least one record file, folder or JSON Lines export"))
    if problems:
        raise IpsdocsError(problems)


def scan_sources(
    paths: Sequence[Path], exclude: Iterable[Path] = (), jurisdiction: Jurisdiction | None = None
) -> SourceScan:
    """Read and validate every record (under ``jurisdiction``'s rules: the workspace's state); duplicates
    of a record id fail together."""
    scan = SourceScan()
    skip = [p.resolve() for p in exclude]
    seen: set[Path] = set()
    for path in _record_files(paths, skip):
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        for item in _read(path, jurisdiction):
            (scan.records if isinstance(item, SourceRecord) else scan.failures).append(item)
    _reject_duplicates(scan)
    return scan


def _record_files(paths: Sequence[Path], skip: list[Path]) -> Iterator[Path]:
    """Files as given, and inside folders every record file (recursively, hidden ones skipped)."""
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for candidate in sorted(path.rglob("*")):
            relative = candidate.relative_to(path).parts
            if any(part.startswith(".") for part in relative):
                continue
            resolved = candidate.resolve()
            if any(resolved == s or resolved.is_relative_to(s) for s in skip):
                continue
            if candidate.suffix.lower() in RECORD_SUFFIXES | LINES_SUFFIXES and candidate.is_file():
                yield candidate


def _read(path: Path, jurisdiction: Jurisdiction | None) -> Iterator[SourceRecord | Failure]:
    if path.suffix.lower() in LINES_SUFFIXES:
        yield from _read_lines(path, jurisdiction)
        return
    try:
        loaded = load_record(path, jurisdiction)
    except RecordError as error:
        yield Failure(str(path), tuple(error.problems))
        return
    yield SourceRecord(str(path), path, None, hashlib.sha256(loaded.raw_bytes).hexdigest(), loaded.record)


def _read_lines(path: Path, jurisdiction: Jurisdiction | None) -> Iterator[SourceRecord | Failure]:
    """One record per line; a corrupt line is reported with its number and the rest still load."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        reason = "permission denied; ask the file's owner for access" if isinstance(exc, PermissionError) else None
        yield Failure(str(path), (Problem(str(path), reason or f"cannot be read ({exc.strerror})"),))
        return
    with handle:
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip(b"\r\n")
            if not line.strip():
                continue
            where = f"{path} line {number}"
            try:
                record = _record_from_line(line, where, jurisdiction)
            except RecordError as error:
                yield Failure(where, tuple(error.problems))
                continue
            yield SourceRecord(where, path, number, hashlib.sha256(line).hexdigest(), record)


def _record_from_line(line: bytes, where: str, jurisdiction: Jurisdiction | None) -> RecordBase:
    if len(line) > MAX_RECORD_BYTES:
        raise RecordError.one(where, "the line is too large to be a record (over 5 MB)")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordError.one(where, "not text in UTF-8") from None
    try:
        data = parse_json(text)
    except Unreadable as exc:
        raise RecordError.one(where, exc.what.replace("line 1 column", "column")) from None
    if not isinstance(data, dict):
        raise RecordError.one(where, "a record must be a mapping of field names to answers")
    return validate_record(data, where, jurisdiction)


def _reject_duplicates(scan: SourceScan) -> None:
    """Two records with one id cannot both be the record: neither is rendered until one is removed."""
    by_key: dict[tuple[str, str], list[SourceRecord]] = defaultdict(list)
    for item in scan.records:
        by_key[item.key].append(item)
    duplicates = {key: items for key, items in by_key.items() if len(items) > 1}
    if not duplicates:
        return
    scan.records = [item for item in scan.records if item.key not in duplicates]
    for (record_type, record_id), items in duplicates.items():
        for item in items:
            others = ", ".join(o.origin for o in items if o is not item)
            what = f"the {record_type} record id '{record_id}' is also used by {others}; neither is rendered"
            scan.failures.append(Failure(item.origin, (Problem(item.origin, what, "record_id"),)))
