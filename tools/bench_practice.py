"""``make bench``, the records of everyday practice (issue 15): what one service note costs to render,
and what the cross-record checks cost for a program's year of notes (1,000 people x ~50 notes)."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from ipsdocs.definitions.generate import generate
from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.models import MODELS
from ipsdocs.evidence.practice import build_index, person_practice_findings
from ipsdocs.evidence.practice_week import specialist_rows, weekly_log


def check_figures(people: int) -> str:
    """Seconds for the person checks and the specialists' weekly log over ``people`` generated people."""
    generated = generate(people, seed=42, practice=True)
    started = time.perf_counter()
    records = [MODELS[g.record_type].model_validate(g.data) for g in generated]
    validated = time.perf_counter() - started
    notes = sum(1 for r in records if r.record_type == "service_note")
    by_person: dict[str, list] = defaultdict(list)
    for record in records:
        person = getattr(record, "person", None)
        if person is not None:
            by_person[person.client_id].append(record)
    rules = load_jurisdiction("nc")
    as_of = max(r.document_date for r in records)
    started, cpu = time.perf_counter(), time.process_time()
    index = build_index(records)
    findings = sum(len(person_practice_findings(rs, rules, as_of, index)) for rs in by_person.values())
    checks = time.perf_counter() - started
    started = time.perf_counter()
    log = weekly_log(index, by_person, rules, as_of)
    rows = specialist_rows(index, by_person, rules, as_of, log)
    weekly = time.perf_counter() - started
    cpu = time.process_time() - cpu
    per_thousand = (checks + weekly) / people * 1000
    return (
        f"practice checks: {people} people, {len(records)} records ({notes} service notes, "
        f"{len(index.contacts)} employer contacts); validating them {validated:.1f} s\n"
        f"      person checks {checks:.2f} s ({findings} findings), weekly log {weekly:.2f} s "
        f"({len(log)} specialist-weeks, {len(rows)} specialists): {per_thousand:.2f} s per 1,000 people "
        f"({cpu / people * 1000:.2f} s of CPU)"
    )


def note_jobs(records: list, planner, fmt: str, sample: int) -> list:
    """Jobs for ``sample`` service notes, to time one note's document against the bare library."""
    notes = [r for r in records if r.record.record_type == "service_note"][:sample]
    return planner.jobs(notes, (fmt,))


def note_export(scratch: Path) -> Path:
    from ipsdocs.definitions.generate import write_jsonl

    return write_jsonl(generate(3, seed=42, practice=True), scratch / "notes.jsonl")
