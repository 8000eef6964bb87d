"""Demo consents and referrals for ``seed_demo``: shares and referrals in every state, so the
demo shows them (the waiting list, a shared case, a transfer, a team lead's override, a consent
withdrawn). Idempotent: nothing is added once the demo referrals exist."""

from __future__ import annotations

import datetime

from django.utils import timezone

from wcr.accounts.models import Membership, Organisation, Role, User
from wcr.cases.models import Case, CaseStatus
from wcr.referrals import services
from wcr.referrals.models import ConsentNotice, ConsentPurpose, Referral
from wcr.referrals.notices import TEXTS

NOTICE_LANGUAGES = tuple(TEXTS[ConsentPurpose.SHARE_WITH_ORGANISATION])

DEMO_REASON = "Demo: "
# (sender, receiver, what happens): every state of a referral.
PLAN = (
    ("hwk-aachen", "kia", "sent"),
    ("hwk-aachen", "kia", "accepted"),
    ("hwk-aachen", "whkt", "declined"),
    ("hwk-aachen", "kia", "completed"),
    ("hwk-aachen", "vuv", "revoked"),
    ("hwk-aachen", "stadt-aachen", "consent_withdrawn"),
    ("kia", "hwk-aachen", "sent"),
    ("kia", "hwk-aachen", "accepted"),
    ("kia", "ihk-mn", "override"),
    ("whkt", "kia", "transfer"),
    ("whkt", "hwk-aachen", "expired"),
)


def _member(organisation: Organisation, role: str) -> User | None:
    membership = (
        Membership.objects.filter(organisation=organisation, role=role, is_active=True)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def seed_referrals() -> int:
    """Create the demo referrals; answer how many."""
    if Referral.objects.filter(reason__startswith=DEMO_REASON).exists():
        return 0
    organisations = {o.slug: o for o in Organisation.objects.filter(is_active=True)}
    purpose = ConsentPurpose.objects.get(slug=ConsentPurpose.SHARE_WITH_ORGANISATION)
    used: set[int] = set()
    created = 0
    for sender_slug, receiver_slug, state in PLAN:
        sender, receiver = organisations.get(sender_slug), organisations.get(receiver_slug)
        if sender is None or receiver is None:
            continue
        counsellor = _member(sender, Role.COUNSELLOR)
        lead = _member(sender, Role.TEAM_LEAD)
        answerer = _member(receiver, Role.COUNSELLOR)
        case = (
            Case.objects.filter(organisation=sender, person__isnull=False)
            .exclude(status=CaseStatus.CLOSED)
            .exclude(pk__in=used)
            .select_related("person", "organisation")
            .order_by("opened_on", "id")
            .first()
        )
        if counsellor is None or lead is None or answerer is None or case is None:
            continue
        used.add(case.pk)
        assert case.person is not None
        consent = None
        if state != "override":
            notice = ConsentNotice.objects.get(
                purpose=purpose,
                language=case.person.preferred_language
                if case.person.preferred_language in ("de", "en", "ar", "uk", "tr")
                else "de",
                version="2026-12",
            )
            consent = services.consent_record(
                actor=counsellor,
                person=case.person,
                data=services.ConsentInput(
                    purpose=purpose,
                    notice=notice,
                    channel="signed_form",
                    given_at=timezone.now() - datetime.timedelta(days=3),
                    recipient=receiver,
                    data_categories=["identity", "contact", "case_summary"],
                ),
            )
        referral = services.referral_send(
            actor=lead if state == "override" else counsellor,
            membership=Membership.objects.get(
                user=lead if state == "override" else counsellor, organisation=sender
            ),
            case=case,
            data=services.ReferralInput(
                kind="transfer" if state == "transfer" else "internal",
                to_organisation=receiver,
                reason=DEMO_REASON + _REASONS[state],
                topics=list(case.topics.all()),
                with_contacts=state in ("accepted", "completed"),
                documents=list(case.documents.all()[:1]),
                consent=consent,
                override_justification=(
                    "Frist zur Antragstellung endet morgen; die Person ist im Krankenhaus und "
                    "telefonisch nicht erreichbar (Art. 6 Abs. 1 lit. d DSGVO)."
                    if state == "override"
                    else ""
                ),
            ),
        )
        created += 1
        if state in ("accepted", "completed", "consent_withdrawn", "transfer"):
            services.referral_accept(actor=answerer, referral=referral)
        if state == "declined":
            services.referral_decline(
                actor=answerer,
                referral=referral,
                reason="Keine Kapazität vor März; bitte an die HWK.",
            )
        elif state == "completed":
            services.referral_complete(
                actor=answerer, referral=referral, outcome="got_help", note="Antrag gestellt."
            )
        elif state == "revoked":
            services.referral_revoke(actor=counsellor, referral=referral)
        elif state == "expired":
            # No answer by the date, a reminder, no answer again: expired.
            for _step in ("reminded", "expired"):
                Referral.objects.filter(pk=referral.pk).update(
                    answer_due_on=timezone.localdate() - datetime.timedelta(days=1)
                )
                services.referral_check_answer(code=str(referral.code))
        elif state == "consent_withdrawn":
            assert consent is not None
            services.consent_withdraw(actor=counsellor, consent=consent, channel="phone")
    return created


_REASONS = {
    "sent": "Anerkennungsberatung und Begleitung zur Ausländerbehörde.",
    "accepted": "Begleitung bei der Wohnungssuche und den Behördengängen.",
    "declined": "Fragen zur Meisterprüfung.",
    "completed": "Sprachkurs und Integrationskurs vermitteln.",
    "revoked": "Arbeitgeberberatung zur Einstellung.",
    "consent_withdrawn": "Anerkennung des Abschlusses als Pflegefachkraft.",
    "override": "Dringende Weiterleitung wegen einer Frist.",
    "transfer": "Wohnort und Arbeitsplatz liegen im Zuständigkeitsbereich des KIA.",
    "expired": "Beratung zur Gründung eines Handwerksbetriebs.",
}
