"""Test settings: the base settings with a fast password hasher and a throw-away data folder."""

import os
import tempfile

os.environ.setdefault("VEILIGHEIDSBEELD_HOME", tempfile.mkdtemp(prefix="veiligheidsbeeld-test-"))

from .base import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never outside tests
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The cache outlives each test's database: generous API rates so that tests reusing account ids are not
# throttled by earlier tests (the throttling tests set their own rates).
API_THROTTLE_RATES = {"token": "100000/min", "user": "100000/min"}
# The public pages (issue 20): per client address; the throttling test sets its own rate.
PUBLIC_RATE_LIMIT = "100000/min"
