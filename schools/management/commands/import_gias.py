from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.gias import import_gias


class Command(BaseCommand):
    help = (
        "Create or update schools from a Get Information About Schools establishment CSV "
        "(edubasealldata). Rows with errors are reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and count, save nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        report = import_gias(
            file.read_bytes(), file.name, dry_run=dry_run, actor_label="manage.py import_gias"
        )
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(report.summary())
        if report.rows == 0 and report.errors:
            raise CommandError("Nothing imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing saved.")
