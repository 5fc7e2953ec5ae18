from django.urls import path

from education import views

app_name = "education"

urlpatterns = [
    path("", views.home, name="home"),
    path("learn/", views.topic_list, name="topic-list"),
    path("faq/", views.faq, name="faq"),
]
