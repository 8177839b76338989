"""``ipsdocs serve``: the browser interview on 127.0.0.1, opened at a one-time link."""

from __future__ import annotations

import contextlib
import socket
import sys
from pathlib import Path

from ipsdocs.agency.workspace import find_workspace
from ipsdocs.web.security import Guard

DEFAULT_IDLE_MINUTES = 15.0


def listening_socket(port: int) -> socket.socket:
    """A socket on the loopback address only: nothing on the network can reach it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(workspace_dir: Path | None, port: int, open_browser: bool, idle_minutes: float = DEFAULT_IDLE_MINUTES) -> int:
    import uvicorn

    from ipsdocs.web.app import create_app

    workspace = find_workspace(workspace_dir)
    try:
        sock = listening_socket(port)
    except OSError as exc:
        print(f"ipsdocs serve: cannot listen on 127.0.0.1:{port} ({exc.strerror}); try another --port", file=sys.stderr)
        return 2
    guard = Guard(port=sock.getsockname()[1], idle_seconds=idle_minutes * 60)
    app = create_app(workspace, guard)
    where = workspace.root or Path.cwd()
    print(f"ipsdocs: the browser interview for {where}, on this computer only (127.0.0.1).", flush=True)
    print(f"Open this link (it works once): {guard.opening_url()}", flush=True)
    print("Press Ctrl-C here to stop. Every answer is kept in a draft as it is given.", flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(guard.opening_url())
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
    server = uvicorn.Server(config)
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    return 0
