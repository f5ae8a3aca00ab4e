"""`restrack create-user USERNAME --role ROLE [--instrument "resolution 2/1" ...] [--email E] [--token]
[--password-stdin]`"""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from restrack.accounts.actions import issue_api_token, set_user_role
from restrack.accounts.choices import Role
from restrack.accounts.system_user import get_system_user
from restrack.registry.selectors import find_instrument


class Command(BaseCommand):
    help = "Create or update a user with a role; focal points get their instruments."
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO("password\n")) in tests

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--instrument",
            action="append",
            default=[],
            metavar="'resolution 2/1'",
            help="An instrument the focal point drafts (repeat for several).",
        )
        parser.add_argument("--email")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from standard input (its first line; asked for without echo at a terminal): "
            "printf '%%s\\n' \"$PASSWORD\" | restrack create-user amina --role coordinator --password-stdin.",
        )
        parser.add_argument(
            "--token",
            action="store_true",
            help="Issue the user a new API token and print it (an earlier one stops working).",
        )

    def handle(self, *args, username, role, instrument, email, token, password_stdin, **options):
        password = None
        if password_stdin:
            stdin = options.get("stdin") or sys.stdin
            if stdin.isatty():  # typed at a terminal: not echoed
                password = getpass.getpass(f"Password for {username}: ")
            else:
                password = stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("--password-stdin read no password: give it on standard input's first line.")
        try:
            instruments = [find_instrument(reference) for reference in instrument]
            user = set_user_role(
                username,
                role,
                email=email,
                instruments=instruments,
                acting_user=get_system_user(),
                reason="restrack create-user",
                password=password,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        assigned = ", ".join(i.reference for i in instruments)
        self.stdout.write(self.style.SUCCESS(f"{user.username}: {role}" + (f" for {assigned}" if assigned else "")))
        if not user.has_usable_password():
            self.stdout.write(
                f"No password yet: set one with `restrack changepassword {user.username}` or the password reset page."
            )
        if token:
            self.stdout.write(
                issue_api_token(user, acting_user=get_system_user(), reason="restrack create-user --token")
            )
