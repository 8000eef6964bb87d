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


class UploadDetectionTests(WorkbenchTestCase):
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
