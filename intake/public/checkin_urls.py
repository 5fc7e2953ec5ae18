"""The person's check-in pages, under /check-in/. Only the email's two links
carry a token; every other address is a fixed name."""

from django.urls import path

from intake.public import checkin_views as views

app_name = "check_in"

urlpatterns = [
    path("", views.start, name="start"),
    path("open/<slug:token>/", views.open_link, name="open"),
    path("agree/", views.consent, name="consent"),
    path("phq-9/", views.phq9, name="phq9"),
    path("gad-7/", views.gad7, name="gad7"),
    path("your-scores/", views.scores, name="scores"),
    path("finish/", views.finish, name="finish"),
    path("cleared/", views.cleared, name="cleared"),
    path("stop/<str:signed>/", views.unsubscribe, name="unsubscribe"),
    path("stopped/", views.stopped, name="stopped"),
]
