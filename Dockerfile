# syntax=docker/dockerfile:1
# Virtual School Hub: one image for the web server, the Celery worker and beat.
# Build: docker compose build   (or: docker build -t virtual-school-hub .)

# --- Front-end assets: GOV.UK Frontend and MOJ Frontend compiled into static/dist ---
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/ static/
RUN npm run build

# --- The application ---
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=vsh.settings.production \
    VSH_VAR_DIR=/data \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/staticfiles

# Pango, HarfBuzz and fonts for WeasyPrint (PDF reports); nothing else from apt.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, from pyproject.toml alone, so code changes reuse this layer.
# The project itself is not a package (packages = []): this installs its dependencies.
COPY pyproject.toml /tmp/build/
RUN pip install /tmp/build && rm -rf /tmp/build

WORKDIR /app
COPY . .
COPY --from=assets /build/static/dist/ static/dist/

# Hashed, compressed static files for WhiteNoise (the Sass sources and the asset
# build script stay out). Production settings refuse to load without their required
# variables; these placeholders exist only for this step and are not kept in the
# image. Nothing here connects to a database or to Redis.
RUN SECRET_KEY=collectstatic-placeholder ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 REDIS_URL=redis://localhost:6379/0 \
    SITE_URL=https://localhost \
    python manage.py collectstatic --noinput --verbosity 1 --ignore scss --ignore "*.mjs"

# Run as an unprivileged user. The code stays owned by root (read-only to the app);
# only /data (media uploads, beat schedule) is writable. Named volumes mounted on
# /data/media and /data/beat start with this ownership.
RUN groupadd --system --gid 10001 vsh \
    && useradd --system --uid 10001 --gid vsh --create-home --home-dir /home/vsh vsh \
    && mkdir -p /data/media /data/beat \
    && chown -R vsh:vsh /data \
    && chmod 0755 deploy/entrypoint.sh
USER vsh

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py"]

ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "vsh.wsgi", "--config", "/app/deploy/gunicorn.conf.py"]
