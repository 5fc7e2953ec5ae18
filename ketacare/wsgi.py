"""WSGI entry point. gunicorn's config starts the embedded database when needed."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketacare.settings")

application = get_wsgi_application()
