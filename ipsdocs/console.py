"""Terminal output: rich where it helps, plain words always, never colour alone.

Rich honours NO_COLOR and plain pipes by itself; every status also has a word (OK,
INCOMPLETE, FAILED), so nothing is told by colour alone.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from ipsdocs.errors import IpsdocsError


@lru_cache(maxsize=1)
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


@lru_cache(maxsize=1)
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def report_error(error: IpsdocsError) -> None:
    """One line per problem, naming the file and field; the value itself is never shown."""
    from rich.markup import escape

    for problem in error.problems:
        err().print(f"[bold red]error:[/] {escape(str(problem))}")


def plain(message: str) -> None:
    print(message, file=sys.stderr)
