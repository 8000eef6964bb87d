from django.urls import path

from wcr.portal import staff_views

app_name = "routing"
urlpatterns = [
    path("", staff_views.rules, name="rules"),
    path("regeln.csv", staff_views.rules_csv, name="rules_csv"),
]
