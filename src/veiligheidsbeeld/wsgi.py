"""WSGI entry point (gunicorn veiligheidsbeeld.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligheidsbeeld.conf.base")
application = get_wsgi_application()
