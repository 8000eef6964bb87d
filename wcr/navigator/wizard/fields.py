"""The wizard's choices and form fields: amounts, numbers and postal codes as people type them."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wcr.navigator.wizard.countries import country_choices

# --- Choices ----------------------------------------------------------------------------------

YES_NO = (("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No")))
GOALS = (
    ("employment", gettext_lazy("Work in Germany")),
    ("training", gettext_lazy("Vocational training in Germany")),
    ("study", gettext_lazy("Study in Germany")),
    ("job_search", gettext_lazy("Look for a job in Germany")),
    ("self_employment", gettext_lazy("Work self-employed in Germany")),
    ("recognition", gettext_lazy("Have a qualification recognised")),
)
LEVELS = (
    ("none", gettext_lazy("No completed vocational training and no degree")),
    ("vocational", gettext_lazy("Completed vocational training")),
    ("academic", gettext_lazy("University degree")),
)
OCCUPATIONS = (
    ("crafts", gettext_lazy("Crafts and trades (e.g. electrician, baker, mechanic)")),
    ("ihk", gettext_lazy("Industry, commerce, logistics, hospitality")),
    ("health", gettext_lazy("Health and care (e.g. nurse, doctor)")),
    ("teaching", gettext_lazy("Teaching")),
    ("social", gettext_lazy("Social work and child care")),
    ("engineering", gettext_lazy("Engineering")),
    ("it", gettext_lazy("Information technology")),
    ("academic_other", gettext_lazy("Another academic profession")),
    ("other", gettext_lazy("Something else")),
)
RECOGNITION = (
    ("none", gettext_lazy("Not applied for yet")),
    ("pending", gettext_lazy("Applied for, no decision yet")),
    ("partial", gettext_lazy("Partly recognised: there are differences to make up")),
    ("full", gettext_lazy("Fully recognised (equivalent), or licence to practise")),
    ("comparable", gettext_lazy("Degree confirmed as comparable (anabin or ZAB statement)")),
)
# The kind of job mapped to its ISCO-08 group ("other" has none: the code stays unknown).
JOB_TYPES = (
    ("it", gettext_lazy("IT specialist (e.g. developer, administrator)"), "25"),
    ("engineer", gettext_lazy("Engineer or natural scientist"), "21"),
    ("doctor", gettext_lazy("Doctor"), "221"),
    ("nurse", gettext_lazy("Nurse or midwife"), "222"),
    ("teacher", gettext_lazy("Teacher"), "23"),
    ("manager_ict", gettext_lazy("Manager in IT or communication technology"), "133"),
    ("manager_production", gettext_lazy("Manager in production, mining or construction"), "132"),
    ("other", gettext_lazy("Another job"), ""),
)
ISCO_BY_JOB_TYPE = {key: isco for key, _label, isco in JOB_TYPES}
TRAINING_OFFERS = (
    ("qualified", gettext_lazy("Yes, in a state-recognised occupation, at least 2 years")),
    ("other", gettext_lazy("Yes, another training")),
    ("no", gettext_lazy("No")),
)
LANGUAGE_CHOICES = (
    ("none", gettext_lazy("No knowledge")),
    ("A1", gettext_lazy("A1 – beginner")),
    ("A2", gettext_lazy("A2 – basic")),
    ("B1", gettext_lazy("B1 – intermediate")),
    ("B2", gettext_lazy("B2 – upper intermediate")),
    ("C1", gettext_lazy("C1 – advanced")),
    ("C2", gettext_lazy("C2 – near native")),
)


# --- Input helpers ----------------------------------------------------------------------------

_AMOUNT = re.compile(r"^\d+(?:[.,]\d+)*$")


def parse_amount(text: str) -> Decimal:
    """An amount in euros as people type it: ``52000``, ``52.000``, ``52,000``, ``52 000 €``,
    ``52.000,50``. A separator followed by exactly three digits groups thousands; otherwise it is
    the decimal mark. Raises ``ValueError`` for anything else."""
    cleaned = re.sub(r"(?i)\s|€|eur(o)?", "", text).replace("\u00a0", "")
    if not _AMOUNT.match(cleaned):
        raise ValueError(text)
    groups = re.split(r"[.,]", cleaned)
    separators = re.findall(r"[.,]", cleaned)
    if not separators:
        return Decimal(cleaned)
    last = groups[-1]
    if len(last) != 3 or (len(set(separators)) > 1 and separators[-1] != separators[0]):
        # The last separator is the decimal mark.
        whole = "".join(groups[:-1])
        return Decimal(f"{whole}.{last}")
    return Decimal("".join(groups))


class AmountField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=20, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        try:
            amount = parse_amount(text)
        except (ValueError, InvalidOperation):
            raise ValidationError(
                _("Enter an amount in euros, for example 52000."), code="invalid"
            ) from None
        if amount <= 0 or amount > 10_000_000:
            raise ValidationError(
                _("Enter an amount between 1 and 10,000,000 euros."), code="range"
            )
        return str(amount.quantize(Decimal("1")))


class NumberField(forms.CharField):
    """A number typed with a comma or a point (``2,5`` or ``2.5``), within bounds."""

    def __init__(self, *, minimum: int, maximum: int, whole: bool = False, **kwargs: Any) -> None:
        super().__init__(max_length=8, **kwargs)
        self.minimum, self.maximum, self.whole = minimum, maximum, whole
        self.widget.attrs.update(
            {"inputmode": "numeric" if whole else "decimal", "autocomplete": "off"}
        )

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            number = Decimal(text.strip().replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or (self.whole and number != int(number)):
            message = _("Enter a whole number.") if self.whole else _("Enter a number.")
            raise ValidationError(message, code="invalid")
        if not self.minimum <= number <= self.maximum:
            raise ValidationError(
                _("Enter a number from %(min)s to %(max)s.")
                % {"min": self.minimum, "max": self.maximum},
                code="range",
            )
        return int(number) if self.whole else str(number.normalize())


class PostalCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=10, **kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code", "size": "7"}
        )

    def clean(self, value: Any) -> Any:
        code = (super().clean(value) or "").strip()
        if not re.fullmatch(r"\d{5}", code):
            raise ValidationError(
                _("Enter a German postal code of five digits, for example 41061."),
                code="invalid",
            )
        return code


def radio_field(choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect)


def country_field(required: bool = True, label: Any = None) -> forms.ChoiceField:
    empty = [("", _("– please choose –") if required else _("– none –"))]
    return forms.ChoiceField(
        choices=lambda: empty + country_choices(), required=required, label=label
    )
