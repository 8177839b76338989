"""``manifest.json``: what a batch produced, hash by hash, so an auditor can check it later.

For every document: the source record and the sha256 of its bytes, the template and its sha256,
the output path, its sha256, size and page count, the check result, and the ipsdocs version.
``ipsdocs verify DIR`` recomputes every hash and names each file that changed, is missing, or
was added since. The manifest holds no time of day: the same records and templates give the same
manifest, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipsdocs.batch.signing import SignatureCheck, check_signature
from ipsdocs.definitions.readers import Unreadable, parse_json
from ipsdocs.errors import IpsdocsError
from ipsdocs.store import atomic_write

MANIFEST_NAME = "manifest.json"
JOURNAL_NAME = ".ipsdocs-journal.jsonl"
LOCK_NAME = ".ipsdocs-batch.lock"
SIGNATURE_NAME = MANIFEST_NAME + ".sig"
MANIFEST_FORMAT = 1
BOOKKEEPING = frozenset({MANIFEST_NAME, JOURNAL_NAME, LOCK_NAME, SIGNATURE_NAME})


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> Path:
    return atomic_write(out_dir / MANIFEST_NAME, manifest_bytes(manifest))


def load_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of ``out_dir``; a missing or damaged one is a clear error (exit 2)."""
    path = out_dir / MANIFEST_NAME
    try:
        data = parse_json(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise IpsdocsError.one(str(out_dir), f"no {MANIFEST_NAME} here: not a folder made by 'ipsdocs batch'") from None
    except OSError as exc:
        raise IpsdocsError.one(str(path), f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise IpsdocsError.one(str(path), "is damaged (not valid JSON); the batch cannot be verified") from None
    except Unreadable as exc:
        raise IpsdocsError.one(str(path), f"is damaged ({exc.what}); the batch cannot be verified") from None
    if not isinstance(data, dict) or data.get("manifest_format") != MANIFEST_FORMAT:
        raise IpsdocsError.one(str(path), "is not an ipsdocs manifest this version can read")
    return data


def listed_files(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every file the manifest vouches for (documents and audit outputs), by path inside the folder."""
    entries = {doc["path"]: doc for doc in manifest.get("documents", [])}
    entries.update({item["path"]: item for item in manifest.get("audit_files", [])})
    return entries


def sha256_of(path: Path) -> str:
    """A file's sha256, read in blocks (documents and templates can be large)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@dataclass
class Verification:
    """What ``verify`` found; ``ok`` only when the signature holds (or there is none and no key was
    given), every listed file matches and nothing was added."""

    signature: SignatureCheck = field(default_factory=lambda: SignatureCheck(signed=False))
    checked: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    complete: bool = True
    manifest_sha256: str = ""

    @property
    def ok(self) -> bool:
        return self.signature.ok and not (self.changed or self.missing or self.added or self.unreadable)


def verify(out_dir: Path, key: Path | None = None) -> Verification:
    """Check the manifest's signature (against ``key``, the agency's public key, when given), then
    recompute the hash of every file the manifest lists and look for files it does not list."""
    manifest = load_manifest(out_dir)
    raw = (out_dir / MANIFEST_NAME).read_bytes()
    result = Verification(
        signature=check_signature(manifest, raw, out_dir / SIGNATURE_NAME, key),
        complete=bool(manifest.get("complete", True)),
        manifest_sha256=hashlib.sha256(raw).hexdigest(),
    )
    expected = listed_files(manifest)
    for name, entry in sorted(expected.items()):
        path = out_dir / name
        if not path.is_file():
            result.missing.append(name)
            continue
        try:
            actual = sha256_of(path)
        except OSError:
            result.unreadable.append(name)
            continue
        result.checked += 1
        if actual != entry.get("sha256") or path.stat().st_size != entry.get("size", path.stat().st_size):
            result.changed.append(name)
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file() or p.is_symlink()):
        name = path.relative_to(out_dir).as_posix()
        if name not in expected and name not in BOOKKEEPING:
            result.added.append(name)
    return result
