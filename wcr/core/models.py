"""Abstract base models shared by every app."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Creation and modification times, set by the database layer."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class PublicModel(TimeStampedModel):
    """A model with a UUID ``code`` as its public identifier; integer keys stay internal."""

    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
