"""Days to the first face-to-face employer contact per specialist (IPS-25 Services 4, reference/002;
NC critical element 6: within 30 days), for the compliance report's third chart.

The definition is IPS-25 Services 4's as the fidelity evidence computes it (an episode's admission to
its first face-to-face employer contact naming the person, or its first job start not known to be
non-competitive, on or before the day of the report); this adds who the specialist is: the staff
member of the episode's newest record, as in the compliance report. ``tests/test_reports.py`` holds
the two to the same average.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ipsdocs.evidence.episodes import episodes_of
from ipsdocs.evidence.outcomes import people_of
from ipsdocs.evidence.practice import build_index, contacts_of


def first_contacts(records: Sequence[Any], as_of: date) -> list[tuple[str, int]]:
    """(specialist, days from admission to the first face-to-face employer contact) per episode."""
    index = build_index(records)
    found = []
    for client, own in people_of(records).items():
        for episode in episodes_of(own, contacts_of(index, client)):
            if episode.start is None:
                continue
            met = [c.contact_date for c in episode.contacts if c.face_to_face and c.contact_date >= episode.start]
            met += [
                j.start_date
                for j in episode.of_type("job_start")
                if j.start_date >= episode.start and j.competitive_integrated is not False
            ]
            if met and min(met) <= as_of:
                newest = max(episode.records, key=lambda r: (r.document_date or date.min, r.record_id))
                found.append((newest.staff.name, (min(met) - episode.start).days))
    return found
