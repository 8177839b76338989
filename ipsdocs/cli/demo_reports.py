"""The demo's last step: the program's evidence from the sample records, as a team lead would see it
(the due list, the compliance and outcome reports), written beside the sample documents in
``reports/`` so a newcomer sees in one command what the records prove, not only what they print."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipsdocs.agency.workspace import Workspace


def demo_reports(samples: Sequence[Path], out: Path, workspace: Workspace) -> list[str]:
    """Write due.pdf, compliance.pdf, outcomes.pdf and outcomes.docx; return a line to show for each."""
    from ipsdocs.batch.sources import scan_sources
    from ipsdocs.evidence.due import due_items
    from ipsdocs.evidence.outcomes import quarter_of
    from ipsdocs.reports.compliance_figures import compliance_figures
    from ipsdocs.reports.compliance_pdf import headline, write_compliance_pdf
    from ipsdocs.reports.due_pdf import write_due_pdf
    from ipsdocs.reports.outcome_figures import headline as outcome_headline
    from ipsdocs.reports.outcome_figures import outcome_figures
    from ipsdocs.reports.outcomes_docx import write_outcomes_docx
    from ipsdocs.reports.outcomes_pdf import write_outcomes_pdf

    rules, notice = workspace.jurisdiction, workspace.agency.confidentiality_notice
    records = [s.record for s in scan_sources(list(samples), jurisdiction=rules).records]
    day = max(d for r in records if (d := r.document_date) is not None)
    folder = out / "reports"
    items = due_items(records, rules, day)
    write_due_pdf(folder / "due.pdf", items, day, "every caseload", rules.name, notice)
    people = len({i.client_id for i in items if i.client_id})
    write_compliance_pdf(folder / "compliance.pdf", records, rules, day, notice)
    figures = outcome_figures(records, rules, quarter_of(day), 4, day)
    write_outcomes_pdf(folder / "outcomes.pdf", figures, notice)
    write_outcomes_docx(folder / "outcomes.docx", figures, notice)
    return [
        f"due.pdf: as of {day.isoformat()}, {len(items)} item(s) for {people} people (ipsdocs due)",
        f"compliance.pdf: {headline(compliance_figures(records, rules, day))}",
        f"outcomes.pdf and outcomes.docx: {outcome_headline(figures)}",
    ]
