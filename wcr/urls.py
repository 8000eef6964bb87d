from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from wcr.core import views as core_views

# Administrators sign in through the same login (with its second factor) as everyone else.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "WCR – Plattformverwaltung / platform administration"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon),
    # The language switch on every page carries no CSRF token, so public pages can be cached
    # (wcr/core/public_cache.py): a forged switch can only change the visitor's language cookie,
    # and set_language redirects only to this site (docs/security.md).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("wcr.api.urls")),
    path("mitarbeitende/datenschutz/", include("wcr.privacy.urls")),
    path("mitarbeitende/", include("wcr.navigator.staff_urls")),
    path("mitarbeitende/", include("wcr.cases.urls")),
    path("mitarbeitende/region/", include("wcr.region.urls")),
    path("mitarbeitende/weiterleitung/", include("wcr.portal.staff_urls")),
    path("mitarbeitende/inhalte/", include("wcr.portal.content_urls")),
    path("mitarbeitende/anfragen/", include("wcr.portal.intake_urls")),
    path("mitarbeitende/termine/", include("wcr.portal.booking.staff_urls")),
    path("mitarbeitende/vermittlungen/", include("wcr.referrals.urls")),
    path("mitarbeitende/partner/", include("wcr.partners.staff_urls")),
    path("mitarbeitende/berichte/", include("wcr.reporting.urls")),
    path("mitarbeitende/", include("wcr.accounts.urls")),
    path("mitarbeitende/", include("wcr.api.staff_urls")),
    path("navigator/", include("wcr.navigator.urls")),
    path("partner/", include("wcr.partners.urls")),
    path("", include("wcr.portal.urls")),
]

handler400 = "wcr.core.views.bad_request"
handler403 = "wcr.core.views.permission_denied"
handler404 = "wcr.core.views.page_not_found"
handler500 = "wcr.core.views.server_error"
