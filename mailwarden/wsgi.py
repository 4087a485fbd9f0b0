"""WSGI entry point for gunicorn (``mailwarden serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mailwarden.settings")
application = get_wsgi_application()
