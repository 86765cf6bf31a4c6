from django.core.management.base import BaseCommand

from vsh.core.demo.logins import format_table, login_rows, sign_in_help


class Command(BaseCommand):
    help = "Print the address of the service and one demo sign-in for each role."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        write = self.stdout.write
        write("")
        write(self.style.SUCCESS(f"Virtual School Hub: open {url} in your browser"))
        write("")
        rows = login_rows()
        if not rows:
            write("No demo accounts: run `python manage.py seed_demo` to load the demo authority.")
            return
        for line in format_table(rows):
            write(f"  {line}")
        write("")
        for line in sign_in_help():
            write(f"  {line}")
        write("")
