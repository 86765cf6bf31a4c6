from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from children.ssda903.exporter import FIRST_YEAR, export_return


class Command(BaseCommand):
    help = "Write the SSDA903 return for a collection year as CSV files in DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--year",
            type=int,
            required=True,
            help="Collection year: 2026 for 2025/26 (1 April 2025 to 31 March 2026).",
        )

    def handle(self, *args, directory: Path, year: int, **options):
        if year < FIRST_YEAR:
            raise CommandError(f"The earliest collection year the app writes is {FIRST_YEAR}.")
        result = export_return(year, directory=directory, actor_label="manage.py export_903")
        self.stdout.write(f"SSDA903 {result.label} return written to {directory}")
        for filename, rows in result.counts.items():
            self.stdout.write(f"{filename}: {rows} row{'' if rows == 1 else 's'}")
