"""Importing a resolution or decision text on the web (coordinators): upload, see what the import
would change (a dry run), confirm. Between the two the bytes wait under a random token
(restrack.core.pending_uploads); the page carries the token signed with the user, the file's name
and language, so nobody confirms another person's upload. The same reader, limits and action as
`restrack import-resolution`."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from restrack.accounts.choices import Ability
from restrack.accounts.mixins import AbilityRequiredMixin
from restrack.core.pending_uploads import PendingUploads
from restrack.ingest.actions import import_resolution
from restrack.ingest.forms import ResolutionUploadForm
from restrack.ingest.pipeline import parse_resolution_file
from restrack.reading.errors import IngestError
from restrack.registry import actions as registry_actions
from restrack.registry.choices import Addressee, DeliverableState, OperativeAction
from restrack.registry.models import (
    Deliverable,
    Document,
    Goal,
    GoalLink,
    Instrument,
    OperativeParagraph,
)
from restrack.registry.numbering import normalize_symbol

UPLOADS = PendingUploads("resolution-texts")
SIGNING_SALT = "restrack.ingest.resolution"
PREVIEW_MAX_AGE = 60 * 60  # seconds a preview can be confirmed
EXCERPT = 160  # characters of each paragraph the preview shows


class ResolutionImportView(AbilityRequiredMixin, View):
    """GET: the upload form. POST a file: what importing it would change. POST `confirm`: imported."""

    ability = Ability.EDIT_REGISTRY

    def get(self, request):
        return self._form_page(ResolutionUploadForm())

    def post(self, request):
        if "confirm" in request.POST:
            return self._confirm()
        form = ResolutionUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._form_page(form, status=400)
        upload = form.cleaned_data["file"]
        data = b"".join(upload.chunks())
        language = form.cleaned_data["language"] or None
        try:
            parsed = parse_resolution_file(data=data, file_name=upload.name, language=language)
            summary = import_resolution(parsed, acting_user=request.user, dry_run=True)
        except (IngestError, ValidationError) as error:
            form.add_error(None, _error_text(error))
            return self._form_page(form, status=400)
        token = UPLOADS.keep(data)
        payload = {"token": token, "name": upload.name, "language": language, "user": request.user.pk}
        return render(
            request,
            "ingest/resolution_preview.html",
            {
                "parsed": parsed,
                "summary": summary,
                "paragraphs": [
                    (p.number, p.text[:EXCERPT] + ("…" if len(p.text) > EXCERPT else "")) for p in parsed.paragraphs
                ],
                "confirmation": signing.dumps(payload, salt=SIGNING_SALT),
            },
        )

    def _form_page(self, form, *, status=200):
        return render(self.request, "ingest/resolution_import.html", {"form": form}, status=status)

    def _confirm(self):
        try:
            payload = signing.loads(
                self.request.POST.get("confirmation", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
            )
        except signing.BadSignature:
            payload = None
        if not payload or payload.get("user") != self.request.user.pk or not UPLOADS.exists(payload["token"]):
            messages.error(
                self.request, _("This preview has expired or its file is no longer kept; upload the file again.")
            )
            return redirect("ingest:resolution_import")
        try:
            parsed = parse_resolution_file(
                data=UPLOADS.kept(payload["token"]), file_name=payload["name"], language=payload["language"]
            )
            summary = import_resolution(parsed, acting_user=self.request.user)
        except (IngestError, ValidationError) as error:
            form = ResolutionUploadForm()
            form.add_error(None, _error_text(error))
            return self._form_page(form, status=400)
        UPLOADS.forget(payload["token"])
        messages.success(self.request, " ".join(line.strip() for line in summary.lines()))
        return redirect(summary.url)


def _error_text(error) -> str:
    return str(error) if isinstance(error, IngestError) else " ".join(error.messages)


class InstrumentTextView(AbilityRequiredMixin, View):
    """An instrument's operative paragraphs for the coordinator: what each asks and of whom (as read
    from its text, or as set here, which later imports keep), and the state of the reports due."""

    ability = Ability.EDIT_REGISTRY

    def get(self, request, kind, prefix, sequence):
        return self._page(self._instrument(kind, prefix, sequence))

    def post(self, request, kind, prefix, sequence):
        instrument = self._instrument(kind, prefix, sequence)
        try:
            if "goal" in request.POST:
                goal = Goal.objects.filter(code=request.POST["goal"]).first()
                if goal is None:
                    raise ValidationError(_("Choose a goal or agenda reference from the list."))
                registry_actions.link_goal(instrument, goal, acting_user=request.user)
                messages.success(request, _("%(goal)s linked.") % {"goal": goal.label})
            elif "unlink" in request.POST:
                link = get_object_or_404(GoalLink, pk=request.POST["unlink"], instrument=instrument)
                registry_actions.unlink_goal(link, acting_user=request.user)
                messages.success(request, _("Goal link removed."))
            elif "deliverable" in request.POST:
                deliverable = get_object_or_404(
                    Deliverable, pk=request.POST["deliverable"], paragraph__instrument=instrument
                )
                symbol = request.POST.get("delivered_in", "").strip()
                document = _document(symbol) if symbol else None
                registry_actions.set_deliverable_state(
                    deliverable, request.POST.get("state", ""), delivered_in=document, acting_user=request.user
                )
                messages.success(
                    request, _("Report due by paragraph %(number)s updated.") % {"number": deliverable.paragraph.number}
                )
            else:
                paragraph = get_object_or_404(
                    OperativeParagraph, pk=request.POST.get("paragraph"), instrument=instrument
                )
                registry_actions.classify_paragraph(
                    paragraph,
                    action=request.POST.get("action", ""),
                    addressee=request.POST.get("addressee", ""),
                    acting_user=request.user,
                )
                messages.success(request, _("Paragraph %(number)s updated.") % {"number": paragraph.number})
        except ValidationError as error:
            return self._page(instrument, error=" ".join(error.messages), status=400)
        return redirect(request.path)

    @staticmethod
    def _instrument(kind, prefix, sequence) -> Instrument:
        return get_object_or_404(Instrument.objects.select_related("body"), kind=kind, number=f"{prefix}/{sequence}")

    def _page(self, instrument, *, error: str = "", status: int = 200):
        paragraphs = list(
            instrument.operative_paragraphs.select_related("deliverable__session", "deliverable__delivered_in")
        )
        today = timezone.localdate()
        for paragraph in paragraphs:
            deliverable = getattr(paragraph, "deliverable", None)
            paragraph.deliverable_overdue = deliverable is not None and deliverable.is_overdue(today)
        return render(
            self.request,
            "ingest/instrument_text.html",
            {
                "instrument": instrument,
                "paragraphs": paragraphs,
                "actions": OperativeAction.choices,
                "addressees": Addressee.choices,
                "states": DeliverableState.choices,
                "goal_links": instrument.goal_links.select_related("goal", "paragraph").order_by("goal__order"),
                "goals": Goal.objects.order_by("order"),
                "error": error,
            },
            status=status,
        )


def _document(symbol: str) -> Document:
    symbol = normalize_symbol(symbol)  # ValidationError: says what a symbol looks like
    document = Document.objects.filter(symbol=symbol).first()
    if document is None:
        raise ValidationError(
            _("No document %(symbol)s in the registry: import the report first, or leave the symbol empty.")
            % {"symbol": symbol}
        )
    return document
