"""The platform administrator's /admin/: configuration, organisations, accounts, memberships.

The administrator configures and never reads case content or secrets: memberships change only
through the audited services (plain forms below, no inline model form), authenticators show their
type and dates but never a TOTP secret or recovery seed, API tokens their prefix but never the
hash, sessions are not in the admin, and task results (``wcr.core.admin``) show no arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from wcr.accounts.models import ApiToken, Location, Membership, Organisation, Role, User
from wcr.accounts.services import (
    membership_change_role,
    membership_end,
    membership_grant,
    membership_set_locations,
    user_open_mfa_enrolment,
    user_update_by_admin,
)

# The admin classes are generic only in django-stubs (no ``__class_getitem__`` at run time).
if TYPE_CHECKING:
    _MembershipAdmin = admin.ModelAdmin[Membership]
    _AuthenticatorAdmin = admin.ModelAdmin[Authenticator]
    _UserAdmin = UserAdmin[User]
    _OrganisationAdmin = admin.ModelAdmin[Organisation]
    _LocationAdmin = admin.ModelAdmin[Location]
    _ApiTokenAdmin = admin.ModelAdmin[ApiToken]
else:
    _MembershipAdmin = _AuthenticatorAdmin = _OrganisationAdmin = admin.ModelAdmin
    _LocationAdmin = _ApiTokenAdmin = admin.ModelAdmin
    _UserAdmin = UserAdmin

for _model in (Session, Authenticator):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class MembershipGrantForm(forms.Form):
    user = forms.ModelChoiceField(User.objects.filter(is_active=True), label=_("User"))
    organisation = forms.ModelChoiceField(
        Organisation.objects.filter(is_active=True), label=_("Organisation")
    )
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    locations = forms.ModelMultipleChoiceField(
        Location.objects.filter(is_active=True), required=False, label=_("Locations")
    )


class MembershipChangeForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    locations = forms.ModelMultipleChoiceField(
        Location.objects.filter(is_active=True), required=False, label=_("Locations")
    )
    is_active = forms.BooleanField(required=False, label=_("active"))


@admin.register(Membership)
class MembershipAdmin(_MembershipAdmin):
    """Memberships through the audited services: a grant form, a change form and an action to
    end them. Each change is in the audit trail of the membership's organisation, where its data
    protection officer sees it; nobody can grant or change their own membership."""

    list_display = ("user", "organisation", "role", "is_active")
    list_filter = ("role", "is_active", "organisation")
    search_fields = ("user__username", "user__last_name", "organisation__name")
    list_select_related = ("user", "organisation")
    actions = ["end_memberships"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # ended, never deleted: the audit trail keeps its subject

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = MembershipGrantForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                membership = membership_grant(
                    actor=request.user,  # type: ignore[arg-type]
                    user=form.cleaned_data["user"],
                    organisation=form.cleaned_data["organisation"],
                    role=form.cleaned_data["role"],
                    locations=form.cleaned_data["locations"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The membership was granted."))
                return HttpResponseRedirect(
                    reverse("admin:accounts_membership_change", args=[membership.pk])
                )
        return self._form_response(request, form, _("Grant a membership"), None)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        membership = get_object_or_404(
            Membership.objects.select_related("user", "organisation"), pk=object_id
        )
        if not self.has_view_or_change_permission(request, membership):
            raise PermissionDenied
        initial = {
            "role": membership.role,
            "locations": list(membership.locations.all()),
            "is_active": membership.is_active,
        }
        form = MembershipChangeForm(request.POST or None, initial=initial)
        if request.method == "POST":
            if not self.has_change_permission(request, membership):
                raise PermissionDenied
            if form.is_valid():
                try:
                    _membership_apply(request.user, membership, form.cleaned_data)  # type: ignore[arg-type]
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(request, _("The membership was saved."))
                    return HttpResponseRedirect(reverse("admin:accounts_membership_changelist"))
        return self._form_response(request, form, str(membership), membership)

    def _form_response(
        self, request: HttpRequest, form: forms.Form, title: object, membership: Membership | None
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "membership": membership,
        }
        return TemplateResponse(
            request,
            "admin/accounts/membership/service_form.html",
            context,
            status=400 if form.errors else 200,
        )

    @admin.action(description=_("End the selected memberships"), permissions=["change"])
    def end_memberships(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        ended = 0
        for membership in queryset.select_related("user", "organisation"):
            try:
                membership_end(actor=request.user, membership=membership)  # type: ignore[arg-type]
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                ended += 1
        messages.success(request, _("%(n)d membership(s) ended.") % {"n": ended})


def _membership_apply(actor: User, membership: Membership, data: dict[str, Any]) -> None:
    with transaction.atomic():
        if not data["is_active"]:
            membership_end(actor=actor, membership=membership)
            return
        if not membership.is_active:
            membership_grant(
                actor=actor,
                user=membership.user,
                organisation=membership.organisation,
                role=data["role"],
                locations=data["locations"],
            )
            return
        membership_change_role(actor=actor, membership=membership, role=data["role"])
        membership_set_locations(actor=actor, membership=membership, locations=data["locations"])


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@admin.register(Authenticator)
class AuthenticatorAdmin(_AuthenticatorAdmin):
    """Second factors: type and dates only. The secret and the recovery seed (``data``) are never
    shown; an administrator removes a lost device and opens a new set-up for the user."""

    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__username",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class WcrUserAdmin(_UserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_demo",
        "mfa_enrolment_deadline",
    )
    list_filter = ("is_active", "is_staff", "is_demo")
    readonly_fields = ("mfa_enrolment_deadline", "last_login", "date_joined", "memberships")
    actions = ["open_mfa_enrolment"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "email", "preferred_language")},
        ),
        (
            _("Access"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "mfa_enrolment_deadline",
                    "last_login",
                    "date_joined",
                )
            },
        ),
        (_("Memberships"), {"fields": ("memberships",)}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """An existing account's user name and email stay as they are: changing the email (and
        sending a reset there) would hand the administrator the account and its cases."""
        fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return fields
        return (*fields, "username", "email")

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Nobody sets another account's password here; its owner resets it by mail."""
        raise PermissionDenied

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        obj.refresh_from_db()
        try:
            user_update_by_admin(actor=request.user, user=obj, changes=changes)  # type: ignore[arg-type]
        except ValidationError as error:
            raise PermissionDenied from error

    @admin.display(description=_("Memberships"))
    def memberships(self, obj: User) -> str:
        """Read only: memberships change in the membership admin, through the audited services."""
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:accounts_membership_change", args=[m.pk]), str(m))
                    for m in obj.memberships.select_related("organisation")
                ),
            )
            or "–"
        )

    @admin.action(description=_("Allow setting up a (new) second factor for 72 hours"))
    def open_mfa_enrolment(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            user_open_mfa_enrolment(actor=request.user, user=user)  # type: ignore[arg-type]
        messages.success(
            request,
            _("Second-factor set-up opened for %(n)d account(s).") % {"n": queryset.count()},
        )


class OrganisationForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = (
            "slug",
            "name",
            "short_name",
            "kind",
            "is_lead",
            "is_public_body",
            "is_active",
            "reference_prefix",
            "address",
            "postal_code",
            "city",
            "email",
            "phone",
            "website",
            "contact_verified",
            "contact_source",
            "contact_retrieved_on",
        )

    def clean_reference_prefix(self) -> str:
        # Typed in lower case ("kia"), meant in capitals; the model's validator checks the rest.
        value: str = self.cleaned_data.get("reference_prefix", "")
        return value.strip().upper()


@admin.register(Organisation)
class OrganisationAdmin(_OrganisationAdmin):
    """The case reference prefix is editable until the organisation's first case carries it
    (a reference read out on the phone must stay valid); left empty it is derived from the
    short code when the first case is opened."""

    form = OrganisationForm
    list_display = (
        "name",
        "slug",
        "reference_prefix",
        "kind",
        "is_lead",
        "is_public_body",
        "is_active",
        "contact_verified",
    )
    search_fields = ("name", "slug")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.reference_prefix and obj.cases.exists():
            return ("reference_prefix",)
        return ()


@admin.register(Location)
class LocationAdmin(_LocationAdmin):
    list_display = ("name", "slug", "city", "email", "is_active", "contact_verified")
    list_filter = ("contact_verified",)


@admin.register(ApiToken)
class ApiTokenAdmin(_ApiTokenAdmin):
    """Read only, and never the hash: prefix, owner, dates. Revoking is an action."""

    list_display = (
        "prefix",
        "user",
        "membership",
        "created_at",
        "expires",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "user__username")
    fields = ("prefix", "user", "membership", "created_at", "expires", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are made by their users (shown once) or `manage.py api_token`

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("valid until"))
    def expires(self, obj: ApiToken) -> Any:
        return getattr(obj, "expires_at", None) or "–"

    @admin.action(description=_("Revoke the selected tokens"), permissions=["view"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        from wcr.api.tokens import api_token_revoke

        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
        messages.success(request, _("The tokens were revoked."))
