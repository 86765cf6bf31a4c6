"""Local development and the demo started by `make run`."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY") or "dev-only-not-secret-virtual-school-hub"
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
ALLOWED_HOSTS = ["*"]

# Serve static files from the finders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
