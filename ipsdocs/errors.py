"""User-facing errors.

Every error a person can cause carries a message in their language (an ESP's or an
agency's), where it happened (file, field path) and never the rejected value, which may be
protected health information.

    IpsdocsError                 base; exit code 2 unless a subclass says otherwise
    ├── RecordError              a record file is missing, unreadable or invalid
    ├── FormError                a form definition does not match its model
    ├── TemplateProblem          a template is broken, unsafe or drops a section
    └── OutputError              a document could not be written
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK = 0
"""Everything done and complete."""
EXIT_PROBLEMS = 1
"""Done, but something is incomplete or some files failed: the messages say which."""
EXIT_INVALID = 2
"""Nothing could be done with the input as given (a bad file, option or workspace)."""
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C (or paused); what was finished is kept."""


@dataclass
class Problem:
    """One thing wrong, located precisely enough to fix it."""

    where: str
    what: str
    field: str = ""

    def __str__(self) -> str:
        location = f"{self.where}: {self.field}" if self.field else self.where
        return f"{location}: {self.what}"


@dataclass
class IpsdocsError(Exception):
    """Raised for any problem the user can fix; the CLI prints it without a traceback."""

    problems: list[Problem] = field(default_factory=list)
    exit_code: int = 2

    @classmethod
    def one(cls, where: str, what: str, field: str = "") -> IpsdocsError:
        return cls([Problem(where, what, field)])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class RecordError(IpsdocsError):
    """Raised when a record file is missing, unreadable, malformed or fails its model's rules."""


class FormError(IpsdocsError):
    """Raised when a form definition names fields its model lacks or leaves required ones out."""


class TemplateProblem(IpsdocsError):
    """Raised when a template cannot be used: syntax error, unknown placeholder, unsafe access."""


class OutputError(IpsdocsError):
    """Raised when a document cannot be written (disk full, permissions, unsafe path)."""
