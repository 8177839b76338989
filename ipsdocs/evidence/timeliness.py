"""Timeliness and documentation rules over one episode of a person's service records.

Each rule is the state's (``rules:`` in ``ipsdocs/data/jurisdictions/<code>.yaml``): whether it applies
there, its numbers and wording, its source. The checks here judge the record types every state has:

- ``admission_record``: the admission record is there (NC: the LME-MCO Consumer Admission and
  Discharge Form);
- ``eligibility``: the admission's answers support admission under the state's criteria (NC: A, B with
  at least two areas, and C's three conditions; NY: served in ACT or CORE PSR and interested in work;
  CA: wants to work); ``nyess_entry`` (NY): a person interested in work is entered in NYESS;
- ``career_profile_on_time`` and ``career_profile_sessions``: completed within the days after this
  episode's admission, over the number of sessions (NC critical element 1; IPS-25 Services 3 and 4);
- ``benefits_at_initiation`` (NC critical element 2): a session at service initiation, and, where the
  agency sets the number of days the source does not give, dated within them;
- ``disclosure_more_than_once`` (IPS-25 Services 2): discussed more than once, the next time within the
  months after the first that the scale's example gives;
- ``discharge_plan`` (NC): each discharge has its own plan, discussed on or before the discharge date;
- ``discharge_reason`` (NC): the reason is one of the state's criteria.

Each judges an episode against its own admission (``episodes``). Findings are judged "as of" a date
the caller gives (a batch uses the latest date in its records, so the same records always give the
same findings), never the wall clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction, Rule
from ipsdocs.definitions.models import MODELS, RecordBase
from ipsdocs.evidence.episodes import Episode
from ipsdocs.evidence.rules import EpisodeCheck, Judgement, Status, judged

FOUNDATION_TYPES = tuple(t for t, model in MODELS.items() if issubclass(model, RecordBase))
"""The documents of a person's service record (the registry's records about a person, not a program);
the rules below concern these only."""

EXPECTED_FOR_EVERYONE = tuple(t for t in FOUNDATION_TYPES if t != "discharge_plan")
"""Documents every person served should have; a discharge plan only at discharge (rule ``discharge_plan``)."""


def _show(day: date) -> str:
    return day.isoformat()


def _closed_or(episode: Episode, status: Status) -> Status:
    """An episode that has ended can no longer do what it lacks: overdue becomes missed."""
    return Status.MISSED if status is Status.OVERDUE and not episode.is_open else status


# --- the admission ---------------------------------------------------------------------------------


def _admission_record(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    if episode.admission is None:
        yield judged(rule, episode, Status.OVERDUE, None, rule.words("missing"), task="write the admission record")
    else:
        yield judged(rule, episode, Status.MET)


def _criterion(admission: Any, name: str, areas: int) -> bool | None:
    """Whether one of the state's criteria holds (None: not recorded)."""
    if name == "criterion_a":  # NC A: SMI, which "may include a primary substance use disorder" (A.1)
        smi, sud = admission.criterion_a_smi, admission.criterion_a_primary_sud
        return True if (smi or sud) else (False if smi is False else None)
    if name == "criterion_b_areas":
        chosen = len(set(admission.criterion_b_areas))
        return None if chosen == 0 else chosen >= areas
    value = getattr(admission, name)
    return None if value is None else bool(value)


def _eligibility(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    admission = episode.admission
    if admission is None:
        return
    areas = int(rule.numbers.get("areas") or 0)
    problems = []
    for name in rule.listed("criteria"):
        holds = _criterion(admission, name, areas)
        if holds is True:
            continue
        what = rule.words(name, areas=areas)
        if holds is None:
            problems.append((f"eligibility in {state.name}: {what} is not recorded", admission.record_id))
        elif name == "criterion_b_areas":
            chosen = len(set(admission.criterion_b_areas))
            problems.append(
                (f"eligibility in {state.name}: {what} is not met ({chosen} area(s) recorded)", admission.record_id)
            )
        else:
            problems.append(
                (f"the answers do not support admission in {state.name}: {what} is answered no", admission.record_id)
            )
    yield judged(rule, episode, Status.MISSED if problems else Status.MET, None, *problems)


def _nyess_entry(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    admission = episode.admission
    if admission is None or admission.criterion_c_desire_to_work is not True:
        return
    if admission.nyess_entry_date or admission.nyess_id:
        yield judged(rule, episode, Status.MET)
        return
    status = _closed_or(episode, Status.OVERDUE)
    yield judged(rule, episode, status, None, (rule.words("missing"), admission.record_id), task="enter in NYESS")


# --- the career profile ----------------------------------------------------------------------------


def _career_profile_on_time(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    admitted = episode.start
    if admitted is None:
        return
    limit = rule.number("days")
    due = admitted + timedelta(days=limit)
    if episode.discharged and episode.discharged <= due and not episode.of_type("career_profile"):
        return  # discharged before the profile was due: nothing was owed
    profiles = episode.of_type("career_profile")
    completed = [p for p in profiles if p.completed_on is not None]
    task = "complete the career profile"
    sessions = state.rule("career_profile_sessions")
    if profiles and sessions.applies:
        fewest, most = sessions.number("sessions")
        task += f" ({len(profiles[-1].sessions)} of {fewest}-{most} sessions held)"
    if not completed:
        if as_of <= due:
            yield judged(rule, episode, Status.DUE, due, task=task)
            return
        status = _closed_or(episode, Status.OVERDUE)
        if not profiles:
            yield judged(rule, episode, status, due, f"no career profile; it was due by {_show(due)}", task=task)
        else:
            what = f"career profile not completed; it was due by {_show(due)} ({limit} days after admission)"
            yield judged(rule, episode, status, due, (what, profiles[0].record_id), task=task)
        return
    first = min(completed, key=lambda p: p.completed_on)
    days = (first.completed_on - admitted).days
    if days > limit:
        what = f"career profile completed {days} days after admission (due within {limit} days)"
        yield judged(rule, episode, Status.MISSED, due, (what, first.record_id))
    else:
        yield judged(rule, episode, Status.MET, due)


def _career_profile_sessions(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    completed = [p for p in episode.of_type("career_profile") if p.completed_on is not None]
    if not completed:
        return
    first = min(completed, key=lambda p: p.completed_on)
    fewest, most = rule.number("sessions")
    if fewest <= len(first.sessions) <= most:
        yield judged(rule, episode, Status.MET)
    else:
        what = f"career profile built over {len(first.sessions)} session(s) (expected {fewest} to {most})"
        yield judged(rule, episode, Status.MISSED, None, (what, first.record_id))


# --- benefits counseling, disclosure ---------------------------------------------------------------


def _benefits_at_initiation(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    """NC element 2: counseling "begins at service initiation". NC gives no day count; when the agency
    sets one (``within_days``), the session must be dated within it, whatever its label."""
    sessions = episode.of_type("benefits_counseling")
    window = rule.number("within_days")
    admitted = episode.start
    due = admitted + timedelta(days=window) if (window is not None and admitted) else None
    labelled = [s for s in sessions if getattr(s.occasion, "value", None) == "service_initiation"]
    task = "benefits counseling at service initiation"
    if due is not None:
        in_time = [s for s in sessions if s.session_date <= due]
        if in_time:
            yield judged(rule, episode, Status.MET, due)
            return
        if labelled:
            late = labelled[0]
            days = (late.session_date - admitted).days  # type: ignore[operator]
            what = (
                f"benefits counseling labelled at service initiation is dated {days} days after admission "
                f"(the agency's window: {window} days)"
            )
            yield judged(rule, episode, Status.MISSED, due, (what, late.record_id))
            return
        if as_of <= due and episode.is_open:
            yield judged(rule, episode, Status.DUE, due, task=task)
            return
    elif labelled:
        yield judged(rule, episode, Status.MET)
        return
    what = "no benefits counseling record at service initiation"
    if sessions:
        what += f" ({len(sessions)} later session(s) recorded)"
    yield judged(rule, episode, _closed_or(episode, Status.OVERDUE), due, what, task=task)


def _add_months(day: date, months: int) -> date:
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)


def _disclosure(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    """IPS-25 Services 2: on more than one occasion; the next one is due the scale's example's months
    (two: "if clients have not found employment after two months") after the first."""
    discussions = episode.of_type("disclosure_discussion")
    needed = rule.number("occasions")
    if len(discussions) >= needed:
        yield judged(rule, episode, Status.MET)
        return
    if not discussions:
        what = "disclosure never discussed (needed more than once)"
        yield judged(rule, episode, _closed_or(episode, Status.OVERDUE), None, what, task="discuss disclosure")
        return
    due = _add_months(discussions[-1].discussion_date, rule.number("revisit_after_months"))
    task = "discuss disclosure again"
    if episode.is_open and as_of <= due:
        yield judged(rule, episode, Status.DUE, due, task=task)
        return
    yield judged(rule, episode, _closed_or(episode, Status.OVERDUE), due, "disclosure discussed only once", task=task)


# --- discharge -------------------------------------------------------------------------------------


def _discharge_plan(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    """NC: a documented discharge plan discussed with the individual: this discharge's own plan (one of
    this episode), discussed on or before the discharge date."""
    discharged = episode.discharged
    if discharged is None:
        return
    admission_id = episode.admission.record_id  # type: ignore[union-attr]
    plans = episode.of_type("discharge_plan")
    if not plans:
        yield judged(rule, episode, Status.MISSED, discharged, ("discharged without a discharge plan", admission_id))
        return
    if any(plan.discussed_on <= discharged for plan in plans):
        yield judged(rule, episode, Status.MET, discharged)
        return
    late = plans[0]
    what = (
        f"the discharge plan was discussed on {_show(late.discussed_on)}, after the discharge of "
        f"{_show(discharged)} (it is discussed with the person before)"
    )
    yield judged(rule, episode, Status.MISSED, discharged, (what, late.record_id))


def _discharge_reason(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    allowed = state.discharge_reason_codes
    problems: list[tuple[str, str]] = []
    admission = episode.admission
    concerned = False
    if admission is not None and admission.discharge_date is not None:
        concerned = True
        reason = getattr(admission.discharge_reason, "value", admission.discharge_reason)
        if reason is None:
            problems.append(("discharge reason not recorded", admission.record_id))
        elif reason not in allowed:
            problems.append(
                (f"discharge reason '{reason}' is not one of {rule.words('criteria')}", admission.record_id)
            )
    for plan in episode.of_type("discharge_plan"):
        concerned = True
        outside = sorted({r.value for r in plan.reasons} - allowed)
        if outside:
            problems.append(
                (
                    f"discharge plan gives reason(s) outside {rule.words('criteria')}: {', '.join(outside)}",
                    plan.record_id,
                )
            )
        elif not plan.reasons:
            problems.append(("discharge plan gives no reason", plan.record_id))
    if concerned:
        yield judged(rule, episode, Status.MISSED if problems else Status.MET, None, *problems)


CHECKS: tuple[EpisodeCheck, ...] = (
    EpisodeCheck("admission_record", _admission_record, wording=("missing",)),
    EpisodeCheck("eligibility", _eligibility, lists=("criteria",)),
    EpisodeCheck("nyess_entry", _nyess_entry, wording=("missing",)),
    EpisodeCheck("career_profile_on_time", _career_profile_on_time, numbers=("days",)),
    EpisodeCheck("career_profile_sessions", _career_profile_sessions, numbers=("sessions",)),
    EpisodeCheck("benefits_at_initiation", _benefits_at_initiation, numbers=("within_days",)),
    EpisodeCheck("disclosure_more_than_once", _disclosure, numbers=("occasions", "revisit_after_months")),
    EpisodeCheck("discharge_plan", _discharge_plan),
    EpisodeCheck("discharge_reason", _discharge_reason, wording=("criteria",)),
)
"""The checks of this module, in the order the audit lists their findings."""
