"""Production: secrets from the environment, HTTPS only, hashed static files."""

from .base import *  # noqa: F403
from .base import env, env_bool, env_int, env_list, require

DEBUG = False
SECRET_KEY = require("SECRET_KEY", env("SECRET_KEY"))
ALLOWED_HOSTS = require("ALLOWED_HOSTS", env_list("ALLOWED_HOSTS"))
# A real database and a shared broker and cache: without DATABASE_URL data would live
# in a file inside the container; without REDIS_URL tasks would queue on the
# container's own disk, where the worker never sees them.
require("DATABASE_URL", env("DATABASE_URL"))
require("REDIS_URL", env("REDIS_URL"))
# Links in invitation emails are built from it.
require("SITE_URL", env("SITE_URL"))

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
