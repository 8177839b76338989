"""The browser interview's app (Starlette): its routes behind the guard.

Plain forms, one page per section, work without JavaScript; with it, htmx posts each field as
it changes (``/field``) and shows the interview's verdict at the field.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ipsdocs.agency.workspace import Workspace
from ipsdocs.web import pages
from ipsdocs.web.context import HERE, Web, download
from ipsdocs.web.security import Guard, GuardMiddleware


def routes(web: Web) -> list[Any]:
    return [
        Route("/", pages.home(web)),
        Route("/start", pages.start(web), methods=["POST"]),
        Route("/i/{handle}/section/{number:int}", pages.section(web), methods=["GET", "POST"]),
        Route("/i/{handle}/field", pages.field(web), methods=["POST"]),
        Route("/i/{handle}/item/{name}/{index:int}", pages.item(web), methods=["GET", "POST"]),
        Route("/i/{handle}/item/{name}/{index:int}/remove", pages.remove_item(web), methods=["POST"]),
        Route("/i/{handle}/review", pages.review(web)),
        Route("/i/{handle}/sign", pages.sign(web), methods=["GET", "POST"]),
        Route("/i/{handle}/save", pages.save(web), methods=["POST"]),
        Route("/download/{key}", download(web)),
        Route("/records", pages.records(web)),
        Route("/due", pages.due(web)),
        Route("/records/{key}", pages.record(web), methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


def create_app(workspace: Workspace, guard: Guard) -> Any:
    web = Web(workspace, guard)
    app = Starlette(routes=routes(web))
    app.state.web = web
    return GuardMiddleware(app, guard)


__all__ = ["create_app"]
