"""What the ESF+ participant data's audit events say in words (see ``wcr.privacy.sentences``).
The Art. 9 items are never in an event: ``special_categories`` says only that they changed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from wcr.privacy.sentences import Field, Kind, choice, register
from wcr.reporting.models import Gender, LabourStatus, Status6m

FIELDS = {
    "entry_date": Field(gettext_lazy("Entry date")),
    "gender": Field(gettext_lazy("Gender"), choice(Gender.choices)),
    "date_of_birth": Field(gettext_lazy("Date of birth")),
    "labour_status": Field(
        gettext_lazy("Labour-market status at entry"), choice(LabourStatus.choices)
    ),
    "isced": Field(gettext_lazy("ISCED level")),
    "nationalities": Field(gettext_lazy("Nationalities")),
    "postal_code": Field(gettext_lazy("Postal code")),
    "municipality_ags": Field(gettext_lazy("municipality (AGS)")),
    "foreign_background": Field(gettext_lazy("Foreign background")),
    "homeless": Field(gettext_lazy("Homeless or affected by housing exclusion")),
    "rural": Field(gettext_lazy("Lives in a rural area")),
    "special_categories": Field(gettext_lazy("Disability or minority (changed, not shown)")),
    "exit_date": Field(gettext_lazy("Exit date")),
    "exit_situation": Field(gettext_lazy("Situation upon leaving")),
    "status_6m": Field(
        gettext_lazy("Situation six months after leaving"), choice(Status6m.choices)
    ),
    "external_id": Field(gettext_lazy("identifier in the source system")),
}

register(
    Kind(
        "participation.entry_recorded",
        gettext_lazy("ESF+ entry data recorded"),
        gettext_lazy("ESF+ entry data recorded by %(actor)s"),
        FIELDS,
    ),
    Kind(
        "participation.entry_updated",
        gettext_lazy("ESF+ entry data changed"),
        gettext_lazy("ESF+ entry data changed by %(actor)s"),
        FIELDS,
    ),
    Kind(
        "participation.exit_recorded",
        gettext_lazy("ESF+ exit data recorded"),
        gettext_lazy("ESF+ exit data recorded by %(actor)s"),
        FIELDS,
    ),
    Kind(
        "participation.follow_up_mailed",
        gettext_lazy("Six-month question mailed"),
        gettext_lazy("Six-month question mailed by %(actor)s"),
        FIELDS,
    ),
    Kind(
        "participation.imported",
        gettext_lazy("ESF+ participant imported"),
        gettext_lazy("ESF+ participant imported by %(actor)s"),
        FIELDS,
    ),
    Kind(
        "participation.import_updated",
        gettext_lazy("ESF+ participant updated by an import"),
        gettext_lazy("ESF+ participant updated by an import (%(actor)s)"),
        FIELDS,
    ),
)
