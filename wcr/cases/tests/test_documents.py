"""Uploads whose type detection fails in any way (crafted archives) are a 400 naming the file and
leave no file on disk; downloads carry the detected type's extension and content type."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from wcr.cases.models import Document
from wcr.cases.tests.test_workbench import WorkbenchTestCase

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes(member: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<w:document/>")
    return buffer.getvalue()


def with_central_flags(data: bytes, flags: int) -> bytes:
    """The archive with ``flags`` set on every entry of its central directory."""
    out = bytearray(data)
    start = 0
    while (at := out.find(b"PK\x01\x02", start)) != -1:
        current = int.from_bytes(out[at + 8 : at + 10], "little")
        out[at + 8 : at + 10] = (current | flags).to_bytes(2, "little")
        start = at + 4
    return bytes(out)


def with_extract_version(data: bytes, version: int) -> bytes:
    """The archive claiming it needs zip ``version`` to be read (in its central directory)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    out[at + 6] = version
    return bytes(out)


def crafted_archives() -> dict[str, bytes]:
    patched = with_extract_version(docx_bytes(), 0xFF)  # "zip file version 25.5"
    # A name flagged UTF-8 that is not UTF-8 (same length as the name it replaces).
    bad_name = with_central_flags(
        docx_bytes("word/ab.xml").replace(b"word/ab.xml", b"word/\xff\xfe.xml"), 0x800
    )
    return {
        "NotImplementedError": patched,
        "UnicodeDecodeError": bad_name,
        "BadZipFile": b"PK\x03\x04" + b"\x00" * 40,
        "no office document": docx_bytes("other/readme.txt"),
    }


class DocumentTestCase(WorkbenchTestCase):
    """Uploads into a temporary data directory, signed in as the counsellor."""

    def setUp(self) -> None:
        self.data_dir = tempfile.mkdtemp()
        self.override = override_settings(DATA_DIR=self.data_dir)
        self.override.enable()
        self.sign_in(self.counsellor)

    def tearDown(self) -> None:
        self.override.disable()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def upload(self, name: str, content: bytes):  # type: ignore[no-untyped-def]
        return self.client.post(
            reverse("cases:add_document", args=[self.case.code]),
            {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        )

    def stored_files(self) -> list[str]:
        directory = Path(self.data_dir) / "documents"
        return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


class UploadDetectionTests(DocumentTestCase):
    def test_the_crafted_archives_really_break_the_zip_reader(self) -> None:
        archives = crafted_archives()
        with self.assertRaises(NotImplementedError):
            zipfile.ZipFile(io.BytesIO(archives["NotImplementedError"])).namelist()
        with self.assertRaises(UnicodeDecodeError):
            zipfile.ZipFile(io.BytesIO(archives["UnicodeDecodeError"])).namelist()

    def test_any_failure_of_detection_is_a_400_naming_the_file_and_leaves_no_file(self) -> None:
        for problem, content in crafted_archives().items():
            with self.subTest(problem):
                response = self.upload("antrag.docx", content)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Datei (PDF", status_code=400)
                self.assertContains(response, "nicht angenommen", status_code=400)
                self.assertFalse(Document.objects.exists())
                self.assertEqual(self.stored_files(), [])

    def test_a_real_docx_is_accepted(self) -> None:
        response = self.upload("antrag.docx", docx_bytes())
        self.assertEqual(response.status_code, 302)
        document = Document.objects.get()
        self.assertTrue(document.content_type.endswith("wordprocessingml.document"))
        self.assertEqual(self.stored_files(), [document.storage_name])

    def test_a_download_carries_the_detected_types_extension_and_content_type(self) -> None:
        for name in ("x.html", "x.svg", "x"):
            with self.subTest(name):
                self.upload(name, PDF)
                document = Document.objects.get(original_name=name)
                response = self.client.get(reverse("cases:document", args=[document.code]))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertEqual(response["Content-Disposition"], 'attachment; filename="x.pdf"')
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")


class DocumentListAndRemovalTests(DocumentTestCase):
    """The case page lists the documents; counsellors and team leads of the case's organisation
    remove one with a reason, which deletes the file and is in the audit trail and timeline."""

    def uploaded(self, name: str = "zeugnis.pdf") -> Document:
        self.assertEqual(self.upload(name, PDF).status_code, 302)
        return Document.objects.get(original_name=name)

    def remove_url(self, document: Document) -> str:
        return reverse("cases:remove_document", args=[document.code])

    def test_the_case_page_lists_the_documents_with_type_size_uploader_and_download(self) -> None:
        document = self.uploaded("Zeugnis Übersetzung.pdf")
        page = self.client.get(reverse("cases:detail", args=[self.case.code]))
        self.assertContains(page, 'id="document-list"')
        self.assertContains(page, reverse("cases:document", args=[document.code]))
        self.assertContains(page, "Zeugnis Übersetzung.pdf")
        self.assertContains(page, "PDF")
        self.assertContains(page, f"{len(PDF)}\xa0Bytes")
        self.assertContains(page, str(self.counsellor))
        self.assertContains(page, self.remove_url(document))

    def test_removal_asks_for_a_reason_and_keeps_what_was_typed(self) -> None:
        document = self.uploaded()
        confirm = self.client.get(self.remove_url(document))
        self.assertContains(confirm, "zeugnis.pdf")
        self.assertContains(confirm, 'name="reason"')
        refused = self.client.post(self.remove_url(document), {"reason": "   "})
        self.assertContains(refused, "Grund", status_code=400)
        self.assertContains(refused, 'aria-invalid="true"', status_code=400)
        self.assertTrue(Document.objects.filter(pk=document.pk).exists())
        too_long = self.client.post(self.remove_url(document), {"reason": "x" * 501})
        self.assertContains(too_long, "x" * 501, status_code=400)
        self.assertEqual(self.stored_files(), [document.storage_name])

    def test_removal_deletes_the_file_and_the_row_and_is_audited_with_the_reason(self) -> None:
        from wcr.privacy.models import AuditEvent

        document = self.uploaded()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.remove_url(document), {"reason": "Falsche Person hochgeladen"}
            )
        self.assertRedirects(
            response,
            reverse("cases:detail", args=[self.case.code]) + "#documents",
            fetch_redirect_response=False,
        )
        self.assertFalse(Document.objects.filter(pk=document.pk).exists())
        self.assertEqual(self.stored_files(), [])
        event = AuditEvent.objects.get(action="document.removed")
        self.assertEqual(event.object_code, str(self.case.code))
        self.assertEqual(event.actor, self.counsellor)
        self.assertEqual(event.changes["reason"]["new"], "Falsche Person hochgeladen")
        self.assertEqual(event.changes["document"]["old"], "zeugnis.pdf")
        self.assertEqual(event.changes["sha256"]["old"], document.sha256)
        download = self.client.get(reverse("cases:document", args=[document.code]))
        self.assertEqual(download.status_code, 404)
        page = self.client.get(reverse("cases:detail", args=[self.case.code]))
        self.assertContains(page, "Falsche Person hochgeladen")  # in the timeline

    def test_a_removed_checklist_document_leaves_its_item_missing_again(self) -> None:
        from wcr.cases import services
        from wcr.cases.models import ChecklistStatus
        from wcr.cases.tests.test_workbench import TODAY

        services.procedure_start(
            actor=self.counsellor, case=self.case, template="recognition", started_on=TODAY
        )
        item = self.case.checklist.order_by("id").first()
        assert item is not None
        self.client.post(
            reverse("cases:add_document", args=[self.case.code]),
            {
                "file": SimpleUploadedFile("pass.pdf", PDF, content_type="application/pdf"),
                "checklist_item": str(item.code),
            },
        )
        item.refresh_from_db()
        self.assertEqual(item.status, ChecklistStatus.RECEIVED)
        document = Document.objects.get(original_name="pass.pdf")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.remove_url(document), {"reason": "unleserlich"})
        item.refresh_from_db()
        self.assertEqual(item.status, ChecklistStatus.MISSING)

    def test_a_team_lead_may_remove_and_nobody_outside_the_organisation_may(self) -> None:
        document = self.uploaded()
        for persona in (
            self.other_counsellor,
            self.other_team_lead,
            self.coordinator,
            self.dpo,
            self.administrator,
        ):
            with self.subTest(persona=persona.username):
                self.sign_in(persona)
                self.assertEqual(self.client.get(self.remove_url(document)).status_code, 404)
                self.assertEqual(
                    self.client.post(self.remove_url(document), {"reason": "x"}).status_code, 404
                )
        self.assertEqual(self.stored_files(), [document.storage_name])
        self.sign_in(self.team_lead)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.remove_url(document), {"reason": "doppelt"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.stored_files(), [])

    def test_a_download_is_written_to_the_access_log(self) -> None:
        from wcr.privacy.models import AccessLog

        document = self.uploaded()
        before = AccessLog.objects.filter(object_code=str(self.case.code)).count()
        self.client.get(reverse("cases:document", args=[document.code]))
        self.assertEqual(
            AccessLog.objects.filter(object_code=str(self.case.code)).count(), before + 1
        )
