from django.urls import path

from wcr.reporting import dashboard, views

app_name = "reporting"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("statistik/", dashboard.statistics, name="statistics"),
    path("statistik/<str:slug>.csv", dashboard.statistics_csv, name="statistics_csv"),
]
