"""Who may open the secretariat's funding pages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from restrack.funding.actions import may_edit_funding


class FundingEditorRequiredMixin(LoginRequiredMixin):
    """Signed-in people who may keep funding (coordinators, finance officers, administrators);
    anyone else signed in gets a 403 saying why, anonymous visitors the login page."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_edit_funding(request.user):
            raise PermissionDenied(
                _("Only coordinators and finance officers keep funding figures and the funding window's books.")
            )
        return super().dispatch(request, *args, **kwargs)
