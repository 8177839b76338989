"""Start the real ``ipsdocs serve --no-browser`` on a free port and fill its forms over plain HTTP."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.cli_runner import ROOT


@dataclass
class Served:
    url: str
    """The one-time opening link the server printed."""
    base: str
    workspace: Path
    process: subprocess.Popen[str]


@contextmanager
def serving(workspace: Path, *extra: str) -> Iterator[Served]:
    """The server as a person starts it, stopped at the end whatever happens."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("IPSDOCS_DEBUG", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ipsdocs",
            "serve",
            "--no-browser",
            "--port",
            "0",
            "--workspace",
            str(workspace),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        url = ""
        deadline = time.monotonic() + 30
        while not url and time.monotonic() < deadline:
            line = process.stdout.readline() if process.stdout else ""
            if not line and process.poll() is not None:
                raise AssertionError(f"ipsdocs serve stopped: {process.stderr.read() if process.stderr else ''}")
            found = re.search(r"(http://127\.0\.0\.1:\d+/open\?key=\S+)", line)
            url = found.group(1) if found else ""
        assert url, "ipsdocs serve printed no link"
        yield Served(url, url.split("/open")[0], workspace, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def version_of(html: str) -> str:
    found = re.search(r'name="version"(?: id="version")? value="([^"]+)"', html)
    assert found, "no draft version on the page"
    return found.group(1)


class Browser:
    """A plain HTTP client that behaves as a browser on the page: cookie, CSRF token, Origin."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self.client = httpx.Client(base_url=served.base, follow_redirects=True, timeout=60)
        page = self.client.get(served.url)
        assert page.status_code == 200, page.text
        self.csrf = csrf_of(page.text)
        self.page = self.opening = page

    def get(self, path: str) -> httpx.Response:
        self.page = self.client.get(path)
        return self.page

    def post(self, path: str, data: Mapping[str, Any], with_version: bool = True) -> httpx.Response:
        body = {"csrf": self.csrf, **data}
        if with_version and "version" not in body and 'name="version"' in self.page.text:
            body["version"] = version_of(self.page.text)
        self.page = self.client.post(path, data=body, headers={"Origin": self.served.base})
        return self.page

    def close(self) -> None:
        self.client.close()


def handle_of(url: str) -> str:
    found = re.search(r"/i/([^/]+)/", url)
    assert found, url
    return found.group(1)
