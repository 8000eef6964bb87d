from django.urls import path

from wcr.accounts import views

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/", views.switch_organisation, name="switch_organisation"),
    path("team/", views.team, name="team"),
    path("team/<str:code>/", views.team_member, name="team_member"),
]
