from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wcr.accounts.models import ApiToken, Location, Membership, Organisation, User
from wcr.accounts.services import user_open_mfa_enrolment


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    filter_horizontal = ("locations",)
    fk_name = "user"


@admin.register(User)
class WcrUserAdmin(UserAdmin):
    inlines = [MembershipInline]
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
    readonly_fields = ("mfa_enrolment_deadline", "last_login", "date_joined")
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
    )

    @admin.action(description=_("Allow setting up a (new) second factor for 72 hours"))
    def open_mfa_enrolment(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            user_open_mfa_enrolment(actor=request.user, user=user)  # type: ignore[arg-type]
        messages.success(
            request,
            _("Second-factor set-up opened for %(n)d account(s).") % {"n": queryset.count()},
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "is_lead", "is_public_body", "is_active")
    search_fields = ("name", "slug")


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "city", "email", "is_active")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "membership", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "user__username")
    readonly_fields = (
        "prefix",
        "secret_hash",
        "user",
        "membership",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are made with `manage.py api_token`, which shows the secret once

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        from wcr.api.tokens import api_token_revoke

        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
        messages.success(request, _("The tokens were revoked."))
