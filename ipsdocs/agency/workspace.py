"""The agency workspace: ``ipsdocs.toml`` and the folders whose files override the built-ins.

Every command finds its workspace the same way: ``--workspace DIR`` if given, else the nearest
folder upwards from the current one that holds ``ipsdocs.toml``, else no workspace at all (the
built-in forms and templates, a neutral agency name, the NC rules).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ipsdocs.definitions.agency import CONFIDENTIALITY_NOTICE, Agency
from ipsdocs.definitions.jurisdiction import DEFAULT_JURISDICTION, Jurisdiction, load_jurisdiction
from ipsdocs.errors import FormError

if TYPE_CHECKING:
    from ipsdocs.definitions.forms import FormSpec
    from ipsdocs.render.document import TemplateSet

WORKSPACE_FILE = "ipsdocs.toml"


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AgencySettings(_Table):
    name: str = Field(default=Agency.name, min_length=1, max_length=200)
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=60)
    logo: str = Field(default="", max_length=300, description="Image file, relative to the workspace")
    confidentiality_notice: str = Field(default=CONFIDENTIALITY_NOTICE, max_length=1000)
    attach_record_to_archival: bool = Field(
        default=False, description="--archival PDFs embed the record's data (PHI) as an attachment"
    )


class FolderSettings(_Table):
    records: str = "records"
    output: str = "output"
    templates: str = "templates"
    forms: str = "forms"


DEFAULT_SIGNING_KEY = "keys/ipsdocs-signing.key"
"""Where ``ipsdocs keys init`` puts the agency's private key unless told otherwise."""


class SigningSettings(_Table):
    key: str = Field(default="", max_length=1000, description="The private signing key, if not keys/ in the workspace")


class WorkspaceSettings(_Table):
    """The whole of ``ipsdocs.toml``."""

    jurisdiction: str = DEFAULT_JURISDICTION
    agency: AgencySettings = AgencySettings()
    folders: FolderSettings = FolderSettings()
    rules: dict[str, dict[str, int | float]] = Field(
        default_factory=dict,
        description=(
            "The agency's own numbers for rules whose sources give none ([rules.<id>], e.g. "
            "[rules.benefits_at_initiation] within_days = 30): only the profile's agency_settings"
        ),
    )
    signing: SigningSettings = SigningSettings()


@dataclass(frozen=True)
class Workspace:
    """Where an agency's records, documents and overrides live; ``root=None`` means built-ins only."""

    root: Path | None = None
    settings: WorkspaceSettings = field(default_factory=WorkspaceSettings)

    def _folder(self, name: str) -> Path | None:
        return self.root / name if self.root else None

    @property
    def agency(self) -> Agency:
        a = self.settings.agency
        logo = self.root / a.logo if (self.root and a.logo) else None
        return Agency(a.name, a.address, a.phone, logo, a.confidentiality_notice, a.attach_record_to_archival)

    @property
    def jurisdiction(self) -> Jurisdiction:
        """The state's profile, with the numbers the agency sets where no source gives one."""
        return _with_settings(self.settings.jurisdiction, _frozen(self.settings.rules), str(self.settings_file))

    @property
    def form_folders(self) -> tuple[Path, ...]:
        folder = self._folder(self.settings.folders.forms)
        return (folder,) if folder else ()

    @property
    def template_folders(self) -> tuple[Path, ...]:
        folder = self._folder(self.settings.folders.templates)
        return (folder,) if folder else ()

    @property
    def templates(self) -> TemplateSet:
        return checked_templates(self.template_folders)

    @property
    def records_dir(self) -> Path:
        return self._folder(self.settings.folders.records) or Path("records")

    @property
    def output_dir(self) -> Path:
        return self._folder(self.settings.folders.output) or Path("output")

    def form(self, record_type: str) -> FormSpec:
        """The form for ``record_type``: the workspace's override as written if there is one, else the
        built-in in the jurisdiction's words (its wording, and which choices apply)."""
        from ipsdocs.definitions.forms import form_path, load_form
        from ipsdocs.definitions.jurisdiction_forms import adapt_form

        form = load_form(record_type, self.form_folders)
        if self.is_override(form_path(record_type, self.form_folders)):
            return form
        return adapt_form(form, self.jurisdiction)

    def is_override(self, path: Path) -> bool:
        """Whether a form or template file is the agency's own (inside the workspace) or a built-in."""
        return self.root is not None and path.resolve().is_relative_to(self.root)

    @property
    def signing_key(self) -> Path | None:
        """The agency's private signing key: ``[signing] key`` (relative to the workspace, or absolute),
        else ``keys/ipsdocs-signing.key`` in the workspace; None outside a workspace."""
        configured = self.settings.signing.key
        if configured:
            path = Path(configured).expanduser()
            return path if path.is_absolute() or self.root is None else self.root / path
        return self.root / DEFAULT_SIGNING_KEY if self.root else None

    @property
    def settings_file(self) -> Path | None:
        return self.root / WORKSPACE_FILE if self.root else None


def _frozen(rules: dict[str, dict[str, int | float]]) -> tuple[tuple[str, tuple[tuple[str, int | float], ...]], ...]:
    return tuple(sorted((rule, tuple(sorted(numbers.items()))) for rule, numbers in rules.items()))


@lru_cache(maxsize=32)
def _with_settings(code: str, rules: tuple, where: str) -> Jurisdiction:
    """Built once per state and settings: every document of a batch asks for it."""
    return load_jurisdiction(code).with_agency_settings({rule: dict(numbers) for rule, numbers in rules}, where)


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: here) that holds ``ipsdocs.toml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / WORKSPACE_FILE).is_file():
            return folder
    return None


def load_workspace(root: Path) -> Workspace:
    """Read ``root/ipsdocs.toml``; a broken file is reported with its key, never half-used."""
    path = root / WORKSPACE_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FormError.one(str(path), f"cannot read the workspace settings ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise FormError.one(str(path), f"not valid TOML: {error}") from None
    try:
        settings = WorkspaceSettings.model_validate(data)
    except ValidationError as error:
        from ipsdocs.definitions.validation import validation_problems

        raise FormError(validation_problems(error, str(path))) from None
    workspace = Workspace(root.resolve(), settings)
    workspace.jurisdiction  # noqa: B018  an unknown state or a rule setting it refuses is reported now
    if settings.agency.logo:
        check_logo(workspace.root / settings.agency.logo, path)  # type: ignore[operator]
    return workspace


LOGO_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = 16_000_000
"""A logo printed 2 inches wide at 600 dpi is 1200 pixels across; 4000 × 4000 is already plenty.
A small file can hold a huge picture (a 48 KB PNG of 20000 × 20000 pixels needs 1.6 GB to draw),
so the size is read from the image's header and checked before anything decodes it."""


def check_logo(logo: Path, settings_file: Path) -> None:
    """The logo must be a PNG, JPEG or GIF image inside the workspace, so Word and PDF both show it,
    and of at most MAX_LOGO_PIXELS pixels, so drawing it cannot take all the memory."""
    where, key = str(settings_file), "agency.logo"
    shown = logo.name
    if not logo.resolve().is_relative_to(settings_file.parent.resolve()):
        raise FormError.one(where, f"the logo '{shown}' must be a file inside the workspace folder", key)
    if not logo.is_file():
        raise FormError.one(where, f"the logo file '{logo}' does not exist (put the image there or fix the name)", key)
    if logo.stat().st_size > MAX_LOGO_BYTES:
        raise FormError.one(where, f"the logo '{shown}' is larger than 5 MB; use a smaller image", key)
    import warnings

    from PIL import Image, UnidentifiedImageError

    size: tuple[int, int] | None = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(logo) as image:
                kind, size = image.format or "", image.size
                if size[0] * size[1] <= MAX_LOGO_PIXELS:
                    image.verify()
    except Image.DecompressionBombError as error:  # so large that Pillow itself refuses to open it
        counted = re.search(r"\d+", str(error))
        kind, pixels = "", f"{int(counted.group()):,} pixels" if counted else "far too many pixels"
        raise FormError.one(where, _too_many_pixels(shown, pixels), key) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = ""
    if size is not None and size[0] * size[1] > MAX_LOGO_PIXELS:
        pixels = f"{size[0] * size[1]:,} pixels ({size[0]} × {size[1]})"
        raise FormError.one(where, _too_many_pixels(shown, pixels), key)
    if kind not in LOGO_FORMATS:
        raise FormError.one(where, f"the logo '{shown}' is not a PNG, JPEG or GIF image", key)


def _too_many_pixels(shown: str, pixels: str) -> str:
    return (
        f"the logo '{shown}' has {pixels}; a logo may have at most {MAX_LOGO_PIXELS // 1_000_000} million pixels "
        "(e.g. 4000 × 4000), so drawing it cannot take all the memory: save a smaller copy of it"
    )


def find_workspace(explicit: Path | None = None, start: Path | None = None) -> Workspace:
    """The workspace a command works in: ``--workspace`` if given, else the nearest one, else built-ins."""
    if explicit is not None:
        if not (explicit / WORKSPACE_FILE).is_file():
            raise FormError.one(str(explicit), f"not an ipsdocs workspace (no {WORKSPACE_FILE}; run 'ipsdocs init')")
        return load_workspace(explicit)
    root = find_root(start)
    return load_workspace(root) if root else Workspace()


def checked_templates(folders: tuple[Path, ...]) -> TemplateSet:
    """The template set render gets: these agency folders, with the agency's lint as its check."""
    from ipsdocs.agency.template_check import static_problems
    from ipsdocs.render.document import TemplateSet

    return TemplateSet(tuple(folders), static_problems)
