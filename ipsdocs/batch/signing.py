"""The agency's signing key and the signature of ``manifest.json``: a manifest no one can forge.

Hashes alone prove that the files match the manifest, not who wrote it: anyone who changes a
document can change its hash in the manifest too. So a batch signs ``manifest.json`` with the
agency's Ed25519 key (``cryptography``), in a detached ``manifest.json.sig`` beside it, and the
manifest names the public key's fingerprint. ``ipsdocs verify`` checks the signature before any
hash and says which key signed; ``verify --key agency.pub`` checks it against the key the agency
gave the auditor, so a manifest re-signed with another key fails too.

``ipsdocs keys init`` makes the key: the private half owner-only (0600) in the workspace's
``keys/`` folder or where the agency says, never inside a batch's output; the public half
(``.pub``) is for auditors.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsdocs.errors import IpsdocsError
from ipsdocs.store import FILE_MODE, atomic_write, ensure_private_dir

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "ed25519"
PUBLIC_SUFFIX = ".pub"


def fingerprint(public: Ed25519PublicKey) -> str:
    """``SHA256:…`` of the raw public key, as ssh shows one: what an auditor compares."""
    from cryptography.hazmat.primitives import serialization

    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")


def public_path(private: Path) -> Path:
    return private.with_name(private.name.removesuffix(".key") + PUBLIC_SUFFIX)


def make_key(private: Path, force: bool = False) -> tuple[Path, Path, str]:
    """Write a new key pair: ``private`` (0600, its folder 0700) and its ``.pub``; returns both and
    the fingerprint. An existing key is never replaced without ``force``: manifests it signed would
    then be checked against a key that did not sign them."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public_file = public_path(private)
    if private.exists() and not force:
        raise IpsdocsError.one(
            str(private),
            "a signing key is already there; keep it (manifests it signed are checked with it), or give "
            "--force to replace it (keep its .pub file for the manifests signed so far)",
        )
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    ensure_private_dir(private.parent)
    atomic_write(private, pem)
    public = key.public_key()
    atomic_write(
        public_file, public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    os.chmod(public_file, 0o644)  # the public half is meant to be handed out
    return private, public_file, fingerprint(public)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The agency's private key; refused when others can read it or it is not an Ed25519 key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    where = str(path)
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except FileNotFoundError:
        raise IpsdocsError.one(where, "no signing key here (make one with 'ipsdocs keys init')") from None
    except OSError as exc:
        raise IpsdocsError.one(where, f"the signing key cannot be read ({exc.strerror})") from None
    if mode & 0o077:
        raise IpsdocsError.one(
            where, f"the signing key can be read by other users; make it yours only (chmod 600 {path})"
        )
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise IpsdocsError.one(
            where, "not a signing key made by 'ipsdocs keys init' (or it has a passphrase)"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise IpsdocsError.one(where, "not an Ed25519 key; make one with 'ipsdocs keys init'")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A public key file an agency handed out (PEM, as ``keys init`` writes it)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IpsdocsError.one(where, f"the public key cannot be read ({exc.strerror})") from None
    if b"PRIVATE KEY" in data:
        raise IpsdocsError.one(
            where, "this is the agency's private key; give its .pub file instead, and keep this one secret"
        )
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise IpsdocsError.one(where, "not a public key file (the .pub file 'ipsdocs keys init' wrote)") from None
    if not isinstance(key, Ed25519PublicKey):
        raise IpsdocsError.one(where, "not an Ed25519 public key made by 'ipsdocs keys init'")
    return key


def refuse_inside(key: Path, out_dir: Path) -> None:
    """The private key is never written or kept in what a batch hands to an auditor."""
    if key.resolve().is_relative_to(out_dir.resolve()):
        raise IpsdocsError.one(
            str(key),
            f"the signing key is inside the batch output {out_dir}; keep it outside, where auditors never see it",
        )


def signing_entry(key: Ed25519PrivateKey) -> dict[str, Any]:
    """What the manifest says about its signature: the algorithm, the public key and its fingerprint."""
    from cryptography.hazmat.primitives import serialization

    public = key.public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"algorithm": ALGORITHM, "public_key": base64.b64encode(raw).decode(), "fingerprint": fingerprint(public)}


def sign(key: Ed25519PrivateKey, manifest: bytes, signature_file: Path) -> None:
    atomic_write(signature_file, base64.b64encode(key.sign(manifest)) + b"\n")
    os.chmod(signature_file, FILE_MODE)


@dataclass
class SignatureCheck:
    """What ``verify`` found about the signature; ``ok`` when the manifest is trustworthy as far as
    the signature goes (unsigned counts as ok, with ``signed`` False, unless a key was expected)."""

    signed: bool
    valid: bool = False
    fingerprint: str = ""
    problem: str = ""
    checked_against: str = ""
    """The key file given with --key, when there was one."""

    @property
    def ok(self) -> bool:
        return not self.problem


def check_signature(
    manifest: dict[str, Any], manifest_bytes: bytes, signature_file: Path, expected: Path | None
) -> SignatureCheck:
    """Check ``manifest.json.sig`` against the manifest's bytes, with the key given (``expected``) or,
    without one, the key the manifest names (which shows it is intact, not who signed it)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    entry = manifest.get("signing")
    trusted = load_public_key(expected) if expected is not None else None
    check = SignatureCheck(signed=bool(entry) or signature_file.exists(), checked_against=str(expected or ""))
    if not check.signed:
        if trusted is not None:
            check.problem = "the manifest is not signed, but a key to check it with was given: it cannot be trusted"
        return check
    if not isinstance(entry, dict) or entry.get("algorithm") != ALGORITHM:
        check.problem = "the manifest has a signature but does not say which key made it"
        return check
    check.fingerprint = str(entry.get("fingerprint", ""))
    try:
        signature = base64.b64decode(signature_file.read_bytes().strip(), validate=True)
    except FileNotFoundError:
        check.problem = f"the manifest says it is signed, but {signature_file.name} is missing"
        return check
    except (OSError, ValueError):
        check.problem = f"{signature_file.name} is damaged"
        return check
    try:
        named = Ed25519PublicKey.from_public_bytes(base64.b64decode(str(entry.get("public_key", "")), validate=True))
    except ValueError:
        check.problem = "the manifest names its signing key in a form that cannot be read"
        return check
    if fingerprint(named) != check.fingerprint:
        check.problem = "the key the manifest names does not match its fingerprint"
        return check
    if trusted is not None and fingerprint(trusted) != check.fingerprint:
        check.problem = f"signed by the key {check.fingerprint}, not by the key in {expected} ({fingerprint(trusted)})"
        return check
    try:
        (trusted or named).verify(signature, manifest_bytes)
    except InvalidSignature:
        check.problem = "the signature does not match: manifest.json was changed after it was signed"
        return check
    check.valid = True
    return check
