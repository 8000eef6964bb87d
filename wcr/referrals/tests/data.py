"""Test data for referrals: consents and referrals built through the services."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wcr.accounts.models import Membership, Organisation, User
from wcr.cases import services as case_services
from wcr.cases.models import Case, Document, Person
from wcr.referrals import services
from wcr.referrals.models import Consent, ConsentNotice, ConsentPurpose, Referral

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def notice(
    purpose: str = ConsentPurpose.SHARE_WITH_ORGANISATION, language: str = "de"
) -> ConsentNotice:
    return ConsentNotice.objects.get(purpose__slug=purpose, language=language)


def give_consent(
    person: Person, recipient: Organisation | None, *, actor: User, channel: str = "signed_form"
) -> Consent:
    purpose = (
        ConsentPurpose.SHARE_WITH_ORGANISATION if recipient else ConsentPurpose.SIX_MONTH_FOLLOW_UP
    )
    return services.consent_record(
        actor=actor,
        person=person,
        data=services.ConsentInput(
            purpose=ConsentPurpose.objects.get(slug=purpose),
            notice=notice(purpose),
            channel=channel,
            given_at=timezone.now() - datetime.timedelta(minutes=1),
            recipient=recipient,
            data_categories=["identity", "contact", "case_summary"],
        ),
    )


def upload(case: Case, actor: User, name: str = "zeugnis.pdf") -> Document:
    return case_services.document_upload(
        actor=actor,
        case=case,
        upload=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
    )


def refer(
    case: Case,
    to: Organisation,
    *,
    actor: User,
    consent: Consent | None = None,
    kind: str = "internal",
    documents: tuple[Document, ...] = (),
    with_contacts: bool = False,
    justification: str = "",
) -> Referral:
    return services.referral_send(
        actor=actor,
        membership=Membership.objects.get(user=actor),
        case=case,
        data=services.ReferralInput(
            kind=kind,
            to_organisation=to,
            reason="Anerkennungsberatung für eine Pflegefachkraft",
            topics=list(case.topics.all()),
            consent=consent,
            documents=documents,
            with_contacts=with_contacts,
            override_justification=justification,
        ),
    )
