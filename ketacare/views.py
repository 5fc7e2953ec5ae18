"""Error pages. They render without touching the database, so they still work
when the database is the reason for the error."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A lost database connection, raised by a view or by any
    middleware, is answered with a calm 503 "try again" page instead."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        template = loader.get_template("503.html")
        response = HttpResponse(template.render({}, request), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    template = loader.get_template("500.html")
    return HttpResponse(template.render({}, request), status=500)
