"""Views open to those the access policy allows."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from restrack.accounts import policy


class AbilityRequiredMixin(LoginRequiredMixin):
    """Signed-in people with `ability`; anyone else signed in gets a 403 saying why, anonymous
    visitors the login page."""

    ability: str = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy.allows(request.user, self.ability):
            raise PermissionDenied(policy.refusal(request.user, self.ability))
        return super().dispatch(request, *args, **kwargs)
