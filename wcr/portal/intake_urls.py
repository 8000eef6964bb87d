from django.urls import path

from wcr.portal import intake_views

app_name = "intake"
urlpatterns = [
    path("", intake_views.intake_list, name="list"),
    path("<str:code>/", intake_views.intake_detail, name="detail"),
    path("<str:code>/annehmen/", intake_views.intake_accept, name="accept"),
    path("<str:code>/weiterleiten/", intake_views.intake_forward, name="forward"),
    path("<str:code>/ablehnen/", intake_views.intake_decline, name="decline"),
]
