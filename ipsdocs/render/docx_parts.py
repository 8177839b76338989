"""What a Word package may carry: its own parts, and links to web pages; nothing it fetches or runs.

A .docx is a zip of parts joined by relationships. Some relationships reach outside the file or
carry code, and Word follows them when the document is opened: an image or a template fetched from
a server or a ``file:`` path (``TargetMode="External"``, ``attachedTemplate``), a part pulled in
whole (``altChunk``), an embedded object or ActiveX control (OLE), macros. Copied from a downloaded
template, they would go into every document made for a person. Lint refuses them in a template
(``agency/lint_docx.py``); rendering strips them from every document it writes (``strip``), so even a
template that escaped lint yields a document with none.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_O_OLE = "{urn:schemas-microsoft-com:office:office}OLEObject"

REFUSED_TYPES = {
    "aFChunk": "a part pulled in whole (altChunk)",
    "oleObject": "an embedded or linked object (OLE)",
    "package": "an embedded document (OLE package)",
    "control": "an ActiveX control",
    "activeXControlBinary": "an ActiveX control",
    "vbaProject": "macros (VBA)",
    "attachedTemplate": "an attached template",
    "subDocument": "a sub-document",
    "frame": "a frame",
}
"""Relationship types (the last part of ``Type``) a document may not carry, in an agency's words."""
REFUSED_FOLDERS = ("word/embeddings/", "word/activeX/", "word/vbaProject", "word/vbaData")
WEB_LINKS = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class ExternalPart:
    """One thing a package must not carry: where it is, and what it is."""

    part: str
    what: str


def _kind(relationship: object) -> str | None:
    """What makes this relationship refused, or ``None`` when it is an ordinary one (or a web link)."""
    kind = str(relationship.get("Type", "")).rsplit("/", 1)[-1]  # type: ignore[attr-defined]
    if kind in REFUSED_TYPES:
        return REFUSED_TYPES[kind]
    if relationship.get("TargetMode") == "External":  # type: ignore[attr-defined]
        target = str(relationship.get("Target", ""))  # type: ignore[attr-defined]
        if kind == "hyperlink" and urlsplit(target).scheme.lower() in WEB_LINKS:
            return None
        scheme = urlsplit(target).scheme.lower() or "a path"
        noun = "a link" if kind == "hyperlink" else f"an outside {kind}"
        return f"{noun} to {scheme if scheme == 'a path' else scheme + ':'} outside the document"
    return None


def external_parts(data: bytes) -> list[ExternalPart]:
    """Everything in the package that reaches outside it or carries code (empty for the built-in templates)."""
    from lxml import etree

    found: list[ExternalPart] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith(REFUSED_FOLDERS):
                found.append(ExternalPart(name, "an embedded object, control or macros"))
            if not name.endswith(".rels"):
                continue
            for relationship in etree.fromstring(package.read(name)).iter(f"{{{_RELS}}}Relationship"):
                what = _kind(relationship)
                if what:
                    found.append(ExternalPart(_source_part(name), what))
    return found


def _source_part(rels_name: str) -> str:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml``."""
    folder, file = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), file.removesuffix(".rels"))


def strip(data: bytes) -> bytes:
    """The package without anything ``external_parts`` finds; the same bytes when there is nothing."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        if not any(n.startswith(REFUSED_FOLDERS) for n in names) and not _any_refused(package, names):
            return data
        parts = {info.filename: (info, package.read(info.filename)) for info in package.infolist()}
    dropped = {n for n in names if n.startswith(REFUSED_FOLDERS)}
    for name in [n for n in names if n.endswith(".rels")]:
        root = etree.fromstring(parts[name][1])
        removed = set()
        for relationship in list(root.iter(f"{{{_RELS}}}Relationship")):
            if _kind(relationship):
                removed.add(relationship.get("Id"))
                if relationship.get("TargetMode") != "External":
                    folder = posixpath.dirname(_source_part(name))
                    dropped.add(posixpath.normpath(posixpath.join(folder, str(relationship.get("Target")))).lstrip("/"))
                root.remove(relationship)
        if removed:
            parts[name] = (parts[name][0], _xml(root))
            source = _source_part(name)
            if source in parts:
                parts[source] = (parts[source][0], _without_references(parts[source][1], removed))
    if "[Content_Types].xml" in parts:
        parts["[Content_Types].xml"] = (parts["[Content_Types].xml"][0], _without_overrides(parts, dropped))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, (info, content) in parts.items():
            if name not in dropped:
                target.writestr(info, content)
    return out.getvalue()


def _any_refused(package: zipfile.ZipFile, names: list[str]) -> bool:
    from lxml import etree

    rels = (etree.fromstring(package.read(name)) for name in names if name.endswith(".rels"))
    return any(_kind(r) for root in rels for r in root.iter(f"{{{_RELS}}}Relationship"))


def _without_references(xml: bytes, removed: set[str]) -> bytes:
    """The part without the elements that used a removed relationship (an image keeps its place, blank)."""
    from lxml import etree

    root = etree.fromstring(xml)
    attributes = (f"{{{_R}}}id", f"{{{_R}}}embed", f"{{{_R}}}link")
    for element in list(root.iter()):
        used = [a for a in attributes if element.get(a) in removed]
        if not used:
            continue
        if element.tag in (_A_BLIP, f"{_W}hyperlink"):
            for attribute in used:
                del element.attrib[attribute]
            continue
        doomed = element.getparent() if element.tag == _O_OLE and element.getparent() is not None else element
        parent = doomed.getparent()
        if parent is not None:
            parent.remove(doomed)
    return _xml(root)


def _without_overrides(parts: dict[str, tuple[zipfile.ZipInfo, bytes]], dropped: set[str]) -> bytes:
    from lxml import etree

    root = etree.fromstring(parts["[Content_Types].xml"][1])
    for override in list(root.iter(f"{{{_TYPES}}}Override")):
        if str(override.get("PartName", "")).lstrip("/") in dropped:
            root.remove(override)
    return _xml(root)


def _xml(root: object) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
