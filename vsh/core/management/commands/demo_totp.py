import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from vsh.accounts.models import User
from vsh.core.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of the demo accounts, so the demo can be "
        "tried without a phone. Each code works once per account."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "email", nargs="?", help="Check that this account uses the demo key first."
        )

    def handle(self, *args, email=None, **options):
        if email:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                raise CommandError(f"There is no account for {email}.")
            secrets = [
                decrypt(a.data["secret"])
                for a in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
            ]
            if DEMO_TOTP_SECRET not in secrets:
                raise CommandError(f"{email} does not use the demo two-factor key.")
        now = time.time()
        period = app_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now) // period))
        left = period - int(now) % period
        self.stdout.write(code)
        self.stderr.write(f"Valid for about {left} more seconds. Demo key: {DEMO_TOTP_SECRET}")
