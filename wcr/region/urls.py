from django.urls import path

from wcr.region import views

app_name = "region"
urlpatterns = [path("", views.overview, name="overview")]
