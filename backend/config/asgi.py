"""ASGI entry point for uvicorn: the live stream (hooklane.stream) and anything else."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()
