"""``make bench``, issue 16: what the due list, the compliance and outcome reports and the IPS-25
evidence cost for a program, with the time to parse the records shown apart."""

from __future__ import annotations

import time

from ipsdocs.definitions.generate import generate
from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.models import MODELS


def report_figures(people: int) -> str:
    from ipsdocs.evidence.compliance import compliance
    from ipsdocs.evidence.due import due_items
    from ipsdocs.evidence.fidelity_evidence import program_evidence
    from ipsdocs.evidence.outcomes import outcomes, quarter_of

    generated = generate(people, seed=42, practice=True)
    started = time.perf_counter()
    records = [MODELS[g.record_type].model_validate(g.data) for g in generated]
    parsed = time.perf_counter() - started
    rules = load_jurisdiction("nc")
    as_of = max(r.document_date for r in records)
    times = {}
    for name, run in (
        ("due", lambda: due_items(records, rules, as_of)),
        ("compliance", lambda: compliance(records, rules, as_of)),
        ("outcomes", lambda: outcomes(records, quarter_of(as_of))),
        ("IPS-25 evidence (25 items)", lambda: program_evidence(records, rules, as_of, "bench")),
    ):
        started = time.perf_counter()
        run()
        times[name] = time.perf_counter() - started
    shown = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items())
    return f"reports: {people} people, {len(records)} records parsed in {parsed:.1f} s; then {shown}"
