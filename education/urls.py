from django.urls import path

from education import views

app_name = "education"

urlpatterns = [
    path("", views.home, name="home"),
    path("learn/", views.topic_list, name="topic-list"),
    path("learn/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("faq/", views.faq, name="faq"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
