"""How signatures and addenda print on the documents.

A line still to sign is blank: a name and role under an empty line, and an empty date (the
signing date is the date signed, never the document's date). An electronic signature prints
"Electronically signed by NAME, ROLE (CREDENTIALS) on DATE" with the record's sha256 it binds;
one that no longer matches the record says so. Addenda follow the original, each with its date,
its text and its own signatures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as html_escape
from xml.sax.saxutils import escape as xml_escape

from ipsdocs.definitions.models._types import Addendum, RecordBase, Signature
from ipsdocs.definitions.signing import addendum_hash, content_hash
from ipsdocs.render.text import html_to_docx_xml, markdown_to_html, text_paragraph_xml
from ipsdocs.wording import show_date

NO_LONGER_MATCHES = "this signature does not match the record as it is now: it was changed after signing"


@dataclass(frozen=True)
class SignatureBlock:
    """Everything the documents print for one signature, computed once."""

    signature: Signature
    bound_to: str
    """The hash this signature must carry to match (the record's, or its addendum's)."""

    @property
    def who(self) -> str:
        s = self.signature
        credentials = f" ({s.credentials})" if s.credentials else ""
        return f"{s.signer}, {s.role}{credentials}"

    @property
    def electronic_line(self) -> str:
        s = self.signature
        signed = show_date(s.signed_on) if s.signed_on else ""
        return f"Electronically signed by {self.who} on {signed}"

    @property
    def hash_line(self) -> str:
        return f"record sha256 {self.signature.record_sha256}"

    @property
    def matches(self) -> bool:
        return self.signature.record_sha256 == self.bound_to

    @property
    def date_text(self) -> str:
        return show_date(self.signature.signed_on) if self.signature.signed_on else ""


def blocks(signatures: Sequence[Signature], bound_to: str) -> list[SignatureBlock]:
    return [SignatureBlock(s, bound_to) for s in signatures]


def _block_html(block: SignatureBlock) -> str:
    s = block.signature
    if s.electronic:
        drawn = (
            '<svg class="drawn" viewBox="0 0 400 100" role="img" aria-label="Drawn signature">'
            f'<path d="{html_escape(s.drawn)}" fill="none" stroke="#1b1f24" stroke-width="2"/></svg>'
            if s.drawn
            else ""
        )
        warning = "" if block.matches else f'<div class="mismatch">{html_escape(NO_LONGER_MATCHES)}</div>'
        return (
            f'<div class="signature signed">{drawn}<div class="esigned">{html_escape(block.electronic_line)}</div>'
            f'<div class="hash">{html_escape(block.hash_line)}</div>{warning}</div>'
        )
    return (
        '<div class="signature"><div class="line"></div>'
        f'<div class="who">{html_escape(s.signer)} — {html_escape(s.role)}</div>'
        f'<div class="date">Date: <span>{html_escape(block.date_text)}</span></div></div>'
    )


def signatures_html(record: RecordBase, signatures: Sequence[Signature]) -> str:
    parts = [_block_html(b) for b in blocks(signatures, content_hash(record))]
    html = '<div class="signatures">' + "".join(parts) + "</div>"
    return html + "".join(_addendum_html(record, i, a) for i, a in enumerate(record.addenda))


def _addendum_html(record: RecordBase, index: int, addendum: Addendum) -> str:
    signed = "".join(_block_html(b) for b in blocks(addendum.signatures, addendum_hash(record, index)))
    return (
        f'<div class="addendum"><h3>Addendum {index + 1} — {html_escape(show_date(addendum.added_on))}</h3>'
        f'{markdown_to_html(addendum.text)}<div class="signatures">{signed}</div></div>'
    )


def _block_docx(block: SignatureBlock) -> str:
    s = block.signature
    if s.electronic:
        parts = [text_paragraph_xml(block.electronic_line, "SignatureName"), text_paragraph_xml(block.hash_line)]
        if not block.matches:
            parts.append(text_paragraph_xml(NO_LONGER_MATCHES))
        return "".join(parts)
    signed = block.date_text or "____________"
    return text_paragraph_xml("", "SignatureLine") + (
        '<w:p><w:pPr><w:pStyle w:val="SignatureName"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{xml_escape(s.signer)} — {xml_escape(s.role)}</w:t></w:r>'
        f'<w:r><w:tab/><w:t xml:space="preserve">Date: {xml_escape(signed)}</w:t></w:r></w:p>'
    )


def signatures_docx(record: RecordBase, signatures: Sequence[Signature]) -> str:
    parts = [_block_docx(b) for b in blocks(signatures, content_hash(record))]
    for index, addendum in enumerate(record.addenda):
        parts.append(text_paragraph_xml(f"Addendum {index + 1} — {show_date(addendum.added_on)}", bold=True))
        parts.append(html_to_docx_xml(markdown_to_html(addendum.text)))
        parts += [_block_docx(b) for b in blocks(addendum.signatures, addendum_hash(record, index))]
    return "".join(parts)
