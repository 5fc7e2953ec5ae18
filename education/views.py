from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "education/home.html")


@require_GET
def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "education/topic_list.html")


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    return render(request, "education/faq.html")
