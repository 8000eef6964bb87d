from typing import TYPE_CHECKING

from django.contrib import admin

from wcr.region.models import Authority, District, Municipality, PostalCode

# The admin classes are generic only in django-stubs (no ``__class_getitem__`` at run time).
if TYPE_CHECKING:
    _PostalCodeInline = admin.TabularInline[PostalCode, Municipality]
    _MunicipalityAdmin = admin.ModelAdmin[Municipality]
    _DistrictAdmin = admin.ModelAdmin[District]
    _AuthorityAdmin = admin.ModelAdmin[Authority]
else:
    _PostalCodeInline = admin.TabularInline
    _MunicipalityAdmin = _DistrictAdmin = _AuthorityAdmin = admin.ModelAdmin


class PostalCodeInline(_PostalCodeInline):
    model = PostalCode
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(_MunicipalityAdmin):
    list_display = ("name", "ags", "district", "wcr_location", "confidence")
    list_filter = ("district", "wcr_location", "confidence")
    search_fields = ("name", "ags", "postal_codes__code")
    inlines = [PostalCodeInline]


@admin.register(District)
class DistrictAdmin(_DistrictAdmin):
    list_display = ("name", "ags", "regierungsbezirk")


@admin.register(Authority)
class AuthorityAdmin(_AuthorityAdmin):
    list_display = ("name", "slug", "kind", "confidence")
    list_filter = ("kind", "confidence")
