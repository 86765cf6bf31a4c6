from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.gias import import_gias
from vsh.core.text import counted


class Command(BaseCommand):
    help = (
        "Create or update schools from a Get Information About Schools establishment CSV "
        "(edubasealldata). Nothing is saved if any row has an error, unless "
        "--accept-valid-rows is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and count, save nothing.")
        parser.add_argument(
            "--accept-valid-rows",
            action="store_true",
            help="Save the rows without errors even if some rows have errors.",
        )

    def handle(self, *args, file: Path, dry_run: bool, accept_valid_rows: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        report = import_gias(
            file.read_bytes(),
            file.name,
            accept_valid_rows=accept_valid_rows,
            dry_run=dry_run,
            actor_label="manage.py import_gias",
        )
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(report.summary())
        if report.refused:
            if not report.rows:
                raise CommandError("Nothing saved.")
            advice = (
                f"Correct them, or use --accept-valid-rows to save the {report.good_rows} "
                "rows without errors."
                if report.good_rows
                else "Correct them and run the import again."
            )
            raise CommandError(
                f"Nothing saved: {counted(len(report.errors), 'error')} in "
                f"{counted(report.bad_rows, 'row')}. {advice}"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing saved.")
        elif report.errors:
            self.stdout.write(
                self.style.WARNING(
                    f"Saved the rows without errors; did not import "
                    f"{counted(report.bad_rows, 'row')} with errors."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Saved."))
