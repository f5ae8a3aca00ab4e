"""A signed-in person's API token: see whether they have one, create or replace it, revoke it.

The key is shown once, in the answer to the request that created it (never stored anywhere it
could be shown again: the page cannot show an existing key)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rest_framework.authtoken.models import Token

from restrack.accounts.actions import issue_api_token, revoke_api_token


class ApiTokenView(LoginRequiredMixin, TemplateView):
    template_name = "registration/api_token.html"

    def get_context_data(self, **kwargs):
        token = Token.objects.filter(user=self.request.user).first()
        return super().get_context_data(token=token, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "issue":
            key = issue_api_token(request.user, acting_user=request.user, reason="Token page")
            response = self.render_to_response(self.get_context_data(new_key=key))
            add_never_cache_headers(response)  # the key must not stay in any cache
            return response
        if action == "revoke":
            if revoke_api_token(request.user, acting_user=request.user, reason="Token page"):
                messages.success(request, _("Your API token is revoked: requests with it are refused."))
            return redirect("accounts:api_token")
        messages.error(request, _("Choose to create or to revoke your token."))
        return redirect("accounts:api_token")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response
