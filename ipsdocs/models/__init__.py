"""Record models: one per document type; the registry maps a record_type to its model."""

from __future__ import annotations

from ._types import RecordBase
from .admission_discharge import AdmissionDischarge
from .benefits_counseling import BenefitsCounseling
from .career_profile import CareerProfile
from .discharge_plan import DischargePlan
from .disclosure_discussion import DisclosureDiscussion
from .employment_plan import EmploymentPlan

MODELS: dict[str, type[RecordBase]] = {
    model.model_fields["record_type"].default: model
    for model in (
        CareerProfile,
        EmploymentPlan,
        DisclosureDiscussion,
        BenefitsCounseling,
        DischargePlan,
        AdmissionDischarge,
    )
}
"""Every record type ipsdocs knows, in the order a person's services usually produce them."""

__all__ = [
    "MODELS",
    "AdmissionDischarge",
    "BenefitsCounseling",
    "CareerProfile",
    "DischargePlan",
    "DisclosureDiscussion",
    "EmploymentPlan",
    "RecordBase",
]
