"""Options and arguments more than one command module takes, worded once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="Agency workspace folder (default: the nearest folder with ipsdocs.toml).",
        metavar="DIR",
    ),
]
