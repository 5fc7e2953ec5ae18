from django.urls import path

from intake.public import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("check-answers/", views.check, name="check"),
    path("result/", views.result, name="result"),
    path("finish/", views.finish, name="finish"),
    path("cleared/", views.cleared, name="cleared"),
    # Question pages, and the notices shown between them, by their slugs.
    path("<slug:slug>/", views.page, name="page"),
]
