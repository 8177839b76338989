"""The agency whose name, address, phone and logo head every document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CONFIDENTIALITY_NOTICE = (
    "CONFIDENTIAL: protected health information. Do not disclose without the person's written "
    "consent or as permitted by law (45 CFR Parts 160 and 164; 42 CFR Part 2 where it applies)."
)


@dataclass(frozen=True)
class Agency:
    """Branding for documents; the defaults make a usable document before any set-up."""

    name: str = "IPS Supported Employment Program"
    address: str = ""
    phone: str = ""
    logo: Path | None = None
    confidentiality_notice: str = CONFIDENTIALITY_NOTICE
    attach_record_to_archival: bool = False
    """``--archival`` PDFs carry the record's data (JSON) as an embedded file; off unless the agency turns it on."""

    def as_context(self) -> dict[str, str]:
        return {
            "name": self.name,
            "address": self.address,
            "phone": self.phone,
            "contact_line": " · ".join(p for p in (self.address, self.phone) if p),
            "logo_uri": self.logo.resolve().as_uri() if self.logo else "",
        }
