"""Reading JSON and YAML strictly: every data file ipsdocs reads goes through here.

Records, answer files, JSON Lines exports, drafts, forms, state profiles, the scale and batch
manifests are all read by ``parse_json`` or ``parse_yaml``, so each of them:

- refuses a key given twice in one mapping, naming the key and both lines (JSON's and PyYAML's
  default is that the last value silently wins: ``employer_contact_consent: false`` then
  ``true`` would read as consent);
- refuses data nested deeper than ``MAX_DEPTH`` or holding more than ``MAX_VALUES`` values
  (YAML aliases counted as often as they are used), so a hostile file is one clear problem and
  never a RecursionError, a hang or all the memory;
- says what is wrong in plain words with the line ("line 12 starts with a tab; indent with
  spaces"), never the rejected value.

Problems are raised as ``Unreadable``; each caller turns it into its own error for its file.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

MAX_DEPTH = 64
"""No record, form or manifest nests anywhere near this deep (a record needs about six levels)."""
MAX_VALUES = 1_000_000
"""More values than a 5 MB record could honestly hold; stops a YAML alias bomb early."""


class Unreadable(ValueError):
    """The text is not usable data; ``what`` says why in plain words (no value from the file)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def shown_key(key: Any, limit: int = 60) -> str:
    """A key as a message may show it: quoted, control characters visible, long ones cut."""
    text = str(key)
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else "?" for ch in text)
    return repr(text[:limit] + ("..." if len(text) > limit else ""))


# --- JSON ---------------------------------------------------------------------------------------


class _DuplicateJsonKey(Exception):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateJsonKey
    return result


def parse_json(text: str) -> Any:
    """JSON text to data; ``Unreadable`` for bad syntax, a repeated key, or too deep or too much data."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_pairs)
    except _DuplicateJsonKey:
        raise Unreadable(_json_duplicates(text)) from None
    except RecursionError:
        raise Unreadable(f"nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)") from None
    except json.JSONDecodeError as exc:
        raise Unreadable(f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})") from None
    check_shape(data)
    return data


def _json_duplicates(text: str) -> str:
    """Which key is repeated, and on which lines: a second pass, run only when there is one."""
    from json.decoder import scanstring

    stack: list[dict[str, int] | None] = []
    expect_key = False
    line, position, found = 1, 0, []
    i, end = 0, len(text)
    while i < end:
        ch = text[i]
        if ch == '"':
            try:
                value, after = scanstring(text, i + 1)
            except ValueError:
                break
            if expect_key and stack and stack[-1] is not None:
                line += text.count("\n", position, i)
                position = i
                keys = stack[-1]
                if value in keys:
                    found.append(f"the key {shown_key(value)} is given twice (lines {keys[value]} and {line})")
                else:
                    keys[value] = line
                expect_key = False
            i = after
            continue
        if ch == "{":
            stack.append({})
            expect_key = True
        elif ch == "[":
            stack.append(None)
        elif ch in "}]":
            if stack:
                stack.pop()
            expect_key = False
        elif ch == ",":
            expect_key = bool(stack) and stack[-1] is not None
        i += 1
    if not found:
        return "a key is given twice in one mapping; keep only one answer for each key"
    return "; ".join(found[:5]) + "; keep only one answer for each key"


# --- YAML ---------------------------------------------------------------------------------------


@cache
def _loader() -> type:
    """libyaml's parser when PyYAML has it (ten times faster over the thousands of files of an
    audit), with a constructor that refuses a key given twice in one mapping."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                seen: dict[Any, int] = {}
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=True)
                    try:
                        first = seen.get(key)
                    except TypeError:
                        continue  # an unhashable key: PyYAML reports it itself
                    line = key_node.start_mark.line + 1
                    if first is not None:
                        raise Unreadable(
                            f"the key {shown_key(key)} is given twice (lines {first} and {line}); "
                            "keep only one answer for each key"
                        )
                    seen[key] = line
            return super().construct_mapping(node, deep=deep)

    return StrictLoader


def parse_yaml(text: str) -> Any:
    """YAML text to data (the safe subset: no Python objects); ``Unreadable`` as for ``parse_json``."""
    import yaml

    try:
        data = yaml.load(text, Loader=_loader())
    except RecursionError:
        raise Unreadable(f"nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)") from None
    except yaml.YAMLError as exc:
        raise Unreadable(f"not valid YAML: {yaml_problem(exc, text)}") from None
    check_shape(data)
    return data


_PLAIN_YAML = (
    ("maximum nesting depth", "nested too deeply"),
    ("mapping values are not allowed", "a colon where none can be; put an answer that holds ': ' in quotes"),
    ("could not find expected ':'", "a key without its ':' (or an answer that runs onto the next line unquoted)"),
    ("did not find expected key", "this line is not indented like the lines around it"),
    ("did not find expected '-' indicator", "this list item is not indented like the ones above it"),
    ("expected <block end>", "this line is not indented like the lines around it"),
    ("found unexpected end of stream", "a quote is opened and never closed"),
    ("found unknown escape character", "an unknown \\ escape in double quotes; use single quotes instead"),
    ("found undefined alias", "a * that refers to nothing; put an answer starting with * in quotes"),
    ("found character that cannot start any token", "a character that cannot start an answer; put it in quotes"),
    ("cannot start any token", "a character that cannot start an answer; put it in quotes"),
    ("found unhashable key", "a list or mapping used as a key"),
)


def yaml_problem(exc: Any, text: str) -> str:
    """PyYAML's error in plain words, with its line: "line 12 starts with a tab; indent with spaces"."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", "") or "")
    if mark is None:
        return problem or "the file cannot be read as YAML"
    number = mark.line + 1
    lines = text.splitlines()
    source = lines[mark.line] if mark.line < len(lines) else ""
    if source[: len(source) - len(source.lstrip(" \t"))].count("\t") or (
        mark.column < len(source) and source[mark.column] == "\t"
    ):
        if source.lstrip(" ").startswith("\t"):
            return f"line {number} starts with a tab; indent with spaces, not tabs"
        return f"line {number} has a tab where YAML needs spaces; use spaces"
    for needle, plain in _PLAIN_YAML:
        if needle in problem:
            return f"line {number}: {plain}"
    return f"line {number}: {problem or 'syntax error'}"


# --- shape ---------------------------------------------------------------------------------------


def check_shape(data: Any) -> None:
    """Refuse data nested deeper than MAX_DEPTH or with more than MAX_VALUES values, without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise Unreadable(f"holds more than {MAX_VALUES:,} values; no record is that large")
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth >= MAX_DEPTH and children:
            raise Unreadable(f"nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)")
        stack.extend((child, depth + 1) for child in children)
