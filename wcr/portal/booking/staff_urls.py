from django.urls import path

from wcr.portal.booking import staff_views

app_name = "calendar"
urlpatterns = [
    path("", staff_views.calendar, name="calendar"),
    path("sprechzeiten/", staff_views.availability, name="availability"),
    path("<str:code>/", staff_views.booking_detail, name="detail"),
    path("<str:code>/vermerken/", staff_views.booking_mark_view, name="mark"),
    path("<str:code>/absagen/", staff_views.booking_cancel_view, name="cancel"),
]
