from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from children.ssda903.importer import import_extract
from children.ssda903.parse import read_directory
from vsh.core.text import counted


class Command(BaseCommand):
    help = (
        "Load an SSDA903 extract (a folder of CSV files: header.csv, episodes.csv, ...). "
        "Nothing is saved if any row has an error, unless --partial is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and count, save nothing.")
        parser.add_argument(
            "--partial", action="store_true", help="Save the good rows even if some rows are bad."
        )
        parser.add_argument(
            "--year",
            type=int,
            help="Collection year (2026 for 2025/26). By default, worked out from the dates.",
        )

    def handle(self, *args, directory: Path, dry_run: bool, partial: bool, year, **options):
        try:
            sources = read_directory(directory)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        if not sources:
            raise CommandError(f"There are no .csv files in {directory}.")
        report = import_extract(
            sources,
            partial=partial,
            dry_run=dry_run,
            year=year,
            actor_label="manage.py import_903",
        )
        self.stdout.write(f"SSDA903 {report.year_label} extract from {directory}")
        for error in report.errors:
            self.stderr.write(str(error))
        for note in report.notes:
            self.stdout.write(note)
        for line in report.summary_lines():
            self.stdout.write(line)
        if report.errors and not partial:
            raise CommandError(
                f"Nothing saved: {counted(len(report.errors), 'error')} in "
                f"{counted(report.bad_rows, 'row')}. "
                f"Correct them, or use --partial to save the {report.good_rows} good rows."
            )
        if dry_run:
            self.stdout.write("Dry run: nothing saved.")
        elif report.errors:
            self.stdout.write(
                self.style.WARNING(
                    f"Saved the good rows; did not import {counted(report.bad_rows, 'row')} "
                    "with errors."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Saved."))
