#!/bin/sh
# Container entrypoint: optionally apply database migrations, then run the command.
# Only the web service sets MIGRATE_ON_START=1, so the worker and beat never race it.
set -eu
cd "$(dirname "$0")/.."

if [ "${MIGRATE_ON_START:-0}" = "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
