"""`restrack api-token USERNAME [--revoke]`: give a person a new API token (printed once; any
token they had stops working), or revoke it."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from restrack.accounts.actions import issue_api_token, revoke_api_token
from restrack.accounts.system_user import get_system_user


class Command(BaseCommand):
    help = "Print a new API token for a user (replacing any they had), or revoke it with --revoke."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--revoke", action="store_true", help="Delete the user's token instead: requests with it get 401."
        )

    def handle(self, *args, username, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                f"No user {username!r}; create it first with `restrack create-user {username} --role ROLE`."
            )
        if revoke:
            if revoke_api_token(user, acting_user=get_system_user(), reason="restrack api-token --revoke"):
                self.stdout.write(self.style.SUCCESS(f"{username}: API token revoked."))
            else:
                self.stdout.write(f"{username} had no API token.")
            return
        if not user.is_active:
            self.stderr.write(
                f"Warning: {username} is inactive; the token will not authenticate until the account is active."
            )
        self.stdout.write(issue_api_token(user, acting_user=get_system_user(), reason="restrack api-token"))
