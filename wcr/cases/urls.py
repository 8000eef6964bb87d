from django.urls import path

from wcr.cases.views import cases, companies, documents, lists, persons, search, work

app_name = "cases"
urlpatterns = [
    path("faelle/", lists.case_list, name="list"),
    path("faelle/eingang/", lists.inbox, name="inbox"),
    path("faelle/eingang/zuweisen/", lists.inbox_assign, name="inbox_assign"),
    path("faelle/meine/", lists.my_cases, name="mine"),
    path("faelle/neu/", cases.case_new, name="new"),
    path("faelle/<str:code>/", cases.case_detail, name="detail"),
    path("faelle/<str:code>/bearbeiten/", cases.case_edit, name="edit"),
    path("faelle/<str:code>/kontakt/", cases.case_log_contact, name="log_contact"),
    path("faelle/<str:code>/status/", cases.case_change_status, name="change_status"),
    path("faelle/<str:code>/zuweisen/", cases.case_assign, name="assign"),
    path("faelle/<str:code>/verfahren/", cases.case_start_procedure, name="start_procedure"),
    path("faelle/<str:code>/aufgaben/", work.task_add, name="add_task"),
    path("faelle/<str:code>/dokumente/", documents.document_add, name="add_document"),
    path("meilensteine/<str:code>/erledigt/", work.milestone_done, name="milestone_done"),
    path("checkliste/<str:code>/", work.checklist_status, name="checklist_status"),
    path("aufgaben/", work.tasks, name="tasks"),
    path("aufgaben/<str:code>/erledigt/", work.task_done, name="task_done"),
    path("dokumente/<str:code>/", documents.document_download, name="document"),
    path("dokumente/<str:code>/entfernen/", documents.document_remove, name="remove_document"),
    path("personen/neu/", persons.person_new, name="person_new"),
    path("personen/<str:code>/", persons.person_detail, name="person"),
    path("personen/<str:code>/bearbeiten/", persons.person_edit, name="person_edit"),
    path("personen/<str:code>/sprachen/", persons.person_add_language, name="person_add_language"),
    path(
        "personen/<str:code>/abschluesse/",
        persons.person_add_qualification,
        name="person_add_qualification",
    ),
    path("unternehmen/neu/", companies.company_new, name="company_new"),
    path("unternehmen/<str:code>/", companies.company_detail, name="company"),
    path("unternehmen/<str:code>/bearbeiten/", companies.company_edit, name="company_edit"),
    path(
        "unternehmen/<str:code>/ansprechpersonen/",
        companies.company_add_contact,
        name="company_add_contact",
    ),
    path("suche/", search.search, name="search"),
]
