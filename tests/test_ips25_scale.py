"""Checks for the IPS-25 Fidelity Scale data file (``ipsdocs/data/ips25_scale.yaml``).

The structural tests validate the shape of the transcription (sections, items,
anchors, data sources, component counting).  The reference tests check that the
transcribed text actually occurs in the source document
``shared/reference/002_afa5d102d872fd8b.txt`` (plain text extracted from the
SAMHSA PDF), after normalising both sides: extraction markup is stripped, HTML
entities are decoded, hyphenated line breaks are joined and whitespace is
collapsed.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA_FILE = Path(__file__).resolve().parents[1] / "ipsdocs" / "data" / "ips25_scale.yaml"
REFERENCE_FILE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "002_afa5d102d872fd8b.txt"

DATA_SOURCE_CODES = {"MIS", "DOC", "INT", "OBS", "ISP"}
EXPECTED_SECTIONS = [("staffing", 3), ("organization", 8), ("services", 14)]
COUNTED_ITEMS = {
    "organization_2",
    "organization_5",
    "organization_7",
    "organization_8",
    "services_2",
    "services_14",
}
PREFIX_LENGTH = 40

_INLINE_TAG = re.compile(r"</?(?:b|i|u|em|strong)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]+>")
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\r?\n\s*(\w)")
_SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def normalise(text: str) -> str:
    """Collapse all runs of whitespace to single spaces and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


def normalise_reference(raw: str, *, keep_hyphen: bool) -> str:
    """Normalise the extracted reference text for substring comparison.

    Inline markup (``<b>``, ``<i>``, ``<u>``) is removed, block markup becomes a
    space, entities are decoded and words hyphenated across a line break are
    joined (keeping the hyphen or dropping it, depending on ``keep_hyphen``).
    """
    text = _INLINE_TAG.sub("", raw)
    text = _ANY_TAG.sub(" ", text)
    text = html.unescape(text)
    text = _HYPHEN_BREAK.sub(r"\1-\2" if keep_hyphen else r"\1\2", text)
    return normalise(text)


def _load_scale() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), "top level of the YAML file must be a mapping"
    return data


@pytest.fixture(scope="module")
def scale() -> dict[str, Any]:
    """The parsed data file."""
    return _load_scale()


@pytest.fixture(scope="module")
def items(scale: dict[str, Any]) -> list[dict[str, Any]]:
    """All items of all sections, in document order."""
    return [item for section in scale["sections"] for item in section["items"]]


@pytest.fixture(scope="module")
def reference_texts() -> tuple[str, str]:
    """The normalised reference text (hyphen kept, hyphen dropped at line breaks)."""
    if not REFERENCE_FILE.exists():
        pytest.skip(f"reference document not found at {REFERENCE_FILE}; cannot compare text")
    raw = REFERENCE_FILE.read_text(encoding="utf-8")
    return (
        normalise_reference(raw, keep_hyphen=True),
        normalise_reference(raw, keep_hyphen=False),
    )


def _in_reference(needle: str, reference_texts: tuple[str, str]) -> bool:
    needle = normalise(needle)
    return any(needle in text for text in reference_texts)


# --------------------------------------------------------------------------- structure


def test_top_level_fields(scale: dict[str, Any]) -> None:
    assert scale["title"] == "IPS-25 Supported Employment Fidelity Scale"
    assert isinstance(scale["source"], str) and scale["source"].strip()
    assert set(scale["data_sources"]) == DATA_SOURCE_CODES
    for code, meaning in scale["data_sources"].items():
        assert isinstance(meaning, str) and meaning.strip(), code


def test_sections_and_item_counts(scale: dict[str, Any], items: list[dict[str, Any]]) -> None:
    sections = scale["sections"]
    assert [(s["id"], len(s["items"])) for s in sections] == EXPECTED_SECTIONS
    for section in sections:
        assert isinstance(section["title"], str) and section["title"].strip()
    assert len(items) == 25


def test_ids_unique_and_numbered(scale: dict[str, Any], items: list[dict[str, Any]]) -> None:
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)), "item ids must be unique"
    for section in scale["sections"]:
        for expected_number, item in enumerate(section["items"], start=1):
            assert item["number"] == expected_number, item["id"]
            assert item["id"] == f"{section['id']}_{expected_number}"


def test_item_fields(items: list[dict[str, Any]]) -> None:
    for item in items:
        item_id = item["id"]
        assert isinstance(item["name"], str) and item["name"].strip(), item_id
        assert isinstance(item["definition"], str) and item["definition"].strip(), item_id
        sources = item["data_sources"]
        assert isinstance(sources, list) and sources, item_id
        assert len(sources) == len(set(sources)), item_id
        assert set(sources) <= DATA_SOURCE_CODES, (item_id, sources)


def test_five_anchors(items: list[dict[str, Any]]) -> None:
    for item in items:
        anchors = item["anchors"]
        assert isinstance(anchors, dict), item["id"]
        assert sorted(anchors) == [1, 2, 3, 4, 5], item["id"]
        for score, text in anchors.items():
            assert isinstance(text, str) and text.strip(), (item["id"], score)


def test_counted_items_are_exactly_the_expected_six(items: list[dict[str, Any]]) -> None:
    with_components = {item["id"] for item in items if "components" in item}
    with_mapping = {item["id"] for item in items if "score_by_count" in item}
    assert with_components == COUNTED_ITEMS
    assert with_mapping == COUNTED_ITEMS


def test_components_and_score_by_count(items: list[dict[str, Any]]) -> None:
    for item in items:
        if item["id"] not in COUNTED_ITEMS:
            continue
        item_id = item["id"]
        components = item["components"]
        assert isinstance(components, list) and components, item_id
        component_ids = [component["id"] for component in components]
        assert len(component_ids) == len(set(component_ids)), item_id
        for component in components:
            assert _SNAKE_CASE.match(component["id"]), (item_id, component["id"])
            assert isinstance(component["text"], str) and component["text"].strip(), item_id

        mapping = item["score_by_count"]
        assert sorted(mapping) == list(range(len(components) + 1)), item_id
        scores = [mapping[count] for count in range(len(components) + 1)]
        assert all(1 <= score <= 5 for score in scores), (item_id, scores)
        assert scores == sorted(scores), f"{item_id}: scores must be non-decreasing"
        assert scores[0] == 1 and scores[-1] == 5, (item_id, scores)


# --------------------------------------------------------------------------- reference text


def test_data_source_meanings_in_reference(scale: dict[str, Any], reference_texts: tuple[str, str]) -> None:
    for code, meaning in scale["data_sources"].items():
        assert _in_reference(meaning, reference_texts), f"{code}: {meaning!r}"


def test_item_names_in_reference(items: list[dict[str, Any]], reference_texts: tuple[str, str]) -> None:
    for item in items:
        assert _in_reference(item["name"], reference_texts), f"{item['id']}: {item['name']!r}"


def test_anchor_prefixes_in_reference(items: list[dict[str, Any]], reference_texts: tuple[str, str]) -> None:
    for item in items:
        for score, text in item["anchors"].items():
            prefix = normalise(text)[:PREFIX_LENGTH]
            label = f"{item['id']} anchor {score}"
            assert _in_reference(prefix, reference_texts), f"{label}: {prefix!r}"


def test_full_texts_in_reference(items: list[dict[str, Any]], reference_texts: tuple[str, str]) -> None:
    """Stricter than the prefix check: definitions, anchors and components are verbatim."""
    missing: list[str] = []
    for item in items:
        texts = {"definition": item["definition"]}
        texts.update({f"anchor {score}": text for score, text in item["anchors"].items()})
        for component in item.get("components", []):
            texts[f"component {component['id']}"] = component["text"]
        for label, text in texts.items():
            if not _in_reference(text, reference_texts):
                missing.append(f"{item['id']} {label}: {normalise(text)[:80]!r}")
    assert not missing, "not found verbatim in the reference:\n" + "\n".join(missing)
