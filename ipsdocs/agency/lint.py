"""Template lint: find a template's mistakes before a document is made with it.

Each template is read the way the renderer reads it (Jinja in the same sandboxed environment;
for Word, the XML docxtpl prepares) and checked against the shapes of the real context
(``template_fields``): syntax errors, unknown placeholders (with a did-you-mean), reaching for
program internals, curly quotes typed inside ``{{ }}`` of an HTML template, includes of files
that are not there. ``lint_workspace`` then renders an example record with the agency's templates
and reads it back, so a template that drops a required section is caught too.

Rendering refuses a template that fails the static checks with the same messages
(``static_problems``, called from render/document.py).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import nodes

from ipsdocs.agency.fields import GENERIC, ListOf, Obj, Shape, Text, refused
from ipsdocs.errors import Problem

if TYPE_CHECKING:
    pass

JINJA_GLOBALS = frozenset({"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "self", "super"})
MACRO_NAMES = frozenset({"caller", "varargs", "kwargs"})
CURLY_QUOTES = "‘’“”"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_METADATA = re.compile(r"<title\b.*?</title\s*>|<meta\b[^>]*>", re.DOTALL | re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{\{|\{%")

LOOP = Obj("loop", tuple((name, Text()) for name in ("index", "index0", "revindex", "revindex0", "first", "last")))
LOOP = Obj("loop", (*LOOP.parts, *((n, Text()) for n in ("length", "depth", "depth0")), ("previtem", Shape())))
LOOP = Obj("loop", (*LOOP.parts, ("nextitem", Shape()), ("cycle", Shape()), ("changed", Shape())))
"""What a template may read of Jinja's ``loop`` (the sandbox's ``JINJA_ATTRIBUTES``)."""
ATTRIBUTE_FILTERS = frozenset({"attr", "selectattr", "rejectattr", "groupby"})
"""Filters whose first argument names an attribute (``|attr("x")``); any filter's ``attribute=`` does too."""

Place = Callable[[int], str]
"""Turns a line number of the Jinja source into a place an editor can find."""


def line_place(lineno: int) -> str:
    return f"line {lineno}"


class Reported(Shape):
    """What follows a name already reported: not reported again."""


@dataclass
class Scope:
    names: dict[str, Shape]
    defined: frozenset[str]
    """Names the template sets anywhere ({% set %}, macros, imports): not checked."""

    def child(self, **bound: Shape) -> Scope:
        return Scope({**self.names, **bound}, self.defined)


@dataclass
class Walker:
    """Walks a parsed template and records every name or attribute the context does not have."""

    where: str
    place: Place
    top: Scope
    problems: list[Problem] = field(default_factory=list)
    inherited: dict[str, Scope] = field(default_factory=dict)
    """Scoped blocks of the parent templates: an override sees the variables the parent has there."""
    scoped_blocks: dict[str, Scope] = field(default_factory=dict)
    """Scoped blocks this template declares, with the scope around each (for its children)."""

    def report(self, node: nodes.Node, what: str) -> None:
        self.problems.append(Problem(self.where, what, self.place(node.lineno)))

    def shape(self, node: nodes.Node, scope: Scope) -> Shape:
        """The shape of an expression, reporting what it names that does not exist."""
        if isinstance(node, nodes.Name):
            if node.ctx != "load":
                return Shape()
            if node.name in scope.names:
                return scope.names[node.name]
            if node.name not in scope.defined and node.name not in JINJA_GLOBALS | MACRO_NAMES:
                self.report(node, unknown(node.name, list(scope.names)))
                return Reported()
            return Shape()
        if isinstance(node, nodes.Getattr):
            return self.attribute(node, self.shape(node.node, scope), node.attr, dotted(node))
        if isinstance(node, nodes.Getitem):
            base = self.shape(node.node, scope)
            self.visit(node.arg, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(node, base, node.arg.value, dotted(node))
            return base.element() if isinstance(node.arg, nodes.Const) and isinstance(base, ListOf) else Shape()
        if isinstance(node, nodes.Const):
            return Text() if isinstance(node.value, str) else Shape()
        if isinstance(node, nodes.Filter) and node.node is not None:
            return self.filter_shape(node, scope)
        self.visit(node, scope)
        return Shape()

    def filter_shape(self, node: nodes.Filter, scope: Scope) -> Shape:
        """``x|attr("name")`` reads an attribute as ``x.name`` does; ``map(attribute=…)`` and the like too."""
        base = self.shape(node.node, scope)
        for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
            self.visit(arg, scope)
        named = [kw.value for kw in node.kwargs if kw.key == "attribute"]
        if node.name in ATTRIBUTE_FILTERS and node.args:
            named.append(node.args[0])
        names = [a.value for a in named if isinstance(a, nodes.Const) and isinstance(a.value, str)]
        if node.name == "attr" and names:
            return self.attribute(node, base, names[0], f"{dotted(node.node)}|attr('{names[0]}')")
        for name in names:
            if refused(name.split(".")[0]):
                self.report(node, refused_message(f"{dotted(node.node)}|{node.name}", name.split(".")[0]))
        return Shape()

    def attribute(self, node: nodes.Node, base: Shape, name: str, path: str) -> Shape:
        if isinstance(base, Reported):
            return base
        found = base.attribute(name)
        if refused(name) and (found is None or not isinstance(base, Obj)):
            self.report(node, refused_message(path, name))
            return Reported()
        if found is None:
            self.report(node, unknown(path, [f"{path.rsplit('.', 1)[0]}.{n}" for n in base.names()]))
            return Reported()
        return found

    def visit(self, node: nodes.Node, scope: Scope) -> None:
        if isinstance(node, nodes.For):
            self.visit_for(node, scope)
        elif isinstance(node, nodes.Block):
            if node.scoped:
                self.scoped_blocks.setdefault(node.name, scope)
            if node.scoped:
                body_scope = scope
            elif node.name in self.inherited:  # the parent's variables there, and this template's own sets
                body_scope = Scope(self.inherited[node.name].names, self.top.defined)
            else:
                body_scope = self.top
            for child in node.body:
                self.visit(child, body_scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            args = {arg.name: Shape() for arg in node.args}
            if isinstance(node, nodes.CallBlock):
                self.visit(node.call, scope)
            for child in node.body:
                self.visit(child, scope.child(**args))
        elif isinstance(node, nodes.With):
            bound = {}
            for target, value in zip(node.targets, node.values, strict=False):
                shape = self.shape(value, scope)
                if isinstance(target, nodes.Name):
                    bound[target.name] = shape
            for child in node.body:
                self.visit(child, scope.child(**bound))
        elif isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self.shape(node, scope)
        elif isinstance(node, nodes.Filter) and node.node is not None:
            self.filter_shape(node, scope)
        elif isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
        elif isinstance(node, nodes.AssignBlock):
            for child in node.body:
                self.visit(child, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def visit_for(self, node: nodes.For, scope: Scope) -> None:
        iterable = self.shape(node.iter, scope)
        item = iterable.element() if isinstance(iterable, ListOf) else Shape()
        targets = [node.target] if isinstance(node.target, nodes.Name) else list(node.target.find_all(nodes.Name))
        bound = {t.name: (item if isinstance(node.target, nodes.Name) else Shape()) for t in targets}
        inner = scope.child(**bound, loop=LOOP)
        if node.test is not None:
            self.visit(node.test, inner)
        for child in node.body:
            self.visit(child, inner)
        for child in node.else_:
            self.visit(child, scope)


def dotted(node: nodes.Node) -> str:
    """``section.title`` for the expression node, as the template wrote it."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{dotted(node.node)}.{node.arg.value}"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    return "…"


def refused_message(path: str, name: str) -> str:
    return (
        f"'{path}' uses '{name}', a Python method or program internals, which templates may not use; "
        "templates read only the placeholders 'ipsdocs templates fields TYPE' lists"
    )


def unknown(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown placeholder: '{name}'{hint}; 'ipsdocs templates fields TYPE' lists every placeholder"


def defined_names(tree: nodes.Template) -> frozenset[str]:
    names = {
        n.name
        for a in tree.find_all(nodes.Assign | nodes.AssignBlock | nodes.For | nodes.With)
        for target in (a.targets if isinstance(a, nodes.With) else [a.target])
        for n in [target, *target.find_all(nodes.Name)]
        if isinstance(n, nodes.Name) and not isinstance(a, nodes.For)
    }
    names |= {m.name for m in tree.find_all(nodes.Macro)}
    names |= {i.target for i in tree.find_all(nodes.Import)}
    for imported in tree.find_all(nodes.FromImport):
        names |= {n if isinstance(n, str) else n[1] for n in imported.names}
    return frozenset(names)


def check_source(
    source: str, shape: Obj, where: str, place: Place = line_place, loader_dirs: Iterable[Path] = ()
) -> list[Problem]:
    """Every problem in one template's Jinja source: syntax, unknown names, unsafe access, missing includes."""
    from jinja2 import TemplateSyntaxError

    from ipsdocs.render.jinja import make_environment

    env = make_environment(tuple(loader_dirs))
    try:
        tree = env.parse(source)
        env.compile(source)  # unknown filters and tests are found when compiling
    except TemplateSyntaxError as exc:
        return [Problem(where, syntax_message(exc, env), place(exc.lineno or 1))]
    scope = Scope(dict(shape.parts), defined_names(tree))
    walker = Walker(where, place, scope, inherited=inherited_block_scopes(tree, env, shape))
    for child in tree.body:
        walker.visit(child, scope)
    return walker.problems + missing_templates(tree, env, where, place)


def inherited_block_scopes(tree: nodes.Template, env: Any, shape: Obj) -> dict[str, Scope]:
    """The scoped blocks of the templates ``tree`` extends, nearest first, each with its scope there
    (``{% block field scoped %}`` inside base.html's loop gives an override ``field`` and ``section``).
    The parents' own problems are their own lint's; here they only lend their scopes."""
    from jinja2 import TemplateError

    scopes: dict[str, Scope] = {}
    seen: set[str] = set()
    extends = next(tree.find_all(nodes.Extends), None)
    while extends is not None and isinstance(extends.template, nodes.Const) and env.loader is not None:
        name = extends.template.value
        if name in seen:
            break
        seen.add(name)
        try:
            parent = env.parse(env.loader.get_source(env, name)[0])
        except (TemplateError, OSError):
            break
        top = Scope(dict(shape.parts), defined_names(parent))
        walker = Walker(name, line_place, top)
        for child in parent.body:
            walker.visit(child, top)
        for block, scope in walker.scoped_blocks.items():
            scopes.setdefault(block, scope)
        extends = next(parent.find_all(nodes.Extends), None)
    return scopes


def syntax_message(exc: Any, env: Any) -> str:
    message = str(exc.message or "")
    quote = next((q for q in CURLY_QUOTES if q in message), None)
    if quote:
        return (
            f"a curly quote {quote} inside {{{{ … }}}} or {{% … %}}: type a straight quote (' or \") instead "
            "(word processors change them as you type)"
        )
    for kind, names in (("filter", env.filters), ("test", env.tests)):
        found = re.match(rf"No {kind} named '([^']+)'", message)
        if found:
            close = difflib.get_close_matches(found.group(1), list(names), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return f"unknown {kind} '{found.group(1)}'{hint}"
    return f"template syntax error: {message}"


def missing_templates(tree: nodes.Template, env: Any, where: str, place: Place) -> list[Problem]:
    from jinja2 import TemplateNotFound

    from ipsdocs.render.jinja import TemplateRefused

    problems = []
    for node in tree.find_all(nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport):
        target = node.template
        if env.loader is None:
            problems.append(Problem(where, "a Word template cannot use other template files", place(node.lineno)))
            continue
        if not isinstance(target, nodes.Const) or not isinstance(target.value, str):
            continue
        if isinstance(node, nodes.Include) and node.ignore_missing:
            continue
        try:
            env.loader.get_source(env, target.value)  # found, not compiled: its own lint reports its errors
        except TemplateRefused as exc:
            what = f"uses '{exc.name}', which is a link or lies outside the template folder: ipsdocs never reads it"
            problems.append(Problem(where, what, place(node.lineno)))
        except TemplateNotFound:
            problems.append(
                Problem(
                    where, f"uses '{target.value}', which is not a template in the template folder", place(node.lineno)
                )
            )
    return problems


def curly_quote_problems(source: str, where: str) -> list[Problem]:
    """Curly quotes inside tags of an HTML template (a Word template straightens them itself)."""
    problems = []
    for match in _TAG.finditer(source):
        quote = next((q for q in CURLY_QUOTES if q in match.group(0)), None)
        if quote:
            lineno = source.count("\n", 0, match.start()) + 1
            problems.append(
                Problem(
                    where,
                    f"a curly quote {quote} inside {match.group(0)[:2]} … {match.group(0)[-2:]}: type a straight "
                    "quote (' or \") instead (word processors change them as you type)",
                    line_place(lineno),
                )
            )
    return problems


def metadata_problems(source: str, where: str) -> list[Problem]:
    """A placeholder inside ``<title>`` or ``<meta>``: it could put an answer into the PDF's metadata.

    ipsdocs sets the PDF's title itself and ignores the template's, but a placeholder there says
    the template means to: it is reported, so the agency removes it.
    """
    problems = []
    for match in _METADATA.finditer(source):
        if _PLACEHOLDER.search(match.group(0)):
            lineno = source.count("\n", 0, match.start()) + 1
            tag = "<title>" if match.group(0).lower().startswith("<title") else "<meta>"
            what = (
                f"a placeholder inside {tag}: document metadata holds only the document type, which ipsdocs "
                "sets itself; take the placeholder out (a person's details belong in the page, not the metadata)"
            )
            problems.append(Problem(where, what, line_place(lineno)))
    return problems


# --- one template file ----------------------------------------------------------------------------


def html_problems(path: Path, shape: Obj, template_dirs: tuple[Path, ...]) -> list[Problem]:
    """An HTML (PDF) template: curly quotes first (they also break the syntax), then the Jinja checks."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(str(path), f"the template cannot be read ({exc.__class__.__name__})")]
    quotes = curly_quote_problems(source, str(path))
    found = quotes or check_source(source, shape, str(path), line_place, template_dirs)
    return metadata_problems(source, str(path)) + found


def html_chain(name: str, template_dirs: tuple[Path, ...]) -> Iterator[Path]:
    """The HTML template ``name`` resolves to and every template it extends or includes, each once."""
    from jinja2 import TemplateError

    from ipsdocs.render.jinja import TemplateRefused, make_environment, template_file

    env = make_environment(template_dirs)
    pending, seen = [name], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            path = next((p for d in template_dirs if (p := template_file(d, current)) is not None), None)
        except (TemplateRefused, TemplateError):  # never read; lint_templates reports the file itself
            continue
        if path is None:
            continue
        yield path
        try:
            tree = env.parse(path.read_text(encoding="utf-8"))
        except (TemplateError, OSError, UnicodeDecodeError):
            continue
        for node in tree.find_all(nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport):
            if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
                pending.append(node.template.value)


__all__ = ["GENERIC", "check_source", "html_problems", "unknown"]
