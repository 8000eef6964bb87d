"""Writes of consents and referrals: keyword-only, in a transaction, each with its audit row.

What a referral makes visible is a ``cases.CaseShare``: ``referral_accept`` creates it (or moves
the case, for a transfer) through the cases app's services, and every way a referral ends —
revoked by the sender, completed, the case closed, the consent withdrawn — ends it at once. The
consent check runs when the referral is sent *and* when it is accepted (a consent withdrawn
meanwhile stops the acceptance).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wcr.accounts.models import Membership, Organisation, Role, User
from wcr.cases import services as case_services
from wcr.cases.models import Case, CaseStatus, Document, Person, ShareEnd, Topic
from wcr.core.mail import mail_send
from wcr.core.tasks import retrying_task
from wcr.partners.models import Partner
from wcr.privacy.services import audit_record
from wcr.referrals.models import (
    Consent,
    ConsentNotice,
    ConsentPurpose,
    ConsentStatus,
    ExternalBasis,
    LetterField,
    Referral,
    ReferralKind,
    ReferralStatus,
)

# Days the receiving organisation has to answer; after that one reminder, then as many days
# again until the referral expires.
ANSWER_DAYS = 10
OVERRIDE_MIN_LENGTH = 20

AUDIT_CONSENT_GIVEN = "consent.given"
AUDIT_CONSENT_REFUSED = "consent.refused"
AUDIT_CONSENT_WITHDRAWN = "consent.withdrawn"
AUDIT_CONSENT_EXPIRED = "consent.expired"
AUDIT_OVERRIDE = "referral.override"


class ReferralProblem(ValueError):
    """A referral or consent that may not be made as asked: ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- Consent --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentInput:
    purpose: ConsentPurpose
    notice: ConsentNotice
    channel: str
    given_at: datetime.datetime
    recipient: Organisation | None = None
    legal_basis: str = "consent"
    data_categories: list[str] = field(default_factory=list)
    evidence: Document | None = None
    note: str = ""
    refused: bool = False
    recipient_partner: Partner | None = None


def consent_record(*, actor: User, person: Person, data: ConsentInput) -> Consent:
    """Record a consent given (or refused) by ``person``; a valid earlier consent for the same
    purpose and recipient is superseded by it (and ends: a record says one thing at a time)."""
    if data.purpose.needs_recipient and data.recipient is None and data.recipient_partner is None:
        raise ReferralProblem("recipient", _("Choose the organisation the consent is for."))
    if data.recipient is not None and data.recipient_partner is not None:
        raise ReferralProblem("recipient", _("A consent names one recipient."))
    if data.recipient is not None and data.recipient.pk == person.organisation_id:
        raise ReferralProblem(
            "recipient", _("Your own organisation needs no consent to share with itself.")
        )
    if data.notice.purpose_id != data.purpose.pk:
        raise ReferralProblem("notice_version", _("This notice belongs to another purpose."))
    if data.given_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ReferralProblem("given_at", _("The date of the consent lies in the future."))
    if data.evidence is not None and data.evidence.case.person_id != person.pk:
        raise ReferralProblem("evidence", _("The evidence must be a document of this person."))
    expires_at = (
        data.given_at + datetime.timedelta(days=round(30.44 * data.purpose.valid_months))
        if data.purpose.valid_months and not data.refused
        else None
    )
    with transaction.atomic():
        earlier = (
            Consent.objects.select_for_update(of=("self",))
            .filter(
                person=person,
                purpose=data.purpose,
                recipient=data.recipient,
                recipient_partner=data.recipient_partner,
                superseded_by__isnull=True,
            )
            .order_by("-given_at", "-id")
            .first()
        )
        consent = Consent.objects.create(
            person=person,
            controller_id=person.organisation_id,
            purpose=data.purpose,
            recipient=data.recipient,
            recipient_partner=data.recipient_partner,
            legal_basis=data.legal_basis,
            notice=data.notice,
            notice_version=data.notice.version,
            notice_language=data.notice.language,
            notice_sha256=data.notice.sha256,
            data_categories=list(data.data_categories),
            channel=data.channel,
            evidence=data.evidence,
            note=data.note,
            recorded_by=actor,
            status=ConsentStatus.REFUSED if data.refused else ConsentStatus.GIVEN,
            given_at=data.given_at,
            expires_at=expires_at,
            supersedes=earlier,
        )
        audit_record(
            actor=actor,
            organisation=person.organisation,
            action=AUDIT_CONSENT_REFUSED if data.refused else AUDIT_CONSENT_GIVEN,
            obj=person,
            changes={
                "consent": {"old": None, "new": str(consent.code)},
                "purpose": {"old": None, "new": data.purpose.slug},
                "recipient": {"old": None, "new": _recipient_label(data)},
                "channel": {"old": None, "new": data.channel},
                "notice": {"old": None, "new": f"{data.notice.version}/{data.notice.language}"},
            },
        )
        # The new record replaces the old one; a refusal also ends what the old consent allowed.
        if earlier is not None and earlier.status == ConsentStatus.GIVEN and data.refused:
            _consent_end(actor, earlier, ConsentStatus.WITHDRAWN, data.channel)
        if expires_at is not None:
            code = str(consent.code)
            transaction.on_commit(
                lambda: consent_expire_task.using(run_after=expires_at).enqueue(code=code)
            )
    return consent


def _recipient_label(data: ConsentInput) -> str | None:
    if data.recipient is not None:
        return data.recipient.slug
    if data.recipient_partner is not None:
        return data.recipient_partner.name
    return None


def consent_withdraw(*, actor: User, consent: Consent, channel: str, note: str = "") -> Consent:
    """The person withdraws the consent: it ends now, every share made on it ends now, and the
    organisations that received data are told (Art. 7(3), Art. 19 GDPR)."""
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.status != ConsentStatus.GIVEN:
            raise ReferralProblem("consent", _("This consent is no longer in force."))
        if note:
            consent.note = (consent.note + "\n" + note).strip()[:500]
        _consent_end(actor, consent, ConsentStatus.WITHDRAWN, channel)
        # A renewed consent replaced an earlier one: withdrawing it withdraws the chain.
        earlier = consent.supersedes
        while earlier is not None:
            earlier = Consent.objects.select_for_update().get(pk=earlier.pk)
            if earlier.status == ConsentStatus.GIVEN:
                _consent_end(actor, earlier, ConsentStatus.WITHDRAWN, channel)
            earlier = earlier.supersedes
    return consent


def _consent_end(actor: User | None, consent: Consent, status: str, channel: str = "") -> None:
    consent.status = status
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.withdrawal_channel = channel
    consent.save(
        update_fields=[
            "status",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_channel",
            "note",
            "updated_at",
        ]
    )
    person = Person.objects.select_related("organisation").get(pk=consent.person_id)
    audit_record(
        actor=actor,
        organisation=person.organisation,
        action=AUDIT_CONSENT_EXPIRED
        if status == ConsentStatus.EXPIRED
        else AUDIT_CONSENT_WITHDRAWN,
        obj=person,
        changes={
            "consent": {"old": str(consent.code), "new": None},
            "status": {"old": ConsentStatus.GIVEN, "new": status},
            "channel": {"old": None, "new": channel or None},
        },
    )
    informed: set[int] = set()
    referrals = (
        Referral.objects.select_for_update(of=("self",))
        .filter(consent=consent, status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED))
        .select_related("case__organisation", "to_organisation", "share")
    )
    for referral in referrals:
        was_accepted = referral.status == ReferralStatus.ACCEPTED
        _end_referral(actor, referral, ReferralStatus.REVOKED, ShareEnd.CONSENT_WITHDRAWN)
        if referral.to_organisation is not None and was_accepted:
            informed.add(referral.to_organisation.pk)
            _notify_withdrawal(referral)
        elif referral.to_partner is not None and referral.external_basis == ExternalBasis.CONSENT:
            _notify_partner_of_withdrawal(referral)
    if informed:
        audit_record(
            actor=actor,
            organisation=person.organisation,
            action="consent.recipients_informed",
            obj=person,
            changes={
                "recipients": {
                    "old": None,
                    "new": sorted(
                        Organisation.objects.filter(pk__in=informed).values_list("slug", flat=True)
                    ),
                }
            },
        )


@retrying_task()
def consent_expire_task(*, code: str) -> bool:
    """Enqueued for a consent's expiry (see ``consent_expire``)."""
    return consent_expire(code=code)


def consent_expire(*, code: str) -> bool:
    """At a consent's expiry: it ends like a withdrawal (nothing happens if it ended before)."""
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(code=code).first()
        if consent is None or consent.status != ConsentStatus.GIVEN:
            return False
        if consent.expires_at is None or consent.expires_at > timezone.now():
            return False
        _consent_end(None, consent, ConsentStatus.EXPIRED)
    return True


def valid_consent_for(
    *, person: Person, recipient: Organisation | Partner, consent: Consent | None
) -> Consent | None:
    """``consent`` if it allows sharing ``person``'s data with ``recipient`` (a network
    organisation or a directory partner) now."""
    if consent is None:
        return None
    if consent.person_id != person.pk:
        return None
    if consent.purpose.slug != ConsentPurpose.SHARE_WITH_ORGANISATION:
        return None
    named = (
        consent.recipient_id
        if isinstance(recipient, Organisation)
        else consent.recipient_partner_id
    )
    if named != recipient.pk:
        return None
    return consent if consent.is_valid else None


# --- Referrals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralInput:
    kind: str
    to_organisation: Organisation | None
    reason: str
    topics: Iterable[Topic] = ()
    with_contacts: bool = False
    documents: Iterable[Document] = ()
    consent: Consent | None = None
    override_justification: str = ""
    follow_up_on: datetime.date | None = None
    to_partner: Partner | None = None
    external_basis: str = ""
    letter_fields: list[str] = field(default_factory=list)


def referral_send(
    *, actor: User, membership: Membership, case: Case, data: ReferralInput
) -> Referral:
    """Send ``case`` to another network organisation (share or transfer). Refused without a
    valid consent of the case's person for that recipient, unless a team lead overrides it with
    a written justification (logged, and listed for the data protection officer)."""
    if case.organisation_id != membership.organisation_id:
        raise ReferralProblem("case", _("Only the case's own organisation can refer it."))
    if case.status == CaseStatus.CLOSED:
        raise ReferralProblem("case", _("A closed case cannot be referred."))
    if data.kind == ReferralKind.EXTERNAL:
        return _referral_send_external(actor=actor, membership=membership, case=case, data=data)
    if data.kind not in (ReferralKind.INTERNAL, ReferralKind.TRANSFER):
        raise ReferralProblem("kind", _("Choose sharing or transfer."))
    recipient = data.to_organisation
    if recipient is None or recipient.pk == case.organisation_id or not recipient.is_active:
        raise ReferralProblem("to", _("Choose another active organisation of the network."))
    if not data.reason.strip():
        raise ReferralProblem("reason", _("Say why the case is referred."))
    justification = data.override_justification.strip()
    consent = data.consent
    if case.person is not None:
        consent = valid_consent_for(person=case.person, recipient=recipient, consent=consent)
        if consent is None and not justification:
            raise ReferralProblem(
                "consent",
                _(
                    "No valid consent of the person for sharing with %(organisation)s: record "
                    "the consent first (on the person's page), or a team lead overrides with a "
                    "written justification."
                )
                % {"organisation": recipient.name},
            )
    elif data.consent is not None:
        raise ReferralProblem("consent", _("A company's case needs no person's consent."))
    override = consent is None and case.person is not None
    if override and membership.role != Role.TEAM_LEAD:
        raise ReferralProblem(
            "override_justification", _("Only a team lead can refer without a consent.")
        )
    if override and len(justification) < OVERRIDE_MIN_LENGTH:
        raise ReferralProblem(
            "override_justification",
            _("The justification needs at least %(n)d characters.") % {"n": OVERRIDE_MIN_LENGTH},
        )
    documents = [d for d in data.documents if d.case_id == case.pk]
    now = timezone.now()
    with transaction.atomic():
        open_referral = Referral.objects.filter(
            case=case, to_organisation=recipient, status=ReferralStatus.SENT
        ).exists()
        if open_referral:
            raise ReferralProblem(
                "to", _("A referral of this case to this organisation is waiting for an answer.")
            )
        referral = Referral.objects.create(
            kind=data.kind,
            case=case,
            from_organisation=case.organisation,
            to_organisation=recipient,
            reason=data.reason.strip(),
            with_contacts=data.with_contacts,
            consent=consent,
            override_justification=justification if override else "",
            override_by=actor if override else None,
            answer_due_on=timezone.localdate() + datetime.timedelta(days=ANSWER_DAYS),
            follow_up_on=data.follow_up_on,
            sent_at=now,
            sent_by=actor,
        )
        referral.topics.set(list(data.topics))
        referral.documents.set(documents)
        _audit(
            actor,
            referral,
            "referral.sent",
            {
                "referral": {"old": None, "new": str(referral.code)},
                "kind": {"old": None, "new": data.kind},
                "to": {"old": None, "new": recipient.slug},
                "consent": {"old": None, "new": str(consent.code) if consent else None},
            },
        )
        if override:
            _audit(
                actor,
                referral,
                AUDIT_OVERRIDE,
                {
                    "referral": {"old": None, "new": str(referral.code)},
                    "justification": {"old": None, "new": justification},
                },
            )
        _notify_received(referral)
        _schedule_answer_check(referral)
    return referral


def _referral_send_external(
    *, actor: User, membership: Membership, case: Case, data: ReferralInput
) -> Referral:
    """Refer the person (or company) to a cooperation partner of the directory: a letter with
    the fields chosen; the partner has no account, so the sender records its answer."""
    partner = data.to_partner
    if partner is None or not partner.active:
        raise ReferralProblem("to", _("Choose a cooperation partner of the directory."))
    if not data.reason.strip():
        raise ReferralProblem("reason", _("Say why the case is referred."))
    unknown = sorted(set(data.letter_fields) - set(LetterField.values))
    if unknown:
        raise ReferralProblem(
            "letter_fields", _("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)}
        )
    basis = data.external_basis or ExternalBasis.CONSENT
    if basis not in ExternalBasis.values:
        raise ReferralProblem("external_basis", _("Choose how the letter reaches the partner."))
    consent = None
    if case.person is not None and basis == ExternalBasis.CONSENT:
        consent = valid_consent_for(person=case.person, recipient=partner, consent=data.consent)
        if consent is None:
            raise ReferralProblem(
                "consent",
                _(
                    "No valid consent of the person for passing data to %(organisation)s: record "
                    "the consent first, or give the letter to the person to take along."
                )
                % {"organisation": partner.name},
            )
    now = timezone.now()
    with transaction.atomic():
        referral = Referral.objects.create(
            kind=ReferralKind.EXTERNAL,
            case=case,
            from_organisation=case.organisation,
            to_partner=partner,
            external_basis=basis,
            letter_fields=[f for f in LetterField.values if f in set(data.letter_fields)],
            reason=data.reason.strip(),
            consent=consent,
            answer_due_on=timezone.localdate() + datetime.timedelta(days=ANSWER_DAYS),
            follow_up_on=data.follow_up_on,
            sent_at=now,
            sent_by=actor,
        )
        referral.topics.set(list(data.topics))
        _audit(
            actor,
            referral,
            "referral.sent",
            {
                "referral": {"old": None, "new": str(referral.code)},
                "kind": {"old": None, "new": ReferralKind.EXTERNAL},
                "to": {"old": None, "new": partner.name},
                "consent": {"old": None, "new": str(consent.code) if consent else None},
            },
        )
        _schedule_answer_check(referral)
    return referral


EXTERNAL_STEPS = {
    ReferralStatus.ACCEPTED: (ReferralStatus.SENT,),
    ReferralStatus.DECLINED: (ReferralStatus.SENT,),
    ReferralStatus.COMPLETED: (ReferralStatus.SENT, ReferralStatus.ACCEPTED),
    ReferralStatus.UNSUCCESSFUL: (ReferralStatus.SENT, ReferralStatus.ACCEPTED),
}
_ANSWER_ACTIONS = {
    ReferralStatus.ACCEPTED: "referral.accepted",
    ReferralStatus.DECLINED: "referral.declined",
    ReferralStatus.COMPLETED: "referral.completed",
    ReferralStatus.UNSUCCESSFUL: "referral.unsuccessful",
}


def referral_record_answer(
    *,
    actor: User,
    referral: Referral,
    status: str,
    reason: str = "",
    outcome: str = "",
    feedback: str = "",
) -> Referral:
    """The sender records what the cooperation partner answered (it has no account): accepted,
    declined (why), completed (the outcome) or unsuccessful (why); with the feedback received."""
    if status not in EXTERNAL_STEPS:
        raise ReferralProblem("status", _("Choose what the partner answered."))
    step = ReferralStatus(status)
    if step in (ReferralStatus.DECLINED, ReferralStatus.UNSUCCESSFUL) and not reason.strip():
        raise ReferralProblem("reason", _("Say why."))
    if step == ReferralStatus.COMPLETED and not outcome:
        raise ReferralProblem("outcome", _("Choose the outcome."))
    with transaction.atomic():
        referral = _lock(referral)
        if referral.kind != ReferralKind.EXTERNAL:
            raise ReferralProblem(
                "status", _("Only a referral to a cooperation partner is answered here.")
            )
        old = referral.status
        if old not in EXTERNAL_STEPS[step]:
            raise ReferralProblem(
                "status", _("This referral is no longer waiting for that answer.")
            )
        referral.status = step
        now = timezone.now()
        if old == ReferralStatus.SENT:
            referral.answered_at, referral.answered_by = now, actor
        if step == ReferralStatus.DECLINED:
            referral.decline_reason = reason.strip()
        if step == ReferralStatus.UNSUCCESSFUL:
            referral.unsuccessful_reason = reason.strip()
        if step == ReferralStatus.COMPLETED:
            referral.outcome = outcome
        if step != ReferralStatus.ACCEPTED:
            referral.ended_at, referral.ended_by = now, actor
        if feedback.strip():
            referral.feedback = (referral.feedback + "\n" + feedback.strip()).strip()
        referral.save()
        extra: dict[str, object] = {}
        if reason.strip():
            extra["reason"] = reason.strip()
        if outcome:
            extra["outcome"] = outcome
        _audit(actor, referral, _ANSWER_ACTIONS[step], _status_change(referral, old, **extra))
    return referral


def referral_add_feedback(*, actor: User, referral: Referral, feedback: str) -> Referral:
    """Feedback received from the partner (or the person) after the referral."""
    if not feedback.strip():
        raise ReferralProblem("feedback", _("Write down the feedback received."))
    with transaction.atomic():
        referral = _lock(referral)
        referral.feedback = (referral.feedback + "\n" + feedback.strip()).strip()
        referral.save(update_fields=["feedback", "updated_at"])
        _audit(
            actor,
            referral,
            "referral.feedback",
            {"referral": {"old": None, "new": str(referral.code)}},
        )
    return referral


def _audit(
    actor: User | None, referral: Referral, action: str, changes: dict[str, dict[str, object]]
) -> None:
    """A referral's event, on its case (so it is in the case's timeline) for both organisations."""
    audit_record(
        actor=actor,
        organisation=referral.from_organisation,
        action=action,
        obj=referral.case,
        changes=changes,
    )


def _lock(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related(
            "case__organisation",
            "case__person",
            "from_organisation",
            "to_organisation",
            "to_partner",
            "consent__purpose",
            "share",
        )
        .get(pk=referral.pk)
    )


def referral_accept(*, actor: User, referral: Referral) -> Referral:
    """The receiving organisation accepts: a share starts (or the case moves to it)."""
    with transaction.atomic():
        referral = _lock(referral)
        if referral.status != ReferralStatus.SENT:
            raise ReferralProblem("status", _("This referral is no longer waiting for an answer."))
        case = referral.case
        if case.status == CaseStatus.CLOSED:
            raise ReferralProblem("status", _("The case was closed meanwhile."))
        assert referral.to_organisation is not None
        if referral.consent is not None and not referral.consent.is_valid:
            raise ReferralProblem(
                "consent", _("The consent was withdrawn or has expired meanwhile.")
            )
        if referral.kind == ReferralKind.TRANSFER:
            case_services.case_transfer(
                actor=actor, case=case, organisation=referral.to_organisation
            )
        else:
            referral.share = case_services.case_share_grant(
                actor=actor,
                case=case,
                organisation=referral.to_organisation,
                with_contacts=referral.with_contacts,
                documents=referral.documents.all(),
                basis=_("Referral of %(date)s") % {"date": referral.sent_at.date().isoformat()},
            )
        referral.status = ReferralStatus.ACCEPTED
        referral.answered_at = timezone.now()
        referral.answered_by = actor
        referral.save(update_fields=["status", "share", "answered_at", "answered_by", "updated_at"])
        _audit(actor, referral, "referral.accepted", _status_change(referral, ReferralStatus.SENT))
    return referral


def _status_change(referral: Referral, old: str, **more: object) -> dict[str, dict[str, object]]:
    return {
        "referral": {"old": None, "new": str(referral.code)},
        "status": {"old": old, "new": referral.status},
        **{key: {"old": None, "new": value} for key, value in more.items()},
    }


def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    if not reason.strip():
        raise ReferralProblem("reason", _("Say why the referral is declined."))
    with transaction.atomic():
        referral = _lock(referral)
        if referral.status != ReferralStatus.SENT:
            raise ReferralProblem("status", _("This referral is no longer waiting for an answer."))
        referral.status = ReferralStatus.DECLINED
        referral.decline_reason = reason.strip()
        referral.answered_at = timezone.now()
        referral.answered_by = actor
        referral.save(
            update_fields=["status", "decline_reason", "answered_at", "answered_by", "updated_at"]
        )
        _audit(
            actor,
            referral,
            "referral.declined",
            _status_change(referral, ReferralStatus.SENT, reason=referral.decline_reason),
        )
    return referral


def referral_complete(*, actor: User, referral: Referral, outcome: str, note: str = "") -> Referral:
    """The receiving organisation has done its part: the outcome is recorded, the share ends."""
    with transaction.atomic():
        referral = _lock(referral)
        if referral.status != ReferralStatus.ACCEPTED:
            raise ReferralProblem("status", _("Only an accepted referral can be completed."))
        referral.outcome = outcome
        referral.outcome_note = note.strip()
        _end_referral(actor, referral, ReferralStatus.COMPLETED, ShareEnd.COMPLETED)
    return referral


def referral_revoke(*, actor: User, referral: Referral) -> Referral:
    """The sending organisation takes the referral back: what it shared is gone at once."""
    with transaction.atomic():
        referral = _lock(referral)
        if referral.status not in (ReferralStatus.SENT, ReferralStatus.ACCEPTED):
            raise ReferralProblem("status", _("This referral has already ended."))
        if referral.kind == ReferralKind.TRANSFER and referral.status == ReferralStatus.ACCEPTED:
            raise ReferralProblem(
                "status",
                _(
                    "A transfer that was accepted cannot be revoked: the case belongs to the other organisation now."
                ),
            )
        _end_referral(actor, referral, ReferralStatus.REVOKED, ShareEnd.REVOKED)
    return referral


def _end_referral(actor: User | None, referral: Referral, status: str, share_end: str) -> None:
    old = referral.status
    referral.status = status
    referral.ended_at = timezone.now()
    referral.ended_by = actor
    referral.save(
        update_fields=["status", "outcome", "outcome_note", "ended_at", "ended_by", "updated_at"]
    )
    if referral.share is not None:
        case_services.case_share_end(actor=actor, share=referral.share, reason=share_end)
    action = {
        ReferralStatus.COMPLETED: "referral.completed",
        ReferralStatus.EXPIRED: "referral.expired",
    }.get(ReferralStatus(status), "referral.revoked")
    extra: dict[str, object] = {}
    if referral.outcome:
        extra["outcome"] = referral.outcome
    if share_end == ShareEnd.CONSENT_WITHDRAWN:
        extra["reason"] = share_end
    _audit(actor, referral, action, _status_change(referral, old, **extra))


def _schedule_answer_check(referral: Referral) -> None:
    """Check the answer at 08:00 on the referral's answer date, once the transaction commits."""
    code = str(referral.code)
    due = datetime.datetime.combine(
        referral.answer_due_on, datetime.time(8), tzinfo=timezone.get_current_timezone()
    )
    transaction.on_commit(
        lambda: referral_check_answer_task.using(run_after=due).enqueue(code=code)
    )


@retrying_task()
def referral_check_answer_task(*, code: str) -> str:
    """Enqueued for a referral's answer date (see ``referral_check_answer``)."""
    return referral_check_answer(code=code)


def referral_check_answer(*, code: str) -> str:
    """On the answer date of a referral still waiting: remind the receiver once (and wait as
    long again), then let it expire. Answers what it did."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().filter(code=code).first()
        if referral is None or referral.status != ReferralStatus.SENT:
            return "answered"
        referral = _lock(referral)
        if referral.answer_due_on > timezone.localdate():
            return "not due"
        if referral.reminded_at is None:
            referral.reminded_at = timezone.now()
            referral.answer_due_on = timezone.localdate() + datetime.timedelta(days=ANSWER_DAYS)
            referral.save(update_fields=["reminded_at", "answer_due_on", "updated_at"])
            _audit(
                None,
                referral,
                "referral.reminded",
                {"answer_due_on": {"old": None, "new": referral.answer_due_on.isoformat()}},
            )
            if referral.to_organisation is not None:
                _notify_received(referral, reminder=True)
            else:
                _notify_sender_no_answer(referral)
            _schedule_answer_check(referral)
            return "reminded"
        _end_referral(None, referral, ReferralStatus.EXPIRED, ShareEnd.REVOKED)
    return "expired"


# --- Mail -----------------------------------------------------------------------------------------


def _team(organisation: Organisation) -> list[User]:
    """Who hears of a referral: the organisation's team leads (its counsellors if it has none)."""
    memberships = (
        Membership.objects.active().filter(organisation=organisation).select_related("user")
    )
    leads = [m.user for m in memberships if m.role == Role.TEAM_LEAD and m.user.email]
    return leads or [m.user for m in memberships if m.role == Role.COUNSELLOR and m.user.email]


def _notify_received(referral: Referral, *, reminder: bool = False) -> None:
    assert referral.to_organisation is not None
    for user in _team(referral.to_organisation):
        mail_send(
            to=[user.email],
            template="emails/referral_received",
            context={
                "referral": referral,
                "from_name": referral.from_organisation.name,
                "reminder": reminder,
                "site_url": settings.SITE_URL,
            },
            language=user.preferred_language or "de",
        )


def _notify_sender_no_answer(referral: Referral) -> None:
    """A cooperation partner has not answered by the date: the sender follows it up."""
    sender = referral.sent_by
    if sender is None or not sender.email:
        return
    mail_send(
        to=[sender.email],
        template="emails/referral_no_answer",
        context={"referral": referral, "site_url": settings.SITE_URL},
        language=sender.preferred_language or "de",
    )


def _notify_partner_of_withdrawal(referral: Referral) -> None:
    """Art. 19 GDPR for a directory partner: told by mail when its address is known; the
    audit row says whether it was (else the sender tells it by other means)."""
    partner = referral.to_partner
    assert partner is not None
    if partner.email:
        mail_send(
            to=[partner.email],
            template="emails/referral_consent_withdrawn_partner",
            context={"referral": referral, "from_name": referral.from_organisation.name},
            language="de",
        )
    _audit(
        None,
        referral,
        "consent.recipients_informed",
        {
            "recipients": {"old": None, "new": [partner.name] if partner.email else []},
        },
    )


def _notify_withdrawal(referral: Referral) -> None:
    """Art. 19 GDPR: the recipients are told that the consent was withdrawn."""
    assert referral.to_organisation is not None
    recipients = {u.email: u for u in _team(referral.to_organisation)}
    if referral.answered_by is not None and referral.answered_by.email:
        recipients[referral.answered_by.email] = referral.answered_by
    for user in recipients.values():
        mail_send(
            to=[user.email],
            template="emails/referral_consent_withdrawn",
            context={
                "referral": referral,
                "from_name": referral.from_organisation.name,
                "site_url": settings.SITE_URL,
            },
            language=user.preferred_language or "de",
        )
