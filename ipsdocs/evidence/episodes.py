"""Episodes of service: one person's records grouped from each admission to the next.

Zero exclusion means people come back ("how to return" is part of every discharge plan). A person's
service record is therefore one or more episodes: admission -> discharge -> the next admission.
Every person-level rule judges an episode against its own admission, never against the person's
first one, so a person readmitted last week is not flagged for a career profile "due" a year ago.

A record belongs to the episode whose admission is the latest on or before the record's date: the
admission date it names (a career profile's date of entry), else its own date. A record dated
before the first admission belongs to the first episode. Without any admission record there is one
episode, which starts at the career profile's date of entry, if there is one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ipsdocs.definitions.models import RecordBase

ADMISSION = "admission_discharge"


@dataclass(frozen=True)
class Episode:
    """One episode of service and the records that belong to it."""

    number: int
    count: int
    """How many episodes the person has (messages name the episode only when there is more than one)."""
    admission: Any | None
    """The admission record (an ``AdmissionDischarge``); None when the person has none."""
    start: date | None
    """The admission date (without an admission record: the career profile's date of entry, if any)."""
    next_start: date | None
    """The next admission's date: records from then on belong to the next episode."""
    records: tuple[RecordBase, ...]
    contacts: tuple[Any, ...] = ()
    """The specialists' employer contacts that name this person, dated in this episode (issue 15): a
    specialist's record, so not among ``records``; the batch finds them once by client id."""

    @property
    def discharged(self) -> date | None:
        return getattr(self.admission, "discharge_date", None)

    @property
    def is_open(self) -> bool:
        """Still served: no discharge recorded (the next admission closes nothing by itself)."""
        return self.discharged is None

    def of_type(self, record_type: str) -> list[Any]:
        """This episode's records of one type, oldest first."""
        return sorted(
            (r for r in self.records if r.record_type == record_type),
            key=lambda r: (r.document_date or date.min, r.record_id),
        )

    @property
    def label(self) -> str:
        """How messages name the episode: "" when it is the person's only one."""
        if self.count <= 1:
            return ""
        since = f", admitted {self.start.isoformat()}" if self.start else ""
        return f"episode {self.number} of {self.count}{since}"

    @property
    def span(self) -> str:
        """The episode's dates, as the audit summary shows them: "2026-01-05 to 2026-04-30" or "2026-06-01, open"."""
        start = self.start.isoformat() if self.start else "no admission record"
        return f"{start} to {self.discharged.isoformat()}" if self.discharged else f"{start}, open"


def episode_day(record: RecordBase) -> date:
    """The date that places a record in an episode: the admission it names, else its own date."""
    return record.admitted_on or record.document_date or date.min


def episodes_of(records: Sequence[Any], contacts: Sequence[Any] = ()) -> list[Episode]:
    """A person's records (records about programs are ignored) grouped into episodes, oldest first;
    ``contacts``, the employer contacts that name them, go to the episode of their date."""
    person = [r for r in records if isinstance(r, RecordBase)]
    episodes = _grouped(person)
    if not contacts:
        return episodes
    starts = [e.start or date.min for e in episodes]
    owned: list[list[Any]] = [[] for _ in episodes]
    for contact in contacts:
        owned[max(0, bisect_right(starts, contact.contact_date) - 1)].append(contact)
    return [
        replace(e, contacts=tuple(sorted(c, key=lambda c: (c.contact_date, c.record_id))))
        for e, c in zip(episodes, owned, strict=True)
    ]


def _grouped(person: list[RecordBase]) -> list[Episode]:
    admissions = sorted(
        (r for r in person if r.record_type == ADMISSION), key=lambda r: (r.admission_date, r.record_id)
    )
    if not admissions:
        entries = [r.admitted_on for r in person if r.record_type == "career_profile" and r.admitted_on]
        return [Episode(1, 1, None, min(entries) if entries else None, None, tuple(person))]
    starts = [a.admission_date for a in admissions]
    own = {id(admission): index for index, admission in enumerate(admissions)}
    buckets: list[list[RecordBase]] = [[] for _ in admissions]
    for record in person:
        index = own.get(id(record))
        if index is None:
            index = max(0, bisect_right(starts, episode_day(record)) - 1)
        buckets[index].append(record)
    count = len(admissions)
    return [
        Episode(
            index + 1,
            count,
            admission,
            admission.admission_date,
            starts[index + 1] if index + 1 < count else None,
            tuple(buckets[index]),
        )
        for index, admission in enumerate(admissions)
    ]


def people_of(records: Sequence[Any]) -> dict[str, list[Any]]:
    """The person records grouped by client id (program records, with no person, are left out)."""
    people: dict[str, list[Any]] = defaultdict(list)
    for record in records:
        if isinstance(record, RecordBase):
            people[record.person.client_id].append(record)
    return people
