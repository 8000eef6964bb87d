"""What the navigator's audit events say in words (see ``wcr.privacy.sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from wcr.privacy.sentences import Field, Kind, register

register(
    Kind(
        "navigator.assessment_saved",
        gettext_lazy("Navigator result saved"),
        gettext_lazy("Navigator result saved to the case by %(actor)s"),
        {
            "assessment": Field(gettext_lazy("Assessment"), code=True),
            "kb_version": Field(gettext_lazy("Knowledge base version")),
        },
    )
)
