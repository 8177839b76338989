"""Free text as formatting, never as code.

Answers may use Markdown (paragraphs, lists, emphasis). It becomes HTML through
python-markdown, which passes raw HTML through, so the *output* is sanitized with an explicit
nh3 allow-list: no images, no scripts or styles, links only to https and mailto. The PDF uses
that HTML; Word gets the same structure rebuilt as WordprocessingML paragraphs and runs, so
both formats show the same text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape as html_escape
from html.parser import HTMLParser
from xml.sax.saxutils import escape as xml_escape

from ipsdocs.definitions.models._types import MAX_MARKDOWN_NESTING, markdown_nesting

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "em", "strong", "b", "i", "a", "code", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"https", "mailto"})


@lru_cache(maxsize=1)
def _markdown():  # type: ignore[no-untyped-def]
    import markdown

    converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Typed HTML is text, not markup: without these, python-markdown passes it through.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    for pattern in ("image_link", "image_reference", "short_image_ref"):
        if pattern in converter.inlinePatterns:
            converter.inlinePatterns.deregister(pattern)
    return converter


_LIST_START = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+\S")


def loosen_lists(text: str) -> str:
    """People write a list right under a line of text; python-markdown wants a blank line first."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if (
            _LIST_START.match(line)
            and previous.strip()
            and not _LIST_START.match(previous)
            and not previous.startswith((" ", "\t"))
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)


def markdown_to_html(text: str) -> str:
    """Markdown to HTML that is safe to place in a document: allow-listed tags only.

    Text nested deeper than records allow (``MAX_MARKDOWN_NESTING``; the model refuses such an
    answer, so only text that bypassed it gets here) or that the converter cannot take is shown
    as plain paragraphs: python-markdown recurses once per level and WeasyPrint lays out every
    level, so ``">" * 19000`` or ``"- " * 9000`` must never reach them.
    """
    import nh3

    if markdown_nesting(text) > MAX_MARKDOWN_NESTING:
        return plain_paragraphs_html(text)
    converter = _markdown()
    converter.reset()
    try:
        html = converter.convert(loosen_lists(text))
    except RecursionError:
        _markdown.cache_clear()  # its state is half-built; the next text gets a fresh converter
        return plain_paragraphs_html(text)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_paragraphs_html(text: str) -> str:
    """Text as paragraphs (blank lines) and line breaks, everything else escaped: no Markdown at all."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    return "".join("<p>" + "<br>".join(html_escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs)


def plain_to_html(text: str) -> str:
    """A short answer as HTML text (escaped)."""
    return html_escape(text)


# --- HTML (already sanitized) -> WordprocessingML ---------------------------------------------

_LIST_STYLES = {"ul": "ListBullet", "ol": "ListNumbered"}
"""Ordered lists are numbered in the text: Word's shared numbering would continue across lists."""


class _DocxBuilder(HTMLParser):
    """Walks sanitized HTML and emits ``<w:p>`` paragraphs with bold/italic runs and list styles."""

    def __init__(self, paragraph_style: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.base_style = paragraph_style
        self.paragraphs: list[str] = []
        self.runs: list[str] = []
        self.bold = 0
        self.italic = 0
        self.code = 0
        self.lists: list[str] = []
        self.counters: list[int] = []
        self.prefix_only = False  # the paragraph so far holds only a list number
        self.href: str | None = None
        self.in_item = False

    def _style(self) -> str | None:
        if self.in_item and self.lists:
            return _LIST_STYLES[self.lists[-1]]
        return self.base_style

    def flush(self) -> None:
        if not self.runs:
            return
        style = self._style()
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        self.paragraphs.append(f"<w:p>{props}{''.join(self.runs)}</w:p>")
        self.runs = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "blockquote"}:
            if not self.prefix_only:
                self.flush()
        elif tag in _LIST_STYLES:
            self.flush()
            self.lists.append(tag)
            self.counters.append(0)
        elif tag == "li":
            self.flush()
            self.in_item = True
            if self.lists and self.lists[-1] == "ol":
                self.counters[-1] += 1
                self.runs.append(f'<w:r><w:t xml:space="preserve">{self.counters[-1]}.</w:t></w:r><w:r><w:tab/></w:r>')
                self.prefix_only = True
        elif tag in {"strong", "b"}:
            self.bold += 1
        elif tag in {"em", "i"}:
            self.italic += 1
        elif tag == "code":
            self.code += 1
        elif tag == "br":
            self.runs.append("<w:r><w:br/></w:r>")
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "blockquote"}:
            self.flush()
        elif tag == "li":
            self.flush()
            self.in_item = False
        elif tag in _LIST_STYLES:
            self.flush()
            if self.lists:
                self.lists.pop()
                self.counters.pop()
            self.in_item = bool(self.lists)
        elif tag in {"strong", "b"}:
            self.bold = max(0, self.bold - 1)
        elif tag in {"em", "i"}:
            self.italic = max(0, self.italic - 1)
        elif tag == "code":
            self.code = max(0, self.code - 1)
        elif tag == "a":
            if self.href:
                self.handle_data(f" ({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        data = data.replace("\n", " ")  # a soft line break in Markdown is a space, as in HTML
        if not data.strip() and (not self.runs or self.prefix_only):
            return
        self.prefix_only = False
        props = ("<w:b/>" if self.bold else "") + ("<w:i/>" if self.italic else "")
        if self.code:
            props += '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>'
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        self.runs.append(f'<w:r>{rpr}<w:t xml:space="preserve">{xml_escape(data)}</w:t></w:r>')

    def close(self) -> None:
        super().close()
        self.flush()


def html_to_docx_xml(html: str, paragraph_style: str | None = None) -> str:
    """Sanitized HTML as WordprocessingML paragraphs (``<w:p>`` elements)."""
    builder = _DocxBuilder(paragraph_style)
    builder.feed(html)
    builder.close()
    return "".join(builder.paragraphs)


def text_paragraph_xml(text: str, style: str | None = None, bold: bool = False) -> str:
    """One plain paragraph (escaped)."""
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{props}<w:r>{rpr}<w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:p>'
