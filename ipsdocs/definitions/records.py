"""Reading record files (JSON or YAML) into validated models, with errors a person can act on.

Error messages name the file and the field path and say what is wrong, never the rejected
value: answers are protected health information and must not reach a terminal log.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ipsdocs.definitions.jurisdiction import Jurisdiction, validation_context
from ipsdocs.definitions.models import MODELS, RecordBase
from ipsdocs.definitions.readers import Unreadable, parse_json, parse_yaml
from ipsdocs.definitions.validation import unknown_record_type, validation_problems
from ipsdocs.errors import RecordError

MAX_RECORD_BYTES = 5_000_000


@dataclass(frozen=True)
class LoadedRecord:
    """A validated record and where it came from."""

    source: Path
    record: RecordBase
    raw_bytes: bytes


def parse_mapping(text: str, where: str, suffix: str) -> dict[str, Any]:
    """JSON for .json, YAML otherwise (YAML is a superset of JSON); a record is always a mapping.

    Read strictly (``readers``): a key given twice, data nested too deeply or a YAML alias bomb is
    a RecordError naming the file, never a silent last-value-wins or a crash.
    """
    try:
        data = parse_json(text) if suffix == ".json" else parse_yaml(text)
    except Unreadable as exc:
        raise RecordError.one(where, exc.what) from None
    if not isinstance(data, dict):
        raise RecordError.one(where, "a record must be a mapping of field names to answers")
    return data


def validate_record(data: dict[str, Any], where: str, jurisdiction: Jurisdiction | None = None) -> RecordBase:
    """Validate a mapping against the model its ``record_type`` names.

    With a ``jurisdiction`` (the workspace's), the rules that depend on the state are held too (NC: the
    person is 18 or older on the admission date, criterion B has at least two areas), and a record that
    breaks one is refused with the state named; without one, only the rules every state shares.
    """
    record_type = data.get("record_type")
    if not isinstance(record_type, str) or not record_type:
        raise RecordError.one(where, "the record has no record_type", "record_type")
    model = MODELS.get(record_type)
    if model is None:
        raise RecordError.one(where, unknown_record_type(record_type, MODELS), "record_type")
    try:
        return model.model_validate(data, context=validation_context(jurisdiction))
    except ValidationError as exc:
        raise RecordError(validation_problems(exc, where, model)) from None


def load_record(path: Path, jurisdiction: Jurisdiction | None = None) -> LoadedRecord:
    """Read and validate one record file (under ``jurisdiction``'s rules when given, see
    ``validate_record``); RecordError names the file and every problem in it."""
    where = str(path)
    try:
        if path.stat().st_size > MAX_RECORD_BYTES:
            raise RecordError.one(where, "the file is too large to be a record (over 5 MB)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecordError.one(where, "no such file") from None
    except IsADirectoryError:
        raise RecordError.one(where, "this is a folder, not a record file") from None
    except PermissionError:
        raise RecordError.one(where, "permission denied; ask the file's owner for access") from None
    except OSError as exc:
        raise RecordError.one(where, f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordError.one(where, "not a text file in UTF-8") from None
    data = parse_mapping(text, where, path.suffix.lower())
    return LoadedRecord(path, validate_record(data, where, jurisdiction), raw)


RECORD_FILE_SUFFIXES = (".yaml", ".yml", ".json")


def record_files(folder: Path) -> list[Path]:
    """Every record file in a records folder, recursively, in name order; drafts and earlier versions
    live in hidden folders and are skipped. An absent folder holds none."""
    if not folder.is_dir():
        return []
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.suffix in RECORD_FILE_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and path.is_file()
    ]
