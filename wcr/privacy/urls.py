from django.urls import path

from wcr.privacy import views

app_name = "privacy"
urlpatterns = [
    path("zugriffe/", views.access_log, name="access_log"),
    path("protokoll/", views.audit_trail, name="audit_trail"),
    path("pruefung/", views.chain_check, name="chain_check"),
]
