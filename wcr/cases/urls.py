from django.urls import path

from wcr.cases import views

app_name = "cases"
urlpatterns = [
    path("faelle/", views.case_list, name="list"),
    path("faelle/eingang/", views.inbox, name="inbox"),
    path("faelle/meine/", views.my_cases, name="mine"),
    path("faelle/neu/", views.case_new, name="new"),
    path("faelle/<str:code>/", views.case_detail, name="detail"),
    path("faelle/<str:code>/bearbeiten/", views.case_edit, name="edit"),
    path("faelle/<str:code>/kontakt/", views.case_log_contact, name="log_contact"),
    path("faelle/<str:code>/status/", views.case_change_status, name="change_status"),
    path("faelle/<str:code>/zuweisen/", views.case_assign, name="assign"),
    path("faelle/<str:code>/verfahren/", views.case_start_procedure, name="start_procedure"),
    path("faelle/<str:code>/aufgaben/", views.task_add, name="add_task"),
    path("faelle/<str:code>/dokumente/", views.document_add, name="add_document"),
    path("meilensteine/<str:code>/erledigt/", views.milestone_done, name="milestone_done"),
    path("checkliste/<str:code>/", views.checklist_status, name="checklist_status"),
    path("aufgaben/", views.tasks, name="tasks"),
    path("aufgaben/<str:code>/erledigt/", views.task_done, name="task_done"),
    path("dokumente/<str:code>/", views.document_download, name="document"),
    path("personen/neu/", views.person_new, name="person_new"),
    path("personen/<str:code>/", views.person_detail, name="person"),
    path("personen/<str:code>/bearbeiten/", views.person_edit, name="person_edit"),
    path("personen/<str:code>/sprachen/", views.person_add_language, name="person_add_language"),
    path(
        "personen/<str:code>/abschluesse/",
        views.person_add_qualification,
        name="person_add_qualification",
    ),
    path("unternehmen/neu/", views.company_new, name="company_new"),
    path("unternehmen/<str:code>/", views.company_detail, name="company"),
    path("unternehmen/<str:code>/bearbeiten/", views.company_edit, name="company_edit"),
    path(
        "unternehmen/<str:code>/ansprechpersonen/",
        views.company_add_contact,
        name="company_add_contact",
    ),
    path("suche/", views.search, name="search"),
]
