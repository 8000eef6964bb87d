from django.urls import path

from wcr.reporting import dashboard, views

app_name = "reporting"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("esf/", views.report, name="report"),
    path("ausschuss/", views.committee, name="committee"),
    path("esf/arbeitslisten/", views.worklists, name="worklists"),
    path("esf/fall/<str:code>/", views.participation, name="participation"),
    path("esf/teilnahme/<str:code>/nachfrage/", views.follow_up_send, name="follow_up_send"),
    path("statistik/", dashboard.statistics, name="statistics"),
    path("statistik/<str:slug>.csv", dashboard.statistics_csv, name="statistics_csv"),
]
