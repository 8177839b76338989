"""Record models: one per document type; the registry maps a record_type to its model."""

from __future__ import annotations

from ._types import DocumentBase, RecordBase
from .admission_discharge import AdmissionDischarge
from .benefits_counseling import BenefitsCounseling
from .career_profile import CareerProfile
from .discharge_plan import DischargePlan
from .disclosure_discussion import DisclosureDiscussion
from .employment_plan import EmploymentPlan
from .fidelity_action_plan import FidelityActionPlan
from .fidelity_review import FidelityReview

MODELS: dict[str, type[DocumentBase]] = {
    model.model_fields["record_type"].default: model
    for model in (
        CareerProfile,
        EmploymentPlan,
        DisclosureDiscussion,
        BenefitsCounseling,
        DischargePlan,
        AdmissionDischarge,
        FidelityReview,  # a program's records (issue 6): no person, so DocumentBase, not RecordBase
        FidelityActionPlan,
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
    "DocumentBase",
    "EmploymentPlan",
    "FidelityActionPlan",
    "FidelityReview",
    "RecordBase",
]
