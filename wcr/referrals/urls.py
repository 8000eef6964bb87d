from django.urls import path

from wcr.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("statistik/", views.referral_statistics, name="statistics"),
    path("datenschutz/", views.dpo_overview, name="dpo"),
    path("fall/<str:code>/neu/", views.referral_new, name="new"),
    path("person/<str:code>/einwilligungen/", views.consents, name="consents"),
    path("einwilligungen/<str:code>/widerrufen/", views.consent_withdraw, name="consent_withdraw"),
    path("<str:code>/", views.referral_detail, name="detail"),
    path("<str:code>/annehmen/", views.referral_accept, name="accept"),
    path("<str:code>/ablehnen/", views.referral_decline, name="decline"),
    path("<str:code>/abschliessen/", views.referral_complete, name="complete"),
    path("<str:code>/zurueckziehen/", views.referral_revoke, name="revoke"),
    path("<str:code>/antwort/", views.referral_answer, name="answer"),
    path("<str:code>/rueckmeldung/", views.referral_feedback, name="feedback"),
    path("<str:code>/brief.pdf", views.referral_letter, name="letter"),
]
