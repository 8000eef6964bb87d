"""What the referrals' audit events say in words (see ``wcr.privacy.sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from wcr.cases.models import ShareEnd
from wcr.privacy.sentences import Field, Kind, choice, register
from wcr.referrals.models import (
    ConsentChannel,
    ConsentStatus,
    ReferralKind,
    ReferralOutcome,
    ReferralStatus,
)
from wcr.referrals.services import (
    AUDIT_CONSENT_EXPIRED,
    AUDIT_CONSENT_GIVEN,
    AUDIT_CONSENT_REFUSED,
    AUDIT_CONSENT_WITHDRAWN,
    AUDIT_OVERRIDE,
)

REFERRAL_FIELDS = {
    "referral": Field(gettext_lazy("Referral")),
    "kind": Field(gettext_lazy("Kind"), choice(ReferralKind.choices)),
    "to": Field(gettext_lazy("To")),
    "consent": Field(gettext_lazy("Consent")),
    "status": Field(gettext_lazy("Status"), choice(ReferralStatus.choices)),
    "reason": Field(gettext_lazy("Reason"), choice([*ShareEnd.choices])),
    "outcome": Field(gettext_lazy("Outcome"), choice(ReferralOutcome.choices)),
    "justification": Field(gettext_lazy("Justification")),
    "answer_due_on": Field(gettext_lazy("Answer due on")),
}
CONSENT_FIELDS = {
    "consent": Field(gettext_lazy("Consent")),
    "purpose": Field(gettext_lazy("Purpose")),
    "recipient": Field(gettext_lazy("Recipient")),
    "channel": Field(gettext_lazy("Channel"), choice(ConsentChannel.choices)),
    "notice": Field(gettext_lazy("Notice (version/language)")),
    "status": Field(gettext_lazy("Status"), choice(ConsentStatus.choices)),
    "recipients": Field(gettext_lazy("Recipients informed")),
}

register(
    Kind(
        "referral.sent",
        gettext_lazy("Referral sent"),
        gettext_lazy("Referral sent by %(actor)s"),
        REFERRAL_FIELDS,
    ),
    Kind(
        "referral.accepted",
        gettext_lazy("Referral accepted"),
        gettext_lazy("Referral accepted by %(actor)s"),
        REFERRAL_FIELDS,
    ),
    Kind(
        "referral.declined",
        gettext_lazy("Referral declined"),
        gettext_lazy("Referral declined by %(actor)s"),
        REFERRAL_FIELDS,
    ),
    Kind(
        "referral.completed",
        gettext_lazy("Referral completed"),
        gettext_lazy("Referral completed by %(actor)s"),
        REFERRAL_FIELDS,
    ),
    Kind(
        "referral.unsuccessful",
        gettext_lazy("Referral unsuccessful"),
        gettext_lazy("Referral marked unsuccessful by %(actor)s"),
        REFERRAL_FIELDS,
    ),
    Kind(
        "referral.revoked",
        gettext_lazy("Referral revoked"),
        gettext_lazy("Referral revoked (%(actor)s)"),
        REFERRAL_FIELDS,
    ),
    Kind(
        "referral.expired",
        gettext_lazy("Referral expired"),
        gettext_lazy("Referral expired without an answer (%(actor)s)"),
        REFERRAL_FIELDS,
    ),
    Kind(
        "referral.reminded",
        gettext_lazy("Referral reminder"),
        gettext_lazy("Reminder of an unanswered referral sent (%(actor)s)"),
        REFERRAL_FIELDS,
    ),
    Kind(
        "referral.feedback",
        gettext_lazy("Referral feedback"),
        gettext_lazy("Feedback on a referral recorded by %(actor)s"),
        REFERRAL_FIELDS,
    ),
    Kind(
        AUDIT_OVERRIDE,
        gettext_lazy("Referral without consent"),
        gettext_lazy("Referral without consent, on the justification of %(actor)s"),
        REFERRAL_FIELDS,
    ),
    Kind(
        AUDIT_CONSENT_GIVEN,
        gettext_lazy("Consent given"),
        gettext_lazy("Consent recorded by %(actor)s"),
        CONSENT_FIELDS,
    ),
    Kind(
        AUDIT_CONSENT_REFUSED,
        gettext_lazy("Consent refused"),
        gettext_lazy("Refusal of consent recorded by %(actor)s"),
        CONSENT_FIELDS,
    ),
    Kind(
        AUDIT_CONSENT_WITHDRAWN,
        gettext_lazy("Consent withdrawn"),
        gettext_lazy("Withdrawal of consent recorded by %(actor)s"),
        CONSENT_FIELDS,
    ),
    Kind(
        AUDIT_CONSENT_EXPIRED,
        gettext_lazy("Consent expired"),
        gettext_lazy("Consent expired (%(actor)s)"),
        CONSENT_FIELDS,
    ),
    Kind(
        "consent.recipients_informed",
        gettext_lazy("Recipients informed"),
        gettext_lazy("Recipients of shared data told of the withdrawal (%(actor)s)"),
        CONSENT_FIELDS,
    ),
)
