"""Routing rules: which organisation and WCR location a new request goes to (data, see
``docs/routing.md`` and ``wcr/portal/routing.py``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

ANY = "*"


class RoutingRule(models.Model):
    """One row of the rule set; the first matching rule by ``priority`` (lowest first) wins.

    Organisation and location are kept as slugs (as in the CSV): the rule set is replaced as a
    whole, and a slug is checked against the partner organisations and locations when a set is
    loaded."""

    priority = models.PositiveIntegerField(_("priority"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, default=ANY)
    sector = models.CharField(_("sector"), max_length=20, default=ANY)
    district = models.CharField(_("district"), max_length=5, default=ANY)
    municipality = models.CharField(_("municipality"), max_length=8, default=ANY)
    topic = models.CharField(_("topic"), max_length=40, default=ANY)
    organisation = models.SlugField(_("organisation"), max_length=40)
    location = models.SlugField(_("location"), max_length=40)

    class Meta:
        ordering = ["priority"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.priority}: {self.organisation}/{self.location}"
