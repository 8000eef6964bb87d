"""Documents: uploads stored outside the web root, their type checked by content."""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from wcr.accounts.models import User
from wcr.cases.models import Case, ChecklistItem, ChecklistStatus, Document
from wcr.privacy.services import audit_record


class InvalidUpload(ValueError):
    pass


# --- Documents ------------------------------------------------------------------------------------

# Accepted types, recognised by their first bytes (not by name or the browser's claim).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"PK\x03\x04", "application/zip", ".zip"),  # refined below: docx/xlsx/odt
)
_OFFICE = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}


def detect_type(head: bytes, path: Path) -> tuple[str, str] | None:
    """(content type, extension) from the file's content, or None when not accepted. Archives
    are opened to tell DOCX from XLSX; the caller treats any error while doing so as "not
    accepted" (a crafted archive can make the zip reader raise nearly anything)."""
    for magic, content_type, extension in _SIGNATURES:
        if head.startswith(magic):
            if content_type != "application/zip":
                return content_type, extension
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
            for prefix, result in _OFFICE.items():
                if any(name.startswith(prefix) for name in names):
                    return result
            return None
    return None


def _detect_or_none(path: Path) -> tuple[str, str] | None:
    try:
        with path.open("rb") as handle:
            return detect_type(handle.read(16), path)
    except Exception:  # whatever a crafted file makes the readers raise: refused
        return None


# The extension a download gets, from the type detected on upload (never the uploaded name's).
EXTENSIONS = {content_type: extension for _magic, content_type, extension in _SIGNATURES} | {
    content_type: extension for content_type, extension in _OFFICE.values()
}


def document_download_name(document: Document) -> str:
    """The original name's stem with the extension of the detected type (``x.html`` holding a
    PDF is served as ``x.pdf``)."""
    stem = Path(document.original_name).stem or "document"
    return stem + EXTENSIONS.get(document.content_type, "")


def documents_dir() -> Path:
    path = Path(settings.DATA_DIR) / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def document_upload(
    *,
    actor: User,
    case: Case,
    upload: UploadedFile[bytes],
    checklist_item: ChecklistItem | None = None,
) -> Document:
    """Store an upload outside the web root after checking its size and type by content."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise InvalidUpload("size")
    storage_name = f"{uuid.uuid4().hex}"
    target = documents_dir() / storage_name
    try:
        return _store(actor, case, upload, target, checklist_item)
    except Exception:
        target.unlink(missing_ok=True)  # no file on disk without its row, whatever went wrong
        raise


def _store(
    actor: User, case: Case, upload: UploadedFile[bytes], target: Path, item: ChecklistItem | None
) -> Document:
    limit = settings.DOCUMENT_MAX_BYTES
    digest = hashlib.sha256()
    written = 0
    with target.open("wb") as out:
        for chunk in upload.chunks():
            written += len(chunk)
            if written > limit:
                raise InvalidUpload("size")
            digest.update(chunk)
            out.write(chunk)
    detected = _detect_or_none(target)
    if detected is None:
        raise InvalidUpload("type")
    content_type, _extension = detected
    with transaction.atomic():
        document = Document.objects.create(
            organisation=case.organisation,
            case=case,
            checklist_item=item,
            original_name=Path(upload.name or "upload").name[:200],
            content_type=content_type,
            size=written,
            sha256=digest.hexdigest(),
            storage_name=target.name,
            uploaded_by=actor,
        )
        if item is not None and item.status == ChecklistStatus.MISSING:
            item.status = ChecklistStatus.RECEIVED
            item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            organisation=case.organisation,
            action="document.uploaded",
            obj=case,
            changes={
                "document": {"old": None, "new": document.original_name},
                "sha256": {"old": None, "new": document.sha256},
            },
        )
    return document


def document_path(document: Document) -> Path:
    return documents_dir() / document.storage_name


def document_type_label(document: Document) -> str:
    """The detected type as people know it: PDF, JPEG, PNG, DOCX, XLSX."""
    extension = EXTENSIONS.get(document.content_type, "")
    return extension.lstrip(".").upper().replace("JPG", "JPEG") or document.content_type


DOCUMENT_REMOVAL_REASON_MAX_LENGTH = 500


def document_remove(*, actor: User, document: Document, reason: str) -> None:
    """Remove a document for good: the row goes, the file is deleted from disk once the removal
    is committed, and the audit trail keeps what it was (name, type, size, SHA-256, who
    uploaded it) and why it was removed. A checklist item left without documents that was only
    "received" is missing again."""
    reason = reason.strip()
    if not reason or len(reason) > DOCUMENT_REMOVAL_REASON_MAX_LENGTH:
        raise ValueError("reason")
    case = document.case
    path = document_path(document)
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).delete()
        item = document.checklist_item
        if (
            item is not None
            and item.status == ChecklistStatus.RECEIVED
            and not item.documents.exists()
        ):
            item.status = ChecklistStatus.MISSING
            item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            organisation=case.organisation,
            action="document.removed",
            obj=case,
            changes={
                "document": {"old": document.original_name, "new": None},
                "content_type": {"old": document.content_type, "new": None},
                "size": {"old": document.size, "new": None},
                "sha256": {"old": document.sha256, "new": None},
                "uploaded_by": {
                    "old": document.uploaded_by.get_username() if document.uploaded_by else None,
                    "new": None,
                },
                "reason": {"old": None, "new": reason},
            },
        )
        # After the commit: a removal rolled back keeps its file.
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
