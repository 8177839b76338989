"""Services 10 (competitive jobs) from the job starts and ends: the jobs held on the day.

IPS-25 Services 10 (reference/002 l.162): competitive jobs have permanent status rather than temporary
or time-limited status, pay at least minimum wage, are open to anyone and are not set aside for people
with disabilities; "Seasonal jobs and jobs from temporary agencies that other community members use
are counted as competitive jobs". Anchors: 95% or more permanent competitive -> 5, about 85-94% -> 4,
75-84% -> 3, 65-74% -> 2, less -> 1, "OR There are fewer than 10 current jobs" -> 1 (the numbers are
read from the scale's anchors).

A job counts when the state's test of competitive integrated employment holds on the job start, it is
not a set-aside position (the scale's rule, even where a state's test counts one: NY counts JWOD and
NYSID positions, NY l.87), and its type is permanent, seasonal, through a community temp agency or
self-employment. A job whose type or test is not recorded does not count.
"""

from __future__ import annotations

import re
from typing import Any

from ipsdocs.definitions.models.job_start import EmploymentType
from ipsdocs.evidence.ips25_items.base import (
    ItemEvidence,
    ProgramRecords,
    item_title,
    scale_item,
    score_at_least,
    whole,
)

PERMANENT_STATUS = frozenset(
    {EmploymentType.PERMANENT, EmploymentType.SEASONAL, EmploymentType.TEMP_AGENCY, EmploymentType.SELF_EMPLOYED}
)
"""Job types with permanent status for Services 10 (l.162: seasonal and community temp-agency jobs count)."""

SET_ASIDE = "set_aside"
"""The arrangement code of a position set aside for people with disabilities (every profile's list)."""


def fewest_current_jobs() -> int:
    """ "fewer than 10 current jobs" scores 1: the number from anchor 1's own words."""
    text = scale_item("services_10").anchor(1)
    found = re.search(r"fewer than (\d+) current jobs", text)
    if found is None:
        raise ValueError("Services 10: anchor 1 no longer names the fewest current jobs")
    return int(found.group(1))


def current_jobs(program: ProgramRecords) -> list[Any]:
    """Jobs started on or before the day and not ended before it (a job ends on its last day of work)."""
    day = program.as_of
    jobs = []
    for records in program.people.values():
        ends = {r.job_start_id: r.end_date for r in records if r.record_type == "job_end"}
        for job in (r for r in records if r.record_type == "job_start"):
            ended = ends.get(job.record_id)
            if job.start_date <= day and (ended is None or ended >= day):
                jobs.append(job)
    return sorted(jobs, key=lambda j: (j.start_date, j.record_id))


def counts(job: Any) -> bool:
    """Competitive (the state's test), not set aside, and of permanent status."""
    arrangement = getattr(job.arrangement, "value", None)
    return job.competitive_integrated is True and arrangement != SET_ASIDE and job.employment_type in PERMANENT_STATUS


def services_10(program: ProgramRecords) -> ItemEvidence:
    title = item_title("services_10")
    jobs = current_jobs(program)
    day = program.as_of.isoformat()
    if not jobs:
        return ItemEvidence(title, f"no job held on {day}", "", None, 0, "services_10")
    good = [j for j in jobs if counts(j)]
    share = len(good) / len(jobs)
    fewest = fewest_current_jobs()
    anchor = 1 if len(jobs) < fewest else score_at_least("services_10", whole(share * 100))
    unknown = sum(1 for j in jobs if j.employment_type is None or j.competitive_integrated is None)
    held = "1 job" if len(jobs) == 1 else f"the {len(jobs)} jobs"
    verb = "is a permanent competitive job" if len(good) == 1 else "are permanent competitive jobs"
    figure = f"{len(good)} of {held} held on {day} {verb} ({share:.0%})"
    if len(jobs) < fewest:
        figure += f"; fewer than {fewest} current jobs, which the scale scores 1"
    if unknown:
        figure += f"; {unknown} without a recorded job type or test result (not counted)"
    how = (
        "job starts held on the day: the state's competitive test holds, not set aside, and permanent, seasonal, "
        "community temp-agency or self-employment (IPS-25 Services 10, reference/002 l.162); the share rounded half up"
    )
    return ItemEvidence(title, figure, how, anchor, len(jobs), "services_10", tuple(j.record_id for j in jobs))
