from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "clinic_name": settings.KETACARE_CLINIC_NAME,
        "review_hours": settings.KETACARE_REVIEW_HOURS,
    }
