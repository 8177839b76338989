"""What every page shares: the app's state, the page renderer (the project's sandboxed, autoescaping
Jinja environment), opening and saving a draft, a section's questions as controls."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from ipsdocs.agency.workspace import Workspace
from ipsdocs.errors import IpsdocsError
from ipsdocs.interview.questions import Kind
from ipsdocs.web.security import Guard
from ipsdocs.web.steps import DraftAccess, Step
from ipsdocs.web.widgets import widget

HERE = Path(__file__).parent
CHANGED = (
    "This draft was changed in another tab or window (or a terminal) since this page was opened, "
    "so nothing was saved from this page. Reload the page to see the latest answers."
)

CHANGED_SHORT = "this draft was changed in another tab or window since this page was opened; reload the page"


class Web:
    """The app's state: the workspace, its drafts, the saved documents offered for download."""

    def __init__(self, workspace: Workspace, guard: Guard) -> None:
        self.workspace = workspace
        self.guard = guard
        self.drafts = DraftAccess(workspace)
        self.downloads: dict[str, Path] = {}
        self.record_keys: dict[str, Path] = {}
        self.env = page_environment()

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        version = context.get("version")
        if isinstance(version, str) and ":" not in version:
            context["version"] = f"{secrets.token_urlsafe(8)}:{version}"  # this page's own writes may overlap
        template = self.env.get_template(name)
        html = template.render(csrf=self.guard.csrf, **context)
        return HTMLResponse(html, status_code=status)

    def message(self, request: Request, title: str, text: str, status: int = 200, back: str = "/") -> HTMLResponse:
        return self.page(request, "message.html", status, title=title, text=text, back=back)


def posted(form: Any) -> dict[str, Any]:
    keys = dict.fromkeys(form.keys())
    return {k: (form.getlist(k) if len(form.getlist(k)) > 1 else form.get(k)) for k in keys}


def child_widgets(step: Step, question: Any, prefix: str, values: dict[str, Any]) -> list[Any]:
    """The widgets of a group's or a list item's fields, named ``prefix.field``, with their answers,
    errors and what was typed: one way for a section's groups and a list item's page."""
    return [
        widget(
            c,
            f"{prefix}.{c.name}",
            values.get(c.name),
            step.errors.get(f"{prefix}.{c.name}", ""),
            step.typed.get(f"{prefix}.{c.name}"),
        )
        for c in question.children()
    ]


def section_widgets(step: Step, section: Any) -> list[dict[str, Any]]:
    """The section's questions as controls; groups as fieldsets; repeating groups as lists of items."""
    rows = []
    for question in step.questions(section):
        name = question.name
        if question.kind is Kind.GROUP:
            children = child_widgets(step, question, name, step.answers.get(name) or {})
            rows.append(
                {
                    "kind": "group",
                    "legend": question.prompt,
                    "help": question.help or "",
                    "children": children,
                    "id": f"g-{name}",
                }
            )
        elif question.kind is Kind.REPEAT:
            from ipsdocs.interview.questions import group_summary

            items = step.answers.get(name) or []
            rows.append(
                {
                    "kind": "repeat",
                    "name": name,
                    "legend": question.prompt,
                    "noun": question.item_name,
                    "help": question.help or "",
                    "id": f"r-{name}",
                    "entries": [group_summary(question, item) for item in items],
                    "full": question.max_items is not None and len(items) >= question.max_items,
                }
            )
        else:
            rows.append(
                {
                    "kind": "one",
                    "w": widget(
                        question, name, step.answers.get(name), step.errors.get(name, ""), step.typed.get(name)
                    ),
                }
            )
    return rows


def download(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        path = web.downloads.get(request.path_params["key"])
        if path is None or not path.is_file():
            return web.message(request, "Not found", "This document is no longer offered; save the record again.", 404)
        media = (
            "application/pdf"
            if path.suffix == ".pdf"
            else ("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        )
        return FileResponse(path, media_type=media, filename=path.name)

    return endpoint


def open_step(web: Web, request: Request) -> Step | Response:
    draft = web.drafts.load(request.path_params["handle"])
    if draft is None:
        return web.message(request, "Not found", "There is no such draft (it may have been saved as a record).", 404)
    try:
        return Step(web.workspace, draft)
    except IpsdocsError as error:
        return web.message(request, "Cannot open", "; ".join(str(p) for p in error.problems), 400)


def save_step(web: Web, step: Step, seen: str | None) -> str:
    step.store_into(step.draft)
    return web.drafts.save(step.draft, seen)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def page_environment() -> Any:
    """The environment of ipsdocs' own pages (shipped with the code, never an agency's): Jinja's
    immutable sandbox, autoescaped and strict. Agency templates get ``render.jinja``'s allow-list
    instead, which these pages do not need (they read the web's own widgets and dict methods)."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, loader=FileSystemLoader(str(HERE / "templates"))
    )
