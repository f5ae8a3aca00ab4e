"""Following by e-mail, for visitors without an account: ask (/<lang>/follow/?instrument=…), the
"check your inbox" page, confirm (the mailed link shows a button: a mail scanner that opens links
confirms nothing), and stop (the mailed link shows a button; mail programs' one-click POST, RFC
8058, stops at once). No page shows the address."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from restrack.accounts.system_user import get_system_user
from restrack.core.cross_origin import cross_origin_protected
from restrack.follow import limits, tokens
from restrack.follow.actions import FollowRequest, confirm_following, end_following, request_following
from restrack.follow.choices import FollowScope
from restrack.follow.forms import FollowForm, InstrumentFollowForm
from restrack.follow.mail import described, followed_url
from restrack.follow.models import Subscription
from restrack.registry.filtersets import instrument_named
from restrack.registry.models import Instrument, Partner


def _followed(request) -> tuple[str, Instrument | None, Partner | None]:
    """What the address asks to follow: ?instrument=resolution-2-6, ?partner=UNODC, or the tracker."""
    slug = request.GET.get("instrument", "").strip()
    code = request.GET.get("partner", "").strip()
    if slug:
        try:
            instrument = instrument_named(slug)
        except ValidationError:
            raise Http404(_("There is no instrument %(slug)s to follow.") % {"slug": slug}) from None
        return FollowScope.INSTRUMENT, instrument, None
    if code:
        partner = Partner.objects.filter(code=code).first()
        if partner is None:
            raise Http404(_("There is no partner %(code)s to follow.") % {"code": code})
        return FollowScope.PARTNER, None, partner
    return FollowScope.TRACKER, None, None


# The form carries no CSRF token, so the page is the same for every visitor and the page cache keeps
# it like any public page; a browser's post from another site is refused by where it comes from.
@method_decorator(cross_origin_protected, name="dispatch")
class FollowView(View):
    template_name = "follow/follow.html"

    def _page(self, request, form, scope, instrument, partner, status=200):
        subscription = Subscription(scope=scope, instrument=instrument, partner=partner)
        context = {
            "form": form,
            "scope": scope,
            "what": described(subscription),
            "what_url": followed_url(subscription),
            "instrument": instrument,
            "partner": partner,
        }
        return render(request, self.template_name, context, status=status)

    def _form(self, scope, data=None):
        return (InstrumentFollowForm if scope == FollowScope.INSTRUMENT else FollowForm)(data)

    def get(self, request):
        scope, instrument, partner = _followed(request)
        return self._page(request, self._form(scope), scope, instrument, partner)

    def post(self, request):
        scope, instrument, partner = _followed(request)
        form = self._form(scope, request.POST)
        client = limits.per_client(request)
        if not client.allow_request(request):
            form.is_valid()
            form.add_error(
                None,
                _("Too many requests to follow from your network; try again in %(minutes)s minutes.")
                % {"minutes": limits.minutes(client)},
            )
            return self._page(request, form, scope, instrument, partner, status=429)
        if not form.is_valid():
            return self._page(request, form, scope, instrument, partner, status=400)
        address = limits.per_address(form.cleaned_data["email"])
        if not address.allow_request(request):
            form.add_error(
                "email",
                _(
                    "This address has been sent several mails asking to confirm already; look for them in its inbox "
                    "(and its spam folder), or try again in %(minutes)s minutes."
                )
                % {"minutes": limits.minutes(address)},
            )
            return self._page(request, form, scope, instrument, partner, status=429)
        wanted = FollowRequest(
            email=form.cleaned_data["email"],
            scope=scope,
            language=get_language(),
            instrument=instrument,
            partner=partner,
            gap_threshold=form.cleaned_data.get("gap_threshold"),
        )
        request_following(wanted, acting_user=get_system_user())
        return redirect("follow:sent")


def sent(request):
    return render(request, "follow/sent.html", {"hours": settings.RESTRACK_FOLLOW_CONFIRM_HOURS})


class ConfirmView(View):
    def _subscription(self, request, token):
        try:
            subscription = tokens.subscription_confirming(token)
        except tokens.LinkExpired:
            return None, render(request, "follow/expired.html", status=410)
        if subscription is None:
            return None, render(request, "follow/unknown.html", status=404)
        return subscription, None

    def get(self, request, token):
        subscription, refused = self._subscription(request, token)
        if refused:
            return refused
        return render(request, "follow/confirm.html", {"what": described(subscription), "confirmed": False})

    def post(self, request, token):
        subscription, refused = self._subscription(request, token)
        if refused:
            return refused
        try:
            subscription = confirm_following(subscription, acting_user=get_system_user())
        except Subscription.DoesNotExist:  # stopped between the link's page and its button
            return render(request, "follow/unknown.html", status=404)
        context = {
            "what": described(subscription),
            "what_url": followed_url(subscription),
            "confirmed": True,
            "stop_url": tokens.stop_url(subscription),
            "subscription": subscription,
        }
        return render(request, "follow/confirm.html", context)


@method_decorator(csrf_exempt, name="dispatch")  # mail programs' one-click POST carries no token (RFC 8058)
class StopView(View):
    def get(self, request, secret):
        subscription = Subscription.objects.filter(secret=secret).first()
        if subscription is None:
            return render(request, "follow/stopped.html")
        return render(request, "follow/stop.html", {"what": described(subscription)})

    def post(self, request, secret):
        subscription = Subscription.objects.filter(secret=secret).first()
        what = described(subscription) if subscription else ""
        if subscription is not None:
            end_following(subscription, acting_user=get_system_user(), reason="stopped from the link in a mail")
        return render(request, "follow/stopped.html", {"what": what})
