from django.contrib import admin

from wcr.region.models import Authority, District, Municipality, PostalCode


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "ags", "district", "wcr_location", "confidence")
    list_filter = ("district", "wcr_location", "confidence")
    search_fields = ("name", "ags", "postal_codes__code")
    inlines = [PostalCodeInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "ags", "regierungsbezirk")


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "confidence")
    list_filter = ("kind", "confidence")
