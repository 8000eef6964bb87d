from django.urls import path

from wcr.portal import content_views

app_name = "content"
urlpatterns = [
    path("", content_views.pages, name="pages"),
    path("datenschutz/", content_views.notices, name="notices"),
    path("<str:slug>/", content_views.page_detail, name="page"),
    path("<str:slug>/bearbeiten/", content_views.page_edit, name="edit"),
    path("<str:slug>/fassung/<str:number>/vorschau/", content_views.page_preview, name="preview"),
    path(
        "<str:slug>/fassung/<str:number>/veroeffentlichen/",
        content_views.page_publish,
        name="publish",
    ),
]
