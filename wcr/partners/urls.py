from django.urls import path

from wcr.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<str:code>/", views.detail, name="detail"),
]
