"""Gunicorn settings for the web container. Every value can be set from the environment."""

import multiprocessing
import os

bind = "0.0.0.0:8000"

# Sync workers: requests are short; PDFs and emails are made by the Celery worker.
# Default 2 x cores + 1, capped, so a large host does not start dozens of processes.
workers = int(os.environ.get("GUNICORN_WORKERS") or min(multiprocessing.cpu_count() * 2 + 1, 9))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# Heartbeat files in memory: a container's overlay filesystem can stall them.
worker_tmp_dir = "/dev/shm"  # noqa: S108

# Logs to stdout/stderr, where `docker compose logs` finds them. The client address
# is the one the reverse proxy passes on in X-Forwarded-For.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Addresses allowed to tell gunicorn the request came over HTTPS (X-Forwarded-Proto).
# The default covers loopback and the private ranges Docker networks use; the web
# port must be reachable only by the reverse proxy (see docs/deploy.md).
forwarded_allow_ips = os.environ.get(
    "FORWARDED_ALLOW_IPS", "127.0.0.1,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16"
)
