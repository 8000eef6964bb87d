from .cases import Case, CaseReferenceCounter, Topic
from .choices import (
    CaseStatus,
    Channel,
    ChecklistStatus,
    ClosingReason,
    ContactChannel,
    DatePrecision,
    Gender,
    Outcome,
)
from .companies import Company, CompanyContact
from .people import Person, PersonLanguage, PersonName, Qualification
from .sharing import CaseShare, ShareEnd
from .work import ChecklistItem, Contact, Document, Milestone, Procedure, Task

__all__ = [
    "Case",
    "CaseReferenceCounter",
    "CaseShare",
    "CaseStatus",
    "Channel",
    "ChecklistItem",
    "ChecklistStatus",
    "ClosingReason",
    "Company",
    "CompanyContact",
    "Contact",
    "ContactChannel",
    "DatePrecision",
    "Document",
    "Gender",
    "Milestone",
    "Outcome",
    "Person",
    "PersonLanguage",
    "PersonName",
    "Procedure",
    "Qualification",
    "ShareEnd",
    "Task",
    "Topic",
]
