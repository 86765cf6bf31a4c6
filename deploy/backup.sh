#!/usr/bin/env bash
# Nightly backup of Virtual School Hub: the PostgreSQL database and the media volume,
# each encrypted with GnuPG to a public key whose private half is kept off this host.
#
#   BACKUP_GPG_RECIPIENT=backups@example.org deploy/backup.sh
#
# Run from cron as a user allowed to use docker, e.g. /etc/cron.d/vsh-backup:
#   15 2 * * * vsh cd /srv/virtual-school-hub && BACKUP_GPG_RECIPIENT=backups@example.org deploy/backup.sh >>/var/log/vsh-backup.log 2>&1
#
# BACKUP_DIR (default /var/backups/vsh) and BACKUP_KEEP_DAYS (default 35) are optional.
set -euo pipefail
umask 077
cd "$(dirname "$0")/.."

: "${BACKUP_GPG_RECIPIENT:?Set BACKUP_GPG_RECIPIENT to the key that backups are encrypted to}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/vsh}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-35}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$BACKUP_DIR"
# A failed step leaves no half-written file behind.
trap 'rm -f "$BACKUP_DIR"/vsh-*.part' EXIT

encrypt() {
    gpg --batch --yes --quiet --trust-model always \
        --recipient "$BACKUP_GPG_RECIPIENT" --encrypt --output "$1"
}

# Database: custom format (compressed; restore with pg_restore). Credentials come
# from the db container's own environment.
db_file="$BACKUP_DIR/vsh-db-$stamp.dump.gpg"
docker compose exec -T db sh -c 'pg_dump -U "$POSTGRES_USER" -d "$POSTGRES_DB" --format=custom' \
    | encrypt "$db_file.part"
mv "$db_file.part" "$db_file"

# Files the application stores (the media volume), read through the web container.
media_file="$BACKUP_DIR/vsh-media-$stamp.tar.gz.gpg"
docker compose exec -T web tar -C /data/media -czf - . | encrypt "$media_file.part"
mv "$media_file.part" "$media_file"

# Keep BACKUP_KEEP_DAYS days of backups.
find "$BACKUP_DIR" -name 'vsh-*.gpg' -type f -mtime +"$BACKUP_KEEP_DAYS" -delete

echo "$(date -u +%FT%TZ) backup written: $db_file $media_file"
