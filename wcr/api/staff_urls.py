from django.urls import path

from wcr.api import staff_views

app_name = "api_tokens"
urlpatterns = [
    path("api-zugaenge/", staff_views.token_list, name="list"),
    path(
        "api-zugaenge/<str:code>/widerrufen/",
        staff_views.token_revoke,
        name="revoke",
    ),
]
