"""Record models: one per document type; the registry maps a record_type to its model."""

from __future__ import annotations

from ipsdocs.definitions.models._types import DocumentBase, RecordBase
from ipsdocs.definitions.models.admission_discharge import AdmissionDischarge
from ipsdocs.definitions.models.benefits_counseling import BenefitsCounseling
from ipsdocs.definitions.models.career_profile import CareerProfile
from ipsdocs.definitions.models.discharge_plan import DischargePlan
from ipsdocs.definitions.models.disclosure_discussion import DisclosureDiscussion
from ipsdocs.definitions.models.employer_contact import EmployerContact
from ipsdocs.definitions.models.employment_plan import EmploymentPlan
from ipsdocs.definitions.models.fidelity_action_plan import FidelityActionPlan
from ipsdocs.definitions.models.fidelity_review import FidelityReview
from ipsdocs.definitions.models.follow_along_plan import FollowAlongPlan
from ipsdocs.definitions.models.job_end import JobEnd
from ipsdocs.definitions.models.job_start import JobStart
from ipsdocs.definitions.models.service_note import ServiceNote

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
        ServiceNote,  # the records of everyday practice (issue 15)
        EmployerContact,  # a specialist's record: no person, so DocumentBase
        JobStart,
        JobEnd,
        FollowAlongPlan,
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
    "EmployerContact",
    "EmploymentPlan",
    "FidelityActionPlan",
    "FidelityReview",
    "FollowAlongPlan",
    "JobEnd",
    "JobStart",
    "RecordBase",
    "ServiceNote",
]
