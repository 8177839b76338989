"""Record models: one per document type; the registry maps a record_type to its model."""

from __future__ import annotations

from ipsdocs.models._types import DocumentBase, RecordBase
from ipsdocs.models.admission_discharge import AdmissionDischarge
from ipsdocs.models.benefits_counseling import BenefitsCounseling
from ipsdocs.models.career_profile import CareerProfile
from ipsdocs.models.discharge_plan import DischargePlan
from ipsdocs.models.disclosure_discussion import DisclosureDiscussion
from ipsdocs.models.employment_plan import EmploymentPlan
from ipsdocs.models.fidelity_action_plan import FidelityActionPlan
from ipsdocs.models.fidelity_review import FidelityReview

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
