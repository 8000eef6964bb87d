"""Choices shared by the case workbench's models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    DIVERSE = "d", _("diverse / non-binary")
    UNKNOWN = "u", _("not stated")


class DatePrecision(models.TextChoices):
    DAY = "day", _("exact date")
    MONTH = "month", _("month and year known")
    YEAR = "year", _("only the year known")
    UNKNOWN = "unknown", _("unknown")


class Script(models.TextChoices):
    LATIN = "latin", _("Latin")
    ARABIC = "arabic", _("Arabic")
    CYRILLIC = "cyrillic", _("Cyrillic")
    GREEK = "greek", _("Greek")
    OTHER = "other", _("other script")


class NameKind(models.TextChoices):
    NATIVE = "native", _("in the original script")
    TRANSLITERATION = "transliteration", _("other transliteration")
    BIRTH_NAME = "birth_name", _("birth name")
    ALIAS = "alias", _("also known as")


class CefrLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("native language")


class QualificationLevel(models.TextChoices):
    NONE = "none", _("no formal qualification")
    VOCATIONAL = "vocational", _("vocational training")
    ACADEMIC = "academic", _("university degree")


class Occupation(models.TextChoices):
    CRAFTS = "crafts", _("crafts")
    IHK = "ihk", _("industry, commerce, services (IHK)")
    HEALTH = "health", _("health and care")
    TEACHING = "teaching", _("teaching")
    SOCIAL = "social", _("social professions")
    ENGINEERING = "engineering", _("engineering")
    IT = "it", _("IT")
    ACADEMIC_OTHER = "academic_other", _("other academic")
    OTHER = "other", _("other")


class RecognitionState(models.TextChoices):
    NONE = "none", _("not applied for")
    PENDING = "pending", _("in progress")
    PARTIAL = "partial", _("partial (deficits found)")
    FULL = "full", _("full equivalence")
    COMPARABLE = "comparable", _("degree comparable (ZAB/anabin)")


class ResidenceStatus(models.TextChoices):
    ABROAD = "abroad", _("lives abroad, no German title yet")
    GERMAN = "german", _("German citizen")
    EU = "eu", _("EU/EEA/Swiss citizen (free movement)")
    VISA = "visa", _("national visa")
    RESIDENCE_PERMIT = "residence_permit", _("residence permit")
    BLUE_CARD = "blue_card", _("EU Blue Card")
    OPPORTUNITY_CARD = "opportunity_card", _("opportunity card")
    SETTLEMENT = "settlement", _("settlement permit")
    FICTION = "fiction", _("fictional certificate (Fiktionsbescheinigung)")
    GESTATTUNG = "gestattung", _("permission to reside during asylum procedure")
    DULDUNG = "duldung", _("toleration (Duldung)")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("unknown")


class LegalForm(models.TextChoices):
    SOLE = "sole", _("sole proprietorship / e.K.")
    GBR = "gbr", "GbR"
    OHG = "ohg", "OHG"
    KG = "kg", "KG / GmbH & Co. KG"
    GMBH = "gmbh", "GmbH"
    UG = "ug", "UG (haftungsbeschränkt)"
    AG = "ag", "AG"
    EG = "eg", "eG"
    EV = "ev", _("registered association (e.V.)")
    PUBLIC = "public", _("public body")
    OTHER = "other", _("other")


class Sector(models.TextChoices):
    CRAFTS = "crafts", _("crafts")
    INDUSTRY = "industry", _("industry")
    COMMERCE = "commerce", _("commerce")
    SERVICES = "services", _("services")
    HEALTH = "health", _("health and care")
    HOSPITALITY = "hospitality", _("hospitality")
    CONSTRUCTION = "construction", _("construction")
    LOGISTICS = "logistics", _("transport and logistics")
    IT = "it", _("IT")
    OTHER = "other", _("other")


class CaseStatus(models.TextChoices):
    NEW = "new", _("new")
    COUNSELLING = "counselling", _("in counselling")
    ACCOMPANIMENT = "accompaniment", _("accompaniment")
    CLOSED = "closed", _("closed")


class Channel(models.TextChoices):
    PORTAL = "portal", _("public portal")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("email")
    WALK_IN = "walk_in", _("walk-in")
    REFERRAL = "referral", _("referral by a partner")
    EVENT = "event", _("information event")
    OTHER = "other", _("other")


class ContactChannel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    VIDEO = "video", _("video")
    EMAIL = "email", _("email")


class ClosingReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("goal reached")
    REFERRED = "referred", _("referred to another service")
    NO_CONTACT = "no_contact", _("no further contact")
    WITHDRAWN = "withdrawn", _("withdrawn by the client")
    NOT_ELIGIBLE = "not_eligible", _("outside the network's remit")
    OTHER = "other", _("other")


class Outcome(models.TextChoices):
    EMPLOYED = "employed", _("employment started")
    TRAINING = "training", _("training started")
    RECOGNITION = "recognition", _("recognition obtained")
    RESIDENCE = "residence", _("residence title obtained")
    HIRED = "hired", _("company hired a skilled worker")
    INFORMED = "informed", _("informed and advised")
    NONE = "none", _("no result")


class ChecklistStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    RECEIVED = "received", _("received")
    CHECKED = "checked", _("checked")
    EXPIRED = "expired", _("expired")


# Languages counselling takes place in (ISO 639-1 codes), with their names.
COUNSELLING_LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("tr", _("Turkish")),
    ("ru", _("Russian")),
    ("fa", _("Persian")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("other", _("other")),
]


def language_label(code: str) -> str:
    return str(dict(COUNSELLING_LANGUAGES).get(code, code))
