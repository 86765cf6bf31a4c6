from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from children.models import Child
from vsh.core.demo import DEFAULT_CHILDREN, DEFAULT_SEED, DEMO_PASSWORD, MIN_CHILDREN, builder
from vsh.core.demo.flush import FlushRefused, demo_users, flush_demo
from vsh.core.demo.logins import format_table, login_rows, sign_in_help


class Command(BaseCommand):
    help = (
        "Load an invented authority for trying the service: schools, carers, staff in "
        "every role and children with care, school and casework histories, a year of "
        "attendance and attainment, suspensions and PEPs in every state. The same "
        "--seed gives the same data on the same day. Every demo account signs in with "
        f"the password {DEMO_PASSWORD!r} and one shared two-factor key (see demo_totp)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--children",
            type=int,
            default=DEFAULT_CHILDREN,
            help=f"How many children (default {DEFAULT_CHILDREN}, at least {MIN_CHILDREN}).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"Random seed (default {DEFAULT_SEED})."
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Delete every child and the demo's schools, carers and "
            "accounts first. The audit log is kept.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has children.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with production settings (the demo accounts have a published password).",
        )

    def handle(
        self,
        *args,
        children,
        seed: int,
        flush: bool,
        if_empty: bool,
        allow_production: bool,
        **options,
    ):
        if children < MIN_CHILDREN:
            raise CommandError(f"Ask for at least {MIN_CHILDREN} children.")
        if (settings.SETTINGS_MODULE or "").endswith(".production") and not allow_production:
            raise CommandError(
                "These are production settings. Demo accounts share a published password, "
                "so seed_demo will only run here with --allow-production."
            )
        existing = Child.objects.count()
        occupied = bool(existing) or demo_users().exists()
        if occupied and if_empty and not flush:
            self.stdout.write(
                f"The database already has {existing} children or demo accounts; nothing seeded."
            )
            return
        if occupied and not flush:
            raise CommandError(
                f"The database already has {existing} children or demo accounts. Run again "
                "with --flush to delete them and seed afresh, or --if-empty to leave them."
            )
        if flush:
            try:
                removed = flush_demo()
            except FlushRefused as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"Removed {removed['children']} children and {removed['accounts']} demo accounts."
            )

        demo = builder.seed(children=children, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded a demo of {settings.AUTHORITY_NAME} (LA {settings.AUTHORITY_LA_CODE}) "
                f"in {demo.seconds:.1f} s, seed {seed}:"
            )
        )
        self.stdout.write("  " + ", ".join(f"{n} {label}" for label, n in demo.counts.items()))
        self.stdout.write("")
        for line in format_table(login_rows()):
            self.stdout.write("  " + line)
        self.stdout.write("")
        for line in sign_in_help():
            self.stdout.write(line)
