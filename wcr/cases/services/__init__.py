"""Writes of the case workbench. Keyword-only, inside a transaction, each with its audit row.

One module per sub-capability; callers use ``from wcr.cases import services`` and
``services.case_open(...)``, so the names below are the package's interface.

Concurrency: records carry a ``version``; a write states the version it was based on and fails
with ``EditConflict`` (naming what changed meanwhile) instead of overwriting silently.
"""

from wcr.cases.services._common import EditConflict
from wcr.cases.services.cases import (
    ALLOWED_TRANSITIONS,
    InvalidTransition,
    NotInInbox,
    case_assign,
    case_assign_many,
    case_change_status,
    case_open,
    case_reference_block,
    case_update,
    contact_log,
)
from wcr.cases.services.companies import (
    CompanyInput,
    company_add_contact,
    company_create,
    company_update,
)
from wcr.cases.services.documents import (
    DOCUMENT_REMOVAL_REASON_MAX_LENGTH,
    InvalidUpload,
    detect_type,
    document_download_name,
    document_path,
    document_remove,
    document_type_label,
    document_upload,
    documents_dir,
)
from wcr.cases.services.people import (
    NameVariant,
    PersonInput,
    person_add_language,
    person_add_name_variant,
    person_add_qualification,
    person_create,
    person_search_keys,
    person_set_native_name,
    person_update,
)
from wcr.cases.services.sharing import (
    ShareRefused,
    case_share_end,
    case_share_grant,
    case_shares_end_all,
    case_transfer,
    share_parts,
)
from wcr.cases.services.work import (
    checklist_set_status,
    milestone_complete,
    procedure_start,
    task_complete,
    task_create,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "DOCUMENT_REMOVAL_REASON_MAX_LENGTH",
    "CompanyInput",
    "EditConflict",
    "InvalidTransition",
    "InvalidUpload",
    "NameVariant",
    "NotInInbox",
    "PersonInput",
    "ShareRefused",
    "case_assign",
    "case_assign_many",
    "case_change_status",
    "case_open",
    "case_reference_block",
    "case_share_end",
    "case_share_grant",
    "case_shares_end_all",
    "case_transfer",
    "case_update",
    "checklist_set_status",
    "company_add_contact",
    "company_create",
    "company_update",
    "contact_log",
    "detect_type",
    "document_download_name",
    "document_path",
    "document_remove",
    "document_type_label",
    "document_upload",
    "documents_dir",
    "milestone_complete",
    "person_add_language",
    "person_add_name_variant",
    "person_add_qualification",
    "person_create",
    "person_search_keys",
    "person_set_native_name",
    "person_update",
    "procedure_start",
    "share_parts",
    "task_complete",
    "task_create",
]
