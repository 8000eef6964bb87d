from django.urls import path

from wcr.navigator import guide_views, views

app_name = "navigator"
urlpatterns = [
    path("", views.start, name="start"),
    path("arbeitgeber/", guide_views.employer_guide, name="employer_guide"),
    path("frage/<slug:question_id>/", views.question, name="question"),
    path("zusammenfassung/", views.summary, name="summary"),
    path("ergebnis/", views.result, name="result"),
    path("ergebnis.pdf", views.result_pdf, name="result_pdf"),
    path("beratung/", views.counsellor, name="counsellor"),
    path("antworten.json", views.answers_json, name="answers_json"),
    path("antworten.txt", views.answers_text, name="answers_text"),
    path("loeschen/", views.delete, name="delete"),
]
