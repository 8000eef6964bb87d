from django.urls import path

from wcr.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("standorte/", views.locations, name="locations"),
    path("datenschutz/", views.privacy_notice, name="privacy"),
    path(
        "datenschutz/fassung/<str:version>/", views.privacy_notice_version, name="privacy-version"
    ),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("impressum/", views.imprint, name="imprint"),
]
