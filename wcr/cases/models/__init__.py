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
from .work import ChecklistItem, Contact, Document, Milestone, Procedure, Task

__all__ = [
    "Case",
    "CaseReferenceCounter",
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
    "Task",
    "Topic",
]
