from django.urls import path

from wcr.navigator import staff_views

app_name = "navigator_staff"
urlpatterns = [
    path("faelle/<str:code>/navigator/", staff_views.case_navigator, name="case"),
    path("faelle/<str:code>/navigator/start/", staff_views.case_navigator_start, name="start"),
    path("faelle/<str:code>/navigator/speichern/", staff_views.case_navigator_save, name="save"),
    path(
        "faelle/<str:code>/navigator/<str:assessment>/",
        staff_views.case_assessment,
        name="assessment",
    ),
]
