from django.urls import path

from wcr.partners import staff_views

app_name = "partners_staff"
urlpatterns = [
    path("", staff_views.partner_list, name="list"),
    path("<str:code>/bearbeiten/", staff_views.partner_edit, name="edit"),
    path("<str:code>/geprueft/", staff_views.partner_checked, name="checked"),
]
