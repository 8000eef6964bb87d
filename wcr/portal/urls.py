from django.urls import path

from wcr.portal import request_views, views
from wcr.portal.booking import views as booking_views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("standorte/", views.locations, name="locations"),
    path("anfrage/", request_views.request_form, name="request"),
    path(
        "anfrage/gemeinden/",
        request_views.request_municipalities,
        name="request-municipalities",
    ),
    path("anfrage/bestaetigung/<str:token>/", request_views.request_done, name="request-done"),
    path("termin/", booking_views.booking_start, name="booking"),
    path("termin/buchen/", booking_views.booking_book, name="booking-book"),
    path("termin/verwalten/<str:token>/", booking_views.booking_manage, name="booking-manage"),
    path(
        "termin/verwalten/<str:token>/verschieben/",
        booking_views.booking_move_view,
        name="booking-move",
    ),
    path(
        "termin/verwalten/<str:token>/absagen/",
        booking_views.booking_cancel_view,
        name="booking-cancel",
    ),
    path("datenschutz/", views.privacy_notice, name="privacy"),
    path(
        "datenschutz/fassung/<str:version>/", views.privacy_notice_version, name="privacy-version"
    ),
    path("themen/", views.topics, name="topics"),
    path("beratung/", views.counselling, name="counselling"),
    path("leichte-sprache/", views.easy_language, name="easy_language"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("impressum/", views.imprint, name="imprint"),
]
